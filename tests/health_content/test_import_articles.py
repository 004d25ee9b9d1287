"""``manage.py import_articles``: JSON Lines in, drafts (or historic sign-offs) out."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry

from frontend_api.models import PublishedArticle
from health_content.models import HealthCenterPage, ImportedArticle, TreatmentArticlePage
from review_workflow.models import ArticlePublication, MedicalSignOff
from review_workflow.records.review_facts import live_sign_offs
from tests.factories import HealthCenterPageFactory, UserFactory, locale, reviewer

SIGNED_AT = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


def article_line(key, center, *, slug=None, sign_off_by=None, **overrides) -> dict:
    """One article in the detail document's shape, with its import member."""
    line = {
        "title": f"Article {key}",
        "slug": slug or f"article-{key}",
        "summary": "A short lead paragraph.",
        "condition": "Back pain",
        "hero_image": None,
        "health_center": {"id": 999, "slug": center.slug, "title": center.title}
        if center is not None
        else None,
        "body": [
            {
                "type": "treatment_tier",
                "id": "0b1c2d3e-0000-0000-0000-000000000001",
                "value": {
                    "heading": "Treatment for mild pain",
                    "intro": "<p>Try these first.</p>",
                    "options": [
                        {
                            "name": "Rest",
                            "description": "<p>Rest for a day or two.</p>",
                            "evidence_note": "",
                            "reference_numbers": [1],
                        }
                    ],
                    "closing_note": "",
                },
            },
            {
                "type": "callout",
                "value": {
                    "kind": "red_flags",
                    "kind_label": "When to see a doctor",
                    "title": "When to see a doctor",
                    "text": "<p>Get help at once if you have numbness.</p>",
                },
            },
        ],
        "references": [
            {"number": 1, "text": "Author A. A study. 2020.", "url": "", "doi": "", "pubmed_id": ""}
        ],
        "source": {"name": "Imported source", "attribution": "From the old library", "url": ""},
        "import": {"source_key": key},
    }
    if sign_off_by is not None:
        line["import"]["sign_off"] = {
            "reviewer": sign_off_by.username,
            "signed_at": SIGNED_AT.isoformat(),
        }
    line.update(overrides)
    return line


def write_lines(tmp_path, lines) -> str:
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    )
    return str(path)


def run_import(path, *args):
    call_command("import_articles", path, "--user", "importer", "--no-progress", *args)


@pytest.fixture
def importer_user(db):
    return UserFactory(username="importer")


def test_imported_articles_are_drafts_needing_sign_off(tmp_path, health_center, importer_user):
    path = write_lines(tmp_path, [article_line(f"k{n}", health_center) for n in range(5)])
    run_import(path, "--batch-size", "2")
    articles = TreatmentArticlePage.objects.child_of(health_center)
    assert articles.count() == 5
    assert not any(article.live for article in articles)
    assert all(article.latest_revision.user == importer_user for article in articles)
    assert MedicalSignOff.objects.count() == 0
    assert PublishedArticle.objects.count() == 0
    assert set(ImportedArticle.objects.values_list("source_key", flat=True)) == {
        f"k{n}" for n in range(5)
    }
    assert Page.find_problems() == ([], [], [], [], [])
    health_center.refresh_from_db()
    assert health_center.numchild == 5


def test_an_imported_revision_renders_the_content_of_its_line(
    tmp_path, health_center, importer_user
):
    path = write_lines(tmp_path, [article_line("one", health_center)])
    run_import(path)
    draft = TreatmentArticlePage.objects.get(slug="article-one").latest_revision.as_object()
    content = draft.get_reviewed_content()
    assert content["body"][0]["value"]["options"][0]["reference_numbers"] == [1]
    assert content["body"][1]["value"]["title"] == "When to see a doctor"
    assert content["references"][0]["text"] == "Author A. A study. 2020."
    assert content["source"]["attribution"] == "From the old library"


def test_importing_the_same_file_twice_adds_nothing(tmp_path, health_center, importer_user, capsys):
    path = write_lines(tmp_path, [article_line(f"k{n}", health_center) for n in range(3)])
    run_import(path)
    run_import(path)
    assert TreatmentArticlePage.objects.count() == 3
    assert "Imported 0 articles" in capsys.readouterr().out


