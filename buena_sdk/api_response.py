"""`ApiResponse`: a decoded result together with its HTTP details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class ApiResponse(Generic[T]):
    """What the ``*_with_http_info`` methods return.

    Attributes:
        status_code: The HTTP status, such as 200 or 201.
        headers: The response headers (case-insensitive when from urllib3).
        data: The decoded body: a model, or a dict for `delete_lead`.
        raw_data: The body exactly as received.
    """

    __slots__ = ("data", "headers", "raw_data", "status_code")

    def __init__(
        self,
        *,
        status_code: int,
        data: T,
        headers: Mapping[str, str] | None = None,
        raw_data: bytes = b"",
    ) -> None:
        self.status_code = status_code
        self.data = data
        self.headers = headers
        self.raw_data = raw_data

    def __repr__(self) -> str:
        return (
            f"ApiResponse(status_code={self.status_code}, "
            f"data={self.data!r}, raw_data=<{len(self.raw_data)} bytes>)"
        )
