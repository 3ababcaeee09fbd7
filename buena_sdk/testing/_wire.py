"""Wire formats of the mock server: timestamps, ids, JSON and error bodies."""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

MICROSECOND = timedelta(microseconds=1)

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def format_timestamp(moment: datetime) -> str:
    """Render an aware datetime as RFC 3339 in UTC with microseconds."""
    try:
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except OverflowError:
        # A date at the very edge of the calendar cannot move to UTC; keep its offset.
        return moment.isoformat(timespec="microseconds")


def parse_timestamp(text: str) -> datetime | None:
    """Parse an RFC 3339 date-time with an offset; None when it is not one.

    A leap second (``:60``) is read as the last microsecond of the minute.
    """
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction = (match.group(7) or "0")[:6].ljust(6, "0")
    offset = timezone.utc
    if match.group(8) is None:
        offset_hours, offset_minutes = int(match.group(10)), int(match.group(11))
        if offset_hours > 23 or offset_minutes > 59:
            return None
        delta = timedelta(hours=offset_hours, minutes=offset_minutes)
        offset = timezone(-delta if match.group(9) == "-" else delta)
    leap = second == 60
    try:
        return datetime(
            year,
            month,
            day,
            hour,
            minute,
            59 if leap else second,
            999_999 if leap else int(fraction),
            tzinfo=offset,
        )
    except ValueError:
        return None


def new_request_id() -> str:
    """Return a fresh request id: ``req_`` and 24 lower-case hex digits."""
    return "req_" + secrets.token_hex(12)


def encode_json(document: Any) -> bytes:
    """Serialise a JSON document; non-ASCII text is escaped, so any str encodes."""
    return json.dumps(document, separators=(",", ":"), allow_nan=False).encode()


def error_document(
    code: str,
    message: str,
    *,
    request_id: str,
    details: dict[str, Any] | None = None,
    retry_after: int | None = None,
) -> dict[str, Any]:
    """Build the body of an error response (the ``Error`` schema)."""
    document: dict[str, Any] = {
        "error": True,
        "code": code,
        "message": message,
        "timestamp": format_timestamp(utc_now()),
        "details": details,
        "request_id": request_id,
    }
    if retry_after is not None:
        document["retry_after"] = retry_after
    return document


class Clock:
    """Hands out strictly increasing UTC timestamps, one microsecond apart at least.

    Not thread-safe on its own; the server calls it under its state lock.
    """

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=timezone.utc)

    def now(self) -> datetime:
        """Return the current time, or one microsecond after the last one handed out."""
        moment = max(utc_now(), self._last + MICROSECOND)
        self._last = moment
        return moment

    def observe(self, moment: datetime) -> None:
        """Make later timestamps come after ``moment``."""
        self._last = max(self._last, moment)
