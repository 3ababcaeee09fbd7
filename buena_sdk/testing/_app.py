"""The mock API, independent of HTTP plumbing: one request in, one reply out.

Checks run in this order: route (404/405), scripted fault, rate limit (429),
API key (401), permission (403), body size (413), content type and JSON (400),
validation (400/422), existence (404), conflict (409).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Literal

from ._errors import ApiError, bad_request, code_word_for, message_for
from ._faults import MALFORMED_BODY, Fault, FaultQueue, RateLimiter
from ._records import RecordedRequest
from ._routes import PathMatch, Route, match_path
from ._store import API_VERSION, Store, default_services
from ._validation import parse_lead_query
from ._wire import (
    encode_json,
    error_document,
    format_timestamp,
    new_request_id,
    utc_now,
)

logger = logging.getLogger(__name__)

_MAX_INTEGER_DIGITS = 4000

Action = Literal["send", "drop", "truncate"]


@dataclass(frozen=True)
class Request:
    """A parsed HTTP request, body read (or refused for its size)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    body_too_large: bool = False
    started: float = 0.0
    timestamp: float = 0.0


@dataclass(frozen=True)
class Reply:
    """What to send back: status, JSON body, extra headers, and how to send it."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    action: Action = "send"


class _NumberOutOfRange(Exception):
    """A JSON number Python cannot hold faithfully."""


class Application:
    """The API's behaviour over a Store, with faults, rate limit and recording.

    One lock guards the store, the faults, the rate limit and the records.
    """

    def __init__(self, store: Store, *, max_body_bytes: int) -> None:
        self.lock = threading.Lock()
        self.store = store
        self.faults = FaultQueue()
        self.limiter = RateLimiter()
        self.records: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self.max_body_bytes = max_body_bytes

    def respond(self, request: Request) -> Reply:
        """Answer one request and record it."""
        request_id = new_request_id()
        match, route = _resolve(request)
        fault = None
        if route is not None:
            with self.lock:
                fault = self.faults.take(route.name)

        reply = self._answer_fault(fault, request_id)
        if reply is None:
            reply = self._answer(request, match, route, request_id)
            if fault is not None and fault.kind == "truncated":
                reply = replace(reply, action="truncate")

        self._record(request, route, reply.status)
        logger.debug(
            "%s %s -> %s (%s)", request.method, request.path, reply.status, request_id
        )
        return reply

    def reject(self, request: Request, error: ApiError) -> Reply:
        """Answer and record a request the HTTP layer could not accept."""
        _match, route = _resolve(request)
        reply = _error_reply(error, new_request_id())
        self._record(request, route, reply.status)
        return reply

    def _answer_fault(self, fault: Fault | None, request_id: str) -> Reply | None:
        """The reply a fault dictates, or None when the request is to be served."""
        if fault is None or fault.kind == "truncated":
            return None
        if fault.kind == "delay":
            self.stopping.wait(fault.seconds)
            return None
        if fault.kind == "drop":
            return Reply(0, b"", action="drop")
        headers = (("X-Request-Id", request_id),)
        if fault.kind == "malformed":
            return Reply(fault.status_code, MALFORMED_BODY, headers)
        return _status_fault_reply(fault, request_id)

    def _answer(
        self,
        request: Request,
        match: PathMatch | None,
        route: Route | None,
        request_id: str,
    ) -> Reply:
        """Serve the request; every failure becomes an error reply."""
        try:
            status, document = self._serve(request, match, route)
        except ApiError as error:
            return _error_reply(error, request_id)
        except Exception:
            logger.exception("Failed to answer %s %s", request.method, request.path)
            internal = ApiError(500, "INTERNAL_ERROR", message_for(500))
            return _error_reply(internal, request_id)
        return Reply(status, encode_json(document), (("X-Request-Id", request_id),))

    def _serve(
        self, request: Request, match: PathMatch | None, route: Route | None
    ) -> tuple[int, Any]:
        if match is None:
            message = f"{request.method} {request.path} is not a route of the API."
            raise ApiError(404, "NOT_FOUND", message)
        if route is None:
            raise ApiError(
                405,
                "METHOD_NOT_ALLOWED",
                f"{request.method} is not allowed on this path.",
                headers=(("Allow", match.allowed_methods),),
            )
        self._check_access(request, route)
        if request.body_too_large:
            message = f"The request body is larger than {self.max_body_bytes} bytes."
            raise ApiError(413, "PAYLOAD_TOO_LARGE", message)
        document = _read_json(request) if route.method in ("POST", "PUT") else None
        return self._dispatch(route, match, request, document)

    def _check_access(self, request: Request, route: Route) -> None:
        """Rate limit, then the API key, then its permission."""
        with self.lock:
            wait = self.limiter.admit(time.monotonic())
            if wait is not None:
                raise ApiError(
                    429,
                    "RATE_LIMIT_EXCEEDED",
                    f"Rate limit exceeded; retry in {wait} seconds.",
                    retry_after=wait,
                )
            key = self.store.authenticate(request.headers.get("x-api-key"))
        if route.permission is not None and route.permission not in key.permissions:
            raise ApiError(
                403,
                "INSUFFICIENT_PERMISSIONS",
                f"This operation needs the {route.permission} permission.",
                details={"required_permission": route.permission},
            )

    def _dispatch(
        self, route: Route, match: PathMatch, request: Request, document: Any
    ) -> tuple[int, Any]:
        operation = route.operation
        lead_id = match.lead_id or ""
        if operation == "listLeads":
            query = parse_lead_query(request.query)
            with self.lock:
                return 200, self.store.list_leads(query)
        if operation == "healthCheck":
            return 200, self._health(request)
        with self.lock:
            if operation == "createLead":
                return 201, self.store.create_lead(document)
            if operation == "getLead":
                return 200, self.store.get_lead(lead_id)
            if operation == "updateLead":
                return 200, self.store.update_lead(lead_id, document)
            if operation == "deleteLead":
                return 200, self.store.delete_lead(lead_id)
            if operation == "listApiKeys":
                return 200, self.store.list_keys()
            return 201, self.store.create_key(document)

    def _health(self, request: Request) -> dict[str, Any]:
        with self.lock:
            status = self.store.health_status
            services = self.store.health_services or default_services(status)
        if status == "down":
            raise ApiError(
                503,
                "SERVICE_UNAVAILABLE",
                message_for(503),
                details={"services": services},
            )
        elapsed_ms = int((time.monotonic() - request.started) * 1000)
        return {
            "status": status,
            "timestamp": format_timestamp(utc_now()),
            "version": API_VERSION,
            "services": services,
            "response_time": max(0, elapsed_ms),
        }

    def _record(self, request: Request, route: Route | None, status: int) -> None:
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            route=route.name if route else None,
            query=request.query,
            headers=request.headers,
            body=request.body,
            status=status,
            timestamp=request.timestamp,
        )
        with self.lock:
            self.records.append(record)


def _status_fault_reply(fault: Fault, request_id: str) -> Reply:
    error = ApiError(
        fault.status_code,
        fault.code_word or code_word_for(fault.status_code),
        message_for(fault.status_code),
        retry_after=fault.retry_after_seconds,
    )
    reply = _error_reply(error, request_id)
    return reply if fault.body is None else replace(reply, body=fault.body)


def _resolve(request: Request) -> tuple[PathMatch | None, Route | None]:
    """The path's match and the route its method selects, either may be None."""
    match = match_path(request.path)
    return match, match.route_for(request.method) if match else None