def test_bad_lines_are_reported_by_number_and_nothing_of_them_is_written(
    tmp_path, health_center, importer_user, capsys
):
    unknown_block = article_line("bad3", health_center)
    unknown_block["body"].append({"type": "video", "value": {}})
    cites_missing = article_line("bad5", health_center)
    cites_missing["body"][0]["value"]["options"][0]["reference_numbers"] = [7]
    lines = [
        article_line("good1", health_center),
        "{not json",
        unknown_block,
        article_line("bad4", health_center, title=""),
        cites_missing,
        article_line("bad6", health_center, health_center={"slug": "no-such-center"}),
        article_line("good7", health_center),
        article_line("good1", health_center, slug="other"),
    ]
    with pytest.raises(CommandError, match="6 line"):
        run_import(write_lines(tmp_path, lines))
    errors = capsys.readouterr().err
    assert "line 2: not valid JSON" in errors
    assert "line 3: body[3]: block type 'video' cannot be imported" in errors
    assert "line 4: title: must not be empty" in errors
    assert "line 5: " in errors and "cites reference [7]" in errors
    assert "line 6: health_center.slug: no health center 'no-such-center'" in errors
    assert "line 8: source key 'good1' appears twice" in errors
    assert set(TreatmentArticlePage.objects.values_list("slug", flat=True)) == {
        "article-good1",
        "article-good7",
    }


def test_related_articles_point_to_pages_imported_earlier_in_the_file(
    tmp_path, health_center, importer_user
):
    second = article_line("b", health_center)
    second["body"].append(
        {
            "type": "related_articles",
            "value": {
                "heading": "Read next",
                "articles": [{"id": 1, "url_path": f"/{health_center.slug}/article-a/"}],
            },
        }
    )
    run_import(
        write_lines(tmp_path, [article_line("a", health_center), second]), "--batch-size", "1"
    )
    first = TreatmentArticlePage.objects.get(slug="article-a")
    related = TreatmentArticlePage.objects.get(slug="article-b").body[-1]
    assert related.block_type == "related_articles"
    assert [page.pk for page in related.value["articles"]] == [first.pk]


def test_historic_sign_offs_are_recorded_as_imported_and_published(
    tmp_path, health_center, importer_user
):
    signer = reviewer()
    lines = [article_line(f"k{n}", health_center, sign_off_by=signer) for n in range(3)]
    run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "2")
    articles = list(TreatmentArticlePage.objects.child_of(health_center))
    assert all(article.live for article in articles)
    assert set(live_sign_offs([a.pk for a in articles])) == {a.pk for a in articles}
    sign_offs = MedicalSignOff.objects.all()
    assert {s.signed_at for s in sign_offs} == {SIGNED_AT}
    assert all(s.imported for s in sign_offs)
    entries = PageLogEntry.objects.filter(action="review_workflow.sign_off")
    assert [e.data.get("imported") for e in entries] == [True] * 3, [e.data for e in entries]
    assert PublishedArticle.objects.count() == 3
    assert {a.last_reviewed for a in articles} == {SIGNED_AT.date()}


def test_without_the_option_a_historic_sign_off_is_not_carried(
    tmp_path, health_center, importer_user
):
    run_import(write_lines(tmp_path, [article_line("k", health_center, sign_off_by=reviewer())]))
    assert not TreatmentArticlePage.objects.get(slug="article-k").live
    assert MedicalSignOff.objects.count() == 0


def test_a_future_or_naive_sign_off_time_is_a_bad_line(
    tmp_path, health_center, importer_user, capsys
):
    signer = reviewer()
    future = article_line("future", health_center, sign_off_by=signer)
    future["import"]["sign_off"]["signed_at"] = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    naive = article_line("naive", health_center, sign_off_by=signer)
    naive["import"]["sign_off"]["signed_at"] = "2024-03-05T09:30:00"
    with pytest.raises(CommandError):
        run_import(write_lines(tmp_path, [future, naive]), "--with-sign-offs")
    errors = capsys.readouterr().err
    assert (
        "line 1: import.sign_off.signed_at: a historic sign-off cannot be in the future" in errors
    )
    assert "line 2: import.sign_off.signed_at: give a date and time with its UTC offset" in errors
    assert TreatmentArticlePage.objects.count() == 0


