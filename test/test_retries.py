"""Retries: what is repeated, how long the client waits, and what is raised.

Waits are checked without sleeping: ``time.sleep`` as seen by
``buena_sdk._retry`` is replaced by a list that records each wait.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import urllib3

import buena_sdk
from buena_sdk import _retry
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    ApiValueError,
    ServiceException,
    TooManyRequestsException,
)
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
LEAD = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
HEALTHY = {
    "status": "healthy",
    "timestamp": "2024-06-29T10:00:00Z",
    "version": "2.0.0",
    "services": {"database": "healthy", "redis": "healthy", "api": "healthy"},
    "response_time": 3,
}


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the retry policy asks for, in order; nothing really sleeps."""
    waits: list[float] = []
    monkeypatch.setattr("buena_sdk._retry.time.sleep", waits.append)
    return waits


@pytest.fixture
def make_api(server: MockServer) -> Iterator[ApiFactory]:
    """``make_api(mock=server, **settings)``: a client with the SDK's defaults.

    Unlike the shared fixtures, the default retry policy (with its backoff)
    is kept, so use `slept` when a test retries.
    """
    clients: list[buena_sdk.ApiClient] = []

    def build(mock: MockServer | None = None, **settings: Any) -> DefaultApi:
        target = mock or server
        configuration = buena_sdk.Configuration(
            host=target.url, api_key=target.api_key, **settings
        )
        clients.append(buena_sdk.ApiClient(configuration))
        return DefaultApi(clients[-1])

    yield build
    for client in clients:
        client.close()


def retry_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "buena_sdk._retry" and "Retrying" in record.getMessage()
    ]


# -- the default policy ---------------------------------------------------


def test_default_policy_is_two_retries_with_backoff_and_jitter(
    make_api: ApiFactory,
) -> None:
    api = make_api()
    pool = api.api_client.rest_client.pool_manager

    policy = pool.connection_pool_kw["retries"]

    assert isinstance(policy, urllib3.Retry)
    assert policy.total == 2
    assert policy.backoff_factor == 0.5
    assert 0 < policy.backoff_jitter <= 0.25
    assert policy.raise_on_status is False


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_get_is_retried_on_transient_statuses(
    server: MockServer, make_api: ApiFactory, slept: list[float], status: int
) -> None:
    server.add_faults("GET /leads", Fault.status(status))

    page = make_api().list_leads()

    assert page.total == 0
    assert server.request_count("GET /leads") == 2
    assert [record.status for record in server.requests] == [status, 200]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501])
def test_get_is_not_retried_on_client_errors(
    server: MockServer, make_api: ApiFactory, slept: list[float], status: int
) -> None:
    server.add_faults("GET /leads", Fault.status(status))

    with pytest.raises(ApiException) as caught:
        make_api().list_leads()

    assert caught.value.status == status
    assert server.request_count() == 1
    assert slept == []


@pytest.mark.parametrize(
    ("route", "call"),
    [
        (
            "PUT /leads/{leadId}",
            lambda api, lead: api.update_lead(lead, {"notes": "x"}),
        ),
        ("DELETE /leads/{leadId}", lambda api, lead: api.delete_lead(lead)),
        ("GET /leads/{leadId}", lambda api, lead: api.get_lead(lead)),
    ],
)
def test_idempotent_methods_are_retried_on_500(
    server: MockServer,
    make_api: ApiFactory,
    slept: list[float],
    route: str,
    call: Callable[[DefaultApi, str], object],
) -> None:
    lead_id = server.add_lead(**LEAD)["id"]
    server.add_faults(route, Fault.status(500))

    call(make_api(), lead_id)

    assert server.request_count(route) == 2


@pytest.mark.parametrize("status", [429, 503])
def test_post_is_retried_when_the_server_says_it_did_not_act(
    server: MockServer, make_api: ApiFactory, slept: list[float], status: int
) -> None:
    server.add_faults("POST /leads", Fault.status(status))

    lead = make_api().create_lead(LEAD)

    assert server.request_count("POST /leads") == 2
    assert server.lead_count() == 1
    assert server.get_lead(lead.id) is not None


@pytest.mark.parametrize("status", [500, 502, 504])
def test_post_is_not_retried_when_the_server_may_have_acted(
    server: MockServer, make_api: ApiFactory, slept: list[float], status: int
) -> None:
    server.add_faults("POST /leads", Fault.status(status))

    with pytest.raises(ServiceException) as caught:
        make_api().create_lead(LEAD)

    assert caught.value.status == status
    assert server.request_count("POST /leads") == 1
    assert slept == []


