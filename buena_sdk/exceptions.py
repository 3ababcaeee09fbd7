"""Exceptions raised by the SDK.

Every failure of a request that was sent derives from `ApiException`, so one
``except ApiException`` catches HTTP errors, transport errors and undecodable
responses alike. Bad input detected before sending raises `ApiValueError` or
`ApiTypeError`, which are also `ValueError` and `TypeError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from buena_sdk._redact import redact_body_excerpt, redact_text

if TYPE_CHECKING:
    from buena_sdk.models.error import Error

BODY_EXCERPT_LENGTH = 200
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


class OpenApiException(Exception):
    """Base class of every exception this package raises."""


class ApiTypeError(OpenApiException, TypeError):
    """A value of the wrong type was given for a parameter or field."""

    def __init__(
        self,
        msg: str,
        path_to_item: list[str | int] | None = None,
        valid_classes: tuple[type, ...] | None = None,
        key_type: bool | None = None,
    ) -> None:
        self.path_to_item = path_to_item
        self.valid_classes = valid_classes
        self.key_type = key_type
        super().__init__(_with_path(msg, path_to_item))


class ApiValueError(OpenApiException, ValueError):
    """A parameter or field has a value the API does not accept."""

    def __init__(self, msg: str, path_to_item: list[str | int] | None = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(_with_path(msg, path_to_item))


class ApiAttributeError(OpenApiException, AttributeError):
    """An attribute that does not exist was requested."""

    def __init__(self, msg: str, path_to_item: list[str | int] | None = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(_with_path(msg, path_to_item))


class ApiKeyError(OpenApiException, KeyError):
    """A key that does not exist was requested."""

    def __init__(self, msg: str, path_to_item: list[str | int] | None = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(_with_path(msg, path_to_item))


class ApiException(OpenApiException):
    """A request was sent and did not produce a usable response.

    Attributes:
        status: HTTP status code, or 0 when no response arrived.
        reason: HTTP reason phrase, or a short description of the failure.
        body: The response body as text, when there was one.
        data: The parsed `Error` body, when the server sent one.
        headers: The response headers, when there was a response.
        code: The server's error code, such as ``"NOT_FOUND"``.
        request_id: The server's ``X-Request-Id``, useful when asking support.
        operation: The SDK method that failed, such as ``"get_lead"``.
        method: HTTP method of the request.
        path: URL path of the request, without the query string.
    """

    def __init__(
        self,
        status: int | None = None,
        reason: str | None = None,
        http_resp: Any = None,
        *,
        body: str | bytes | None = None,
        data: Error | None = None,
        headers: Mapping[str, str] | None = None,
        operation: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        if http_resp is not None:
            status = status if status is not None else http_resp.status
            reason = reason if reason is not None else http_resp.reason
            headers = headers if headers is not None else _headers_of(http_resp)
            if body is None:
                body = getattr(http_resp, "data", None)

        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")

        self.status: int = status if status is not None else 0
        self.reason = reason
        self.body: str | None = body
        self.data = data
        self.headers: Mapping[str, str] | None = headers
        self.operation = operation
        self.method = method
        self.path = path
        self.code, self.server_message = _error_fields(data, body)
        self.request_id = _header(headers, "x-request-id")
        super().__init__(self._describe())

    @classmethod
    def from_response(
        cls,
        *,
        http_resp: Any,
        body: str | bytes | None,
        data: Error | None,
        operation: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> ApiException:
        """Build the exception subclass that matches the response's status."""
        exception_class = exception_class_for_status(http_resp.status)
        return exception_class(
            http_resp=http_resp,
            body=body,
            data=data,
            operation=operation,
            method=method,
            path=path,
        )

    def _describe(self) -> str:
        """One sentence: where, which status, and what the server said."""
        where = " ".join(part for part in (self.method, self.path) if part)
        if self.operation:
            where = f"{self.operation} ({where})" if where else self.operation

        if self.status:
            status = f"HTTP {self.status}"
            if self.reason:
                status = f"{status} {self.reason}"
        elif isinstance(self, ApiConnectionError):
            status = f"no response: {self.reason}" if self.reason else "no response"
        else:
            status = self.reason or "request failed"

        text = f"{where} failed: {status}" if where else status
        if self.code or self.server_message:
            detail = ": ".join(p for p in (self.code, self.server_message) if p)
            text = f"{text}: {detail}"
        if self.request_id:
            text = f"{text} (request id {self.request_id})"
        return redact_text(text)

    def __str__(self) -> str:
        return self._describe()