def test_a_refused_sign_off_rolls_its_batch_back_and_the_rest_is_written(
    tmp_path, health_center, importer_user, capsys
):
    """The importing user wrote the revisions, so they cannot sign them off (separation of
    duties): that line is refused while writing, the others of its batch are written."""
    signer = reviewer()
    importer_user.delete()
    reviewer(user__username="importer")
    lines = [
        article_line("ok1", health_center, sign_off_by=signer),
        article_line("self", health_center, sign_off_by=importer_user),
        article_line("ok3", health_center, sign_off_by=signer),
    ]
    with pytest.raises(CommandError, match="1 line"):
        run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "3")
    errors = capsys.readouterr().err
    assert "line 2: sign-off refused" in errors and "line 1" not in errors
    assert set(TreatmentArticlePage.objects.values_list("slug", flat=True)) == {
        "article-ok1",
        "article-ok3",
    }
    assert not ImportedArticle.objects.filter(source_key="self").exists()
    assert MedicalSignOff.objects.count() == 2
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_line_whose_place_is_taken_is_refused(tmp_path, health_center, importer_user, capsys):
    run_import(write_lines(tmp_path, [article_line("first", health_center, slug="same")]))
    with pytest.raises(CommandError, match="1 line"):
        run_import(write_lines(tmp_path, [article_line("second", health_center, slug="same")]))
    assert f"line 1: /{health_center.slug}/same/ already exists" in capsys.readouterr().err
    assert TreatmentArticlePage.objects.count() == 1


def test_an_imported_sign_off_needs_a_past_time_with_its_zone(health_center):
    from review_workflow.contract import import_signed_off
    from tests.factories import TreatmentArticlePageFactory

    article = TreatmentArticlePageFactory(parent=health_center)
    signer = reviewer()
    for signed_at in (None, datetime(2024, 1, 1), datetime.now(UTC) + timedelta(hours=1)):
        with pytest.raises(ValueError):
            import_signed_off(
                revision=article.latest_revision, reviewer=signer, signed_at=signed_at
            )
    assert MedicalSignOff.objects.count() == 0


def linking_line(key, center, target_slug, *, sign_off_by) -> dict:
    line = article_line(key, center, sign_off_by=sign_off_by)
    line["body"].append(
        {
            "type": "related_articles",
            "value": {
                "heading": "Read next",
                "articles": [{"url_path": f"/{center.slug}/{target_slug}/"}],
            },
        }
    )
    return line


def test_a_line_linking_to_one_of_its_batch_is_signed_with_that_article_shown(
    tmp_path, health_center, importer_user
):
    signer = reviewer()
    lines = [
        article_line("a", health_center, sign_off_by=signer),
        linking_line("b", health_center, "article-a", sign_off_by=signer),
    ]
    run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "10")
    b = TreatmentArticlePage.objects.get(slug="article-b")
    signed = MedicalSignOff.objects.get(page_id=b.pk).reviewed_content
    [block] = [b for b in signed["body"] if b["type"] == "related_articles"]
    assert [article["title"] for article in block["value"]["articles"]] == ["Article a"]


def test_an_import_with_sign_offs_passes_both_verifiers(tmp_path, health_center, importer_user):
    signer = reviewer()
    lines = [article_line("a", health_center, sign_off_by=signer)] + [
        linking_line(f"k{n}", health_center, "article-a", sign_off_by=signer) for n in range(3)
    ]
    run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "3")
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    call_command("verify_published", stdout=out, stderr=out)
    assert "Audit trail intact" in out.getvalue()
    assert "Checked 4 stored articles: 0 mismatches." in out.getvalue()


# Translations ----------------------------------------------------------------------------------


@pytest.fixture
def spanish_center(health_center):
    """The health center translated into Spanish (its home too), published."""
    center = health_center.copy_for_translation(locale("es"), copy_parents=True)
    center.title = "Centro de salud"
    center.save_revision().publish()
    return HealthCenterPage.objects.get(pk=center.pk)


def spanish_line(key, original_key, *, sign_off_by=None, **overrides) -> dict:
    """A Spanish translation of the line ``original_key``: no health center (it is the
    original's, translated)."""
    overrides = {"title": f"Artículo {key}", "locale": "es", **overrides}
    line = article_line(key, None, sign_off_by=sign_off_by, **overrides)
    if line["health_center"] is None:
        del line["health_center"]
    line["import"]["translation_of"] = original_key
    return line


