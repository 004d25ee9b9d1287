"""JSON bytes that can go inside an HTML script element as they are.

orjson writes ``<``, ``>`` and ``&`` literally, so a title such as ``</script><script>...``
would close the element a front end puts ``json_ld`` in. They can only occur inside JSON
strings, where ``\\u003c``, ``\\u003e`` and ``\\u0026`` mean the same characters to every JSON
parser, so replacing the bytes is exact. Every JSON body of the API (stored documents
included, which are composed at publish) goes through ``dumps`` or ``escape``.
"""

from __future__ import annotations

from typing import Any

import orjson

_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


def escape(json_bytes: bytes) -> bytes:
    """Already serialised JSON with ``<``, ``>`` and ``&`` escaped."""
    for raw, escaped in _ESCAPES:
        if raw in json_bytes:
            json_bytes = json_bytes.replace(raw, escaped)
    return json_bytes


def dumps(data: Any, option: int = 0) -> bytes:
    """``orjson.dumps``, escaped for script elements."""
    return escape(orjson.dumps(data, option=option))
