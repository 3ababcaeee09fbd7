"""``python -m buena_sdk.testing``: prints URL and key, serves, stops on a signal."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

STARTUP_SECONDS = 20.0
EXIT_SECONDS = 10.0


class _Cli:
    """The CLI as a child process; its stdout lines arrive on ``lines``."""

    def __init__(self, *arguments: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "buena_sdk.testing", *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self._pump = threading.Thread(target=self._read_stdout, daemon=True)
        self._pump.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def next_line(self) -> str:
        """The next stdout line, failing the test if none comes in time."""
        try:
            return self.lines.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            pytest.fail("the mock server printed nothing in time")

    def close(self) -> str:
        """Kill the process if still running, close its pipes, return stderr."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=EXIT_SECONDS)
        self._pump.join(timeout=EXIT_SECONDS)
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        self.process.stdout.close()
        stderr = self.process.stderr.read()
        self.process.stderr.close()
        return stderr


@pytest.fixture
def cli() -> Iterator[tuple[_Cli, str, str]]:
    """A CLI server on a free port with 12 seeded leads: (cli, url, key)."""
    child = _Cli("--port", "0", "--seed-leads", "12", "--random-seed", "5")
    try:
        url = re.search(r"http://\S+", child.next_line())
        key = re.search(r"API key: (\S+)", child.next_line())
        assert url is not None
        assert key is not None
        yield child, url.group(0), key.group(1)
    finally:
        child.close()


def _get(url: str, path: str, key: str) -> tuple[int, dict]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path + path, headers={"x-api-key": key})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(
    "stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"]
)
def test_cli_serves_seeded_leads_until_signalled(cli, stop_signal) -> None:
    child, url, key = cli

    status, document = _get(url, "/leads?limit=5", key)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v2", url)
    assert status == 200
    assert document["total"] == 12
    child.process.send_signal(stop_signal)
    assert child.process.wait(timeout=EXIT_SECONDS) == 0
    assert "Stopped." in [child.next_line().strip() for _ in range(2)]
    with pytest.raises(ConnectionRefusedError):
        _get(url, "/health", key)


def _run_to_exit(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI expecting it to exit on its own."""
    return subprocess.run(
        [sys.executable, "-m", "buena_sdk.testing", *arguments],
        capture_output=True,
        text=True,
        timeout=EXIT_SECONDS,
        check=False,
    )


def test_cli_rejects_a_negative_port() -> None:
    result = _run_to_exit("--port", "-5")

    assert result.returncode == 2
    assert "--port" in result.stderr


def test_cli_reports_a_busy_port(server) -> None:
    result = _run_to_exit("--port", str(server.port))

    assert result.returncode == 1
    assert "Cannot listen" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--port", "70000"), "port must be 0 to 65535"),
        (("--api-key", ""), "api_key must not be empty"),
        (("--seed-leads", "many"), "'many' is not a whole number"),
    ],
    ids=["port-out-of-range", "empty-key", "not-a-number"],
)
def test_cli_reports_bad_options_without_a_traceback(
    arguments: tuple[str, ...], message: str
) -> None:
    result = _run_to_exit(*arguments)

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
