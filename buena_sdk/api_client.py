"""`ApiClient`: owns the connection pool and turns requests into models."""

from __future__ import annotations

import datetime
import json
import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote, urlencode

from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import ParamSpec, Self

from buena_sdk import models
from buena_sdk.api_response import ApiResponse
from buena_sdk.configuration import Configuration
from buena_sdk.exceptions import ApiDecodeError, ApiException, ApiValueError
from buena_sdk.rest import RESTClientObject, RESTResponse

P = ParamSpec("P")
R = TypeVar("R")

_CONTAINER_TYPE = re.compile(r"^(List|Dict)\[(.*)\]$")
_NATIVE_TYPES: dict[str, type] = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "bytes": bytes,
    "object": object,
    "date": datetime.date,
    "datetime": datetime.datetime,
}


class ApiClient:
    """Sends requests for `DefaultApi` and manages their connections.

    Use it as a context manager, ``with ApiClient(configuration) as client:``
    (or ``async with``), so the pool is closed when you are done.

    Args:
        configuration: Settings; `Configuration.get_default` when omitted.
        header_name: Name of a header to send with every request.
        header_value: Its value.
        cookie: A Cookie header to send with every request.
    """

    _default: ClassVar[ApiClient | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        configuration: Configuration | None = None,
        header_name: str | None = None,
        header_value: str | None = None,
        cookie: str | None = None,
    ) -> None:
        self.configuration = configuration or Configuration.get_default()
        self.rest_client = RESTClientObject(self.configuration)
        self.default_headers: dict[str, str] = {
            "User-Agent": self.configuration.user_agent
        }
        if header_name is not None and header_value is not None:
            self.default_headers[header_name] = header_value
        self.cookie = cookie
        if cookie:
            self.default_headers["Cookie"] = cookie
        self.client_side_validation = self.configuration.client_side_validation
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections and stop the worker threads of async calls."""
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)
        self.rest_client.close()

    @property
    def user_agent(self) -> str:
        """The User-Agent header sent with every request."""
        return self.default_headers["User-Agent"]

    @user_agent.setter
    def user_agent(self, value: str) -> None:
        self.default_headers["User-Agent"] = value

    def set_default_header(self, header_name: str, header_value: str) -> None:
        """Send ``header_name: header_value`` with every request."""
        self.default_headers[header_name] = header_value

    @classmethod
    def get_default(cls) -> ApiClient:
        """The shared client `DefaultApi()` uses when given none."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = ApiClient()
            return cls._default

    @classmethod
    def set_default(cls, default: ApiClient | None) -> None:
        """Replace the shared client returned by `get_default`."""
        with cls._default_lock:
            cls._default = default

    async def run_async(
        self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run a blocking call on the client's worker threads and await it.

        The event loop stays free while the request is in flight. At most
        ``connection_pool_maxsize`` calls run at once; the rest wait their turn.
        """
        import asyncio
        import functools

        loop = asyncio.get_running_loop()
        call = functools.partial(function, *args, **kwargs)
        return await loop.run_in_executor(self._worker_pool(), call)

    def _worker_pool(self) -> ThreadPoolExecutor:
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=self.configuration.connection_pool_maxsize,
                    thread_name_prefix="buena-sdk",
                )
            return self._executor

    def param_serialize(
        self,
        method: str,
        resource_path: str,
        path_params: Mapping[str, Any] | None = None,
        query_params: list[tuple[str, Any]] | Mapping[str, Any] | None = None,
        header_params: Mapping[str, str] | None = None,
        body: Any = None,
        post_params: list[tuple[str, Any]] | None = None,
        files: Mapping[str, Any] | None = None,
        auth_settings: list[str] | None = None,
        collection_formats: Mapping[str, str] | None = None,
        _host: str | None = None,
        _request_auth: Mapping[str, Any] | None = None,
    ) -> tuple[str, str, dict[str, str], Any, list[tuple[str, Any]]]:
        """Build method, URL, headers, body and form fields for `call_api`.

        Path parameters are percent-encoded, ``None`` query values dropped,
        models turned into JSON-ready values, and the API key added.
        """
        if files:
            raise ApiValueError("file uploads are not part of this API")

        headers = dict(self.default_headers)
        headers.update(header_params or {})

        path = resource_path
        for name, value in (path_params or {}).items():
            safe = self.configuration.safe_chars_for_path_param
            path = path.replace("{" + name + "}", quote(str(value), safe=safe))

        url = (_host or self.configuration.host) + path
        pairs = _query_pairs(query_params, collection_formats or {})
        if pairs:
            url = f"{url}?{urlencode(pairs)}"

        auth = _request_auth or self.configuration.auth_settings().get("ApiKeyAuth")
        if auth is not None and (auth_settings is None or auth_settings):
            headers[str(auth["key"])] = str(auth["value"])

        if body is not None:
            body = self.sanitize_for_serialization(body)
        form = list(post_params or [])
        return method, url, headers, body, form

    def call_api(
        self,
        method: str,
        url: str,
        header_params: Mapping[str, str] | None = None,
        body: Any = None,
        post_params: list[tuple[str, Any]] | None = None,
        _request_timeout: Any = None,
    ) -> RESTResponse:
        """Send a prepared request (see `param_serialize`), body read in full.

        Raises:
            ApiException: A transport failure (connection, timeout, TLS).
                HTTP error statuses are raised by `response_deserialize`.
        """
        return self.rest_client.request(
            method,
            url,
            headers=header_params,
            body=body,
            post_params=post_params,
            _request_timeout=_request_timeout,
        )

    def response_deserialize(
        self,
        response_data: RESTResponse,
        response_types_map: Mapping[str, Any] | None = None,
    ) -> ApiResponse[Any]:
        """Decode a `RESTResponse` into an `ApiResponse`, or raise its error.

        ``response_types_map`` maps a status ("200", "2XX") to a model class,
        a type name such as ``"List[Lead]"``, or None for no body.
        """
        raw = response_data.read()
        status = response_data.status
        wanted = _type_for_status(response_types_map or {}, status)

        if not 200 <= status < 300:
            error = _try_error_model(raw)
            raise ApiException.from_response(
                http_resp=response_data, body=raw, data=error
            )

        content_type = response_data.getheader("content-type")
        data = None
        if wanted is bytes or wanted == "bytearray":
            data = raw
        elif wanted is not None and raw:
            data = self.deserialize(raw.decode("utf-8"), wanted, content_type)
        return ApiResponse(
            status_code=status,
            data=data,
            headers=response_data.getheaders(),
            raw_data=raw,
        )

    def deserialize(
        self, response_text: str, response_type: Any, content_type: str | None = None
    ) -> Any:
        """Turn a JSON text into ``response_type`` (a class or a type name).

        Raises:
            ApiDecodeError: The text is not JSON or does not fit the type.
        """
        if content_type and not _is_json(content_type):
            if response_type in (str, "str"):
                return response_text
            raise ApiDecodeError(reason=f"cannot decode content type {content_type}")

        target = _resolve_type(response_type)
        try:
            if target is datetime.datetime:
                return _parse_datetime(json.loads(response_text))
            return TypeAdapter(target).validate_json(response_text)
        except (ValidationError, ValueError) as exc:
            raise ApiDecodeError(
                reason=f"body is not a valid {response_type}: {exc}"
            ) from None

    def sanitize_for_serialization(self, obj: Any) -> Any:
        """Convert models, dates and containers into JSON-ready values."""
        if obj is None or isinstance(obj, (str, int, float, bool)):
            return obj
        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json", exclude_unset=True)
        if isinstance(obj, (datetime.datetime, datetime.date)):
            return obj.isoformat()
        if isinstance(obj, bytes):
            return obj.decode("utf-8")
        if isinstance(obj, (list, tuple, set, frozenset)):
            return [self.sanitize_for_serialization(item) for item in obj]
        if isinstance(obj, Mapping):
            return {
                str(key): self.sanitize_for_serialization(value)
                for key, value in obj.items()
            }
        raise ApiValueError(f"cannot serialize a {type(obj).__name__} to JSON")


def _query_pairs(
    params: list[tuple[str, Any]] | Mapping[str, Any] | None,
    collection_formats: Mapping[str, str],
) -> list[tuple[str, str]]:
    items = params.items() if isinstance(params, Mapping) else params or []
    separators = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}
    pairs: list[tuple[str, str]] = []
    for name, value in items:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            style = collection_formats.get(name, "multi")
            if style == "multi":
                pairs.extend((name, _query_text(item)) for item in value)
                continue
            joined = separators[style].join(_query_text(item) for item in value)
            pairs.append((name, joined))
            continue
        pairs.append((name, _query_text(value)))
    return pairs


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def _type_for_status(types: Mapping[str, Any], status: int) -> Any:
    exact = str(status)
    if exact in types:
        return types[exact]
    return types.get(f"{exact[0]}XX")


def _try_error_model(raw: bytes) -> models.Error | None:
    if not raw:
        return None
    try:
        return models.Error.model_validate_json(raw)
    except ValidationError:
        return None


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _resolve_type(response_type: Any) -> Any:
    """A Python type from a class or a generated-client style type name."""
    if not isinstance(response_type, str):
        return response_type
    match = _CONTAINER_TYPE.match(response_type)
    if match:
        kind, inner = match.groups()
        if kind == "List":
            return list[_resolve_type(inner)]  # type: ignore[misc]
        value_type = inner.split(",", 1)[1].strip()
        return dict[str, _resolve_type(value_type)]  # type: ignore[misc]
    if response_type in _NATIVE_TYPES:
        return _NATIVE_TYPES[response_type]
    model = getattr(models, response_type, None)
    if model is None:
        raise ApiValueError(f"unknown response type {response_type!r}")
    return model


def _parse_datetime(value: Any) -> datetime.datetime:
    from dateutil import parser

    parsed = parser.isoparse(str(value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed
