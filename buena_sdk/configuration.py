"""Client settings: where the API is, how to authenticate, how to connect."""

from __future__ import annotations

import copy
import logging
import math
import os
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import urllib3
from urllib3.util.retry import Retry

from buena_sdk._redact import MASK, register_secret
from buena_sdk.exceptions import ApiValueError

DEFAULT_HOST = "https://api.buena.ai/api/v2"
API_KEY_ENV = "BUENA_API_KEY"
AUTH_NAME = "ApiKeyAuth"
AUTH_HEADER = "x-api-key"
VERSION = "1.0.0"
DEFAULT_USER_AGENT = f"buena-sdk-python/{VERSION}"
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_RETRIES = 2
DEFAULT_MAX_RETRY_AFTER = 60.0
# Sockets cannot wait much longer than this; a week is beyond any real need.
MAX_TIMEOUT = 7 * 24 * 3600.0

TimeoutSetting = float | tuple[float, float] | urllib3.Timeout
"""Seconds for connect and read alike, a (connect, read) pair, or a Timeout."""

logger = logging.getLogger("buena_sdk")


class ApiKeyStore(dict[str, str]):
    """The ``api_key`` mapping: registers every key for redaction, masks its repr."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        super().__init__()
        for name, value in (values or {}).items():
            self[name] = value

    def __setitem__(self, name: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"api_key[{name!r}] must be a str")
        register_secret(value)
        super().__setitem__(name, value)

    def update(self, *args: Any, **kwargs: str) -> None:
        """Set several keys, registering each for redaction."""
        for name, value in dict(*args, **kwargs).items():
            self[name] = value

    def __repr__(self) -> str:
        return repr(dict.fromkeys(self, MASK))


class Configuration:
    """Settings shared by every request an `ApiClient` makes.

    Args:
        host: Base URL of the API, ``https://api.buena.ai/api/v2`` by default.
        api_key: ``{"ApiKeyAuth": "..."}`` or the key itself. When neither this
            nor ``api_key['ApiKeyAuth']`` is set, ``BUENA_API_KEY`` is used.
        api_key_prefix: Optional prefix per key name, sent before the key.
        server_index: Pick ``host`` from `get_host_settings` when no host
            is given.
        server_variables: Values for that server's URL variables.
        timeout: Seconds for connect and read, a ``(connect, read)`` pair or a
            `urllib3.Timeout`. By default 10 s to connect and 30 s to read.
        retries: Retries after a failed attempt: an int (0 disables) or a
            `urllib3.Retry`. By default 2, with exponential backoff and
            jitter: connection failures always; for GET, PUT and DELETE also
            read failures and 429, 500, 502, 503, 504; for POST only 429 and
            503.
        max_retry_after: Longest ``Retry-After`` wait the client honours, in
            seconds; a longer one raises at once instead of waiting.
        user_agent: The ``User-Agent`` header.
        verify_ssl: Verify the server's TLS certificate (on by default).
        ssl_ca_cert: Path of a CA bundle to verify the server with.
        ca_cert_data: PEM text of CA certificates to verify the server with.
        cert_file: Client certificate for mutual TLS.
        key_file: Private key of the client certificate.
        assert_hostname: Hostname to check the certificate against, or False.
        tls_server_name: Server name to send in the TLS handshake (SNI).
        connection_pool_maxsize: Connections kept per host; also the number
            of concurrent requests, since the pool blocks when all are busy.
        proxy: URL of an HTTP(S) proxy.
        proxy_headers: Headers sent to the proxy.
        socket_options: Options passed to every new socket.
        client_side_validation: Check parameters before sending (on).
        safe_chars_for_path_param: Characters not percent-encoded in paths.
        debug: Log each request at DEBUG level to stderr (key redacted).
        logger_file: Also write the SDK's log records to this file.
        logger_format: Format of the records written for debug/logger_file.

    Raises:
        TypeError: For an unknown keyword, naming it.
    """

    _default: ClassVar[Configuration | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        host: str | None = None,
        api_key: Mapping[str, str] | str | None = None,
        api_key_prefix: Mapping[str, str] | None = None,
        *,
        server_index: int | None = None,
        server_variables: Mapping[str, str] | None = None,
        timeout: TimeoutSetting | None = None,
        retries: int | Retry | None = None,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        user_agent: str | None = None,
        verify_ssl: bool = True,
        ssl_ca_cert: str | None = None,
        ca_cert_data: str | bytes | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
        assert_hostname: str | bool | None = None,
        tls_server_name: str | None = None,
        connection_pool_maxsize: int | None = None,
        proxy: str | None = None,
        proxy_headers: Mapping[str, str] | None = None,
        socket_options: list[tuple[int, int, int | bytes]] | None = None,
        client_side_validation: bool = True,
        safe_chars_for_path_param: str = "",
        debug: bool = False,
        logger_file: str | None = None,
        logger_format: str = "%(asctime)s %(levelname)s %(name)s: %(message)s",
    ) -> None:
        # Only a missing host means production: an empty one (say, from an
        # unset variable) is refused when used rather than sent to the API.
        self.host = (DEFAULT_HOST if host is None else host).rstrip("/")
        if host is None and server_index is not None:
            self.host = self.get_host_from_settings(server_index, server_variables)
        self.api_key = api_key
        self.api_key_prefix: dict[str, str] = dict(api_key_prefix or {})
        self.refresh_api_key_hook: Callable[[Configuration], None] | None = None
        self.timeout = timeout
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.user_agent = user_agent or DEFAULT_USER_AGENT
        self.verify_ssl = verify_ssl
        self.ssl_ca_cert = ssl_ca_cert
        self.ca_cert_data = ca_cert_data
        self.cert_file = cert_file
        self.key_file = key_file
        self.assert_hostname = assert_hostname
        self.tls_server_name = tls_server_name
        self.connection_pool_maxsize = _pool_size(connection_pool_maxsize)
        self.proxy = proxy
        self.proxy_headers = dict(proxy_headers) if proxy_headers else None
        self.socket_options = socket_options
        self.client_side_validation = client_side_validation
        self.safe_chars_for_path_param = safe_chars_for_path_param
        self.logger_format = logger_format
        self._debug = False
        self._level_before_debug = logging.NOTSET
        self._debug_handler: logging.Handler | None = None
        self._file_handler: logging.Handler | None = None
        self._logger_file: str | None = None
        self.debug = debug
        self.logger_file = logger_file

    def __repr__(self) -> str:
        shown = ("host", "timeout", "retries", "verify_ssl", "proxy")
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"Configuration({fields}, api_key={self.api_key!r})"

    def __deepcopy__(self, memo: dict[int, Any]) -> Configuration:
        clone = copy.copy(self)
        clone.api_key = ApiKeyStore(self.api_key)
        clone.api_key_prefix = dict(self.api_key_prefix)
        clone.proxy_headers = copy.deepcopy(self.proxy_headers, memo)
        # Log handlers belong to the original: a copy switching debug or
        # logger_file off must not remove or close them.
        clone._debug_handler = None
        clone._file_handler = None
        return clone

    @property
    def api_key(self) -> ApiKeyStore:
        """API keys by scheme name; ``api_key['ApiKeyAuth']`` is the one sent.

        Assigning a dict or a key replaces them all; every key, however set,
        is masked in reprs, logs and exception messages.
        """
        return self._api_key

    @api_key.setter
    def api_key(self, value: Mapping[str, str] | str | None) -> None:
        self._api_key = ApiKeyStore(_key_mapping(value))

    @property
    def timeout(self) -> TimeoutSetting | None:
        """The timeout of every call, unless a call passes its own.

        Seconds for connect and read, a ``(connect, read)`` pair, a
        `urllib3.Timeout`, or None for the defaults (10 s and 30 s).

        Raises:
            ApiValueError: On assignment, for a value that is not positive
                finite seconds (at most a week), naming ``timeout``.
        """
        return self._timeout

    @timeout.setter
    def timeout(self, value: TimeoutSetting | None) -> None:
        checked = None if value is None else to_urllib3_timeout(value, "timeout")
        self._timeout = value
        self._urllib3_timeout = checked

    @property
    def urllib3_timeout(self) -> urllib3.Timeout | None:
        """`timeout` as the `urllib3.Timeout` every call uses, or None."""
        return self._urllib3_timeout

    @property
    def debug(self) -> bool:
        """Whether request logging to stderr is switched on.

        True sets the ``buena_sdk`` logger to DEBUG and, unless it already
        has a handler, gives it one on stderr. It never touches other loggers
        or ``http.client``'s own printing, and the API key stays redacted.
        """
        return self._debug

    @debug.setter
    def debug(self, value: bool) -> None:
        was_on, self._debug = self._debug, bool(value)
        if self._debug:
            if not was_on:
                self._level_before_debug = logger.level
            logger.setLevel(logging.DEBUG)
            if self._debug_handler is None and not _has_real_handler(logger):
                self._debug_handler = logging.StreamHandler(sys.stderr)
                self._debug_handler.setFormatter(logging.Formatter(self.logger_format))
                logger.addHandler(self._debug_handler)
            return

        # Only undo what this configuration did: a level set by the
        # application stays as it is.
        if not was_on:
            return
        logger.setLevel(self._level_before_debug)
        if self._debug_handler is not None:
            logger.removeHandler(self._debug_handler)
            self._debug_handler = None

    @property
    def logger_file(self) -> str | None:
        """Path of a file that receives the SDK's log records, if any."""
        return self._logger_file

    @logger_file.setter
    def logger_file(self, path: str | None) -> None:
        if self._file_handler is not None:
            logger.removeHandler(self._file_handler)
            self._file_handler.close()
            self._file_handler = None
        self._logger_file = path
        if path:
            self._file_handler = logging.FileHandler(path)
            self._file_handler.setFormatter(logging.Formatter(self.logger_format))
            logger.addHandler(self._file_handler)

    def get_api_key_with_prefix(
        self, identifier: str, alias: str | None = None
    ) -> str | None:
        """The key for ``identifier`` (or ``alias``), with its prefix if any."""
        if self.refresh_api_key_hook is not None:
            self.refresh_api_key_hook(self)

        key = self.api_key.get(identifier)
        if key is None and alias is not None:
            key = self.api_key.get(alias)
        if key is None and identifier == AUTH_NAME:
            key = os.environ.get(API_KEY_ENV) or None
            register_secret(key)
        if key is None:
            return None

        prefix = self.api_key_prefix.get(identifier)
        return f"{prefix} {key}" if prefix else key

    def auth_settings(self) -> dict[str, dict[str, str]]:
        """The authentication this client will send, keyed by scheme name."""
        key = self.get_api_key_with_prefix(AUTH_NAME)
        if key is None:
            return {}
        return {
            AUTH_NAME: {
                "type": "api_key",
                "in": "header",
                "key": AUTH_HEADER,
                "value": key,
            }
        }

    def get_host_settings(self) -> list[dict[str, Any]]:
        """The servers the API is documented to run on."""
        return [
            {
                "url": DEFAULT_HOST,
                "description": "Buena.ai production API",
                "variables": {},
            }
        ]

    def get_host_from_settings(
        self,
        index: int | None,
        variables: Mapping[str, str] | None = None,
        servers: list[dict[str, Any]] | None = None,
    ) -> str:
        """The URL of server ``index``, or `host` when ``index`` is None."""
        if index is None:
            return self.host

        servers = servers if servers is not None else self.get_host_settings()
        if not 0 <= index < len(servers):
            raise ValueError(
                f"host index {index} is out of range: there are {len(servers)} servers"
            )

        server = servers[index]
        url: str = server["url"]
        for name, spec in server.get("variables", {}).items():
            value = (variables or {}).get(name, spec["default_value"])
            url = url.replace("{" + name + "}", value)
        return url

    def to_debug_report(self) -> str:
        """Versions and settings to paste into a support request (no secrets)."""
        import platform

        import pydantic

        lines = [
            "Python SDK Debug Report:",
            f"OS: {platform.platform()}",
            f"Python Version: {sys.version.split()[0]}",
            "Version of the API: 2.0.0",
            f"SDK Package Version: {VERSION}",
            f"urllib3: {_urllib3_version()}",
            f"pydantic: {pydantic.VERSION}",
            f"Host: {self.host}",
            f"API key set: {self.get_api_key_with_prefix(AUTH_NAME) is not None}",
        ]
        return "\n".join(lines)

    @classmethod
    def set_default(cls, default: Configuration | None) -> None:
        """Make a copy of ``default`` the configuration new clients start from."""
        with cls._default_lock:
            cls._default = copy.deepcopy(default)

    @classmethod
    def get_default_copy(cls) -> Configuration:
        """A copy of the default configuration (see `set_default`)."""
        return cls.get_default()

    @classmethod
    def get_default(cls) -> Configuration:
        """A copy of the default configuration, or a new one if none was set."""
        with cls._default_lock:
            if cls._default is None:
                return Configuration()
            return copy.deepcopy(cls._default)


