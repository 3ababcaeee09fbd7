"""The HTTP transport: a urllib3 pool, timeouts, redirects and error wrapping.

`RESTClientObject.pool_manager` may be replaced by any urllib3 `PoolManager`;
its own retry policy then applies. Whatever happens underneath, callers see
either a `RESTResponse` or an `ApiException` subclass, never a raw urllib3
error; input urllib3 or http.client could not send (a bad host URL, a header
value with a line break) is refused with `ApiValueError` before sending.

Redirects are followed here, not by urllib3, so that the API key is dropped
as soon as a redirect leaves the origin it was configured for. With a plain
`PoolManager`, requests go straight to the connection pool of their origin
(see `RESTClientObject._open`), which spares urllib3's per-request URL
parsing.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import math
import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlencode, urljoin

import urllib3
from urllib3.connectionpool import HTTPConnectionPool, port_by_scheme
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ProxyError,
    ReadTimeoutError,
    ResponseError,
    SSLError,
)
from urllib3.util.url import parse_url

from buena_sdk._redact import SECRET_HEADERS
from buena_sdk._retry import build_default_retry
from buena_sdk.configuration import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRIES,
    TimeoutSetting,
    to_urllib3_timeout,
)
from buena_sdk.exceptions import (
    ApiConnectionError,
    ApiDecodeError,
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    body_excerpt,
    exception_class_for_status,
)

if TYPE_CHECKING:
    from buena_sdk.configuration import Configuration

__all__ = ["ApiException", "RESTClientObject", "RESTResponse"]

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
_STATUS_IN_MESSAGE = re.compile(r"too many (\d{3}) error responses")
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FORBIDDEN_IN_HEADER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Scheme and authority, delimited as urllib3's parse_url delimits them.
_ORIGIN = re.compile(r"https?://[^/?#\\]*")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Header name/value pairs a client remembers as checked (see _check_headers).
_MAX_GOOD_HEADERS = 64
# Shared like a Timeout the caller passes in: urllib3 clones it per request.
_DEFAULT_TIMEOUT = urllib3.Timeout(
    connect=DEFAULT_CONNECT_TIMEOUT, read=DEFAULT_READ_TIMEOUT
)


class RESTResponse:
    """A response from the transport: status, reason, headers and body."""

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self.response = response
        self.status = response.status
        self.reason = response.reason
        self.data: bytes | None = None

    def read(self) -> bytes:
        """The whole body, read once and kept."""
        if self.data is None:
            self.data = self.response.data
        return self.data

    def getheaders(self) -> urllib3.HTTPHeaderDict:
        """Every response header (case-insensitive mapping)."""
        return self.response.headers

    def getheader(self, name: str, default: str | None = None) -> str | None:
        """One response header, or ``default`` when it is absent."""
        value: str | None = self.response.headers.get(name, default)
        return value


class RESTClientObject:
    """Sends requests through a urllib3 pool built from a `Configuration`.

    Attributes:
        pool_manager: The urllib3 pool. Replace it to take full control of
            connections and retries; the SDK then passes no retry policy of
            its own, so the replacement's policy is the one that applies.
    """

    def __init__(self, configuration: Configuration) -> None:
        self.configuration = configuration
        self.pool_manager: urllib3.PoolManager = build_pool_manager(configuration)
        # Text headers that passed the check; see _check_headers.
        self._good_headers: set[tuple[str, str]] = set()
        # "scheme://authority/" of the last URL that passed _check_url.
        self._good_origin: str | None = None
        # Where the pool manager keeps the last origin's connections; see _open.
        self._origin_pool: _OriginPool | None = None

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool_manager.clear()
        self._good_headers.clear()
        self._origin_pool = None

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        post_params: Any = None,
        _request_timeout: TimeoutSetting | None = None,
        *,
        preload_content: bool = True,
        operation: str | None = None,
    ) -> RESTResponse:
        """Send one request, following redirects and applying retries.

        Args:
            method: HTTP method.
            url: Absolute URL, query string included.
            headers: Request headers.
            body: Bytes, text, or a JSON-serialisable value.
            post_params: Form fields, sent url-encoded when there is no body.
            _request_timeout: Overrides the configured timeout for this call.
            preload_content: Read the whole body before returning.
            operation: SDK method name, used in error messages.

        Raises:
            ApiValueError: The URL, a header or the timeout cannot be used;
                nothing was sent.
            ApiConnectionError: No response arrived (refused, reset, DNS, TLS).
            ApiTimeoutError: The connect or read timeout ran out.
            ApiDecodeError: The body of a successful response was cut off.
            ApiException: The body of an error response was cut off, or
                retries ended on an error status without a response to show
                (only with a replaced pool manager).
        """
        checked = dict(headers) if headers else {}
        payload = _encode_body(body, post_params, checked)
        return RESTResponse(
            self.send(
                method,
                url,
                checked,
                payload,
                _request_timeout,
                preload_content=preload_content,
                operation=operation,
            )
        )

    def send(
        self,
        method: str,
        url: str,
        headers: dict[str, Any],
        body: bytes | None,
        timeout: TimeoutSetting | None = None,
        *,
        preload_content: bool = True,
        operation: str | None = None,
    ) -> urllib3.BaseHTTPResponse:
        """`request` for a body already encoded: the urllib3 response.

        The SDK's operations call this directly. ``headers`` must be a dict
        the caller does not reuse: a number in it is replaced by its text.
        Raises what `request` raises.
        """
        method = method.upper()  # as urllib3's request() does
        if self._good_origin is None or not url.startswith(self._good_origin):
            self._good_origin = _check_url(url)
        _check_headers(headers, self._good_headers)
        resolved = resolve_timeout(timeout, self.configuration.urllib3_timeout)

        started = time.perf_counter()
        try:
            response = self._exchange(method, url, headers, body, resolved)
            if preload_content:
                _read_fully(response, method, url, operation, resolved)
        except HTTPError as exc:
            error = wrap_transport_error(exc, method, url, operation, resolved)
            _log_failure(method, url, started, error)
            raise error from _cause_of(exc)
        except ApiException as error:
            _log_failure(method, url, started, error)
            raise

        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s in %.1f ms (request id %s)",
                method,
                _path_of(url),
                response.status,
                _elapsed_ms(started),
                response.headers.get("x-request-id", "-"),
            )
        return response

    def _exchange(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        timeout: urllib3.Timeout,
    ) -> urllib3.BaseHTTPResponse:
        """One exchange plus redirects; the key never crosses to another host."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._open(method, url, headers, body, timeout)
            if response.url is None:
                # urllib3 leaves the URL unset on a response that came after
                # a retry; errors name the request path from it.
                response.url = parse_url(url).request_uri
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.get_redirect_location()
            if not location:
                return response

            response.drain_conn()
            response.release_conn()
            target = urljoin(url, location)
            if not _same_origin(url, target):
                headers = _without_secrets(headers)
            if response.status == 303:
                method, body = "GET", None
            url = target

        return response

    def _open(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        timeout: urllib3.Timeout,
    ) -> urllib3.BaseHTTPResponse:
        """One exchange, handed to the connection pool of the URL's origin.

        `PoolManager.request` parses the whole URL and builds the pool key
        on every call, which costs more than the rest of a call's client-side
        work. For a plain `PoolManager`, the key of the last origin is kept,
        and the pool found by it is given the request target, exactly what
        `PoolManager.urlopen` gives it. Anything else (a proxy, a subclass,
        a patched method) gets the URL through its own `request`.
        """
        target = self._pool_for(url)
        if target is None:
            return self.pool_manager.request(
                method,
                url,
                body=body,
                headers=headers,
                timeout=timeout,
                preload_content=False,
                redirect=False,
            )

        pool, request_target = target
        return pool.urlopen(
            method,
            request_target,
            body=body,
            headers=headers,
            timeout=timeout,
            preload_content=False,
            redirect=False,
            assert_same_host=False,
        )

    def _pool_for(self, url: str) -> tuple[HTTPConnectionPool, str] | None:
        """The origin's connection pool and the request target, when safe.

        None sends the URL through the pool manager instead: it is not a
        plain `PoolManager` (see `_is_plain_pool_manager`), or the URL has
        something `parse_url` would rewrite beyond what the connection pool
        itself re-encodes (a dot segment, a fragment).
        """
        manager = self.pool_manager
        if not _is_plain_pool_manager(manager):
            return None

        cached = self._origin_pool
        if (
            cached is None
            or cached.manager is not manager
            or not url.startswith(cached.prefix)
            or manager.connection_pool_kw != cached.settings
        ):
            cached = self._origin_pool = _origin_pool(manager, url)
            if cached is None:
                return None

        request_target = url[len(cached.prefix) - 1 :]
        path = request_target.partition("?")[0]
        if "/." in path or "#" in request_target:
            return None

        # The manager's own lookup by key: it marks the pool as recently
        # used, and builds a new one after clear() or an eviction. It may
        # consume the context it is given, hence the copy.
        pool = manager.connection_from_pool_key(
            cached.key, request_context=dict(cached.context)
        )
        return pool, request_target


