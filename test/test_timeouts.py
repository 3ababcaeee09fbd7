"""Timeouts: defaults, per-configuration and per-call limits, and their errors."""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import urllib3
from urllib3.exceptions import ConnectTimeoutError, ReadTimeoutError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.configuration import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT
from buena_sdk.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    ApiValueError,
)
from buena_sdk.rest import resolve_timeout
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
SLOW = 0.3
"""Seconds a delayed response takes; every timeout under test is far below."""
SHORT = 0.05


@pytest.fixture
def make_api(server: MockServer) -> Iterator[ApiFactory]:
    """``make_api(**settings)``: a client for ``server``; no retries by default."""
    clients: list[buena_sdk.ApiClient] = []

    def build(**settings: Any) -> DefaultApi:
        settings.setdefault("retries", 0)
        configuration = buena_sdk.Configuration(
            host=server.url, api_key=server.api_key, **settings
        )
        clients.append(buena_sdk.ApiClient(configuration))
        return DefaultApi(clients[-1])

    yield build
    for client in clients:
        client.close()


def test_default_timeout_is_10s_connect_30s_read() -> None:
    timeout = resolve_timeout(None, None)

    assert (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT) == (10.0, 30.0)
    assert timeout.connect_timeout == 10.0
    assert timeout.read_timeout == 30.0


@pytest.mark.parametrize(
    ("per_call", "configured", "expected"),
    [
        (None, 5, (5.0, 5.0)),
        (None, (2, 8), (2.0, 8.0)),
        (1.5, 5, (1.5, 1.5)),
        ((0.5, 4), 5, (0.5, 4.0)),
        (urllib3.Timeout(connect=1, read=2), None, (1, 2)),
    ],
)
def test_per_call_timeout_wins_over_configured(
    per_call: Any, configured: Any, expected: tuple[float, float]
) -> None:
    timeout = resolve_timeout(per_call, configured)

    assert (timeout.connect_timeout, timeout.read_timeout) == expected


def test_slow_response_under_the_default_timeout_succeeds(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /leads", Fault.delay(0.1))

    assert make_api().list_leads().total == 0


def test_configured_timeout_applies_to_every_call(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(timeout=SHORT)
    server.add_faults("GET /health", Fault.delay(SLOW))
    server.add_faults("GET /keys", Fault.delay(SLOW))

    with pytest.raises(ApiTimeoutError, match=f"read timeout of {SHORT} s"):
        api.health_check()
    with pytest.raises(ApiTimeoutError, match=f"read timeout of {SHORT} s"):
        api.list_api_keys()


def test_read_timeout_error_says_what_ran_out(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /leads", Fault.delay(SLOW))

    with pytest.raises(ApiTimeoutError) as caught:
        make_api().list_leads(_request_timeout=SHORT)

    error = caught.value
    assert isinstance(error, ApiConnectionError)
    assert isinstance(error, ApiException)
    assert error.status == 0
    assert error.operation == "list_leads"
    assert f"read timeout of {SHORT} s" in str(error)
    assert f"127.0.0.1:{server.port}" in str(error)
    assert "list_leads (GET /api/v2/leads)" in str(error)
    assert isinstance(error.__cause__, ReadTimeoutError)


def test_per_call_number_overrides_the_configuration(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(timeout=30)
    server.add_faults("GET /leads/{leadId}", Fault.delay(SLOW))

    with pytest.raises(ApiTimeoutError, match=f"read timeout of {SHORT} s"):
        api.get_lead("lead_000000000001", _request_timeout=SHORT)


def test_per_call_pair_sets_connect_and_read(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /leads", Fault.delay(SLOW))

    with pytest.raises(ApiTimeoutError, match=f"read timeout of {SHORT} s"):
        make_api().list_leads(_request_timeout=(5, SHORT))


def test_per_call_timeout_can_be_longer_than_the_configured_one(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(timeout=SHORT)
    server.add_faults("GET /leads", Fault.delay(0.1))

    assert api.list_leads(_request_timeout=5).total == 0


def test_timed_out_get_is_retried_then_raises_the_timeout(
    server: MockServer, make_api: ApiFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("buena_sdk._retry.time.sleep", lambda seconds: None)
    server.add_faults("GET /leads", Fault.delay(SLOW), times=3)

    with pytest.raises(ApiTimeoutError):
        make_api(retries=2, timeout=SHORT).list_leads()

    _wait_until(lambda: server.request_count("GET /leads") == 3)


def test_async_call_honours_the_per_call_timeout(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api()
    server.add_faults("GET /health", Fault.delay(SLOW))

    with pytest.raises(ApiTimeoutError):
        asyncio.run(api.health_check_async(_request_timeout=SHORT))


@pytest.mark.parametrize(
    "value",
    [0, -1, math.nan, math.inf, "5", True, (1,), (1, 2, 3), (1, None), [1, 2]],
)
def test_invalid_timeout_is_refused_before_sending(
    server: MockServer, make_api: ApiFactory, value: Any
) -> None:
    with pytest.raises(ApiValueError, match="_request_timeout"):
        make_api().list_leads(_request_timeout=value)

    assert server.request_count() == 0


def test_connect_timeout_raises_timeout_error(
    make_api: ApiFactory, stalled_port: int
) -> None:
    api = make_api()
    api.api_client.configuration.host = f"http://127.0.0.1:{stalled_port}/api/v2"

    with pytest.raises(ApiTimeoutError) as caught:
        api.list_leads(_request_timeout=(0.2, 5))

    assert caught.value.status == 0
    assert "connect timeout of 0.2 s" in str(caught.value)
    assert f"127.0.0.1:{stalled_port}" in str(caught.value)
    assert isinstance(caught.value.__cause__, ConnectTimeoutError)


@pytest.fixture
def stalled_port() -> Iterator[int]:
    """A port that accepts no more connections: its listen backlog is full.

    The kernel then ignores new connection attempts, so connecting times out
    instead of being refused. Systems that still complete the handshake skip
    the test.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: list[socket.socket] = []
    with contextlib.ExitStack() as stack:
        stack.callback(listener.close)
        for _ in range(16):
            filler = socket.socket()
            stack.callback(filler.close)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        if _connects(port):
            pytest.skip("this system completes connections beyond a full backlog")
        yield port


def _connects(port: int) -> bool:
    probe = socket.socket()
    probe.settimeout(0.2)
    try:
        probe.connect(("127.0.0.1", port))
    except OSError:
        return False
    finally:
        probe.close()
    return True


def _wait_until(condition: Callable[[], bool]) -> None:
    """Poll a server-side condition, for at most about five seconds."""
    event = threading.Event()
    for _ in range(500):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("the server never reached the expected state")