def _key_mapping(api_key: Mapping[str, str] | str | None) -> dict[str, str]:
    if api_key is None:
        return {}
    if isinstance(api_key, str):
        return {AUTH_NAME: api_key}
    return dict(api_key)


def to_urllib3_timeout(value: TimeoutSetting, name: str) -> urllib3.Timeout:
    """Check a timeout setting and turn it into a `urllib3.Timeout`.

    Raises:
        ApiValueError: ``value`` is not positive finite seconds (at most a
            week) or a pair of them; the message names ``name``.
    """
    if isinstance(value, urllib3.Timeout):
        return value
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ApiValueError(f"{name} must be seconds or a (connect, read) pair")
        connect, read = (_seconds(part, name) for part in value)
        return urllib3.Timeout(connect=connect, read=read)
    seconds = _seconds(value, name)
    return urllib3.Timeout(connect=seconds, read=seconds)


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiValueError(f"{name} must be a number of seconds, not {value!r}")
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise ApiValueError(
            f"{name} must be positive seconds, at most {MAX_TIMEOUT:g}, not {value!r}"
        )
    return float(value)


def _pool_size(value: int | None) -> int:
    if value is None:
        return max(4, (os.cpu_count() or 1) * 5)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiValueError(
            f"connection_pool_maxsize must be a positive int, not {value!r}"
        )
    return value


def _has_real_handler(target: logging.Logger) -> bool:
    """Whether records of ``target`` reach a handler other than NullHandler."""
    current: logging.Logger | None = target
    while current is not None:
        if any(not isinstance(h, logging.NullHandler) for h in current.handlers):
            return True
        if not current.propagate:
            return False
        current = current.parent
    return False


def _urllib3_version() -> str:
    from importlib.metadata import version

    return version("urllib3")
