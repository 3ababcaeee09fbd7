"""Each API operation described once, and the one path every call takes.

`DefaultApi` methods are thin: they name an `Operation` and hand over their
arguments. Everything else (checking arguments, building the URL, headers and
body, sending, classifying the status, decoding) happens here, once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote, urlencode

import urllib3
from pydantic import BaseModel, ValidationError
from typing_extensions import TypedDict

from buena_sdk._redact import redact_text, register_secret
from buena_sdk.api_response import ApiResponse
from buena_sdk.configuration import AUTH_HEADER, AUTH_NAME, TimeoutSetting
from buena_sdk.exceptions import (
    ApiDecodeError,
    ApiException,
    ApiTypeError,
    ApiValueError,
    body_excerpt,
)
from buena_sdk.models.error import Error

if TYPE_CHECKING:
    from buena_sdk.api_client import ApiClient

T = TypeVar("T", bound=BaseModel)

JSON = "application/json"
# Characters quote() leaves alone whatever its ``safe`` argument says.
_NEVER_QUOTED = re.compile(r"[A-Za-z0-9_.~-]+")


class RequestOptions(TypedDict, total=False):
    """Per-call options every operation accepts.

    ``_request_timeout``: seconds or a (connect, read) pair, for this call
    only. ``_headers``: extra request headers. ``_request_auth``: overrides
    the API key for this call, as
    ``{"in": "header", "key": "x-api-key", "value": "..."}``.
    ``_content_type``: the request body's Content-Type. ``_host_index``: send
    this call to server N of `Configuration.get_host_settings` instead of
    ``host``.
    """

    _request_timeout: TimeoutSetting | None
    _headers: Mapping[str, str] | None
    _request_auth: Mapping[str, Any] | None
    _content_type: str | None
    _host_index: int | None


OPTION_NAMES = frozenset(RequestOptions.__annotations__)


@dataclass(frozen=True)
class QueryParam:
    """A query parameter: its checks and how it is sent."""

    name: str
    kind: type[int] | type[str]
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def check(self, operation: str, value: Any) -> None:
        """Raise a clear error when ``value`` is not acceptable."""
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ApiTypeError(
                    f"{operation}: {self.name} must be an int, "
                    f"not {type(value).__name__}"
                )
            if self.minimum is not None and value < self.minimum:
                raise ApiValueError(_range_message(operation, self, value))
            if self.maximum is not None and value > self.maximum:
                raise ApiValueError(_range_message(operation, self, value))
            return

        if not isinstance(value, str):
            raise ApiTypeError(
                f"{operation}: {self.name} must be a str, not {type(value).__name__}"
            )
        if self.choices and value not in self.choices:
            allowed = ", ".join(repr(choice) for choice in self.choices)
            raise ApiValueError(
                f"{operation}: {self.name} must be one of {allowed}, not {value!r}"
            )


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API operation: where it goes, what it takes, what it returns."""

    name: str
    method: str
    path: str
    response_model: type[T]
    success_status: int = 200
    path_param: str | None = None
    query: tuple[QueryParam, ...] = ()
    body_param: str | None = None
    body_model: type[BaseModel] | None = None
    returns_secret: bool = False
    query_by_name: Mapping[str, QueryParam] = field(init=False, repr=False)
    plain_query_names: frozenset[str] = field(init=False, repr=False)
    path_parts: tuple[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_name = {param.name: param for param in self.query}
        object.__setattr__(self, "query_by_name", by_name)
        plain = frozenset(name for name in by_name if _NEVER_QUOTED.fullmatch(name))
        object.__setattr__(self, "plain_query_names", plain)

        # "/leads/{leadId}" -> ("/leads/", ""): the value goes in between.
        head, _, rest = self.path.partition("{")
        tail = rest.partition("}")[2] if rest else ""
        object.__setattr__(self, "path_parts", (head, tail))


def invoke(
    client: ApiClient,
    operation: Operation[T],
    path_value: str | None,
    query: Mapping[str, Any],
    body: Any,
    options: Mapping[str, Any],
) -> ApiResponse[T]:
    """Send ``operation`` and decode its response, raising on any failure."""
    response = send(client, operation, path_value, query, body, options, True)
    return ApiResponse(
        status_code=response.status,
        data=_receive(operation, response),
        headers=response.headers,
        raw_data=response.data,
    )


def call(
    client: ApiClient,
    operation: Operation[T],
    path_value: str | None,
    query: Mapping[str, Any],
    body: Any,
    options: Mapping[str, Any],
) -> T:
    """`invoke` for the plain methods: the decoded model, no `ApiResponse`."""
    response = send(client, operation, path_value, query, body, options, True)
    return _receive(operation, response)


def _receive(operation: Operation[T], response: urllib3.BaseHTTPResponse) -> T:
    """The decoded body of a read response, or its status error raised."""
    raw = response.data
    if not 200 <= response.status < 300:
        raise _status_error(operation, response, raw)

    data = _decode(operation, response, raw)
    if operation.returns_secret:
        register_secret(getattr(data, "key", None))
    return data


def send(
    client: ApiClient,
    operation: Operation[T],
    path_value: str | None,
    query: Mapping[str, Any],
    body: Any,
    options: Mapping[str, Any],
    preload_content: bool,
) -> urllib3.BaseHTTPResponse:
    """Check the arguments, build the request and send it."""
    if options:
        check_options(operation.name, options)
    validate = client.configuration.client_side_validation

    url = _build_url(client, operation, path_value, query, options, validate)
    headers = _build_headers(client, operation, options)
    payload = _encode_body(operation, body, validate) if operation.body_param else None

    return client.rest_client.send(
        operation.method,
        url,
        headers,
        payload,
        options.get("_request_timeout"),
        preload_content=preload_content,
        operation=operation.name,
    )


def build_url(
    client: ApiClient,
    operation: Operation[Any],
    query: Mapping[str, Any],
    options: Mapping[str, Any],
) -> str:
    """The URL of ``operation`` (no path parameter) with ``query`` checked."""
    validate = client.configuration.client_side_validation
    return _build_url(client, operation, None, query, options, validate)


def call_url(
    client: ApiClient, operation: Operation[T], url: str, options: Mapping[str, Any]
) -> T:
    """`call` for a body-less operation whose URL was built beforehand.

    The headers (and so the API key) are still built for every call.
    """
    response = client.rest_client.send(
        operation.method,
        url,
        _build_headers(client, operation, options),
        None,
        options.get("_request_timeout"),
        operation=operation.name,
    )
    return _receive(operation, response)


def check_options(method: str, options: Mapping[str, Any]) -> None:
    """Refuse per-call options other than those of `RequestOptions`."""
    unknown = set(options) - OPTION_NAMES
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ApiTypeError(f"{method}() got unexpected keyword(s): {names}")


def _build_url(
    client: ApiClient,
    operation: Operation[Any],
    path_value: str | None,
    query: Mapping[str, Any],
    options: Mapping[str, Any],
    validate: bool,
) -> str:
    host_index = options.get("_host_index")
    if host_index is None:
        base = client.configuration.host
    elif isinstance(host_index, bool) or not isinstance(host_index, int):
        raise ApiTypeError(
            f"{operation.name}: _host_index must be an int, "
            f"not {type(host_index).__name__}"
        )
    else:
        try:
            base = client.configuration.get_host_from_settings(host_index)
        except ValueError as exc:
            raise ApiValueError(f"{operation.name}: _host_index: {exc}") from None

    path = operation.path
    if operation.path_param is not None:
        head, tail = operation.path_parts
        path = head + _quote_path_value(client, operation, path_value) + tail

    pairs = []
    for name, value in query.items():
        if value is None:
            continue
        if validate:
            operation.query_by_name[name].check(operation.name, value)
        pairs.append((name, value))

    url = base + path
    if not pairs:
        return url
    try:
        return f"{url}?{_encode_query(operation.plain_query_names, pairs)}"
    except UnicodeEncodeError:
        raise ApiValueError(
            f"{operation.name}: query values must be text UTF-8 can encode"
        ) from None


def _encode_query(plain_names: frozenset[str], pairs: list[tuple[str, Any]]) -> str:
    """What ``urlencode(pairs)`` returns, skipping it for values like 100.

    ``plain_names`` are parameter names that need no quoting.
    """
    parts = []
    for name, value in pairs:
        if name in plain_names and (
            type(value) is int
            or (type(value) is str and _NEVER_QUOTED.fullmatch(value))
        ):
            parts.append(f"{name}={value}")
        else:
            parts.append(urlencode([(name, value)]))
    return "&".join(parts)


def _quote_path_value(
    client: ApiClient, operation: Operation[Any], value: str | None
) -> str:
    name = operation.path_param
    if not isinstance(value, str):
        raise ApiTypeError(
            f"{operation.name}: {name} must be a str, not {type(value).__name__}"
        )
    if not value:
        raise ApiValueError(f"{operation.name}: {name} must not be empty")
    if _NEVER_QUOTED.fullmatch(value) and value not in (".", ".."):
        return value  # what quote() and the dot rule below would return
    try:
        quoted = quote(value, safe=client.configuration.safe_chars_for_path_param)
    except UnicodeEncodeError:
        raise ApiValueError(
            f"{operation.name}: {name} must be text UTF-8 can encode"
        ) from None
    # URL parsing resolves "." and ".." segments away, which would send the
    # request to another path; percent-encoded, they stay part of the value.
    return "/".join(
        segment.replace(".", "%2E") if segment in (".", "..") else segment
        for segment in quoted.split("/")
    )


def _build_headers(
    client: ApiClient, operation: Operation[Any], options: Mapping[str, Any]
) -> dict[str, str]:
    headers = dict(client.default_headers)
    headers["Accept"] = JSON
    if operation.body_param is not None:
        headers["Content-Type"] = options.get("_content_type") or JSON

    auth = options.get("_request_auth")
    if auth is not None:
        _apply_request_auth(operation, auth, headers)
    else:
        key = client.configuration.get_api_key_with_prefix(AUTH_NAME)
        if key is not None:
            headers[AUTH_HEADER] = key

    extra = options.get("_headers")
    if extra:
        headers.update(extra)
    return headers


def _apply_request_auth(
    operation: Operation[Any], auth: Mapping[str, Any], headers: dict[str, str]
) -> None:
    if auth.get("in", "header") != "header" or not isinstance(auth.get("value"), str):
        raise ApiValueError(
            f"{operation.name}: _request_auth must look like "
            "{'in': 'header', 'key': 'x-api-key', 'value': '...'}"
        )
    register_secret(auth["value"])
    headers[str(auth.get("key", AUTH_HEADER))] = auth["value"]


def _encode_body(operation: Operation[Any], body: Any, validate: bool) -> bytes:
    """The body as JSON; a value JSON cannot carry is an `ApiValueError`."""
    try:
        return _serialize_body(operation, body, validate)
    except (ApiValueError, ApiTypeError):
        raise
    # pydantic's serialization errors are ValueErrors too.
    except (TypeError, ValueError, RecursionError) as exc:
        raise ApiValueError(
            f"{operation.name}: {operation.body_param} cannot be sent as JSON: {exc}"
        ) from None


def _serialize_body(operation: Operation[Any], body: Any, validate: bool) -> bytes:
    model = operation.body_model
    name = operation.body_param
    if model is None:
        raise ApiTypeError(f"{operation.name} takes no request body")

    if isinstance(body, model):
        return model.__pydantic_serializer__.to_json(body, exclude_unset=True)
    if not isinstance(body, Mapping):
        raise ApiTypeError(
            f"{operation.name}: {name} must be a {model.__name__} or a dict, "
            f"not {type(body).__name__}"
        )
    if not validate:
        import json

        return json.dumps(dict(body), default=str).encode()

    try:
        instance = model.model_validate(body)
    except ValidationError as exc:
        raise ApiValueError(
            f"{operation.name}: {name} is invalid: {_summarise(exc)}"
        ) from exc
    return model.__pydantic_serializer__.to_json(instance, exclude_unset=True)


def _summarise(error: ValidationError) -> str:
    """'email: Field required; tags.0: Input should be a valid string'."""
    parts = []
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in item["loc"]) or "body"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def _decode(
    operation: Operation[T], response: urllib3.BaseHTTPResponse, raw: bytes
) -> T:
    model = operation.response_model
    try:
        if model.__pydantic_complete__:
            # Straight to the validator: model_validate_json only adds
            # argument checks. Before the model's first use it builds it.
            data: T = model.__pydantic_validator__.validate_json(raw)
        else:
            data = model.model_validate_json(raw)
    except ValidationError as exc:
        excerpt = "" if operation.returns_secret else body_excerpt(raw)
        detail = _summarise(exc)
        reason = f"body is not a valid {operation.response_model.__name__}"
        if excerpt:
            reason = f"{reason} ({detail}); body starts: {excerpt}"
        else:
            reason = f"{reason} ({detail})"
        raise ApiDecodeError(
            status=response.status,
            reason=redact_text(reason),
            headers=response.headers,
            operation=operation.name,
            method=operation.method,
            path=_request_path(response),
        ) from None
    return data


def _status_error(
    operation: Operation[Any], response: urllib3.BaseHTTPResponse, raw: bytes
) -> ApiException:
    try:
        error: Error | None = Error.model_validate_json(raw) if raw else None
    except ValidationError:
        error = None
    return ApiException.from_response(
        http_resp=response,
        body=raw,
        data=error,
        operation=operation.name,
        method=operation.method,
        path=_request_path(response),
    )


def _request_path(response: urllib3.BaseHTTPResponse) -> str | None:
    url = response.url
    if not url:
        return None
    return urllib3.util.parse_url(url).path


def _range_message(operation: str, param: QueryParam, value: int) -> str:
    if param.maximum is None:
        bound = f"at least {param.minimum}"
    else:
        bound = f"between {param.minimum} and {param.maximum}"
    return f"{operation}: {param.name} must be {bound}, not {value}"