class _OriginPool(NamedTuple):
    """How a `PoolManager` finds the connection pool of one origin."""

    manager: urllib3.PoolManager
    prefix: str
    """``scheme://authority/`` of the origin."""
    settings: dict[str, Any]
    """The manager's ``connection_pool_kw`` when ``key`` was computed."""
    key: Any
    context: dict[str, Any]


def _origin_pool(manager: urllib3.PoolManager, url: str) -> _OriginPool | None:
    """The pool key and request context ``manager.urlopen(url)`` would use.

    These are what `PoolManager.connection_from_host` computes from a parsed
    URL on every request; here they are computed once per origin. None when
    the URL has no origin the shortcut can use.
    """
    origin = _ORIGIN.match(url)
    if origin is None or not url.startswith(origin.group() + "/"):
        return None
    try:
        parts = parse_url(origin.group())
    except LocationValueError:
        return None
    scheme = parts.scheme or "http"
    key_for = manager.key_fn_by_scheme.get(scheme)
    if key_for is None or not parts.host:
        return None

    context = dict(manager.connection_pool_kw)
    context["scheme"] = scheme
    context["port"] = parts.port if parts.port is not None else port_by_scheme[scheme]
    context["host"] = parts.host
    return _OriginPool(
        manager=manager,
        prefix=origin.group() + "/",
        settings=dict(manager.connection_pool_kw),
        key=key_for(context),
        context=context,
    )