def _error_reply(error: ApiError, request_id: str) -> Reply:
    document = error_document(
        error.code,
        error.message,
        request_id=request_id,
        details=error.details,
        retry_after=error.retry_after,
    )
    headers = [("X-Request-Id", request_id), *error.headers]
    if error.retry_after is not None:
        headers.append(("Retry-After", str(error.retry_after)))
    return Reply(error.status, encode_json(document), tuple(headers))


def _read_json(request: Request) -> Any:
    """Check the content type and decode the body as UTF-8 JSON."""
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = _charset(parameters)
    if media_type.strip().lower() != "application/json" or charset not in (
        None,
        "utf-8",
        "utf8",
    ):
        raise bad_request(
            "INVALID_CONTENT_TYPE", "The Content-Type must be application/json."
        )
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(
            "INVALID_JSON", "The request body is not valid UTF-8."
        ) from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except _NumberOutOfRange:
        message = "A number in the request body is out of range."
        raise ApiError(422, "VALIDATION_ERROR", message) from None
    except (ValueError, RecursionError):
        raise bad_request(
            "INVALID_JSON", "The request body is not valid JSON."
        ) from None


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberOutOfRange(text)
    return value


def _parse_int(text: str) -> int:
    if len(text) > _MAX_INTEGER_DIGITS:
        raise _NumberOutOfRange(text[:20])
    return int(text)
