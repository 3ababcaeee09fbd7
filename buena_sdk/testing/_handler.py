"""HTTP/1.1 plumbing of the mock server: framing, keep-alive and sending replies.

The handler reads each request completely (or refuses an oversized body and
closes the connection), hands it to the Application and writes the reply.
Anything a client sends, however broken, gets a JSON answer or a closed
connection; the server keeps serving.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import socketserver
import sys
import threading
import time
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from ._app import Application, Reply, Request
from ._errors import ApiError, code_word_for
from ._wire import encode_json, error_document, new_request_id

logger = logging.getLogger(__name__)

MAX_REQUEST_LINE = 65536
MAX_CHUNK_LINE = 1024
MAX_TRAILER_LINES = 64
IDLE_TIMEOUT_SECONDS = 30.0

_DIGITS = re.compile(r"[0-9]{1,18}")
_HEX_DIGITS = re.compile(rb"[0-9A-Fa-f]{1,16}")


class _FramingError(Exception):
    """The request's body framing cannot be trusted."""


class _ConnectionLost(Exception):
    """The client went away in the middle of a request."""


class MockHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that tracks its connections so stop() can end them."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    # socketserver's default backlog of 5 drops connections when many clients
    # connect at once; each dropped one then waits about a second to retry.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: Application) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, MockRequestHandler)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer would make."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection, then serve it on its own thread."""
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget and close a finished connection."""
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open connection; their threads then finish."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a failure that escaped a connection's handler."""
        logger.debug("Connection failed", exc_info=sys.exc_info())


class MockRequestHandler(BaseHTTPRequestHandler):
    """Serves the requests of one connection, keeping it alive between them."""

    protocol_version = "HTTP/1.1"
    server_version = "BuenaMock/1.0"
    timeout = IDLE_TIMEOUT_SECONDS
    disable_nagle_algorithm = True
    _responded = False

    @property
    def _app(self) -> Application:
        return cast(MockHTTPServer, self.server).app

    def handle_one_request(self) -> None:
        """Read, answer and flush one request; any method name is accepted."""
        self._responded = False
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._handle_request()
            self.wfile.flush()
        except (TimeoutError, _ConnectionLost, ConnectionError):
            self.close_connection = True
        except Exception:
            logger.exception("Failed to handle a request")
            self.close_connection = True
            if not self._responded:
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)

    def handle_expect_100(self) -> bool:
        """Skip ``100 Continue`` for a body that will be refused for its size."""
        length = self.headers.get("Content-Length", "")
        if _DIGITS.fullmatch(length) and int(length) > self._app.max_body_bytes:
            return True
        return super().handle_expect_100()

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """Answer a request that is not valid HTTP with a JSON error, then close."""
        self._responded = True
        status = HTTPStatus(code)
        request_id = new_request_id()
        document = error_document(
            _transport_code_word(code), status.phrase + ".", request_id=request_id
        )
        body = encode_json(document)
        self.close_connection = True
        # A request line that failed to parse leaves HTTP/0.9, which has no headers.
        self.request_version = self.protocol_version
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", request_id)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def version_string(self) -> str:
        """The ``Server`` header value."""
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by the Application, without query strings."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log server messages at DEBUG, leaving out request data."""
        logger.debug("HTTP server: %s", format)

    def _handle_request(self) -> None:
        started, timestamp = time.monotonic(), time.time()
        path, query = _split_target(self.path)
        request = Request(
            method=self.command,
            path=path,
            query=parse_qs(query, keep_blank_values=True),
            headers=_lower_case_headers(self.headers.items()),
            body=b"",
            started=started,
            timestamp=timestamp,
        )
        try:
            body, too_large = self._read_body()
        except _FramingError as problem:
            self.close_connection = True
            error = ApiError(400, "BAD_REQUEST", str(problem))
            self._send(self._app.reject(request, error))
            return
        if too_large:
            # The unread body would be taken for the next request; close instead.
            self.close_connection = True
        request = replace(request, body=body, body_too_large=too_large)
        self._send(self._app.respond(request))

    def _read_body(self) -> tuple[bytes, bool]:
        """Read the body whole; (b"", True) when it is over the size limit."""
        encodings = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if encodings:
            if lengths:
                raise _FramingError("Content-Length and Transfer-Encoding together.")
            if ",".join(encodings).strip().lower() != "chunked":
                raise _FramingError("Only the chunked transfer coding is supported.")
            return self._read_chunked()
        if not lengths:
            return b"", False
        values = {value.strip() for value in lengths}
        text = values.pop()
        if values or not _DIGITS.fullmatch(text):
            raise _FramingError("The Content-Length header is not valid.")
        length = int(text)
        if length > self._app.max_body_bytes:
            return b"", True
        return self._read_exactly(length), False

    def _read_chunked(self) -> tuple[bytes, bool]:
        body = bytearray()
        while True:
            size = self._read_chunk_size()
            if size == 0:
                break
            if len(body) + size > self._app.max_body_bytes:
                return b"", True
            body += self._read_exactly(size)
            if self.rfile.readline(MAX_CHUNK_LINE).strip():
                raise _FramingError("A chunk is longer than its declared size.")
        for _ in range(MAX_TRAILER_LINES):
            if not self.rfile.readline(MAX_CHUNK_LINE).strip():
                break
        return bytes(body), False

    def _read_chunk_size(self) -> int:
        line = self.rfile.readline(MAX_CHUNK_LINE)
        if not line:
            raise _ConnectionLost
        size_text = line.split(b";", 1)[0].strip()
        if not line.endswith(b"\n") or not _HEX_DIGITS.fullmatch(size_text):
            raise _FramingError("A chunk size line is not valid.")
        return int(size_text, 16)

    def _read_exactly(self, length: int) -> bytes:
        data = self.rfile.read(length)
        if len(data) < length:
            raise _ConnectionLost
        return data

    def _send(self, reply: Reply) -> None:
        self._responded = True
        if reply.action == "drop":
            self.close_connection = True
            return
        if reply.action == "truncate":
            self.close_connection = True
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":
            self.send_header("Connection", "keep-alive")
        self.end_headers()
        if self.command == "HEAD":
            return
        body = reply.body
        if reply.action == "truncate":
            body = body[: len(body) // 2]
        self.wfile.write(body)


def _split_target(target: str) -> tuple[str, str]:
    """Path and query string of an origin-form or absolute-form request target."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
        return path, query
    try:
        parts = urlsplit(target)
    except ValueError:
        return target, ""
    return parts.path, parts.query


def _lower_case_headers(items: list[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _transport_code_word(status: int) -> str:
    if status == 400:
        return "BAD_REQUEST"
    # Spelled out: Python 3.13 renamed the 414 phrase the fallback reads.
    if status == 414:
        return "URI_TOO_LONG"
    return code_word_for(status)