def _is_plain_pool_manager(manager: object) -> bool:
    """Whether ``manager`` is a `PoolManager` whose requests may skip it.

    Not when it is a subclass or a proxy, nor when its ``request`` or
    ``urlopen`` was replaced on the instance or the class, as tests do with
    ``mock.patch``: such a replacement must see every request.
    """
    cls = type(manager)
    return (
        cls is urllib3.PoolManager
        and _PLAIN_POOL_METHODS is not None
        and cls.request is _PLAIN_POOL_METHODS[0]
        and cls.urlopen is _PLAIN_POOL_METHODS[1]
        and "request" not in manager.__dict__
        and "urlopen" not in manager.__dict__
    )


def _plain_pool_methods() -> tuple[Any, Any] | None:
    """urllib3's own `PoolManager.request` and `urlopen`, if not replaced yet."""
    methods = (urllib3.PoolManager.request, urllib3.PoolManager.urlopen)
    if all(getattr(m, "__module__", "").startswith("urllib3.") for m in methods):
        return methods
    return None


_PLAIN_POOL_METHODS = _plain_pool_methods()


def build_pool_manager(configuration: Configuration) -> urllib3.PoolManager:
    """A pool with the configuration's TLS, proxy, size and retry settings."""
    options: dict[str, Any] = {
        "num_pools": 4,
        "maxsize": configuration.connection_pool_maxsize,
        "block": True,
        "retries": build_retry(configuration),
        "cert_reqs": "CERT_REQUIRED" if configuration.verify_ssl else "CERT_NONE",
        "ca_certs": configuration.ssl_ca_cert,
        "ca_cert_data": configuration.ca_cert_data,
        "cert_file": configuration.cert_file,
        "key_file": configuration.key_file,
    }
    if configuration.assert_hostname is not None:
        options["assert_hostname"] = configuration.assert_hostname
    if configuration.tls_server_name:
        options["server_hostname"] = configuration.tls_server_name
    if configuration.socket_options is not None:
        options["socket_options"] = configuration.socket_options
    if not configuration.verify_ssl:
        logger.warning(
            "TLS certificate verification is off (verify_ssl=False): "
            "anyone on the network path can read and change requests"
        )

    if configuration.proxy:
        try:
            return urllib3.ProxyManager(
                proxy_url=configuration.proxy,
                proxy_headers=configuration.proxy_headers,
                **options,
            )
        except (LocationValueError, ValueError) as exc:
            # The URL itself is not repeated: it may carry credentials.
            raise ApiValueError(
                f"Configuration.proxy is not a usable proxy URL ({type(exc).__name__})"
            ) from None
    return urllib3.PoolManager(**options)


