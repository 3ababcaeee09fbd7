"""nginx on 127.0.0.1 serving the fixed bodies, for the loopback scenarios.

nginx answers from memory-mapped files or a literal in its config, in C, so
the clients rather than the server set the pace. The config lives in a
temporary folder; the process is started and stopped by its PID.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from benchmarks import _payloads

START_TIMEOUT_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 10.0
REQUEST_ID = "req_0123456789abcdef01234567"

_CONFIG = """\
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    default_type application/json;
    keepalive_timeout 300s;
    keepalive_requests 1000000;
    client_body_buffer_size 64k;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    open_file_cache max=16;
    etag off;
    server {{
        listen 127.0.0.1:{port};
        add_header X-Request-Id {request_id} always;
        location = /api/v2/health {{ alias {root}/health.json; }}
        location = /api/v2/leads/{lead_id} {{ alias {root}/lead.json; }}
        location = /api/v2/leads {{
            if ($request_method = POST) {{ return 201 '{created}'; }}
            alias {root}/page.json;
        }}
    }}
}}
"""


def nginx_path() -> str | None:
    """The nginx binary, or None when it is not installed."""
    return shutil.which("nginx") or next(
        (
            str(path)
            for path in (Path("/usr/sbin/nginx"), Path("/usr/local/sbin/nginx"))
            if path.exists()
        ),
        None,
    )


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class NginxServer:
    """``with NginxServer() as server:`` serves until the block ends."""

    def __init__(self) -> None:
        binary = nginx_path()
        if binary is None:
            raise FileNotFoundError("nginx is not installed")
        self.binary = binary
        self.port = 0
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The API base URL on this server."""
        return f"http://127.0.0.1:{self.port}/api/v2"

    def __enter__(self) -> NginxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Write the config and bodies, start nginx, wait until it accepts."""
        root = Path(tempfile.mkdtemp(prefix="buena-bench-nginx-"))
        self.root = root
        # Workers may run as an unprivileged user: let them read the bodies.
        root.chmod(0o755)
        (root / "tmp").mkdir()
        for name, body in (
            ("health.json", _payloads.health_body()),
            ("lead.json", _payloads.lead_body()),
            ("page.json", _payloads.page_body()),
        ):
            (root / name).write_bytes(body)
            (root / name).chmod(0o644)

        created = _payloads.created_body().decode()
        if any(char in created for char in "'$\\"):
            raise ValueError("the created lead body cannot be quoted for nginx")
        self.port = free_port()
        config = root / "nginx.conf"
        config.write_text(
            _CONFIG.format(
                root=root,
                port=self.port,
                request_id=REQUEST_ID,
                lead_id=_payloads.LEAD_ID,
                created=created,
            )
        )
        self.process = subprocess.Popen(
            [self.binary, "-p", str(root), "-c", str(config), "-e", "stderr"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read() if self.process.stderr else b""
                self.process = None
                self.stop()
                raise RuntimeError(f"nginx exited at start: {error.decode().strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening in time")

    def stop(self) -> None:
        """Stop nginx (by PID) and remove its folder."""
        process, self.process = self.process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            if process.stderr is not None:
                process.stderr.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
