"""MockServer: a stateful, scriptable Buena.ai API v2 on 127.0.0.1."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from ._app import Application
from ._errors import ApiError
from ._faults import Fault
from ._handler import MockHTTPServer
from ._records import RecordedRequest
from ._routes import ALL_PERMISSIONS, BASE_PATH, check_route_name
from ._store import Store, new_key_secret

logger = logging.getLogger(__name__)

_P = ParamSpec("_P")
_T = TypeVar("_T")

DEFAULT_MAX_BODY_BYTES = 1_048_576
# How often the serving loop checks for stop(): stop() returns within about this.
_POLL_INTERVAL_SECONDS = 0.01
_JOIN_TIMEOUT_SECONDS = 5.0


class MockServer:
    """A local, in-memory Buena.ai API v2 server for tests and offline work.

    It keeps leads and API keys in memory, applies the API's validation and
    error rules, and can be scripted to fail: faults per route, a rate limit,
    and a health status. Every request is recorded.

    Example:
        with MockServer(seed_leads=10) as server:
            configuration.host = server.url
            configuration.api_key["ApiKeyAuth"] = server.api_key
            ...
            assert server.request_count("GET /leads") == 1

    Args:
        host: Interface to listen on.
        port: Port to listen on; 0 picks a free one.
        seed_leads: Number of realistic leads to create up front.
        api_key: The master key (every permission); a random one if None.
        max_body_bytes: Larger request bodies are answered with 413.
        random_seed: Makes seeded leads and lead ids reproducible.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed_leads: int = 0,
        api_key: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        random_seed: int | None = None,
    ) -> None:
        if not 0 <= port <= 65535:
            raise ValueError("port must be 0 to 65535.")
        if max_body_bytes < 0:
            raise ValueError("max_body_bytes must be 0 or more.")
        if api_key is not None and not api_key:
            raise ValueError("api_key must not be empty.")
        self._host = host
        self._port = port
        self._api_key = api_key or new_key_secret()
        self._app = Application(
            Store(self._api_key, random.Random(random_seed)),
            max_body_bytes=max_body_bytes,
        )
        self._httpd: MockHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lifecycle_lock = threading.Lock()
        if seed_leads:
            self.seed_leads(seed_leads)

    def __repr__(self) -> str:
        where = self.url if self._port else "not started"
        return f"MockServer({where}, running={self._httpd is not None})"

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # Lifecycle

    @property
    def api_key(self) -> str:
        """The master key: it holds every permission and never expires."""
        return self._api_key

    @property
    def port(self) -> int:
        """The port the server listens on (known once started)."""
        if not self._port:
            raise RuntimeError("The MockServer has not been started.")
        return self._port

    @property
    def url(self) -> str:
        """The API base URL, such as ``http://127.0.0.1:4010/api/v2``."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(
            self._host, self._host
        )
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}{BASE_PATH}"

    def start(self) -> MockServer:
        """Bind the port and serve on a background thread; return self.

        After stop(), start() binds the same port again, so ``url`` stays valid.

        Raises:
            RuntimeError: The server is already running.
            OSError: The port cannot be bound.
        """
        with self._lifecycle_lock:
            if self._httpd is not None:
                raise RuntimeError("The MockServer is already running.")
            self._app.stopping.clear()
            httpd = MockHTTPServer((self._host, self._port), self._app)
            self._port = httpd.server_port
            thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": _POLL_INTERVAL_SECONDS},
                name=f"buena-mock-server-{self._port}",
                daemon=True,
            )
            thread.start()
            self._httpd, self._thread = httpd, thread
        logger.debug("Mock server listening on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving, close the listening socket and open connections.

        Does nothing when the server is not running.
        """
        with self._lifecycle_lock:
            httpd, thread = self._httpd, self._thread
            self._httpd = self._thread = None
        if httpd is None or thread is None:
            return
        self._app.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        thread.join(_JOIN_TIMEOUT_SECONDS)
        logger.debug("Mock server on port %s stopped", self._port)

    # Keys

    def add_api_key(
        self,
        *,
        permissions: Iterable[str] = ALL_PERMISSIONS,
        name: str = "Test key",
        is_active: bool = True,
        expires_at: datetime | None = None,
    ) -> str:
        """Create an API key directly and return the full secret.

        Args:
            permissions: Permissions from ALL_PERMISSIONS.
            name: Name shown by listApiKeys.
            is_active: False makes the key answer 401 API_KEY_INACTIVE.
            expires_at: A past time makes the key answer 401 API_KEY_EXPIRED.
                A naive datetime is taken as local time.

        Raises:
            ValueError: An unknown or repeated permission, or none at all.
        """
        expiry = None if expires_at is None else expires_at.astimezone(timezone.utc)
        secret = new_key_secret()
        with self._app.lock:
            _call_as_python(
                self._app.store.add_key,
                secret,
                list(permissions),
                name=name,
                is_active=is_active,
                expires_at=expiry,
            )
        return secret

    # Leads

    def seed_leads(self, count: int) -> list[dict[str, Any]]:
        """Add ``count`` realistic leads with distinct emails and return them.

        Their ``created_at`` values spread over the past months, in order.
        """
        with self._app.lock:
            return self._app.store.seed_leads(count)

    def add_lead(self, **fields: Any) -> dict[str, Any]:
        """Create a lead with the same rules as POST /leads and return it.

        A ``status`` keyword (active, inactive or contacted) is also accepted.

        Raises:
            ValueError: The fields break a validation rule or the email is taken.
        """
        status = fields.pop("status", "active")
        with self._app.lock:
            return _call_as_python(self._app.store.create_lead, fields, status=status)

    def lead_count(self) -> int:
        """Number of leads stored."""
        with self._app.lock:
            return self._app.store.lead_count()

    def get_lead(self, lead_id: str) -> dict[str, Any] | None:
        """A copy of one lead as the API returns it, or None."""
        with self._app.lock:
            return self._app.store.find_lead(lead_id)

    def leads(self) -> list[dict[str, Any]]:
        """Copies of every lead, oldest first."""
        with self._app.lock:
            return self._app.store.all_leads()

    # Health, faults and rate limit

    def set_health(
        self, status: str = "healthy", services: dict[str, str] | None = None
    ) -> None:
        """Set what GET /health reports.

        ``down`` makes it answer 503 SERVICE_UNAVAILABLE; any other status is
        answered with 200. ``services`` defaults to statuses matching ``status``.
        """
        if not isinstance(status, str) or not status:
            raise ValueError("status must be a non-empty string.")
        with self._app.lock:
            self._app.store.health_status = status
            self._app.store.health_services = (
                None if services is None else dict(services)
            )

    def add_faults(self, route: str, *faults: Fault, times: int = 1) -> None:
        """Queue faults for a route, each answering one request, oldest first.

        Args:
            route: ``"GET /leads"``, ``"GET /leads/{leadId}"``, ... or ``"*"``
                for any route. A request takes the oldest fault queued for its
                route or for ``"*"``.
            faults: The faults, in order.
            times: Queue the whole sequence this many times.

        Raises:
            ValueError: Unknown route, no faults, or ``times`` below 1.
        """
        check_route_name(route)
        if not faults:
            raise ValueError("Give at least one Fault.")
        if any(not isinstance(fault, Fault) for fault in faults):
            raise TypeError("faults must be Fault instances.")
        if times < 1:
            raise ValueError("times must be 1 or more.")
        with self._app.lock:
            self._app.faults.add(route, faults, times)

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._app.lock:
            self._app.faults.clear()

    def set_rate_limit(self, requests: int | None, per_seconds: float = 1.0) -> None:
        """Allow ``requests`` requests per sliding window; None turns the limit off.

        Requests over the limit are answered with 429 RATE_LIMIT_EXCEEDED and a
        ``Retry-After`` of the whole seconds until the window frees (at least 1).
        """
        with self._app.lock:
            self._app.limiter.configure(requests, per_seconds)

    # Recorded requests

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._app.lock:
            return list(self._app.records)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._app.lock:
            self._app.records.clear()

    def request_count(self, route: str | None = None) -> int:
        """Number of requests received, on one route (``"GET /leads"``) or all."""
        if route is not None and route != "*":
            check_route_name(route)
        with self._app.lock:
            records = self._app.records
            if route is None or route == "*":
                return len(records)
            return sum(1 for record in records if record.route == route)

    def reset(self) -> None:
        """Drop leads, extra keys, faults, rate limit, records; health healthy."""
        with self._app.lock:
            self._app.store.reset()
            self._app.faults.clear()
            self._app.limiter.configure(None, 1.0)
            self._app.records.clear()


def _call_as_python(
    function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T:
    """Call a store method, turning an API error into ValueError."""
    try:
        return function(*args, **kwargs)
    except ApiError as error:
        raise ValueError(f"{error.code}: {error.message}") from None
