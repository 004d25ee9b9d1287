"""The treatment article's admin form: required parts are checked beyond a draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from .required_parts import missing_parts


class TreatmentArticleForm(WagtailAdminPageForm):
    """Saving a draft needs nothing more; submitting for review or publishing needs every
    part the site requires, and the message names each one missing.

    Wagtail validates drafts with required fields deferred (``is_deferred_validation``); every
    other action (submit, publish, workflow actions) validates in full.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            self._say_whether_a_source_is_required()

    def _say_whether_a_source_is_required(self):
        # The field stays optional for a draft; the site's setting decides whether a source is
        # needed to submit, and the help text says which (never "Optional" when it is needed).
        from .models import RequiredArticleParts

        field = self.fields["source"]
        if RequiredArticleParts.for_page(self.instance_for_site()).source:
            field.help_text = (
                f"{field.help_text} Required before the article is submitted for medical "
                "review (a draft can be saved without it)."
            )
        else:
            field.help_text = f"{field.help_text} Optional on this site."

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        from .models import RequiredArticleParts

        missing = missing_parts(
            body=cleaned.get("body"),
            references=cleaned.get("references"),
            source=cleaned.get("source"),
            required=RequiredArticleParts.for_page(self.instance_for_site()),
        )
        if missing:
            raise ValidationError(
                "Before it is submitted for medical review or published, the article needs: "
                + "; ".join(missing)
                + "."
            )
        return cleaned

    def instance_for_site(self):
        # A new page has no place in the tree yet: its parent tells which site it is on.
        if self.instance.pk or self.parent_page is None:
            return self.instance
        return self.parent_page
