"""The reader's query syntax: parsed once, and never a syntax error in either database."""

import sqlite3

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from frontend_api.search import query as q

HOSTILE = st.lists(
    st.sampled_from(list("ab \"-*:()^~&|!<>'\\é_.,/+01") + ["or", "OR", "NEAR", "AND"]),
    max_size=20,
).map("".join)
SYNONYMS = [["a", "b c"], ["or", "near"]]


def test_words_phrases_exclusions_and_or():
    parsed = q.parse('knee "hip pain" or injections -surgery physio')
    assert q.tsquery(parsed) == (
        "'knee' & (('hip' <-> 'pain') | 'injections') & 'physio':* & !'surgery'"
    )
    assert parsed.text() == 'knee "hip pain" or injections physio -surgery'


def test_or_after_an_exclusion_or_at_the_start_is_ignored():
    assert q.tsquery(q.parse("or knee -surgery or injections")) == (
        "'knee' & 'injections':* & !'surgery'"
    )


def test_or_joins_the_words_either_side():
    parsed = q.parse("knee or hip")
    assert q.tsquery(parsed) == "('knee' | 'hip':*)"
    assert q.fts5(parsed) == '("knee" OR "hip"*)'


def test_the_last_bare_word_is_a_prefix_but_not_a_quoted_or_short_one():
    assert q.tsquery(q.parse("back physio")) == "'back' & 'physio':*"
    assert q.tsquery(q.parse('back "physio"')) == "'back' & 'physio'"
    assert q.tsquery(q.parse("back ab")) == "'back' & 'ab'"


def test_exclusions_need_something_to_find():
    assert not q.parse("-neck -back")
    assert q.fts5(q.parse("pain -neck")) == '("pain"*) NOT ("neck")'


def test_a_synonym_phrase_typed_as_words_becomes_one_group():
    parsed = q.expand(q.parse("bad back pain"), [["sciatica", "back pain"]])
    assert q.tsquery(parsed) == "'bad' & (('back' <-> 'pain') | 'sciatica')"


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE)
def test_any_text_is_a_valid_fts5_expression(text):
    parsed = q.expand(q.parse(text), SYNONYMS)
    if not parsed:
        return
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61', prefix='2 3')")
    db.execute("SELECT count(*) FROM t WHERE t MATCH ?", [q.fts5(parsed)]).fetchall()


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(text=HOSTILE)
def test_any_text_is_a_valid_tsquery(text):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (to_tsquery): run with DATABASE_URL=postgres://...")
    parsed = q.expand(q.parse(text), SYNONYMS)
    if parsed:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsquery('english', %s)", [q.tsquery(parsed)])
