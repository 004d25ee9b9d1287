"""Locales in the content API (issue 21): each article in its language, its served translations,
whether a translation follows its original's newest version, and the translation policy.

A translation is served only once signed off on its own (``signed_off_translation``); a draft
or an alias (Wagtail's synchronised copy) never is, by any endpoint or search, and is never
named in an original's ``translations``.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from frontend_api.models import PublishedArticle, SynonymGroup
from frontend_api.store.verification import verify_store
from frontend_api.webhooks.models import WebhookEndpoint, WebhookEvent
from health_content.models import Disclaimer
from review_workflow.contract import FLAG, NOINDEX, TRANSLATION_POLICIES, WITHDRAW
from review_workflow.models import TranslationPolicy
from review_workflow.publishing.decisions import publish_signed_off
from review_workflow.rules.attestation import Attestation
from tests.factories import (
    locale,
    reviewer,
    signed_off_translation,
    translation_of,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"
FIND = "/api/v1/articles/find/"


def detail(api, page_id, **params):
    return api.get(f"/api/v1/articles/{page_id}/", params)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def publish_new_version(article, summary="A reworded lead paragraph."):
    """A new signed version of an original, with other content (its translations follow an
    older one from now on)."""
    article.summary = summary
    revision = article.save_revision()
    publish_signed_off(revision=revision, reviewer=reviewer(), attestation=Attestation.affirmed())
    return type(article).objects.get(pk=article.pk)


def set_translation_policy(policy: str) -> None:
    assert policy in TRANSLATION_POLICIES
    setting = TranslationPolicy.for_site(Site.objects.get(is_default_site=True))
    setting.outdated_translations = policy
    setting.save()


@pytest.fixture
def spanish(article):
    return signed_off_translation(article, title="Dolor de espalda: tratamiento")


# -- locale on lists, finds and searches --------------------------------------------------


def test_the_list_defaults_to_the_sites_default_locale(api, article, spanish):
    assert ids(api.get(LIST)) == [article.pk]


def test_the_list_in_spanish_gives_the_spanish_articles(api, article, spanish):
    assert ids(api.get(LIST, {"locale": "es"})) == [spanish.pk]


def test_an_unknown_locale_is_a_400_problem_naming_the_parameter(api, article):
    response = api.get(LIST, {"locale": "fr"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["parameter"] for error in response.json()["errors"]] == ["locale"]


@pytest.mark.parametrize("value", ["ES", "es-", "e s", "../en"])
def test_a_malformed_locale_is_a_400(api, article, value):
    assert api.get(LIST, {"locale": value}).status_code == 400
    assert api.get(FIND, {"path": "/a/b/", "locale": value}).status_code == 400


def test_find_takes_the_locale_of_the_path(api, article, spanish):
    path = spanish.get_parent().slug, spanish.slug
    found = api.get(FIND, {"path": f"/{path[0]}/{path[1]}/", "locale": "es"})
    assert found.status_code == 200
    assert found.json()["id"] == spanish.pk


def test_find_without_a_locale_finds_the_default_locales_article(api, article, spanish):
    path = f"/{article.get_parent().slug}/{article.slug}/"
    assert api.get(FIND, {"path": path}).json()["id"] == article.pk


def test_search_finds_only_articles_in_the_language_searched(api, article, spanish):
    english = api.get(LIST, {"search": "Dolor"})
    spanish_results = api.get(LIST, {"search": "Dolor", "locale": "es"})
    assert spanish.pk not in ids(english)
    assert ids(spanish_results) == [spanish.pk]


def test_spanish_search_finds_dolor_de_espalda_by_a_stemmed_form(api, article):
    translation = signed_off_translation(
        article,
        title="Tratamiento del dolor de espalda",
        summary="Qué ayuda con el dolor de espalda.",
    )
    assert ids(api.get(LIST, {"search": "dolores", "locale": "es"})) == [translation.pk]


def test_spanish_search_folds_accents(api, article):
    translation = signed_off_translation(article, summary="La fisioterapia ayuda a la mayoría.")
    assert ids(api.get(LIST, {"search": "mayoria", "locale": "es"})) == [translation.pk]


def test_a_spanish_synonym_group_expands_spanish_searches(api, article):
    translation = signed_off_translation(article, summary="Alivio de la lumbalgia.")
    SynonymGroup.objects.create(terms="ciática, lumbalgia", language="es")
    assert ids(api.get(LIST, {"search": "ciática", "locale": "es"})) == [translation.pk]


def test_an_english_synonym_group_does_not_expand_spanish_searches(api, article):
    signed_off_translation(article, summary="Alivio de la lumbalgia.")
    SynonymGroup.objects.create(terms="sciatica, lumbalgia", language="en")
    assert ids(api.get(LIST, {"search": "sciatica", "locale": "es"})) == []


# -- what each document says -----------------------------------------------------------------


def test_each_document_names_its_locale(api, article, spanish):
    assert (detail(api, article.pk).json()["locale"], detail(api, spanish.pk).json()["locale"]) == (
        "en",
        "es",
    )


def test_a_list_item_names_its_locale_and_translation_status(api, article, spanish):
    [item] = api.get(LIST, {"locale": "es"}).json()["results"]
    assert (item["locale"], item["translation_status"]) == ("es", "current")


def test_an_original_lists_its_served_translations(api, article, spanish):
    [translation] = detail(api, article.pk).json()["translations"]
    assert translation == {
        "id": spanish.pk,
        "locale": "es",
        "title": "Dolor de espalda: tratamiento",
        "url_path": f"/{spanish.get_parent().slug}/{spanish.slug}/",
        "api_path": f"/api/v1/articles/{spanish.pk}/",
        "translation_status": "current",
    }


def test_a_translation_lists_its_original_and_follows_its_version(api, article, spanish):
    document = detail(api, spanish.pk).json()
    assert [(t["id"], t["translation_status"]) for t in document["translations"]] == [
        (article.pk, None)
    ]
    assert document["translation_status"] == "current"
    assert (
        document["translation_follows"]["original_id"],
        document["translation_follows"]["version"],
    ) == (
        article.pk,
        1,
    )


def test_an_original_is_no_translation(api, article):
    document = detail(api, article.pk).json()
    assert (
        document["translation_status"],
        document["translation_follows"],
        document["translations"],
    ) == (
        None,
        None,
        [],
    )


def test_an_unsigned_translation_is_never_served(api, article):
    draft = translation_of(article, title="Borrador sin revisar")
    responses = [
        detail(api, draft.pk).status_code,
        api.get(f"/api/v1/articles/{draft.pk}/history/").status_code,
        ids(api.get(LIST, {"locale": "es"})),
        ids(api.get(LIST, {"locale": "es", "search": "Borrador"})),
        detail(api, article.pk).json()["translations"],
    ]
    assert responses == [404, 404, [], [], []]


def test_an_alias_translation_is_never_served(api, article):
    alias = article.copy_for_translation(locale("es"), copy_parents=True, alias=True)
    assert alias.live
    assert detail(api, alias.pk).status_code == 404
    assert ids(api.get(LIST, {"locale": "es"})) == []
    assert detail(api, article.pk).json()["translations"] == []


def test_a_withdrawn_translation_leaves_the_originals_translations(api, article, spanish):
    spanish.unpublish()
    assert detail(api, article.pk).json()["translations"] == []


def _names(api, page_id) -> list[int]:
    return [t["id"] for t in detail(api, page_id).json()["translations"]]


def test_an_expired_translation_leaves_the_originals_translations_at_the_next_run(
    api, article, spanish, time_travel
):
    spanish.expire_at = timezone.now() + timedelta(days=1)
    publish_signed_off(
        revision=spanish.save_revision(),
        reviewer=reviewer(languages=["en", "es"]),
        attestation=Attestation.affirmed(),
    )
    time_travel(days=2)  # expired; no save has recomposed the original yet
    assert detail(api, spanish.pk).status_code == 404
    assert _names(api, article.pk) == [spanish.pk]
    call_command("refresh_stored_translations", stdout=io.StringIO())
    assert _names(api, article.pk) == []
    stored_at = PublishedArticle.objects.get(pk=article.pk).stored_at
    out = io.StringIO()
    call_command("refresh_stored_translations", stdout=out)  # nothing more to do
    assert out.getvalue().startswith("0 article(s)")
    assert PublishedArticle.objects.get(pk=article.pk).stored_at == stored_at
    assert verify_store().mismatches == []


def test_a_translation_withdrawn_as_overdue_leaves_the_originals_translations(
    api, article, spanish, time_travel, settings
):
    settings.REVIEW_WORKFLOW = {**getattr(settings, "REVIEW_WORKFLOW", {}),
                                "OVERDUE_POLICY": "withdraw"}  # fmt: skip
    time_travel(days=100)
    set_translation_policy(FLAG)
    article = publish_new_version(article)  # its next review is due 100 days after the other's
    due = PublishedArticle.objects.get(pk=spanish.pk).next_review_due
    time_travel(days=(due - timezone.now().date()).days + 31)  # beyond the grace, not the original
    assert detail(api, spanish.pk).status_code == 404
    assert detail(api, article.pk).status_code == 200
    assert _names(api, article.pk) == [spanish.pk]
    call_command("refresh_stored_translations", stdout=io.StringIO())
    assert _names(api, article.pk) == []


def test_translations_never_lists_an_unserved_version_after_a_new_draft(api, article, spanish):
    spanish.title = "Un borrador nuevo"
    spanish.save_revision()
    [translation] = detail(api, article.pk).json()["translations"]
    assert translation["title"] == "Dolor de espalda: tratamiento"


def test_the_history_is_the_translations_own(api, article, spanish):
    history = api.get(f"/api/v1/articles/{spanish.pk}/history/").json()
    assert (history["locale"], [v["version"] for v in history["versions"]]) == ("es", [1])


# -- JSON-LD ---------------------------------------------------------------------------------


def test_json_ld_links_an_original_to_its_translations(api, article, spanish):
    json_ld = detail(api, article.pk).json()["json_ld"]
    [work] = json_ld["workTranslation"]
    assert (
        json_ld["inLanguage"],
        work["inLanguage"],
        work["url"].endswith(f"/es/{spanish.get_parent().slug}/{spanish.slug}/"),
    ) == ("en", "es", True)


def test_json_ld_links_a_translation_to_its_original(api, article, spanish):
    json_ld = detail(api, spanish.pk).json()["json_ld"]
    assert json_ld["inLanguage"] == "es"
    assert json_ld["translationOfWork"]["inLanguage"] == "en"
    assert json_ld["url"] != detail(api, article.pk).json()["json_ld"]["url"]


# -- outdated translations -------------------------------------------------------------------


def test_a_new_version_of_the_original_makes_the_translation_outdated(api, article, spanish):
    publish_new_version(article)
    document = detail(api, spanish.pk).json()
    assert document["translation_status"] == "outdated"
    assert document["translation_follows"]["version"] == 1
    assert document["translation_follows"]["outdated_since"] is not None


def test_the_original_shows_its_translation_outdated(api, article, spanish):
    publish_new_version(article)
    [translation] = detail(api, article.pk).json()["translations"]
    assert translation["translation_status"] == "outdated"


def test_under_the_flag_policy_an_outdated_translation_is_served_flagged(api, article, spanish):
    set_translation_policy(FLAG)
    publish_new_version(article)
    response = detail(api, spanish.pk)
    assert (response.status_code, response.json()["translation_status"]) == (200, "outdated")
    assert "X-Robots-Tag" not in response


def test_under_the_noindex_policy_an_outdated_translation_is_not_indexed(api, article, spanish):
    set_translation_policy(NOINDEX)
    publish_new_version(article)
    response = detail(api, spanish.pk)
    assert response["X-Robots-Tag"] == "noindex"
    assert "lastReviewed" not in response.json()["json_ld"]


def test_under_the_withdraw_policy_an_outdated_translation_is_not_served(api, article, spanish):
    set_translation_policy(WITHDRAW)
    publish_new_version(article)
    assert detail(api, spanish.pk).status_code == 404
    assert ids(api.get(LIST, {"locale": "es"})) == []
    assert ids(api.get(LIST, {"locale": "es", "search": "Dolor"})) == []
    assert detail(api, article.pk).json()["translations"] == []


def test_an_outdated_translation_is_announced_once(article, spanish):
    WebhookEndpoint.objects.create(
        name="Front end", url="http://127.0.0.1:9/", events=["translation.stale"]
    )
    publish_new_version(article)
    [event] = WebhookEvent.objects.filter(event_type="translation.stale")
    data = event.payload["data"]
    assert (data["article"]["id"], data["locale"], data["original"]["id"]) == (
        spanish.pk,
        "es",
        article.pk,
    )
    assert (data["followed_version"], data["original_version"]) == (1, 2)


def test_a_new_sign_off_of_the_translation_makes_it_current_again(api, article, spanish):
    publish_new_version(article)
    spanish = type(spanish).objects.get(pk=spanish.pk)
    spanish.summary = "Un párrafo actualizado."
    revision = spanish.save_revision()
    publish_signed_off(
        revision=revision,
        reviewer=reviewer(languages=["en", "es"]),
        attestation=Attestation.affirmed(),
    )
    assert detail(api, spanish.pk).json()["translation_status"] == "current"


# -- health centers in each language ---------------------------------------------------------


def test_the_health_centers_in_spanish_are_those_of_the_spanish_tree(api, article, spanish):
    english = article.get_parent()
    center = spanish.get_parent()  # made with the translation (an alias until translated)
    [listed] = api.get("/api/v1/health-centers/", {"locale": "es"}).json()["results"]
    assert (listed["id"], listed["locale"]) == (center.pk, "es")
    assert listed["url_path"] == f"/{center.slug}/"
    default = api.get("/api/v1/health-centers/").json()["results"]
    assert [(c["id"], c["locale"]) for c in default] == [(english.pk, "en")]
    one = api.get(f"/api/v1/health-centers/{center.slug}/", {"locale": "es"}).json()
    assert one["id"] == center.pk


def test_a_language_whose_tree_is_not_published_has_no_health_centers(api, article):
    assert api.get("/api/v1/health-centers/", {"locale": "es"}).json()["results"] == []
    response = api.get("/api/v1/health-centers/", {"locale": "xx"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "locale"


# -- the verifier and the disclaimer ----------------------------------------------------------


def test_the_stored_documents_check_passes_with_translations(article, spanish):
    publish_new_version(article)
    report = verify_store()
    assert (report.checked, report.mismatches) == (2, [])


def test_a_translation_shows_its_languages_disclaimer(api, article):
    default = Disclaimer.site_default()
    translated = default.copy_for_translation(locale("es"))
    translated.text = "Este artículo es información general."
    translated.save()
    spanish = signed_off_translation(article)
    assert detail(api, spanish.pk).json()["disclaimer"]["text"] == translated.text
    assert detail(api, article.pk).json()["disclaimer"]["text"] == default.text


def test_a_translation_falls_back_to_the_default_locales_disclaimer(api, article, spanish):
    default = Disclaimer.site_default()
    assert detail(api, spanish.pk).json()["disclaimer"]["text"] == default.text


def test_a_stored_row_knows_its_locale_and_translation_key(article, spanish):
    rows = PublishedArticle.objects.order_by("pk").values_list("locale", "translation_key")
    assert [locale_code for locale_code, _ in rows] == ["en", "es"]
    assert len({key for _, key in rows}) == 1


def test_a_list_page_is_one_query_in_either_language(
    api, article, spanish, django_assert_num_queries
):
    with django_assert_num_queries(1):
        api.get(LIST, {"locale": "es"})
    with django_assert_num_queries(1):
        api.get(LIST)


def test_a_detail_is_one_query_for_a_current_translation(
    api, article, spanish, django_assert_num_queries
):
    with django_assert_num_queries(1):
        detail(api, spanish.pk)
