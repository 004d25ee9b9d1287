"""The endpoint form administrators fill in: every bad input is a message on its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from . import signing, targets
from .events import EventType
from .models import WebhookEndpoint


class WebhookEndpointForm(WagtailAdminModelForm):
    """Add an endpoint: name, URL (address-checked), events, active; optionally own secret."""

    url = forms.URLField(
        label="URL",
        max_length=2000,
        assume_scheme="https",
        help_text="Where events are posted, e.g. https://www.example.org/api/cms-webhook.",
    )
    events = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="What this front end is told about.",
        error_messages={"required": "Choose at least one event."},
    )
    custom_secret = forms.CharField(
        label="Signing secret",
        required=False,
        help_text="Leave empty to have one generated (recommended), or paste a Standard "
        "Webhooks secret ('whsec_' and base64 of 24 to 64 random bytes).",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            targets.check_url(url)
        except targets.TargetRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url

    def clean_custom_secret(self) -> str:
        secret = self.cleaned_data.get("custom_secret", "").strip()
        if secret:
            try:
                signing.secret_key(secret)
            except signing.InvalidSecret as exc:
                raise forms.ValidationError(str(exc)) from exc
        return secret

    def save(self, commit: bool = True) -> WebhookEndpoint:
        if self.cleaned_data.get("custom_secret"):
            self.instance.secret = self.cleaned_data["custom_secret"]
        return super().save(commit=commit)


class WebhookEndpointEditForm(WebhookEndpointForm):
    """Edit an endpoint: shows its secret, can rotate it; resuming sends what waited."""

    custom_secret = None  # the secret is rotated here, never typed over
    signing_secret = forms.CharField(
        label="Signing secret",
        required=False,
        disabled=True,
        help_text="Give this to the front end (as CMS_WEBHOOK_SECRET, say). Keep it secret.",
    )
    rotate_secret = forms.BooleanField(
        label="Rotate the secret",
        required=False,
        help_text="Make a new secret. The old one keeps working for the overlap period "
        "(24 hours by default), so the front end can switch without losing a delivery.",
    )

    class Meta(WebhookEndpointForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        endpoint = self.instance
        self.fields["signing_secret"].initial = endpoint.secret
        if endpoint.previous_secret and endpoint.signing_secrets() != [endpoint.secret]:
            until = timezone.localtime(endpoint.previous_secret_expires_at)
            self.fields[
                "signing_secret"
            ].help_text += f" The previous secret is also used until {until:%Y-%m-%d %H:%M %Z}."

    def save(self, commit: bool = True) -> WebhookEndpoint:
        resumed = "is_active" in self.changed_data and self.instance.is_active
        if self.cleaned_data.get("rotate_secret"):
            self.instance.rotate_secret()
        endpoint = super().save(commit=commit)
        if commit and resumed:
            from .delivery import queue_waiting

            queue_waiting(endpoint)
        return endpoint