def build_retry(configuration: Configuration) -> urllib3.Retry:
    """The retry policy for the configuration's ``retries`` setting."""
    retries = configuration.retries
    if isinstance(retries, urllib3.Retry):
        if not retries.raise_on_status:
            return retries
        # The same policy, except that when it gives up on an error status
        # the last response is handed back, so the ApiException raised for
        # it carries the status, headers and body.
        quiet = copy.copy(retries)
        quiet.raise_on_status = False
        return quiet
    if retries is None:
        retries = DEFAULT_RETRIES
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ApiValueError(
            "Configuration.retries must be a non-negative int or a urllib3 "
            f"Retry, not {retries!r}"
        )
    cap = configuration.max_retry_after
    if (
        isinstance(cap, bool)
        or not isinstance(cap, (int, float))
        or math.isnan(cap)
        or cap < 0
    ):
        raise ApiValueError(
            "Configuration.max_retry_after must be a number of seconds, 0 or "
            f"more, not {cap!r}"
        )
    return build_default_retry(retries, float(cap))


def resolve_timeout(
    per_call: TimeoutSetting | None, configured: TimeoutSetting | None
) -> urllib3.Timeout:
    """The timeout for one call: per-call, else configured, else default."""
    if per_call is not None:
        return to_urllib3_timeout(per_call, "_request_timeout")
    if configured is not None:
        return to_urllib3_timeout(configured, "timeout")
    return _DEFAULT_TIMEOUT


def wrap_transport_error(
    exc: HTTPError,
    method: str,
    url: str,
    operation: str | None,
    timeout: urllib3.Timeout,
) -> ApiException:
    """Turn a urllib3 failure into the matching `ApiException` subclass."""
    cause: BaseException = _cause_of(exc)
    if isinstance(cause, ProxyError) and cause.original_error is not None:
        cause = cause.original_error

    host = _host_of(url)
    path = _path_of(url)

    if isinstance(cause, ResponseError):
        match = _STATUS_IN_MESSAGE.search(str(cause))
        status = int(match.group(1)) if match else 0
        return exception_class_for_status(status)(
            status=status,
            reason=f"retries exhausted ({cause})",
            operation=operation,
            method=method,
            path=path,
        )
    if isinstance(cause, ReadTimeoutError):
        return ApiTimeoutError(
            reason=f"read timeout of {timeout.read_timeout} s ran out on {host}",
            operation=operation,
            method=method,
            path=path,
        )
    if isinstance(cause, ConnectTimeoutError) and not isinstance(
        cause, NewConnectionError
    ):
        return ApiTimeoutError(
            reason=f"connect timeout of {timeout.connect_timeout} s ran out on {host}",
            operation=operation,
            method=method,
            path=path,
        )
    return ApiConnectionError(
        reason=_describe_failure(cause, host),
        operation=operation,
        method=method,
        path=path,
    )


