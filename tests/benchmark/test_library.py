"""The benchmark library reads like a real one: Zipf word frequencies, the seed's shape."""

import re
from collections import Counter
from datetime import UTC, datetime

from bench import corpus, library

TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[a-z]+")
TEXT_KEYS = {"title", "summary", "heading", "text", "intro", "name", "description", "factors"}


def _text(value, key="") -> list[str]:
    if isinstance(value, str):
        return [value] if key in TEXT_KEYS or key == "" else []
    if isinstance(value, dict):
        return [s for k, item in value.items() for s in _text(item, k)]
    if isinstance(value, list):
        return [s for item in value for s in _text(item, key)]
    return []


def _words(document: dict) -> list[str]:
    fields = [document["title"], document["summary"], *_text(document["body"])]
    return WORD.findall(TAG.sub(" ", " ".join(fields)).lower())


def _documents(count: int) -> list[dict]:
    return list(library.documents(library.plan(count, 1), anchors={}))


def test_an_article_is_about_as_long_as_the_seed_article():
    lengths = [len(_words(document)) for document in _documents(50)]
    assert 450 <= sorted(lengths)[len(lengths) // 2] <= 900


def test_an_article_has_the_seed_articles_shape():
    kinds = [block["type"] for block in _documents(30)[-1]["body"]]
    assert kinds[:2] == ["treatment_factors", "section"]
    assert kinds.count("treatment_tier") == 3
    assert "callout" in kinds and kinds[-1] == "related_articles"


def test_word_document_frequencies_follow_a_zipf_shape():
    """A few words are in nearly every article; most words are in very few."""
    documents = _documents(300)
    frequency = Counter(word for document in documents for word in set(_words(document)))
    shares = sorted((count / len(documents) for count in frequency.values()), reverse=True)
    assert shares[0] > 0.95  # "the", "and", ...
    assert frequency["pain"] / len(documents) > 0.5  # the commonest health term
    assert shares[len(shares) // 2] < 0.01  # the median word: in under 1% of articles
    assert len(frequency) > 5_000


def test_the_same_serial_gives_the_same_article():
    planned = library.plan(1, 77)[0]
    assert library.article_document(planned, related=[]) == library.article_document(
        planned, related=[]
    )


def test_a_historic_sign_off_goes_into_the_import_member():
    planned = library.plan(1, 5)[0]
    signed_at = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    document = library.article_document(
        planned, related=[], reviewer="reviewer", signed_at=signed_at
    )
    assert document["import"] == {
        "source_key": "bench-5",
        "sign_off": {"reviewer": "reviewer", "signed_at": "2025-01-02T03:04:00+00:00"},
    }


def test_reader_queries_are_mostly_health_terms_with_a_long_tail():
    queries = library.reader_queries(400)
    health = set(library.medical().words)
    with_health_term = [q for q in queries if set(q.split()) & health]
    assert len(queries) == len(set(queries)) == 400
    assert 0.6 <= len(with_health_term) / 400 <= 0.97
    assert Counter(len(q.split()) for q in queries)[1] >= 100
    assert queries == library.reader_queries(400)


# The Spanish translations ----------------------------------------------------------------------


def _spanish_documents(count: int) -> list[dict]:
    planned = [article.translated() for article in library.plan(count, 1)]
    return list(library.documents(planned, anchors={}))


SPANISH_WORD = re.compile(r"[a-záéíóúüñ]+")


def test_a_translation_names_its_locale_and_its_original():
    planned = library.plan(1, 5)[0]
    document = library.article_document(planned.translated(), related=[])
    assert document["locale"] == "es"
    assert document["import"] == {"source_key": "bench-es-5", "translation_of": "bench-5"}
    assert document["condition"] == library.SPANISH_CONDITIONS[planned.condition]
    assert document["title"].startswith(document["condition"] + ": ")
    assert document["health_center"]["slug"] == planned.center.slug
    assert document["slug"].endswith("-5") and document["slug"] != planned.slug


def test_a_translation_is_written_in_spanish_with_its_own_zipf_vocabulary():
    documents = _spanish_documents(100)
    spanish = set(library.common_words("es").words) | set(library.medical("es").words)
    words = [
        word
        for document in documents
        for word in SPANISH_WORD.findall(TAG.sub(" ", " ".join(_text(document["body"]))).lower())
    ]
    assert sum(word in spanish for word in words) / len(words) > 0.97
    with_pain = sum("dolor" in " ".join(_text(document["body"])) for document in documents)
    assert with_pain > 50  # the commonest Spanish health term
    kinds = [block["type"] for block in documents[0]["body"]]
    assert kinds[:2] == ["treatment_factors", "section"] and kinds.count("treatment_tier") == 3


def test_a_translation_does_not_change_the_english_article():
    planned = library.plan(1, 9)[0]
    english = library.article_document(planned, related=[])
    spanish = library.article_document(planned.translated(), related=[])
    assert english == library.article_document(planned, related=[])
    assert english["summary"] != spanish["summary"] and "locale" not in english


def test_the_translated_share_is_spread_over_the_centers_and_grows_by_adding():
    serials = list(range(1, 2001))
    half = library.translations(serials, 0.5)
    quarter = library.translations(serials, 0.25)
    assert 900 <= len(half) <= 1100
    assert {article.center.slug for article in half} == {c.slug for c in corpus.CENTERS}
    assert {a.serial for a in quarter} < {a.serial for a in half}
    assert library.translations(serials, 0) == []
    assert all(article.language == "es" for article in half)
