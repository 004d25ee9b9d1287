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
