"""schemathesis against a live server on 127.0.0.1: no 5xx, no response outside the schema.

Bounded (a few examples per operation, fixed seed) so it runs in about a minute.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import treatment_tier

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)


def schemathesis_command() -> list[str]:
    script = Path(sys.executable).with_name("schemathesis")
    if script.exists():
        return [str(script)]
    found = shutil.which("schemathesis")
    if found is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    return [found]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    live_server, settings, make_article
):
    settings.FRONTEND_API = {"THROTTLE_RATE": None}
    first = make_article(title="Physical therapy")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [first.pk]}}
    make_article(title="Medicines", body=[treatment_tier(refs="1"), block])
    result = subprocess.run(
        [
            *schemathesis_command(),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            CHECKS,
            "--max-examples",
            "25",
            "--seed",
            "20261127",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