def test_a_translation_joins_its_original_under_the_translated_center(
    tmp_path, health_center, spanish_center, importer_user
):
    lines = [article_line("a", health_center), spanish_line("a-es", "a", slug="article-a")]
    run_import(write_lines(tmp_path, lines))
    original = TreatmentArticlePage.objects.get(locale__language_code="en", slug="article-a")
    translation = TreatmentArticlePage.objects.get(locale__language_code="es")
    assert translation.translation_key == original.translation_key
    assert translation.get_parent().pk == spanish_center.pk
    assert translation.url_path == f"{spanish_center.url_path}article-a/"
    assert translation.title == "Artículo a-es" and not translation.live
    assert ImportedArticle.objects.get(source_key="a-es").page_id == translation.pk
    assert MedicalSignOff.objects.count() == 0
    assert Page.find_problems() == ([], [], [], [], [])
    spanish_center.refresh_from_db()
    assert spanish_center.numchild == 1


@pytest.mark.parametrize("batch_size", ["1", "10"])
def test_a_signed_off_translation_records_the_original_version_it_follows(
    tmp_path, health_center, spanish_center, importer_user, client, batch_size
):
    """In one batch the translation is signed after its original is live (a later layer); in
    the next batch, after its original's batch."""
    signer = reviewer(languages=["en", "es"])
    lines = [
        article_line("a", health_center, sign_off_by=signer),
        spanish_line("a-es", "a", sign_off_by=signer),
    ]
    run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", batch_size)
    original = TreatmentArticlePage.objects.get(locale__language_code="en")
    translation = TreatmentArticlePage.objects.get(locale__language_code="es")
    assert translation.live
    original_publication = ArticlePublication.objects.get(page_id=original.pk)
    sign_off = MedicalSignOff.objects.get(page_id=translation.pk)
    publication = ArticlePublication.objects.get(page_id=translation.pk)
    assert (sign_off.locale, sign_off.imported) == ("es", True)
    for record in (sign_off, publication):
        assert record.locale == "es"
        assert record.original_publication_id == original_publication.pk
        assert record.original_fingerprint == original_publication.fingerprint
    listed = client.get("/api/v1/articles/", {"locale": "es"}).json()["results"]
    assert [(item["id"], item["translation_status"]) for item in listed] == [
        (translation.pk, "current")
    ]
    named = client.get(f"/api/v1/articles/{original.pk}/").json()["translations"]
    assert [(item["id"], item["locale"]) for item in named] == [(translation.pk, "es")]


def test_a_translation_of_an_article_imported_before(
    tmp_path, health_center, spanish_center, importer_user
):
    run_import(write_lines(tmp_path, [article_line("a", health_center)]))
    run_import(write_lines(tmp_path, [spanish_line("a-es", "a")]))
    original, translation = TreatmentArticlePage.objects.order_by("locale__language_code")
    assert translation.translation_key == original.translation_key
    assert translation.locale.language_code == "es"


def test_places_and_related_articles_are_found_in_the_lines_locale(
    tmp_path, health_center, spanish_center, importer_user
):
    """The Spanish center has the English one's slug: an English line naming it goes under the
    English center, and /center/slug/ in a Spanish line is a page of the Spanish tree."""
    linking = spanish_line("b-es", "b", slug="article-b")
    linking["body"].append(
        {
            "type": "related_articles",
            "value": {
                "heading": "Lea también",
                "articles": [{"url_path": f"/{spanish_center.slug}/articulo-a/"}],
            },
        }
    )
    lines = [
        article_line("a", health_center),
        article_line("b", health_center),
        spanish_line("a-es", "a", slug="articulo-a", health_center={"slug": spanish_center.slug}),
        linking,
    ]
    assert spanish_center.slug == health_center.slug
    run_import(write_lines(tmp_path, lines), "--batch-size", "10")
    english = TreatmentArticlePage.objects.filter(locale__language_code="en")
    assert {page.get_parent().pk for page in english} == {health_center.pk}
    related = TreatmentArticlePage.objects.get(slug="article-b", locale__language_code="es")
    target = TreatmentArticlePage.objects.get(slug="articulo-a")
    assert [page.pk for page in related.body[-1].value["articles"]] == [target.pk]


