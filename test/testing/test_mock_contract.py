"""Each operation of the wire contract: its success and every documented error."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, NamedTuple

import pytest

from buena_sdk.testing import Fault, MockServer

LEAD_PROPERTIES = {
    "id",
    "first_name",
    "last_name",
    "email",
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
    "status",
    "created_at",
    "updated_at",
}
KEY_PROPERTIES = {
    "id",
    "name",
    "key_preview",
    "permissions",
    "last_used",
    "is_active",
    "created_at",
    "expires_at",
    "description",
}


class Operation(NamedTuple):
    """One row of the contract table."""

    method: str
    path: str
    route: str
    success: int
    permission: str | None


OPERATIONS = {
    "listLeads": Operation("GET", "/leads", "GET /leads", 200, "leads:read"),
    "createLead": Operation("POST", "/leads", "POST /leads", 201, "leads:write"),
    "getLead": Operation(
        "GET", "/leads/{id}", "GET /leads/{leadId}", 200, "leads:read"
    ),
    "updateLead": Operation(
        "PUT", "/leads/{id}", "PUT /leads/{leadId}", 200, "leads:write"
    ),
    "deleteLead": Operation(
        "DELETE", "/leads/{id}", "DELETE /leads/{leadId}", 200, "leads:delete"
    ),
    "listApiKeys": Operation("GET", "/keys", "GET /keys", 200, "api_keys:read"),
    "createApiKey": Operation("POST", "/keys", "POST /keys", 201, "api_keys:write"),
    "healthCheck": Operation("GET", "/health", "GET /health", 200, None),
}
DOCUMENTED_ERRORS: dict[str, tuple[int, ...]] = {
    "listLeads": (400, 401, 403, 422, 429, 500),
    "createLead": (400, 401, 403, 409, 422, 429, 500),
    "getLead": (401, 403, 404, 429, 500),
    "updateLead": (400, 401, 403, 404, 409, 422, 429, 500),
    "deleteLead": (401, 403, 404, 429, 500),
    "listApiKeys": (401, 403, 429, 500),
    "createApiKey": (400, 401, 403, 422, 429, 500),
    "healthCheck": (401, 429, 500, 503),
}
ERROR_CODES = {
    401: "MISSING_API_KEY",
    403: "INSUFFICIENT_PERMISSIONS",
    404: "NOT_FOUND",
    409: "DUPLICATE_EMAIL",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
VALID_BODIES: dict[str, Any] = {
    "createLead": {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "g@h.example",
    },
    "updateLead": {"company": "Navy"},
    "createApiKey": {"name": "CI", "permissions": ["leads:read"]},
}
# operationId -> (path suffix, body, expected code) answered with 400
BAD_REQUESTS: dict[str, tuple[str, Any, str]] = {
    "listLeads": ("?limit=ten", None, "INVALID_PARAMETER"),
    "createLead": ("", {"first_name": "A", "last_name": "B"}, "MISSING_REQUIRED_FIELD"),
    "updateLead": ("", ["not", "an", "object"], "INVALID_JSON"),
    "createApiKey": ("", {"permissions": ["leads:read"]}, "MISSING_REQUIRED_FIELD"),
}
# operationId -> (path suffix, body) answered with 422
UNPROCESSABLE: dict[str, tuple[str, Any]] = {
    "listLeads": ("?limit=101", None),
    "createLead": ("", {"first_name": "A", "last_name": "B", "email": "not-an-email"}),
    "updateLead": ("", {"first_name": None}),
    "createApiKey": ("", {"name": "CI", "permissions": ["leads:admin"]}),
}

ERROR_CASES = [
    pytest.param(operation, status, id=f"{operation}-{status}")
    for operation, statuses in DOCUMENTED_ERRORS.items()
    for status in statuses
]


@pytest.fixture
def lead_id(server: MockServer) -> str:
    """The id of a lead that exists."""
    lead = server.add_lead(first_name="Ada", last_name="King", email="ada@king.example")
    return str(lead["id"])


def _call(raw, operation: str, lead_id: str, suffix: str = "", **options: Any):
    method, path = OPERATIONS[operation].method, OPERATIONS[operation].path
    body = options.pop("body", VALID_BODIES.get(operation))
    return raw.call(method, path.format(id=lead_id) + suffix, body, **options)


def _provoke(raw, server: MockServer, operation: str, status: int, lead_id: str):
    """Make ``operation`` answer ``status`` the way a real client could."""
    route, permission = OPERATIONS[operation].route, OPERATIONS[operation].permission
    if status == 400:
        suffix, body, _code = BAD_REQUESTS[operation]
        return _call(raw, operation, lead_id, suffix, body=body)
    if status == 401:
        return _call(raw, operation, lead_id, key=None)
    if status == 403:
        other = "webhooks:read" if permission != "webhooks:read" else "leads:read"
        return _call(
            raw, operation, lead_id, key=server.add_api_key(permissions=[other])
        )
    if status == 404:
        return _call(raw, operation, "lead_000000000000")
    if status == 409:
        taken = server.add_lead(
            first_name="B", last_name="C", email="Taken@Mail.example"
        )
        assert taken["id"] != lead_id
        return _call(raw, operation, lead_id, body=_with_email("taken@mail.EXAMPLE"))
    if status == 422:
        suffix, body = UNPROCESSABLE[operation]
        return _call(raw, operation, lead_id, suffix, body=body)
    if status == 429:
        server.set_rate_limit(1, per_seconds=60)
        assert _call(raw, operation, lead_id).status < 429
        return _call(raw, operation, lead_id)
    if status == 500:
        server.add_faults(route, Fault.status(500))
        return _call(raw, operation, lead_id)
    server.set_health("down")
    return _call(raw, operation, lead_id)


def _with_email(email: str) -> dict[str, Any]:
    return {"first_name": "Dup", "last_name": "Licate", "email": email}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_succeeds_with_documented_status(raw, operation, lead_id) -> None:
    response = _call(raw, operation, lead_id)

    assert response.status == OPERATIONS[operation].success
    document = response.json()
    if operation in ("createLead", "getLead", "updateLead"):
        assert set(document) == LEAD_PROPERTIES
    elif operation == "listLeads":
        assert set(document) == {"data", "total", "limit", "offset"}
        assert [lead["id"] for lead in document["data"]] == [lead_id]
    elif operation == "deleteLead":
        assert document == {
            "success": True,
            "message": "Lead deleted successfully",
            "deleted_id": lead_id,
        }
    elif operation == "listApiKeys":
        assert all(set(key) == KEY_PROPERTIES for key in document["data"])
    elif operation == "createApiKey":
        assert set(document) == {*KEY_PROPERTIES, "key"}
    else:
        assert set(document) == {
            "status",
            "timestamp",
            "version",
            "services",
            "response_time",
        }


@pytest.mark.parametrize(("operation", "status"), ERROR_CASES)
def test_operation_answers_each_documented_error(
    raw, server, operation, status, lead_id
) -> None:
    response = _provoke(raw, server, operation, status, lead_id)

    assert response.status == status, response.body
    expected_code = BAD_REQUESTS[operation][2] if status == 400 else ERROR_CODES[status]
    assert response.code == expected_code
    if status == 429:
        retry_after = response.header("Retry-After")
        assert retry_after is not None
        assert int(retry_after) >= 1
        assert response.json()["retry_after"] == int(retry_after)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_answers_scripted_429_with_retry_after(
    raw, server, operation, lead_id
) -> None:
    server.add_faults(OPERATIONS[operation].route, Fault.status(429, retry_after=7))

    response = _call(raw, operation, lead_id)

    assert response.status == 429
    assert response.code == "RATE_LIMIT_EXCEEDED"
    assert response.header("Retry-After") == "7"
    assert response.json()["retry_after"] == 7


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_needs_exactly_its_permission(
    raw, server, operation, lead_id
) -> None:
    permission = OPERATIONS[operation].permission
    key = server.add_api_key(permissions=[permission or "webhooks:write"])

    response = _call(raw, operation, lead_id, key=key)

    assert response.status == OPERATIONS[operation].success


@pytest.mark.parametrize(
    ("make_key", "code"),
    [
        pytest.param(lambda server: None, "MISSING_API_KEY", id="missing"),
        pytest.param(lambda server: "", "MISSING_API_KEY", id="empty"),
        pytest.param(lambda server: "bna_unknown", "INVALID_API_KEY", id="unknown"),
        pytest.param(
            lambda server: server.add_api_key(is_active=False),
            "API_KEY_INACTIVE",
            id="inactive",
        ),
        pytest.param(
            lambda server: server.add_api_key(
                expires_at=datetime(2020, 1, 1, tzinfo=timezone.utc)
            ),
            "API_KEY_EXPIRED",
            id="expired",
        ),
    ],
)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_rejects_bad_key_with_401(
    raw, server, operation, make_key, code, lead_id
) -> None:
    response = _call(raw, operation, lead_id, key=make_key(server))

    assert response.status == 401
    assert response.code == code
    assert server.get_lead(lead_id) is not None