def _cause_of(exc: HTTPError) -> BaseException:
    """The urllib3 error that says what went wrong, unwrapping MaxRetryError."""
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        return exc.reason
    return exc


def _describe_failure(cause: BaseException, host: str) -> str:
    if isinstance(cause, NameResolutionError):
        return f"could not resolve host {host}"
    if isinstance(cause, NewConnectionError):
        return f"could not connect to {host} ({_innermost(cause)})"
    if isinstance(cause, SSLError):
        return f"TLS failure with {host} ({_innermost(cause)})"
    if isinstance(cause, ProtocolError):
        return f"connection to {host} broken ({_innermost(cause)})"
    if isinstance(cause, LocationValueError):
        return f"cannot send a request to {host} ({cause})"
    return f"request to {host} failed ({type(cause).__name__})"


def _innermost(exc: BaseException) -> str:
    """The root error's type and message, such as 'ConnectionRefusedError'."""
    current = exc
    seen = 0
    while seen < 10:
        nested = current.__cause__ or current.__context__
        if nested is None and current.args and isinstance(current.args[-1], Exception):
            nested = current.args[-1]
        if nested is None:
            break
        current = nested
        seen += 1
    message = str(current).split("\n")[0][:160]
    name = type(current).__name__
    return f"{name}: {message}" if message and current is not exc else name


def _read_fully(
    response: urllib3.BaseHTTPResponse,
    method: str,
    url: str,
    operation: str | None,
    timeout: urllib3.Timeout,
) -> None:
    """Read and keep the body, so a cut-off body is reported with its status."""
    try:
        response.data  # noqa: B018 - reading caches the body on the response
    except HTTPError as exc:
        raise _body_error(response, exc, method, url, operation, timeout) from exc
    finally:
        response.release_conn()


def _body_error(
    response: urllib3.BaseHTTPResponse,
    exc: HTTPError,
    method: str,
    url: str,
    operation: str | None,
    timeout: urllib3.Timeout,
) -> ApiException:
    """The error for a response whose body could not be read whole."""
    error_class: type[ApiException] = ApiDecodeError
    partial = _partial_body(exc)
    what = "body cut off" if isinstance(exc, ProtocolError) else "body unreadable"
    reason = f"response {what} ({_innermost(exc)})"
    if isinstance(exc, ReadTimeoutError):
        error_class, partial = ApiTimeoutError, None
        reason = (
            f"read timeout of {timeout.read_timeout} s ran out on {_host_of(url)} "
            "while reading the body"
        )
    elif response.status >= 400:
        error_class = exception_class_for_status(response.status)
        reason = f"{response.reason} ({what})"
    elif partial:
        reason = f"{reason}; body starts: {body_excerpt(partial)}"

    return error_class(
        status=response.status,
        reason=reason,
        body=partial if response.status >= 400 else None,
        headers=response.headers,
        operation=operation,
        method=method,
        path=_path_of(url),
    )


def _partial_body(exc: BaseException) -> bytes | None:
    """The bytes that did arrive before the connection broke, when known."""
    for candidate in (exc, *exc.args):
        partial = getattr(candidate, "partial", None)
        if isinstance(partial, bytes):
            return partial
    return None


def _encode_body(body: Any, post_params: Any, headers: dict[str, str]) -> bytes | None:
    if body is None:
        if post_params:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            return urlencode(post_params).encode()
        return None
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    headers.setdefault("Content-Type", "application/json")
    try:
        return json.dumps(body, separators=(",", ":")).encode()
    except (TypeError, ValueError, RecursionError) as exc:
        raise ApiValueError(f"the request body cannot be sent as JSON: {exc}") from None


