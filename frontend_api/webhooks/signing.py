"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

A secret is ``whsec_`` followed by base64 of random bytes; the key is those bytes. Each request
carries ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``: one or
more space-separated ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``, one per secret
in use (two while a rotated secret's overlap lasts). Receivers accept a request if any one of
them matches and the timestamp is recent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
# Standard Webhooks allows keys of 24 to 64 bytes.
MIN_KEY_BYTES, MAX_KEY_BYTES = 24, 64


class InvalidSecret(ValueError):
    """A secret that is not ``whsec_`` followed by base64 of 24 to 64 bytes."""


def new_secret() -> str:
    """A fresh random secret in the ``whsec_`` form."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key a ``whsec_`` secret stands for; ``InvalidSecret`` if it is malformed."""
    if not secret.startswith(SECRET_PREFIX):
        raise InvalidSecret(f"A signing secret starts with '{SECRET_PREFIX}'.")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidSecret("After 'whsec_', a signing secret is base64.") from exc
    if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        raise InvalidSecret(
            f"A signing secret holds {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes; this one {len(key)}."
        )
    return key


def signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256>`` of ``{id}.{timestamp}.{body}`` under ``secret``."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    secrets_in_use: list[str], webhook_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret in use."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret, webhook_id, timestamp, body) for secret in secrets_in_use
        ),
    }
