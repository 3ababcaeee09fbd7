"""The record the mock server keeps of every request it receives."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

_SECRET_HEADER = "x-api-key"
_MASK = "<redacted>"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the mock server saw it, and the status it answered.

    Attributes:
        method: The HTTP method, such as ``GET``.
        path: The path as sent, without the query string, ``/api/v2`` included.
        route: The route it matched, such as ``GET /leads/{leadId}``; None for
            an unknown path or a method the path does not support.
        query: Query parameters, each with every value given.
        headers: Request headers with lower-cased names; repeated headers are
            joined with ``", "``.
        body: The request body (empty when it was over the size limit).
        status: The status answered, or 0 when a fault dropped the connection.
        timestamp: When the request arrived, in seconds since the epoch.
    """

    method: str
    path: str
    route: str | None
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    status: int = 0
    timestamp: float = 0.0

    def __repr__(self) -> str:
        # The key stays readable in ``headers``; only the repr masks it, so
        # printed records and test failure output do not show it.
        shown = {item.name: getattr(self, item.name) for item in fields(self)}
        shown["headers"] = {
            name: _MASK if name == _SECRET_HEADER else value
            for name, value in self.headers.items()
        }
        arguments = ", ".join(f"{name}={value!r}" for name, value in shown.items())
        return f"RecordedRequest({arguments})"