def _check_url(url: str) -> str | None:
    """Refuse a URL urllib3 could not send to, naming the setting to fix.

    Returns the URL's ``scheme://authority/`` when that is all the check
    depends on, so later URLs starting with it need no check.
    """
    # Only the scheme and the authority can make a URL unusable, and the
    # calls to one host share them: a good origin is checked once.
    origin = _ORIGIN.match(url)
    if origin is None or not _is_good_origin(origin.group()):
        _check_parsed_url(url)
        return None
    return origin.group() + "/"


@functools.lru_cache(maxsize=64)
def _is_good_origin(origin: str) -> bool:
    try:
        _check_parsed_url(origin)
    except ApiValueError:
        return False
    return True


def _check_parsed_url(url: str) -> None:
    try:
        parts = parse_url(url)
    except LocationValueError as exc:
        raise ApiValueError(
            f"Configuration.host does not give a valid URL: {exc}"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.host:
        raise ApiValueError(
            "Configuration.host must be an http:// or https:// URL with a host, "
            f"such as {DEFAULT_HOST}"
        )


def _check_headers(headers: dict[str, Any], known_good: set[tuple[str, str]]) -> None:
    """Refuse any header http.client could not send; numbers become text.

    The same few headers go out on every call, so text headers that pass are
    remembered in ``known_good``. That set belongs to one client: an API key
    in it lives no longer than the client that sends it.
    """
    for name, value in headers.items():
        if type(value) is str and (name, value) in known_good:
            continue
        text = _check_header(name, value)
        if text is not value:
            headers[name] = text
        if type(name) is str:
            if len(known_good) >= _MAX_GOOD_HEADERS:
                known_good.clear()
            known_good.add((name, text))


def _check_header(name: Any, value: Any) -> str:
    """The header's value as text; the message never shows it (it may be a key)."""
    if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
        raise ApiValueError(f"{name!r} is not a valid HTTP header name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ApiTypeError(
            f"the value of header {name} must be a str, not {type(value).__name__}"
        )
    if _FORBIDDEN_IN_HEADER.search(value):
        raise ApiValueError(
            f"the value of header {name} contains a line break or control character"
        )
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ApiValueError(
            f"the value of header {name} has characters HTTP headers cannot "
            "carry (only Latin-1 is allowed)"
        ) from None
    return value


def _same_origin(first: str, second: str) -> bool:
    try:
        a, b = parse_url(first), parse_url(second)
    except LocationValueError:
        return False
    return (a.scheme, a.host, a.port or _DEFAULT_PORTS.get(a.scheme or "")) == (
        b.scheme,
        b.host,
        b.port or _DEFAULT_PORTS.get(b.scheme or ""),
    )


def _without_secrets(headers: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in SECRET_HEADERS}


def _host_of(url: str) -> str:
    """``host:port`` of a URL for messages; the URL itself if unparseable."""
    try:
        parts = parse_url(url)
    except LocationValueError:
        return "an unparseable URL"
    if parts.port:
        return f"{parts.host}:{parts.port}"
    return str(parts.host)


def _path_of(url: str) -> str:
    """The path of a URL, without the query string (it may hold search terms)."""
    try:
        return parse_url(url).path or "/"
    except LocationValueError:
        return "/"


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _log_failure(method: str, url: str, started: float, error: ApiException) -> None:
    # A transport failure's reason is safe to log; other reasons may quote
    # the response body, which is never logged.
    if isinstance(error, ApiConnectionError) and not error.status:
        outcome = str(error.reason)
    else:
        outcome = f"{type(error).__name__} after HTTP {error.status}"
    logger.debug(
        "%s %s failed in %.1f ms: %s",
        method,
        _path_of(url),
        _elapsed_ms(started),
        outcome,
    )
