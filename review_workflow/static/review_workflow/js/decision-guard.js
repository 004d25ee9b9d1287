// Once a workflow decision is committed in the editor, stop autosave.
//
// Wagtail's workflow-action script submits a decision (approve, request changes) by adding
// hidden inputs (action-workflow-action, workflow-action-name, workflow-action-extra-data) to
// the edit form and submitting it. The unsaved-changes watcher sees the form's data change and
// triggers autosave, which posts the same form - decision included - in the background while
// the real submission is still on its way: the decision arrived twice (issue 12). The server
// refuses decisions from autosave; this stops the browser sending them at all.
(() => {
  const guardDecisionFromAutosave = () => {
    const form = document.querySelector('form[data-edit-form]');
    if (!form) return;
    const observer = new MutationObserver(() => {
      if (form.querySelector('input[name="action-workflow-action"]')) {
        form.setAttribute('data-w-autosave-active-value', 'false');
        observer.disconnect();
      }
    });
    observer.observe(form, { childList: true });
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', guardDecisionFromAutosave);
  } else {
    guardDecisionFromAutosave();
  }
})();
