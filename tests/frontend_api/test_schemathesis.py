"""schemathesis against a live server on 127.0.0.1: no 5xx, no response outside the schema.

Bounded (a few examples per operation, fixed seed) so it runs in about a minute.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import signed_off_translation, treatment_tier

# Every check schemathesis has, in every phase (examples, coverage, fuzzing, stateful).
CHECKS = "all"
PHASES = "examples,coverage,fuzzing,stateful"


def schemathesis_command() -> list[str]:
    script = Path(sys.executable).with_name("schemathesis")
    if script.exists():
        return [str(script)]
    found = shutil.which("schemathesis")
    # schemathesis is in the test extra: its absence is a broken install, not a reason to skip.
    assert found is not None, "schemathesis is not installed (pip install -e '.[test]')"
    return [found]


EVERY_TEXT_BLOCK = [
    {"type": "section", "value": {"heading": "Overview", "text": "<p>Most people recover.</p>"}},
    {
        "type": "treatment_factors",
        "value": {"intro": "Treatment is based on:", "factors": ["Your age.", "Your symptoms."]},
    },
    {
        "type": "callout",
        "value": {"kind": "red_flags", "title": "Get help", "text": "<p>If numb, call.</p>"},
    },
]


def real_resources(article) -> str:
    """Parameter values that exist, so generated requests also reach found resources."""
    center = article.get_parent()
    token = article.get_latest_revision_as_object().create_page_preview().token
    return (
        "[parameters]\n"
        f'"path.id" = {article.pk}\n'
        f'"path.slug" = "{center.slug}"\n'
        f'"query.path" = "/{center.slug}/{article.slug}/"\n'
        f'"query.token" = "{token}"\n'
        '"query.content_type" = "health_content.treatmentarticlepage"\n'
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    live_server, settings, make_article, tmp_path
):
    settings.FRONTEND_API = {"THROTTLE_RATE": None}
    first = make_article(title="Physical therapy")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [first.pk]}}
    second = make_article(
        title="Medicines", body=[*EVERY_TEXT_BLOCK, treatment_tier(refs="1"), block]
    )
    # A served translation, so requests in either locale reach articles (issue 21).
    signed_off_translation(second, title="Medicamentos")
    config = tmp_path / "schemathesis.toml"
    config.write_text(real_resources(second))
    result = subprocess.run(
        [
            *schemathesis_command(),
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            CHECKS,
            "--phases",
            PHASES,
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
        cwd=tmp_path,  # schemathesis keeps its state in ./.schemathesis
    )
    print(result.stdout[-2500:])  # the summary: operations, phases, test cases, failures
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
