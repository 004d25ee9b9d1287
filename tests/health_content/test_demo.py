"""``load_demo`` builds the demo site once and changes nothing on a second run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from health_content.models import ContentSource, HealthCenterPage, TreatmentArticlePage
from health_content.rendering import render_article
from review_workflow.rules.fingerprint import canonical_json


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "sources": ContentSource.objects.count(),
        "site_root": Site.objects.get(is_default_site=True).root_page_id,
        "articles": [
            canonical_json(render_article(p)) for p in TreatmentArticlePage.objects.order_by("pk")
        ],
    }


@pytest.mark.django_db
def test_load_demo_creates_a_health_center_with_three_live_articles():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    center = HealthCenterPage.objects.get(slug="back-pain", locale__language_code="en")
    articles = TreatmentArticlePage.objects.child_of(center).live()
    assert articles.count() >= 3
    for article in articles:
        types = [block.block_type for block in article.body]
        assert types.count("treatment_tier") == 3
        assert "treatment_factors" in types and "callout" in types
        assert len(article.references) >= 1 and article.source is not None


@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_data():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


@pytest.mark.django_db
def test_load_demo_creates_demo_users_in_their_groups():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    for name in ("reviewer", "reviewer2"):
        assert User.objects.get(username=name).groups.filter(name="Medical reviewers").exists()


@pytest.mark.django_db
def test_load_demo_never_changes_an_existing_password(capsys):
    User = get_user_model()
    User.objects.create_user("editor", password="my-own-secret")
    call_command("load_demo")
    assert User.objects.get(username="editor").check_password("my-own-secret")
    assert "password unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_demo_prints_the_new_logins(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "admin-demo-pass" in out and "reviewer2" in out
