"""Keeping API keys out of reprs, logs and exception messages.

Every API key the SDK is given is registered here, and every piece of text the
SDK produces for humans (reprs, log arguments, exception messages) passes
through `redact_text`, which replaces any registered key with a fixed mask.
Excerpts of response bodies also go through `redact_body_excerpt`, which masks
the values of JSON fields that hold secrets (a new key the SDK has not seen
yet, in a response that could not be decoded).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping

MASK = "<redacted>"
SECRET_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization"})

# Keys shorter than this are not registered: masking every occurrence of a
# two-letter "key" would mangle ordinary text.
MIN_SECRET_LENGTH = 6

# A JSON string field whose name ends in "key" ("key", "api_key") or names a
# secret, up to its closing quote or the end of a cut-off text.
_SECRET_FIELD = re.compile(
    r'("[A-Za-z_]*(?:key|secret|token|password)"\s*:\s*")(?:[^"\\]|\\.)*',
    re.IGNORECASE,
)

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a secret so that `redact_text` masks it from now on."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(value)


def redact_text(text: str) -> str:
    """Replace every registered secret in ``text`` with the mask."""
    if not _secrets:
        return text
    with _lock:
        # Longest first, so a secret containing another is masked whole.
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_body_excerpt(text: str) -> str:
    """Mask registered secrets and the values of secret-looking JSON fields."""
    return redact_text(_SECRET_FIELD.sub(rf"\g<1>{MASK}", text))


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` with the values of secret headers masked."""
    return {
        name: MASK if name.lower() in SECRET_HEADERS else value
        for name, value in headers.items()
    }