def test_translation_lines_that_cannot_be_placed_are_refused(
    tmp_path, home, health_center, spanish_center, importer_user, capsys
):
    untranslated_center = HealthCenterPageFactory(parent=home, slug="untranslated")
    lines = [
        article_line("a", health_center),
        article_line("b", health_center),
        article_line("elsewhere", untranslated_center),
        spanish_line("a-es", "a"),
        spanish_line("unknown-es", "no-such-key"),
        spanish_line("a-es-again", "a", slug="other"),
        spanish_line("fr", "b", locale="fr"),
        spanish_line("elsewhere-es", "elsewhere"),
        spanish_line("wrong-center", "b", health_center={"slug": "untranslated"}),
        article_line("no-original", health_center, locale="es", slug="sin-original"),
        spanish_line("en", "b", locale="en", slug="article-b-again"),
    ]
    with pytest.raises(CommandError, match="7 line"):
        run_import(write_lines(tmp_path, lines), "--batch-size", "20")
    errors = capsys.readouterr().err
    assert "line 5: import.translation_of: no article 'no-such-key' was imported" in errors
    assert "line 6: import.translation_of: 'a' already has a translation in 'es'" in errors
    assert "line 7: locale: 'fr' is not a content language of this site (en, es)" in errors
    assert "line 8: the health center of 'elsewhere' has no translation in 'es'" in errors
    assert "line 9: health_center.slug: 'untranslated' is not the health center of 'b'" in errors
    assert "line 10: import.translation_of: required for a line in 'es'" in errors
    assert "line 11: locale: 'en' is the language of the original 'b'" in errors
    assert set(ImportedArticle.objects.values_list("source_key", flat=True)) == {
        "a",
        "b",
        "elsewhere",
        "a-es",
    }
    with pytest.raises(CommandError, match="1 line"):
        run_import(write_lines(tmp_path, [spanish_line("a-es-later", "a", slug="later")]))
    assert "import.translation_of: 'a' already has a translation in 'es'" in (
        capsys.readouterr().err
    )


def test_a_translation_needs_a_reviewer_who_reviews_in_its_language(
    tmp_path, health_center, spanish_center, importer_user, capsys
):
    english_only = reviewer(languages=["en"])
    lines = [
        article_line("a", health_center, sign_off_by=english_only),
        spanish_line("a-es", "a", sign_off_by=english_only),
        article_line("b", health_center, sign_off_by=english_only),
    ]
    with pytest.raises(CommandError, match="1 line"):
        run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "10")
    errors = capsys.readouterr().err
    assert "line 2: sign-off refused" in errors and "Spanish" in errors
    assert set(ImportedArticle.objects.values_list("source_key", flat=True)) == {"a", "b"}
    assert not TreatmentArticlePage.objects.filter(locale__language_code="es").exists()
    assert Page.find_problems() == ([], [], [], [], [])


def test_when_an_original_is_refused_the_lines_needing_it_in_its_batch_are_too(
    tmp_path, health_center, spanish_center, importer_user, capsys
):
    """The importing user wrote the revisions, so they cannot sign the original off; its
    translation, which needs it live, and the line naming it as a related article are refused
    with it, and the rest is written."""
    signer = reviewer(languages=["en", "es"])
    importer_user.delete()
    reviewer(user__username="importer")
    lines = [
        article_line("self", health_center, sign_off_by=importer_user),
        spanish_line("self-es", "self", sign_off_by=signer),
        article_line("ok", health_center, sign_off_by=signer),
        linking_line("linking", health_center, "article-self", sign_off_by=signer),
    ]
    with pytest.raises(CommandError, match="3 line"):
        run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "10")
    errors = capsys.readouterr().err
    assert "line 1: sign-off refused" in errors
    assert "line 2: it needs line 1, not imported" in errors
    assert "line 4: it needs line 1, not imported" in errors
    assert set(ImportedArticle.objects.values_list("source_key", flat=True)) == {"ok"}
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_import_with_translations_passes_both_verifiers(
    tmp_path, health_center, spanish_center, importer_user
):
    signer = reviewer(languages=["en", "es"])
    lines = [article_line(f"k{n}", health_center, sign_off_by=signer) for n in range(3)] + [
        spanish_line(f"k{n}-es", f"k{n}", sign_off_by=signer) for n in range(3)
    ]
    run_import(write_lines(tmp_path, lines), "--with-sign-offs", "--batch-size", "4")
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    call_command("verify_published", stdout=out, stderr=out)
    assert "Audit trail intact" in out.getvalue()
    assert "Checked 6 stored articles: 0 mismatches." in out.getvalue()
