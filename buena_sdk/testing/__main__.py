"""Run the mock Buena.ai API from the command line until Ctrl-C or SIGTERM.

    python -m buena_sdk.testing --port 4010 --seed-leads 250

prints the base URL and the master API key, then serves.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ._server import DEFAULT_MAX_BODY_BYTES, MockServer

_WAIT_SECONDS = 0.5
# Handled explicitly: a SIGINT ignored by the parent process would otherwise be lost.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of the mock server."""
    parser = argparse.ArgumentParser(
        prog="python -m buena_sdk.testing",
        description="Serve an in-memory Buena.ai API v2 for local development.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind")
    parser.add_argument(
        "--port", type=_non_negative, default=4010, help="port; 0 picks a free one"
    )
    parser.add_argument(
        "--seed-leads", type=_non_negative, default=0, help="sample leads to create"
    )
    parser.add_argument("--api-key", help="master API key (random if omitted)")
    parser.add_argument(
        "--random-seed", type=int, help="make the sample leads reproducible"
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_non_negative,
        default=DEFAULT_MAX_BODY_BYTES,
        help="larger request bodies are answered with 413",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log each request to stderr"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Start the server, print how to reach it, and serve until told to stop."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(message)s")
    try:
        server = MockServer(
            host=options.host,
            port=options.port,
            seed_leads=options.seed_leads,
            api_key=options.api_key,
            max_body_bytes=options.max_body_bytes,
            random_seed=options.random_seed,
        )
    except ValueError as error:
        parser.error(str(error))
    try:
        server.start()
    except OSError as error:
        print(
            f"Cannot listen on {options.host}:{options.port}: {error}", file=sys.stderr
        )
        return 1

    stop_requested = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop_requested.set()

    previous_handlers = {
        stop_signal: signal.signal(stop_signal, request_stop)
        for stop_signal in _STOP_SIGNALS
    }
    print(f"Buena mock API listening on {server.url}", flush=True)
    print(f"API key: {server.api_key}", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stop_requested.wait(_WAIT_SECONDS):
            # Nobody reads the records here; dropping them keeps memory flat.
            server.clear_requests()
    finally:
        server.stop()
        for stop_signal, handler in previous_handlers.items():
            signal.signal(stop_signal, handler)
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
