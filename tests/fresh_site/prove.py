"""Run in the fresh project: the plugin guards and serves the site's own page type.

Prints one line per fact the test checks.
"""

import datetime
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.dev")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from notices.models import SafetyNoticePage  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from health_content.models import HealthCenterPage  # noqa: E402
from review_workflow.models import ReviewerProfile  # noqa: E402
from review_workflow.models.reviewers import REVIEWERS_GROUP  # noqa: E402
from review_workflow.publishing.decisions import publish_signed_off  # noqa: E402
from review_workflow.publishing.guard import MedicalSignOffRequired  # noqa: E402
from review_workflow.rules.attestation import Attestation  # noqa: E402

home = Site.objects.get(is_default_site=True).root_page
center = home.add_child(instance=HealthCenterPage(title="Product safety", slug="product-safety"))
notice = center.add_child(
    instance=SafetyNoticePage(
        title="Kettle recall",
        slug="kettle-recall",
        product="Model K kettle",
        advice="<p>Stop using the kettle if its base is cracked.</p>",
        live=False,
    )
)
editor = get_user_model().objects.create_user("editor", password="x")
revision = notice.save_revision(user=editor)
admin = get_user_model().objects.create_superuser("admin", password="x")

try:  # a superuser, so that only the medical-review guard can refuse
    revision.publish(user=admin)
    print("unsigned publish: allowed")
except MedicalSignOffRequired as refusal:
    print(f"unsigned publish: refused ({refusal})")
print(f"live after refusal: {Page.objects.get(pk=notice.pk).live}")

reviewer = get_user_model().objects.create_user("reviewer", password="x")
reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
ReviewerProfile.objects.create(
    user=reviewer,
    display_name="Dr Ada Clinician",
    credentials="MD",
    specialty="general_practice",
    licence_expires=datetime.date(2099, 12, 31),
    registration_body="General Medical Council (UK)",
    registration_number="GMC1234567",
)
publish_signed_off(revision=revision, reviewer=reviewer, attestation=Attestation.affirmed())
print(f"live after sign-off: {Page.objects.get(pk=notice.pk).live}")

client = Client()
url = reverse("frontend_api:article-detail", args=[notice.pk])
response = client.get(url)
print(f"GET {url}: {response.status_code}")
document = json.loads(response.content)
print(f"title: {document['title']}")
print(f"reviewed by: {document['reviewed_by']['name']}, {document['reviewed_by']['credentials']}")
print(f"url_path: {document['url_path']}")
print(f"disclaimer: {document['disclaimer']['title']}, version {document['disclaimer']['version']}")
print(f"can be created in a health center: {SafetyNoticePage.can_create_at(center)}")
listing = json.loads(client.get(reverse("frontend_api:article-list")).content)
print(f"listed: {[item['title'] for item in listing['results']]}")
schema = json.loads(client.get(reverse("frontend_api:schema")).content)
print(f"schema: {schema['info']['title']}, OpenAPI {schema['openapi']}")
print(f"schema webhooks: {len(schema.get('webhooks', {}))}")
print(f"schema paths elsewhere: {[p for p in schema['paths'] if not p.startswith('/api/v1/')]}")
