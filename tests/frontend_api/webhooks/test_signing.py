"""Standard Webhooks signatures, checked with the snippets printed in the API guide."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from frontend_api.webhooks.signing import (
    InvalidSecret,
    new_secret,
    secret_key,
    signed_headers,
)
from tests.frontend_api.webhooks.conftest import documented_snippet

BODY = b'{"data":{"article":{"id":42}},"timestamp":"2026-03-02T09:15:04Z","type":"article.x"}'


def signed(secrets_in_use, body=BODY, timestamp=None):
    return signed_headers(secrets_in_use, "msg_0123", timestamp or int(time.time()), body)


def test_a_new_secret_is_whsec_and_base64_of_32_random_bytes():
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(secret_key(secret)) == 32
    assert new_secret() != secret


@pytest.mark.parametrize(
    "secret",
    ["", "abc", "whsec_", "whsec_not base64!", "whsec_" + "A" * 8, "whsec_" + "QUFB" * 40],
)
def test_a_malformed_secret_is_refused(secret):
    with pytest.raises(InvalidSecret):
        secret_key(secret)


def test_a_delivery_signature_verifies_with_the_documented_python_snippet(verify_webhook):
    secret = new_secret()
    assert verify_webhook(secret, signed([secret]), BODY)


def test_a_tampered_body_fails_the_documented_python_snippet(verify_webhook):
    secret = new_secret()
    headers = signed([secret])
    assert not verify_webhook(secret, headers, BODY.replace(b"42", b"43"))


def test_a_tampered_signature_fails_the_documented_python_snippet(verify_webhook):
    secret = new_secret()
    headers = signed([secret])
    signature = headers["webhook-signature"]
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert not verify_webhook(secret, {**headers, "webhook-signature": flipped}, BODY)


def test_another_secret_fails_the_documented_python_snippet(verify_webhook):
    assert not verify_webhook(new_secret(), signed([new_secret()]), BODY)


def test_an_old_timestamp_fails_the_documented_python_snippet(verify_webhook):
    secret = new_secret()
    headers = signed([secret], timestamp=int(time.time()) - 3600)
    assert not verify_webhook(secret, headers, BODY)


def test_while_a_secret_rotates_both_the_old_and_the_new_secret_verify(verify_webhook):
    old, new = new_secret(), new_secret()
    headers = signed([new, old])
    assert len(headers["webhook-signature"].split()) == 2
    assert verify_webhook(old, headers, BODY) and verify_webhook(new, headers, BODY)


def run_documented_js(tmp_path, secret: str, headers: dict, body: bytes) -> bool:
    """Run the API guide's JavaScript verifier in node and return its verdict."""
    (tmp_path / "verify-webhook.mjs").write_text(documented_snippet("js", "// verify-webhook.mjs"))
    (tmp_path / "check.mjs").write_text(
        'import { verifyWebhook } from "./verify-webhook.mjs";\n'
        'import { readFileSync } from "node:fs";\n'
        "const input = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const ok = verifyWebhook(input.secret, new Headers(input.headers), input.body);\n"
        "process.stdout.write(ok ? 'valid' : 'invalid');\n"
    )
    payload = json.dumps({"secret": secret, "headers": headers, "body": body.decode()})
    result = subprocess.run(
        ["node", str(tmp_path / "check.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout == "valid"


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@needs_node
def test_a_delivery_signature_verifies_with_the_documented_javascript_snippet(tmp_path):
    secret = new_secret()
    assert run_documented_js(tmp_path, secret, signed([secret]), BODY)


@needs_node
def test_a_tampered_body_fails_the_documented_javascript_snippet(tmp_path):
    secret = new_secret()
    assert not run_documented_js(tmp_path, secret, signed([secret]), BODY.replace(b"42", b"43"))


@needs_node
def test_the_old_secret_verifies_with_the_javascript_snippet_during_a_rotation(tmp_path):
    old, new = new_secret(), new_secret()
    assert run_documented_js(tmp_path, old, signed([new, old]), BODY)
