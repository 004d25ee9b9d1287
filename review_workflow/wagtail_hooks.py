"""Admin wiring for the medical review: log actions, publish messages, reviewers, reports."""

from wagtail import hooks

from .decisions import CHANGES_REQUESTED_ACTION, SIGN_OFF_ACTION
from .guard import REFUSED_ACTION


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(SIGN_OFF_ACTION, "Medical sign-off", "Medical sign-off recorded")
    actions.register_action(
        CHANGES_REQUESTED_ACTION, "Medical changes requested", "Medical reviewer requested changes"
    )
    actions.register_action(
        REFUSED_ACTION, "Publish refused", "Publish refused: no valid medical sign-off"
    )
