"""Each request carries an id, echoed in the response and written on every log line."""

import json
import logging

import pytest

from cms.json_logging import JsonFormatter
from cms.request_id import RequestIdLogFilter, accepted_request_id, current_request_id


def test_a_sane_incoming_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response["X-Request-ID"] == "lb-7f3a.42"


def test_a_request_without_an_id_gets_a_fresh_one(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize(
    "incoming", ["", "has space", 'quote"d', "x" * 129, "new\nline", "<script>", "caf\u00e9"]
)
def test_an_insane_incoming_request_id_is_replaced(incoming):
    assert accepted_request_id(incoming) != incoming


def test_each_request_writes_one_log_line_naming_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="cms.request"):
        client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    [record] = [r for r in caplog.records if r.name == "cms.request"]
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.request_id == "abc-123"


def make_record(message="hello", **extra):
    record = logging.LogRecord("cms.test", logging.INFO, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_a_log_line_is_one_json_object_with_the_request_id_and_extra_fields():
    token = current_request_id.set("req-1")
    try:
        record = make_record("published\nline two", page_id=7)
        RequestIdLogFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req-1"
    assert entry["message"] == "published\nline two"
    assert (entry["level"], entry["logger"], entry["page_id"]) == ("INFO", "cms.test", 7)


def test_a_log_line_outside_a_request_has_no_request_id():
    record = make_record()
    RequestIdLogFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] is None


def test_a_log_line_keeps_values_json_cannot_encode_as_text():
    import datetime

    entry = json.loads(JsonFormatter().format(make_record(due=datetime.date(2026, 11, 27))))
    assert entry["due"] == "2026-11-27"


def test_an_exception_is_written_inside_the_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_a_request_in_a_log_line_is_written_as_method_and_path_only():
    from django.test import RequestFactory

    request = RequestFactory().get("/api/v1/articles/", {"search": "x" * 50_000})
    entry = json.loads(JsonFormatter().format(make_record(request=request)))
    assert entry["request"] == "GET /api/v1/articles/"


def test_a_very_long_value_is_cut_short_in_the_log_line():
    entry = json.loads(JsonFormatter().format(make_record("m" * 100_000, query="q" * 100_000)))
    assert len(entry["message"]) < 2_100 and len(entry["query"]) < 2_100
    assert entry["query"].endswith("(98000 more characters)")