class BadRequestException(ApiException):
    """HTTP 400: the request was malformed or incomplete."""


class UnauthorizedException(ApiException):
    """HTTP 401: the API key is missing, unknown, inactive or expired."""


class ForbiddenException(ApiException):
    """HTTP 403: the API key lacks the permission this operation needs."""


class NotFoundException(ApiException):
    """HTTP 404: the resource does not exist."""


class ConflictException(ApiException):
    """HTTP 409: the request conflicts with existing data (a duplicate email)."""


class UnprocessableEntityException(ApiException):
    """HTTP 422: the request was well-formed but a value is invalid."""


class TooManyRequestsException(ApiException):
    """HTTP 429: the rate limit was exceeded.

    Attributes:
        retry_after: Seconds the server asked to wait, when it said.
    """

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before retrying, from the header or the body.

        The header may give seconds or an HTTP date; None when neither the
        header nor the ``retry_after`` field of the body says.
        """
        from buena_sdk._retry import parse_retry_after

        header = _header(self.headers, "retry-after")
        if header is not None:
            seconds = parse_retry_after(header)
            if seconds is not None:
                return seconds
        if self.data is not None and self.data.retry_after is not None:
            return max(0.0, float(self.data.retry_after))
        return None


class ServiceException(ApiException):
    """HTTP 5xx: the server failed or is unavailable."""


class ApiConnectionError(ApiException):
    """No HTTP response: connection refused or reset, DNS or TLS failure.

    ``status`` is 0; the underlying urllib3 error is the ``__cause__``.
    """


class ApiTimeoutError(ApiConnectionError):
    """The connect or read timeout ran out before the server answered."""


class ApiDecodeError(ApiException):
    """A successful response whose body is not the JSON the API documents."""


STATUS_EXCEPTIONS: dict[int, type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    422: UnprocessableEntityException,
    429: TooManyRequestsException,
}


def exception_class_for_status(status: int) -> type[ApiException]:
    """Pick the most specific `ApiException` subclass for an HTTP status."""
    if status >= 500:
        return ServiceException
    return STATUS_EXCEPTIONS.get(status, ApiException)


def body_excerpt(body: bytes | str | None) -> str:
    """A short, printable start of a response body for error messages.

    Control characters become spaces, and secrets (registered keys and the
    values of fields such as ``"key"``) are masked.
    """
    if body is None:
        return ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    # The whole body is masked before cutting, so no secret is half shown.
    text = redact_body_excerpt(_CONTROL_CHARACTERS.sub(" ", body))
    if len(text) > BODY_EXCERPT_LENGTH:
        return text[:BODY_EXCERPT_LENGTH] + "..."
    return text


def _with_path(msg: str, path_to_item: list[str | int] | None) -> str:
    if not path_to_item:
        return msg
    rendered = "".join(f"[{item!r}]" for item in path_to_item)
    return f"{msg} at {rendered}"


def _headers_of(http_resp: Any) -> Mapping[str, str] | None:
    """The headers of a urllib3 response or a `RESTResponse`."""
    headers = getattr(http_resp, "headers", None)
    if isinstance(headers, Mapping):
        return headers
    getheaders = getattr(http_resp, "getheaders", None)
    return getheaders() if getheaders is not None else None


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """Case-insensitive header lookup on any mapping."""
    if not headers:
        return None
    value = headers.get(name)
    if value is not None:
        return value
    for key, candidate in headers.items():
        if key.lower() == name:
            return candidate
    return None


def _error_fields(
    data: Error | None, body: str | None
) -> tuple[str | None, str | None]:
    """The server's error code and message, from the parsed body or raw JSON."""
    if data is not None:
        return data.code, data.message
    if not body:
        return None, None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None, None
    if not isinstance(parsed, dict):
        return None, None
    code, message = parsed.get("code"), parsed.get("message")
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
    )
