"""The SDK's default retry policy, built on `urllib3.util.retry.Retry`.

What is retried, and why:

- Connection failures before the request was sent (refused, DNS, connect
  timeout): always, the server cannot have acted on them.
- Read failures after sending (reset, read timeout): only for idempotent
  methods, since a POST may already have created something.
- Statuses 429, 502, 503 and 504, and 500 for idempotent methods. A POST is
  retried only on 429 and 503, which say the server did not act.

The wait is the server's ``Retry-After`` (header, in seconds or as an HTTP
date, or ``retry_after`` in the JSON body of a 429 or 503) when it gives one,
else exponential backoff with jitter. A ``Retry-After`` longer than
``max_retry_after`` is not waited for: the error is returned to the caller at
once. TLS failures and other errors are never retried.

Limitation: to find ``retry_after`` in a body, the body is read during the
retry decision. It stays available as ``data``, but a caller of a
``*_without_preload_content`` method who then calls ``read()`` on such a 429
or 503 response gets an empty body.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import time
from datetime import timezone
from typing import Any

from urllib3.exceptions import HTTPError, MaxRetryError, ResponseError
from urllib3.util.retry import Retry
from urllib3.util.url import parse_url

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
IDEMPOTENT_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
UNSAFE_RETRY_STATUSES = frozenset({429, 503})
DEFAULT_BACKOFF_FACTOR = 0.5
DEFAULT_BACKOFF_JITTER = 0.25
DEFAULT_BACKOFF_MAX = 10.0
BODY_RETRY_AFTER_STATUSES = frozenset({429, 503})
# Longest error body read to look for a retry_after field.
MAX_INSPECTED_BODY = 65_536


class RetryAfterTooLong(ResponseError):
    """The server asked for a wait longer than the client accepts."""


class BuenaRetry(Retry):
    """`Retry` with per-method status rules, body-aware waits and logging.

    Args:
        max_retry_after: Longest server-requested wait honoured, in seconds.
        **kwargs: Everything `urllib3.Retry` accepts.
    """

    def __init__(
        self,
        *args: Any,
        max_retry_after: float = 60.0,
        planned_wait: float | None = None,
        last_cause: str | None = None,
        last_request: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after
        self.planned_wait = planned_wait
        self.last_cause = last_cause
        self.last_request = last_request

    def new(self, **kw: Any) -> BuenaRetry:
        """A copy with some counters changed, keeping the SDK's settings."""
        kw.setdefault("max_retry_after", self.max_retry_after)
        kw.setdefault("planned_wait", None)
        kw.setdefault("last_cause", None)
        kw.setdefault("last_request", None)
        return super().new(**kw)

    def is_retry(
        self, method: str, status_code: int, has_retry_after: bool = False
    ) -> bool:
        """Whether a response with this status is worth another attempt."""
        if method.upper() in IDEMPOTENT_METHODS:
            return status_code in IDEMPOTENT_RETRY_STATUSES
        return status_code in UNSAFE_RETRY_STATUSES

    def get_backoff_time(self) -> float:
        """Exponential backoff from the first retry on, plus jitter."""
        attempts = len(self.history)
        if attempts == 0 or self.backoff_factor <= 0:
            return 0.0

        backoff = self.backoff_factor * (2 ** (attempts - 1))
        if self.backoff_jitter:
            backoff += random.random() * self.backoff_jitter
        return float(min(self.backoff_max, backoff))

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> BuenaRetry:
        """Count a failed attempt and plan the wait before the next one."""
        if error is not None and self._is_unsafe_to_repeat(method, error):
            logger.info(
                "Not retrying %s %s after %s: the server may have acted on it",
                method,
                _path_of(url),
                type(error).__name__,
            )

        # Counting first means the body is inspected only when another attempt
        # may follow: a last response reaches the caller with its body unread.
        new_retry = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = _server_wait(response) if response is not None else None
        if wait is not None and wait > self.max_retry_after:
            reason = (
                f"server asked to wait {wait:g} s, more than the "
                f"max_retry_after of {self.max_retry_after:g} s"
            )
            logger.info(
                "Not retrying %s %s after HTTP %s: %s",
                method,
                _path_of(url),
                response.status,
                reason,
            )
            # Limitation: a wait found in the body leaves that body read, so a
            # caller streaming this response finds it in `data`, not `read()`.
            raise MaxRetryError(_pool, url or "", RetryAfterTooLong(reason))
        new_retry.planned_wait = wait
        new_retry.last_cause = _describe_cause(response, error)
        new_retry.last_request = f"{method} {_path_of(url)}"
        return new_retry

    def _is_unsafe_to_repeat(self, method: str | None, error: Exception) -> bool:
        """A read failure of a method that must not be sent twice."""
        return (
            self._is_read_error(error)
            and self.read is not False
            and (method is None or not self._is_method_retryable(method))
        )

    def sleep(self, response: Any = None) -> None:
        """Wait before the next attempt, logging why and for how long."""
        wait = self.planned_wait
        if wait is None:
            wait = self.get_backoff_time()

        logger.info(
            "Retrying %s after %s (retry %d of %s), waiting %.2f s",
            self.last_request or "request",
            self.last_cause or "a failure",
            len(self.history),
            _limit_text(self),
            wait,
        )
        if wait > 0:
            time.sleep(wait)


