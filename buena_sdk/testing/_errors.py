"""The error answer raised inside the mock server and turned into an error response."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

_CODE_WORDS = {
    400: "INVALID_PARAMETER",
    401: "INVALID_API_KEY",
    403: "INSUFFICIENT_PERMISSIONS",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "DUPLICATE_EMAIL",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


def code_word_for(status: int) -> str:
    """Pick the error code the API uses for a status, or the status phrase."""
    if status in _CODE_WORDS:
        return _CODE_WORDS[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "ERROR"
    return "_".join(phrase.upper().replace("-", " ").split())


_MESSAGES = {
    429: "Rate limit exceeded.",
    500: "An internal error occurred.",
    503: "The service is temporarily unavailable.",
}


def message_for(status: int) -> str:
    """A generic one-sentence message for a status."""
    if status in _MESSAGES:
        return _MESSAGES[status]
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return f"Error {status}."


class ApiError(Exception):
    """An error answer: HTTP status, upper-case code, message and details.

    ``headers`` are extra response headers (``Allow`` on a 405, for example);
    ``retry_after`` adds the ``Retry-After`` header and body field.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        headers: tuple[tuple[str, str], ...] = (),
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
        self.retry_after = retry_after


def bad_request(code: str, message: str, **details: Any) -> ApiError:
    """A 400 answer with the given code."""
    return ApiError(400, code, message, details=details or None)


def invalid(field: str, message: str) -> ApiError:
    """A 422 VALIDATION_ERROR naming a body field."""
    return ApiError(422, "VALIDATION_ERROR", message, details={"field": field})
