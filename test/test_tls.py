"""TLS: verification on by default, custom CAs, client certificates, opting out.

A throwaway CA from ``trustme`` signs the certificates; a small stdlib HTTPS
server on 127.0.0.1 answers the health check.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme
from urllib3.exceptions import InsecureRequestWarning, SSLError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiConnectionError

HEALTHY = {
    "status": "healthy",
    "timestamp": "2024-06-29T10:00:00Z",
    "version": "2.0.0",
    "services": {"database": "healthy", "redis": "healthy", "api": "healthy"},
    "response_time": 3,
}
CLIENT_NAME = "buena-test-client"


class HttpsServer:
    """Answers every GET with a healthy status over TLS; records client names."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.client_names: list[str | None] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.01,), daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_port

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.client_names.append(_common_name(self.request))
                body = json.dumps(HEALTHY).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _common_name(connection: Any) -> str | None:
    certificate = connection.getpeercert()
    if not certificate:
        return None
    for entry in certificate.get("subject", ()):
        for name, value in entry:
            if name == "commonName":
                return str(value)
    return None


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def start_server(ca: trustme.CA) -> Iterator[Callable[..., HttpsServer]]:
    """``start_server(identities=("127.0.0.1",), client_certs=False)``."""
    started: list[HttpsServer] = []

    def start(
        identities: tuple[str, ...] = ("127.0.0.1",), client_certs: bool = False
    ) -> HttpsServer:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(*identities).configure_cert(context)
        if client_certs:
            context.verify_mode = ssl.CERT_REQUIRED
            ca.configure_trust(context)
        started.append(HttpsServer(context))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def health(port: int, **settings: Any) -> str:
    """Call health_check over HTTPS on ``port`` with these settings."""
    settings.setdefault("retries", 0)
    configuration = buena_sdk.Configuration(
        host=f"https://127.0.0.1:{port}/api/v2", api_key="bna_tls_key_0123", **settings
    )
    with buena_sdk.ApiClient(configuration) as client:
        return DefaultApi(client).health_check().status


def test_verification_is_on_by_default(
    start_server: Callable[..., HttpsServer],
) -> None:
    server = start_server()

    with pytest.raises(ApiConnectionError) as caught:
        health(server.port)

    assert caught.value.status == 0
    assert f"TLS failure with 127.0.0.1:{server.port}" in str(caught.value)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert isinstance(caught.value.__cause__, SSLError)
    assert server.client_names == []


def test_default_pool_requires_certificates() -> None:
    with buena_sdk.ApiClient(buena_sdk.Configuration()) as client:
        settings = client.rest_client.pool_manager.connection_pool_kw

    assert settings["cert_reqs"] == "CERT_REQUIRED"


def test_ssl_ca_cert_file_is_trusted(
    start_server: Callable[..., HttpsServer], ca_file: str
) -> None:
    server = start_server()

    assert health(server.port, ssl_ca_cert=ca_file) == "healthy"
    assert server.client_names == [None]


def test_ca_cert_data_is_trusted(
    start_server: Callable[..., HttpsServer], ca: trustme.CA
) -> None:
    server = start_server()

    pem = ca.cert_pem.bytes().decode()

    assert health(server.port, ca_cert_data=pem) == "healthy"


def test_a_different_ca_is_not_trusted(
    start_server: Callable[..., HttpsServer],
) -> None:
    server = start_server()
    stranger = trustme.CA().cert_pem.bytes().decode()

    with pytest.raises(ApiConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        health(server.port, ca_cert_data=stranger)


def test_client_certificate_is_presented(
    start_server: Callable[..., HttpsServer],
    ca: trustme.CA,
    ca_file: str,
    tmp_path: Path,
) -> None:
    server = start_server(client_certs=True)
    client = ca.issue_cert("client.example", common_name=CLIENT_NAME)
    cert_file, key_file = tmp_path / "client.pem", tmp_path / "client.key"
    client.cert_chain_pems[0].write_to_path(str(cert_file))
    client.private_key_pem.write_to_path(str(key_file))

    status = health(
        server.port,
        ssl_ca_cert=ca_file,
        cert_file=str(cert_file),
        key_file=str(key_file),
    )

    assert status == "healthy"
    assert server.client_names == [CLIENT_NAME]


def test_missing_client_certificate_is_a_connection_error(
    start_server: Callable[..., HttpsServer], ca_file: str
) -> None:
    server = start_server(client_certs=True)

    with pytest.raises(ApiConnectionError) as caught:
        health(server.port, ssl_ca_cert=ca_file)

    assert caught.value.status == 0
    assert f"127.0.0.1:{server.port}" in str(caught.value)
    assert server.client_names == []


def test_certificate_for_another_name_is_refused(
    start_server: Callable[..., HttpsServer], ca_file: str
) -> None:
    server = start_server(identities=("localhost",))

    with pytest.raises(ApiConnectionError, match="TLS failure"):
        health(server.port, ssl_ca_cert=ca_file)


@pytest.mark.parametrize("setting", ["assert_hostname", "tls_server_name"])
def test_expected_server_name_can_be_given(
    start_server: Callable[..., HttpsServer], ca_file: str, setting: str
) -> None:
    server = start_server(identities=("localhost",))

    status = health(server.port, ssl_ca_cert=ca_file, **{setting: "localhost"})

    assert status == "healthy"


def test_verify_ssl_false_connects_and_warns_once_per_client(
    start_server: Callable[..., HttpsServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_server()
    configuration = buena_sdk.Configuration(
        host=f"https://127.0.0.1:{server.port}/api/v2",
        api_key="bna_tls_key_0123",
        verify_ssl=False,
        retries=0,
    )
    caplog.set_level(logging.WARNING, logger="buena_sdk")

    # urllib3 adds its own InsecureRequestWarning to every request; the test
    # run turns warnings into errors, so they are caught and checked here.
    with buena_sdk.ApiClient(configuration) as client:
        api = DefaultApi(client)
        with pytest.warns(InsecureRequestWarning) as insecure:
            statuses = [api.health_check().status for _ in range(3)]

    warnings = [
        record
        for record in caplog.records
        if record.name.startswith("buena_sdk") and record.levelno == logging.WARNING
    ]
    assert statuses == ["healthy"] * 3
    assert len(insecure) == 3
    assert len(warnings) == 1
    assert "verify_ssl=False" in warnings[0].getMessage()
    assert client.rest_client.pool_manager.connection_pool_kw["cert_reqs"] == (
        "CERT_NONE"
    )


def test_verified_client_logs_no_warning(
    start_server: Callable[..., HttpsServer],
    ca_file: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = start_server()
    caplog.set_level(logging.WARNING)

    health(server.port, ssl_ca_cert=ca_file)

    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