def test_dropped_post_is_sent_exactly_once(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("POST /leads", Fault.drop())

    with pytest.raises(ApiConnectionError) as caught:
        make_api().create_lead(LEAD)

    assert caught.value.status == 0
    assert server.request_count("POST /leads") == 1
    assert [record.status for record in server.requests] == [0]


def test_dropped_create_api_key_is_sent_exactly_once(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("POST /keys", Fault.drop())

    with pytest.raises(ApiConnectionError):
        make_api().create_api_key({"name": "ci", "permissions": ["leads:read"]})

    assert server.request_count("POST /keys") == 1


def test_dropped_get_is_retried(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.drop())

    make_api().list_leads()

    assert [record.status for record in server.requests] == [0, 200]


def test_post_is_retried_when_the_connection_was_never_made(
    make_api: ApiFactory, slept: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    api = make_api()
    api.api_client.configuration.host = f"http://127.0.0.1:{closed_port}/api/v2"
    caplog.set_level(logging.INFO, logger="buena_sdk._retry")

    with pytest.raises(ApiConnectionError) as caught:
        api.create_lead(LEAD)

    assert "could not connect" in str(caught.value)
    assert len(retry_records(caplog)) == 2
    assert all("POST /api/v2/leads" in line for line in retry_records(caplog))


def test_post_read_timeout_is_not_repeated(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("POST /leads", Fault.delay(0.3))

    with pytest.raises(ApiTimeoutError):
        make_api().create_lead(LEAD, _request_timeout=(1, 0.05))

    # The server goes on to create the lead after the client gave up, which
    # is exactly why the request must not be sent again.
    _wait_until(lambda: server.lead_count() == 1)
    assert server.request_count("POST /leads") == 1


def test_get_read_timeout_is_retried(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.delay(0.3))

    page = make_api().list_leads(_request_timeout=(1, 0.05))

    assert page.total == 0
    _wait_until(lambda: server.request_count("GET /leads") == 2)


# -- exhausted retries ----------------------------------------------------


def test_exhausted_retries_raise_the_last_error_with_status_headers_and_body(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.status(503), times=3)

    with pytest.raises(ServiceException) as caught:
        make_api().list_leads()

    error = caught.value
    assert server.request_count() == 3
    assert error.status == 503
    assert error.headers is not None
    assert error.request_id is not None
    assert error.request_id == error.headers["X-Request-Id"]
    assert error.body is not None
    assert json.loads(error.body)["code"] == "SERVICE_UNAVAILABLE"
    assert error.data is not None
    assert error.data.code == "SERVICE_UNAVAILABLE"
    assert error.path == "/api/v2/leads"
    assert "list_leads (GET /api/v2/leads)" in str(error)


def test_exhausted_connection_retries_raise_connection_error(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.drop(), times=3)

    with pytest.raises(ApiConnectionError) as caught:
        make_api().list_leads()

    assert caught.value.status == 0
    assert server.request_count() == 3
    assert isinstance(caught.value.__cause__, urllib3.exceptions.HTTPError)


def test_each_retry_is_logged_with_attempt_cause_and_wait(
    server: MockServer,
    make_api: ApiFactory,
    slept: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.add_faults("GET /leads", Fault.status(502), Fault.drop())
    caplog.set_level(logging.INFO, logger="buena_sdk._retry")

    make_api().list_leads()

    first, second = retry_records(caplog)
    assert "GET /api/v2/leads" in first
    assert "HTTP 502" in first
    assert "retry 1 of 2" in first
    assert f"waiting {slept[0]:.2f} s" in first
    assert "ProtocolError" in second
    assert "retry 2 of 2" in second
    assert f"waiting {slept[1]:.2f} s" in second


# -- waits ----------------------------------------------------------------


def test_backoff_is_exponential_with_bounded_jitter(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.status(503), times=2)

    make_api().list_leads()

    first, second = slept
    assert 0.5 <= first <= 0.75
    assert 1.0 <= second <= 1.25


def test_backoff_jitter_varies_between_calls(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    api = make_api()
    for _ in range(8):
        server.add_faults("GET /health", Fault.status(502))
        api.health_check()

    assert len(slept) == 8
    assert len(set(slept)) > 1


@pytest.mark.parametrize("seconds", [1, 7, 60])
def test_retry_after_header_sets_the_wait(
    server: MockServer, make_api: ApiFactory, slept: list[float], seconds: int
) -> None:
    server.add_faults("GET /leads", Fault.status(429, retry_after=seconds))

    make_api().list_leads()

    assert slept == [float(seconds)]


def test_retry_after_zero_retries_at_once(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("POST /leads", Fault.status(503, retry_after=0))

    make_api().create_lead(LEAD)

    assert slept == []
    assert server.request_count("POST /leads") == 2


def test_retry_after_in_the_body_sets_the_wait(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    body = _error_body(429, "RATE_LIMIT_EXCEEDED", retry_after=4)
    server.add_faults("GET /leads", Fault.status(429, body=body))

    make_api().list_leads()

    assert slept == [4.0]


def test_retry_after_over_the_cap_raises_at_once(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.status(429, retry_after=61))

    with pytest.raises(TooManyRequestsException) as caught:
        make_api().list_leads()

    assert slept == []
    assert server.request_count() == 1
    assert caught.value.retry_after == 61.0
    assert caught.value.data is not None
    assert caught.value.data.retry_after == 61


def test_body_retry_after_over_the_cap_raises_at_once_with_its_body(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    body = _error_body(503, "SERVICE_UNAVAILABLE", retry_after=3600)
    server.add_faults("GET /health", Fault.status(503, body=body))

    with pytest.raises(ServiceException) as caught:
        make_api().health_check()

    assert server.request_count() == 1
    assert caught.value.body == body.decode()
    assert caught.value.code == "SERVICE_UNAVAILABLE"


def test_max_retry_after_is_configurable(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    api = make_api(max_retry_after=5)
    server.add_faults("GET /leads", Fault.status(429, retry_after=5))
    api.list_leads()
    server.add_faults("GET /leads", Fault.status(429, retry_after=6))

    with pytest.raises(TooManyRequestsException) as caught:
        api.list_leads()

    assert caught.value.retry_after == 6.0
    assert slept == [5.0]
    assert [record.status for record in server.requests] == [429, 200, 429]


def test_rate_limit_is_waited_out_then_the_call_succeeds(
    server: MockServer, make_api: ApiFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def wait_out(seconds: float) -> None:
        waits.append(seconds)
        server.set_rate_limit(None)  # as if the window had passed

    monkeypatch.setattr("buena_sdk._retry.time.sleep", wait_out)
    api = make_api()
    server.set_rate_limit(1, per_seconds=30)
    api.health_check()

    api.health_check()

    assert len(waits) == 1
    assert 1 <= waits[0] <= 30
    assert [record.status for record in server.requests] == [200, 429, 200]


@pytest.mark.parametrize("offset", [30, -30])
def test_retry_after_http_date_sets_the_wait(
    make_api: ApiFactory, slept: list[float], offset: int
) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=offset)
    header = email.utils.format_datetime(when, usegmt=True)
    with ScriptedServer([(503, {"Retry-After": header}, b"{}")]) as scripted:
        api = make_api()
        api.api_client.configuration.host = scripted.url

        health = api.health_check()

    assert health.status == "healthy"
    assert scripted.seen == 2
    if offset < 0:
        assert slept == []
    else:
        (wait,) = slept
        assert offset - 5 <= wait <= offset


def test_retry_after_http_date_over_the_cap_raises_at_once(
    make_api: ApiFactory, slept: list[float]
) -> None:
    when = datetime.now(timezone.utc) + timedelta(hours=1)
    header = email.utils.format_datetime(when, usegmt=True)
    body = _error_body(429, "RATE_LIMIT_EXCEEDED")
    with ScriptedServer([(429, {"Retry-After": header}, body)]) as scripted:
        api = make_api()
        api.api_client.configuration.host = scripted.url

        with pytest.raises(TooManyRequestsException) as caught:
            api.health_check()

    assert scripted.seen == 1
    assert caught.value.retry_after is not None
    assert 3500 <= caught.value.retry_after <= 3600


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("12", 12.0),
        ("2.5", 2.5),
        ("-3", 0.0),
        ("nan", 0.0),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    assert _retry.parse_retry_after(value) == expected


# -- configuring retries --------------------------------------------------


def test_retries_zero_disables_retries(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.status(503))

    with pytest.raises(ServiceException):
        make_api(retries=0).list_leads()

    assert server.request_count() == 1


def test_retries_int_sets_the_number_of_retries(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    server.add_faults("GET /leads", Fault.status(503), times=5)

    make_api(retries=5).list_leads()

    assert server.request_count() == 6
    assert len(slept) == 5


def test_user_retry_policy_is_used_as_given(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    policy = urllib3.Retry(total=3, status_forcelist=[500], allowed_methods=None)
    server.add_faults("POST /leads", Fault.status(500), times=4)

    with pytest.raises(ServiceException) as caught:
        make_api(retries=policy).create_lead(LEAD)

    # POST on 500 is retried because this policy says so; when it gives up,
    # the last response is raised with its body, not a MaxRetryError.
    assert server.request_count() == 4
    assert caught.value.status == 500
    assert caught.value.code == "INTERNAL_ERROR"
    assert policy.raise_on_status is True


def test_replaced_pool_manager_keeps_its_own_policy(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    api = make_api()
    api.api_client.rest_client.pool_manager = urllib3.PoolManager(retries=False)
    server.add_faults("GET /leads", Fault.status(503))

    with pytest.raises(ServiceException):
        api.list_leads()

    assert server.request_count() == 1


def test_replaced_pool_manager_policy_retries_what_it_lists(
    server: MockServer, make_api: ApiFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = make_api(retries=0)
    policy = urllib3.Retry(total=3, status_forcelist=[503], backoff_factor=0)
    api.api_client.rest_client.pool_manager = urllib3.PoolManager(retries=policy)
    server.add_faults("GET /leads", Fault.status(503), times=2)

    page = api.list_leads()

    assert page.total == 0
    assert server.request_count() == 3


@pytest.mark.parametrize(
    ("raise_on_status", "has_body"), [(True, False), (False, True)]
)
def test_replaced_pool_manager_out_of_retries_raises_the_status_error(
    server: MockServer, make_api: ApiFactory, raise_on_status: bool, has_body: bool
) -> None:
    api = make_api(retries=0)
    policy = urllib3.Retry(
        total=2,
        status_forcelist=[503],
        backoff_factor=0,
        raise_on_status=raise_on_status,
    )
    api.api_client.rest_client.pool_manager = urllib3.PoolManager(retries=policy)
    server.add_faults("GET /leads", Fault.status(503), times=3)

    with pytest.raises(ServiceException) as caught:
        api.list_leads()

    # urllib3 keeps no response when it raises on status itself.
    assert caught.value.status == 503
    assert server.request_count() == 3
    assert (caught.value.body is not None) is has_body
    assert (caught.value.code == "SERVICE_UNAVAILABLE") is has_body


@pytest.mark.parametrize("retries", [-1, True, 1.5, "2"])
def test_invalid_retries_setting_is_refused(
    server: MockServer, retries: object
) -> None:
    configuration = buena_sdk.Configuration(host=server.url, retries=retries)  # type: ignore[arg-type]

    with pytest.raises(ApiValueError, match="retries"):
        buena_sdk.ApiClient(configuration)


@pytest.mark.parametrize("cap", [-1, None, "60", math.nan, True])
def test_invalid_max_retry_after_is_refused(server: MockServer, cap: object) -> None:
    configuration = buena_sdk.Configuration(host=server.url, max_retry_after=cap)  # type: ignore[arg-type]

    with pytest.raises(ApiValueError, match="max_retry_after"):
        buena_sdk.ApiClient(configuration)


def test_max_retry_after_zero_honours_only_immediate_retries(
    server: MockServer, make_api: ApiFactory, slept: list[float]
) -> None:
    api = make_api(max_retry_after=0)
    server.add_faults("GET /leads", Fault.status(429, retry_after=0))
    api.list_leads()
    server.add_faults("GET /leads", Fault.status(429, retry_after=1))

    with pytest.raises(TooManyRequestsException):
        api.list_leads()

    assert [record.status for record in server.requests] == [429, 200, 429]


# -- a server that answers from a script ----------------------------------

Reply = tuple[int, dict[str, str], bytes]


class ScriptedServer:
    """Answers each request with the next scripted reply, then with health."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = deque(replies)
        self.seen = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.01,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}/api/v2"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def next_reply(self) -> Reply:
        with self._lock:
            self.seen += 1
            if self.replies:
                return self.replies.popleft()
        return 200, {}, json.dumps(HEALTHY).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, headers, body = scripted.next_reply()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _error_body(status: int, code: str, **extra: Any) -> bytes:
    document = {
        "error": True,
        "code": code,
        "message": f"HTTP {status}",
        "timestamp": "2024-06-29T10:00:00Z",
        **extra,
    }
    return json.dumps(document).encode()


def _wait_until(condition: Callable[[], bool]) -> None:
    """Poll a server-side condition, for at most about five seconds."""
    event = threading.Event()
    for _ in range(500):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("the server never reached the expected state")