def build_default_retry(retries: int, max_retry_after: float) -> BuenaRetry:
    """The policy used when the configuration gives an int (or nothing)."""
    return BuenaRetry(
        total=retries,
        connect=None,
        read=None,
        status=None,
        other=0,
        redirect=False,
        allowed_methods=IDEMPOTENT_METHODS,
        backoff_factor=DEFAULT_BACKOFF_FACTOR,
        backoff_jitter=DEFAULT_BACKOFF_JITTER,
        backoff_max=DEFAULT_BACKOFF_MAX,
        raise_on_status=False,
        respect_retry_after_header=True,
        max_retry_after=max_retry_after,
    )


def _server_wait(response: Any) -> float | None:
    """Seconds the server asked to wait, from the header or the JSON body."""
    header = response.headers.get("Retry-After")
    if header:
        return parse_retry_after(header)
    if response.status not in BODY_RETRY_AFTER_STATUSES:
        return None

    body = _small_body(response)
    if not body:
        return None
    try:
        value = json.loads(body).get("retry_after")
    except (ValueError, AttributeError):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _clamp(float(value))
    return None


def _small_body(response: Any) -> bytes | None:
    """The body of a short error response, read into the response's cache.

    Reading through ``data`` keeps the body: the caller still gets it from
    ``data`` when retries end. A body without a length or longer than
    MAX_INSPECTED_BODY is left unread.
    """
    cached = getattr(response, "_body", None)
    if cached:
        return bytes(cached)
    length = response.headers.get("Content-Length", "")
    if not length.isdigit() or int(length) > MAX_INSPECTED_BODY:
        return None
    try:
        data = response.data
    except (HTTPError, OSError):
        return None
    return data if isinstance(data, bytes) else None


def parse_retry_after(value: str) -> float | None:
    """Seconds from a Retry-After value: delta seconds or an HTTP date."""
    value = value.strip()
    try:
        return _clamp(float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return _clamp(when.timestamp() - time.time())


def _clamp(seconds: float) -> float:
    """Negative waits are 0; a NaN is treated as no wait."""
    if math.isnan(seconds) or seconds < 0:
        return 0.0
    return seconds


def _describe_cause(response: Any, error: Exception | None) -> str:
    if error is not None:
        return type(error).__name__
    if response is not None:
        return f"HTTP {response.status}"
    return "a failure"


def _limit_text(policy: Retry) -> str:
    done = len(policy.history)
    if isinstance(policy.total, int) and policy.total is not True:
        return str(done + policy.total)
    return "unlimited"


def _path_of(url: str | None) -> str:
    """The path of a URL, without query string (which may hold search terms)."""
    if not url:
        return ""
    return parse_url(url).path or "/"
