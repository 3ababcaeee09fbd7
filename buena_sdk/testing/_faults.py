"""Scripted faults and the optional rate limit of the mock server."""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["status", "delay", "drop", "malformed", "truncated"]

MALFORMED_BODY = b'{"data": [{"id": "lead_'
"""The body of a malformed response: declared as JSON, but cut off mid-document."""


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour, answering one request on its route.

    Build faults with the class methods rather than the constructor:

        server.add_faults("GET /leads", Fault.status(503), Fault.drop())
    """

    kind: FaultKind
    status_code: int = 200
    retry_after: float | None = None
    body: bytes | None = None
    code_word: str | None = None
    seconds: float = 0.0

    @classmethod
    def status(
        cls,
        code: int,
        *,
        retry_after: float | None = None,
        body: bytes | None = None,
        code_word: str | None = None,
    ) -> Fault:
        """Answer with this status instead of serving the request.

        Args:
            code: HTTP status, 200 to 599 (not 204 or 304).
            retry_after: Seconds for the ``Retry-After`` header and the
                ``retry_after`` body field, sent as whole seconds rounded up.
                Without it neither is sent, even on a 429.
            body: Raw bytes to send instead of the standard error body.
            code_word: The ``code`` of the error body; defaults to the API's
                word for the status, such as ``SERVICE_UNAVAILABLE``.
        """
        _check_status(code)
        if retry_after is not None and not retry_after >= 0:
            raise ValueError("retry_after must be 0 or more.")
        return cls(
            "status",
            status_code=code,
            retry_after=retry_after,
            body=body,
            code_word=code_word,
        )

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds`` before serving the request normally."""
        if not seconds >= 0:
            raise ValueError("seconds must be 0 or more.")
        return cls("delay", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without sending any response."""
        return cls("drop")

    @classmethod
    def malformed(cls, status: int = 200) -> Fault:
        """Answer with this status and a body that is not valid JSON."""
        _check_status(status)
        return cls("malformed", status_code=status)

    @classmethod
    def truncated(cls) -> Fault:
        """Serve the request, send half the body, then close the connection.

        The request takes effect (a create really creates); only the answer is
        cut short, as when a connection breaks mid-response.
        """
        return cls("truncated")

    @property
    def retry_after_seconds(self) -> int | None:
        """The ``Retry-After`` value in whole seconds, if any."""
        if self.retry_after is None:
            return None
        return math.ceil(self.retry_after)


def _check_status(code: int) -> None:
    if not 200 <= code <= 599 or code in (204, 304):
        raise ValueError(f"A fault status must be 200 to 599 with a body, not {code}.")


class FaultQueue:
    """First-in first-out queues of faults, one per route plus ``*`` for any."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[tuple[int, Fault]]] = {}
        self._sequence = itertools.count()

    def add(self, route: str, faults: tuple[Fault, ...], times: int) -> None:
        """Queue the faults, repeating the whole sequence ``times`` times."""
        queue = self._queues.setdefault(route, deque())
        for fault in faults * times:
            queue.append((next(self._sequence), fault))

    def take(self, route: str) -> Fault | None:
        """Remove and return the oldest fault for this route or for ``*``."""
        candidates = [
            queue for queue in (self._queues.get(route), self._queues.get("*")) if queue
        ]
        if not candidates:
            return None
        oldest = min(candidates, key=lambda queue: queue[0][0])
        return oldest.popleft()[1]

    def clear(self) -> None:
        """Forget every queued fault."""
        self._queues.clear()


class RateLimiter:
    """At most ``requests`` requests in any sliding window of ``per_seconds``."""

    def __init__(self) -> None:
        self._requests: int | None = None
        self._window = 1.0
        self._accepted: deque[float] = deque()

    def configure(self, requests: int | None, per_seconds: float) -> None:
        """Set the limit; None turns it off. Restarts the window."""
        if requests is not None and requests < 1:
            raise ValueError("requests must be 1 or more, or None.")
        if not per_seconds > 0:
            raise ValueError("per_seconds must be more than 0.")
        self._requests = requests
        self._window = per_seconds
        self._accepted.clear()

    def admit(self, now: float) -> int | None:
        """Count a request at ``now``; over the limit, return whole seconds to wait."""
        if self._requests is None:
            return None
        while self._accepted and self._accepted[0] <= now - self._window:
            self._accepted.popleft()
        if len(self._accepted) < self._requests:
            self._accepted.append(now)
            return None
        return max(1, math.ceil(self._accepted[0] + self._window - now))
