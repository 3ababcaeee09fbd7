"""Every example of the API reference, run verbatim against a MockServer.

Each example's code is kept here exactly as the reference prints it and run
with ``exec``. Before it runs, only the host and the API key are swapped for
the mock server's. The method examples start from the reference's setup
example and run inside its ``with`` block, as a reader would combine them.
What they print is checked line by line.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiException,
    ApiValueError,
    ConflictException,
    ServiceException,
)
from buena_sdk.testing import Fault, MockServer

REFERENCE_HOST = "https://api.buena.ai/api/v2"
REFERENCE_KEY = "your-api-key"
REFERENCE_LEAD_ID = "lead_123456789"


def point_at(code: str, server: MockServer, key: str | None = None) -> str:
    """The example with the reference's host and key replaced by the mock's."""
    code = code.replace(REFERENCE_HOST, server.url)
    return code.replace(REFERENCE_KEY, key or server.api_key)


def run(code: str, **names: Any) -> dict[str, Any]:
    """Execute example code in a fresh namespace holding ``names``; return it."""
    namespace: dict[str, Any] = {"__name__": "reference_example", **names}
    exec(compile(code, "<reference example>", "exec"), namespace)
    return namespace


def run_in_setup(
    example: str,
    server: MockServer,
    *,
    key: str | None = None,
    lead_id: str | None = None,
) -> dict[str, Any]:
    """Run ``example`` inside the ``with`` block of the reference's setup.

    ``lead_id`` replaces the reference's "lead_123456789": the mock makes up
    its own ids, so an example that must find a lead is given a real one.
    """
    assert SETUP.endswith("    api_instance = DefaultApi(api_client)\n")
    if lead_id is not None:
        assert f'"{REFERENCE_LEAD_ID}"' in example
        example = example.replace(f'"{REFERENCE_LEAD_ID}"', f'"{lead_id}"')
    code = SETUP + textwrap.indent(example, "    ")
    return run(point_at(code, server, key))


def output_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


@pytest.fixture
def quick_api(server: MockServer) -> Iterator[DefaultApi]:
    """A DefaultApi for ``server`` that never retries on its own."""
    configuration = buena_sdk.Configuration(host=server.url, retries=0)
    configuration.api_key["ApiKeyAuth"] = server.api_key
    with buena_sdk.ApiClient(configuration) as api_client:
        yield DefaultApi(api_client)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record time.sleep calls instead of sleeping."""
    calls: list[float] = []
    monkeypatch.setattr(time, "sleep", calls.append)
    return calls


def add_john(server: MockServer, **fields: Any) -> dict[str, Any]:
    """The lead of the reference's examples, stored on ``server``."""
    values = {
        "first_name": "John",
        "last_name": "Doe",
        "email": "john.doe@example.com",
        "company": "Example Corp",
        **fields,
    }
    return server.add_lead(**values)


def timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- Installation & Setup --------------------------------------------------------

SETUP = """\
import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.rest import ApiException

# Configure the client
configuration = buena_sdk.Configuration(
    host="https://api.buena.ai/api/v2"
)
configuration.api_key['ApiKeyAuth'] = 'your-api-key'

# Create API client
with buena_sdk.ApiClient(configuration) as api_client:
    api_instance = DefaultApi(api_client)
"""


def test_installation_package_is_named_buena_sdk() -> None:
    # pip install buena-sdk
    assert importlib.metadata.version("buena-sdk") == buena_sdk.__version__
    assert importlib.metadata.metadata("buena-sdk")["Name"] == "buena-sdk"


def test_setup_example_builds_a_client_for_the_server(server: MockServer) -> None:
    namespace = run(point_at(SETUP, server))

    configuration = namespace["configuration"]
    api_instance = namespace["api_instance"]
    assert isinstance(api_instance, DefaultApi)
    assert api_instance.api_client is namespace["api_client"]
    assert api_instance.api_client.configuration is configuration
    assert configuration.host == server.url
    assert configuration.api_key["ApiKeyAuth"] == server.api_key
    assert namespace["ApiException"] is ApiException
    assert server.request_count() == 0


def test_setup_example_client_reaches_the_server(server: MockServer) -> None:
    namespace = run_in_setup("health = api_instance.health_check()\n", server)

    assert namespace["health"].status == "healthy"
    assert server.requests[-1].headers["x-api-key"] == server.api_key


# -- list_leads ----------------------------------------------------------------------

LIST_LEADS = """\
try:
    # List first 25 leads, sorted by creation date
    response = api_instance.list_leads(
        limit=25,
        sort='created_at',
        order='desc'
    )

    print(f"Found {response.total} leads")
    for lead in response.data:
        print(f"{lead.first_name} {lead.last_name} - {lead.email}")
        if lead.company:
            print(f"  Company: {lead.company}")

    # Search for leads
    search_results = api_instance.list_leads(
        search="john",
        company="example"
    )
    print(f"Search found {len(search_results.data)} leads")

except ApiException as e:
    print(f"Exception when calling list_leads: {e}")
"""


def test_list_leads_example_prints_leads_and_search_count(
    seeded_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    add_john(seeded_server)
    add_john(seeded_server, first_name="Johnny", email="johnny@example.com")
    add_john(seeded_server, email="john@other.test", company="Other Ltd")
    leads = seeded_server.leads()

    run_in_setup(LIST_LEADS, seeded_server)

    expected = [f"Found {len(leads)} leads"]
    for lead in leads[::-1][:25]:
        expected.append(f"{lead['first_name']} {lead['last_name']} - {lead['email']}")
        if lead["company"]:
            expected.append(f"  Company: {lead['company']}")
    matches = [
        lead
        for lead in leads
        if "john" in f"{lead['first_name']} {lead['last_name']} {lead['email']}".lower()
        and "example" in (lead["company"] or "").lower()
    ]
    assert len(matches) >= 2
    expected.append(f"Search found {len(matches)} leads")
    assert output_lines(capsys) == expected
    first, second = (record.query for record in seeded_server.requests)
    assert first == {"limit": ["25"], "sort": ["created_at"], "order": ["desc"]}
    assert second == {"search": ["john"], "company": ["example"]}


def test_list_leads_example_reports_an_api_error(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = server.add_api_key(permissions=["leads:write"])

    run_in_setup(LIST_LEADS, server, key=writer)

    [line] = output_lines(capsys)
    assert line.startswith("Exception when calling list_leads: list_leads (GET ")
    assert "HTTP 403" in line
    assert "INSUFFICIENT_PERMISSIONS" in line
    assert writer not in line


# -- create_lead ---------------------------------------------------------------------

CREATE_LEAD = """\
try:
    # Create a new lead
    lead_request = buena_sdk.CreateLeadRequest(
        first_name="John",
        last_name="Doe",
        email="john.doe@example.com",
        company="Example Corp",
        phone="+1-555-123-4567",
        linkedin_url="https://linkedin.com/in/johndoe",
        job_title="Software Engineer",
        location="San Francisco, CA",
        notes="Met at tech conference 2024",
        tags=["conference", "engineer", "potential"],
        custom_fields={
            "lead_source": "conference",
            "priority": "high",
            "budget": 50000
        }
    )

    new_lead = api_instance.create_lead(lead_request)
    print(f"Created lead with ID: {new_lead.id}")
    print(f"Name: {new_lead.first_name} {new_lead.last_name}")
    print(f"Created at: {new_lead.created_at}")

except ApiException as e:
    print(f"Exception when creating lead: {e}")
    if e.status == 400:
        print("Check required fields: first_name, last_name, email")
    elif e.status == 409:
        print("Lead with this email already exists")
"""


def test_create_lead_example_creates_and_prints_the_lead(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(CREATE_LEAD, server)

    [lead] = server.leads()
    assert output_lines(capsys) == [
        f"Created lead with ID: {lead['id']}",
        "Name: John Doe",
        f"Created at: {timestamp(lead['created_at'])}",
    ]
    assert lead["phone"] == "+1-555-123-4567"
    assert lead["tags"] == ["conference", "engineer", "potential"]
    assert lead["custom_fields"] == {
        "lead_source": "conference",
        "priority": "high",
        "budget": 50000,
    }


def test_create_lead_example_run_twice_reports_the_duplicate(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(CREATE_LEAD, server)
    capsys.readouterr()

    run_in_setup(CREATE_LEAD, server)

    error_line, hint = output_lines(capsys)
    assert error_line.startswith("Exception when creating lead: create_lead (POST ")
    assert "HTTP 409" in error_line
    assert "DUPLICATE_EMAIL" in error_line
    assert hint == "Lead with this email already exists"
    assert server.lead_count() == 1


def test_create_lead_example_explains_a_400(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_faults(
        "POST /leads", Fault.status(400, code_word="MISSING_REQUIRED_FIELD")
    )

    run_in_setup(CREATE_LEAD, server)

    error_line, hint = output_lines(capsys)
    assert "HTTP 400" in error_line
    assert hint == "Check required fields: first_name, last_name, email"


# -- get_lead ------------------------------------------------------------------------

GET_LEAD = """\
try:
    lead = api_instance.get_lead("lead_123456789")
    print(f"Lead: {lead.first_name} {lead.last_name}")
    print(f"Email: {lead.email}")
    print(f"Company: {lead.company}")
    print(f"Status: {lead.status}")
    print(f"Created: {lead.created_at.strftime('%Y-%m-%d %H:%M:%S')}")

    # Access custom fields
    if lead.custom_fields:
        print("Custom fields:")
        for key, value in lead.custom_fields.items():
            print(f"  {key}: {value}")

except ApiException as e:
    print(f"Exception when getting lead: {e}")
    if e.status == 404:
        print("Lead not found")
"""


def test_get_lead_example_prints_the_lead_and_custom_fields(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = add_john(
        server, custom_fields={"lead_source": "conference", "priority": "high"}
    )

    # The mock makes up lead ids, so the example is given the real one.
    run_in_setup(GET_LEAD, server, lead_id=lead["id"])

    created = timestamp(lead["created_at"]).strftime("%Y-%m-%d %H:%M:%S")
    assert output_lines(capsys) == [
        "Lead: John Doe",
        "Email: john.doe@example.com",
        "Company: Example Corp",
        "Status: active",
        f"Created: {created}",
        "Custom fields:",
        "  lead_source: conference",
        "  priority: high",
    ]


def test_get_lead_example_verbatim_reports_lead_not_found(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(GET_LEAD, server)

    error_line, hint = output_lines(capsys)
    assert error_line.startswith("Exception when getting lead: get_lead (GET ")
    assert REFERENCE_LEAD_ID in error_line
    assert "HTTP 404" in error_line
    assert hint == "Lead not found"
    assert server.requests[-1].path == f"/api/v2/leads/{REFERENCE_LEAD_ID}"


# -- update_lead ---------------------------------------------------------------------

UPDATE_LEAD = """\
try:
    # Update lead information
    update_request = buena_sdk.UpdateLeadRequest(
        company="New Company Inc",
        job_title="Senior Software Engineer",
        status="contacted",
        tags=["contacted", "promoted", "hot-lead"],
        notes="Promoted to senior role, very interested in our product",
        custom_fields={
            "priority": "very_high",
            "last_contacted": "2024-06-29",
            "budget": 75000
        }
    )

    updated_lead = api_instance.update_lead("lead_123456789", update_request)
    print(f"Updated lead: {updated_lead.first_name} {updated_lead.last_name}")
    print(f"New company: {updated_lead.company}")
    print(f"New status: {updated_lead.status}")

except ApiException as e:
    print(f"Exception when updating lead: {e}")
    if e.status == 404:
        print("Lead not found")
    elif e.status == 409:
        print("Email already exists (if updating email)")
"""


def test_update_lead_example_updates_and_prints_the_lead(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = add_john(server, custom_fields={"lead_source": "conference", "budget": 1})

    # The mock makes up lead ids, so the example is given the real one.
    run_in_setup(UPDATE_LEAD, server, lead_id=lead["id"])

    assert output_lines(capsys) == [
        "Updated lead: John Doe",
        "New company: New Company Inc",
        "New status: contacted",
    ]
    stored = server.get_lead(lead["id"])
    assert stored is not None
    assert stored["job_title"] == "Senior Software Engineer"
    assert stored["tags"] == ["contacted", "promoted", "hot-lead"]
    assert stored["notes"] == "Promoted to senior role, very interested in our product"
    assert stored["custom_fields"] == {
        "lead_source": "conference",
        "priority": "very_high",
        "last_contacted": "2024-06-29",
        "budget": 75000,
    }
    assert set(json.loads(server.requests[-1].body)) == {
        "company",
        "job_title",
        "status",
        "tags",
        "notes",
        "custom_fields",
    }


def test_update_lead_example_verbatim_reports_lead_not_found(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(UPDATE_LEAD, server)

    error_line, hint = output_lines(capsys)
    assert error_line.startswith("Exception when updating lead: update_lead (PUT ")
    assert "HTTP 404" in error_line
    assert hint == "Lead not found"


def test_update_lead_example_explains_a_409(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = add_john(server)
    server.add_faults("PUT /leads/{leadId}", Fault.status(409))

    # The mock makes up lead ids, so the example is given the real one.
    run_in_setup(UPDATE_LEAD, server, lead_id=lead["id"])

    error_line, hint = output_lines(capsys)
    assert "HTTP 409" in error_line
    assert hint == "Email already exists (if updating email)"


# -- delete_lead ---------------------------------------------------------------------

DELETE_LEAD = """\
try:
    result = api_instance.delete_lead("lead_123456789")
    if result.get("success"):
        print(f"Successfully deleted lead: {result.get('deleted_id')}")
        print(f"Message: {result.get('message')}")
    else:
        print(f"Failed to delete lead: {result.get('message')}")

except ApiException as e:
    print(f"Exception when deleting lead: {e}")
    if e.status == 404:
        print("Lead not found")
"""


def test_delete_lead_example_deletes_and_prints_the_result(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = add_john(server)

    # The mock makes up lead ids, so the example is given the real one.
    namespace = run_in_setup(DELETE_LEAD, server, lead_id=lead["id"])

    assert output_lines(capsys) == [
        f"Successfully deleted lead: {lead['id']}",
        "Message: Lead deleted successfully",
    ]
    assert isinstance(namespace["result"], dict)
    assert server.lead_count() == 0


def test_delete_lead_example_prints_an_unsuccessful_result(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = {"success": False, "message": "Lead is locked", "deleted_id": "lead_1"}
    server.add_faults(
        "DELETE /leads/{leadId}", Fault.status(200, body=json.dumps(body).encode())
    )

    run_in_setup(DELETE_LEAD, server)

    assert output_lines(capsys) == ["Failed to delete lead: Lead is locked"]


def test_delete_lead_example_verbatim_reports_lead_not_found(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(DELETE_LEAD, server)

    error_line, hint = output_lines(capsys)
    assert error_line.startswith("Exception when deleting lead: delete_lead (DELETE ")
    assert "HTTP 404" in error_line
    assert hint == "Lead not found"


# -- list_api_keys -------------------------------------------------------------------

LIST_API_KEYS = """\
try:
    api_keys = api_instance.list_api_keys()
    print(f"You have {api_keys.total} API keys:")

    for key in api_keys.data:
        status = "Active" if key.is_active else "Inactive"
        print(f"{key.name}: {key.key_preview} ({status})")
        print(f"  Permissions: {', '.join(key.permissions)}")
        if key.last_used:
            print(f"  Last used: {key.last_used.strftime('%Y-%m-%d %H:%M:%S')}")
        if key.expires_at:
            print(f"  Expires: {key.expires_at.strftime('%Y-%m-%d')}")
        print()

except ApiException as e:
    print(f"Exception when listing API keys: {e}")
"""


def test_list_api_keys_example_prints_every_key(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    expiry = datetime(2099, 12, 31, 12, tzinfo=timezone.utc)
    reader = server.add_api_key(
        permissions=["leads:read"], name="Reader", expires_at=expiry
    )
    retired = server.add_api_key(
        permissions=["leads:read", "leads:write"], name="Retired", is_active=False
    )

    namespace = run_in_setup(LIST_API_KEYS, server)

    [master] = [key for key in namespace["api_keys"].data if key.name == "Master key"]
    assert master.last_used is not None
    assert output_lines(capsys) == [
        "You have 3 API keys:",
        f"Master key: {server.api_key[:8]}... (Active)",
        "  Permissions: leads:read, leads:write, leads:delete, api_keys:read, "
        "api_keys:write, webhooks:read, webhooks:write",
        f"  Last used: {master.last_used.strftime('%Y-%m-%d %H:%M:%S')}",
        "",
        f"Reader: {reader[:8]}... (Active)",
        "  Permissions: leads:read",
        "  Expires: 2099-12-31",
        "",
        f"Retired: {retired[:8]}... (Inactive)",
        "  Permissions: leads:read, leads:write",
        "",
    ]


def test_list_api_keys_example_reports_an_api_error(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_in_setup(LIST_API_KEYS, server, key="bna_unknown")

    [line] = output_lines(capsys)
    assert line.startswith("Exception when listing API keys: list_api_keys (GET ")
    assert "HTTP 401" in line
    assert "INVALID_API_KEY" in line


# -- create_api_key ------------------------------------------------------------------

CREATE_API_KEY = """\
from datetime import datetime, timedelta

try:
    # Create API key that expires in 1 year
    expiry_date = datetime.now() + timedelta(days=365)

    key_request = buena_sdk.CreateApiKeyRequest(
        name="Integration API Key",
        permissions=["leads:read", "leads:write"],
        description="For CRM integration",
        expires_at=expiry_date
    )

    new_api_key = api_instance.create_api_key(key_request)
    print(f"Created API key: {new_api_key.name}")
    print(f"Key: {new_api_key.key}")  # SAVE THIS! Won't be shown again
    print(f"Preview: {new_api_key.key_preview}")
    print(f"Permissions: {', '.join(new_api_key.permissions)}")
    print(f"Expires: {new_api_key.expires_at.strftime('%Y-%m-%d') if new_api_key.expires_at else 'Never'}")

except ApiException as e:
    print(f"Exception when creating API key: {e}")
    if e.status == 400:
        print("Check required fields: name, permissions")
    elif e.status == 422:
        print("Invalid permissions specified")
"""  # noqa: E501


def test_create_api_key_example_creates_a_working_key(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = run_in_setup(CREATE_API_KEY, server)

    new_api_key = namespace["new_api_key"]
    key = new_api_key.key
    expires = namespace["expiry_date"].astimezone(timezone.utc).strftime("%Y-%m-%d")
    assert output_lines(capsys) == [
        "Created API key: Integration API Key",
        f"Key: {key}",
        f"Preview: {key[:8]}...",
        "Permissions: leads:read, leads:write",
        f"Expires: {expires}",
    ]
    assert new_api_key.description == "For CRM integration"

    # The printed key works once, with exactly the permissions asked for.
    configuration = buena_sdk.Configuration(host=server.url, api_key=key)
    with buena_sdk.ApiClient(configuration) as api_client:
        api = DefaultApi(api_client)
        assert api.list_leads().total == 0
        with pytest.raises(ApiException) as caught:
            api.list_api_keys()
    assert caught.value.status == 403


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        (400, "Check required fields: name, permissions"),
        (422, "Invalid permissions specified"),
    ],
)
def test_create_api_key_example_explains_client_errors(
    server: MockServer, capsys: pytest.CaptureFixture[str], status: int, hint: str
) -> None:
    server.add_faults("POST /keys", Fault.status(status))

    run_in_setup(CREATE_API_KEY, server)

    error_line, printed_hint = output_lines(capsys)
    assert error_line.startswith("Exception when creating API key: create_api_key")
    assert f"HTTP {status}" in error_line
    assert printed_hint == hint


# -- health_check --------------------------------------------------------------------

HEALTH_CHECK = """\
try:
    health = api_instance.health_check()
    print(f"API Status: {health.status}")
    print(f"Version: {health.version}")
    print(f"Response Time: {health.response_time}ms")
    print(f"Timestamp: {health.timestamp.strftime('%Y-%m-%d %H:%M:%S')}")

    if health.status == 'healthy':
        print("✅ All systems operational")
    else:
        print("⚠️  Some services may be experiencing issues")
        print("Service status:")
        for service, status in health.services.items():
            emoji = "✅" if status == "healthy" else "⚠️" if status == "degraded" else "❌"
            print(f"  {emoji} {service}: {status}")

except ApiException as e:
    print(f"Exception when checking health: {e}")
    if e.status == 503:
        print("Service temporarily unavailable")
"""  # noqa: E501


def test_health_check_example_prints_a_healthy_status(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = run_in_setup(HEALTH_CHECK, server)

    health = namespace["health"]
    assert output_lines(capsys) == [
        "API Status: healthy",
        "Version: 2.0.0",
        f"Response Time: {health.response_time}ms",
        f"Timestamp: {health.timestamp.strftime('%Y-%m-%d %H:%M:%S')}",
        "✅ All systems operational",
    ]


def test_health_check_example_lists_services_when_degraded(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.set_health(
        "degraded", {"database": "healthy", "redis": "degraded", "api": "down"}
    )

    run_in_setup(HEALTH_CHECK, server)

    assert output_lines(capsys)[4:] == [
        "⚠️  Some services may be experiencing issues",
        "Service status:",
        "  ✅ database: healthy",
        "  ⚠️ redis: degraded",
        "  ❌ api: down",
    ]


def test_health_check_example_explains_a_503(
    server: MockServer, capsys: pytest.CaptureFixture[str], slept: list[float]
) -> None:
    server.set_health("down")

    run_in_setup(HEALTH_CHECK, server)

    error_line, hint = output_lines(capsys)
    assert error_line.startswith("Exception when checking health: health_check (GET ")
    assert "HTTP 503" in error_line
    assert hint == "Service temporarily unavailable"
    # The setup's default policy retried twice before giving up.
    assert server.request_count("GET /health") == 3
    assert len(slept) == 2


# -- Async Support -------------------------------------------------------------------

ASYNC_EXAMPLE = """\
import asyncio
import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.rest import ApiException

async def async_example():
    configuration = buena_sdk.Configuration(
        host="https://api.buena.ai/api/v2"
    )
    configuration.api_key['ApiKeyAuth'] = 'your-api-key'

    async with buena_sdk.ApiClient(configuration) as api_client:
        api_instance = DefaultApi(api_client)

        try:
            # List leads asynchronously
            leads = await api_instance.list_leads_async()
            print(f"Found {leads.total} leads")

            # Create lead asynchronously
            lead_request = buena_sdk.CreateLeadRequest(
                first_name="Jane",
                last_name="Smith",
                email="jane@example.com"
            )
            new_lead = await api_instance.create_lead_async(lead_request)
            print(f"Created lead: {new_lead.id}")

        except ApiException as e:
            print(f"Exception: {e}")

# Run async function
asyncio.run(async_example())
"""


def test_async_example_lists_and_creates(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run(point_at(ASYNC_EXAMPLE, server))

    [lead] = server.leads()
    assert output_lines(capsys) == ["Found 0 leads", f"Created lead: {lead['id']}"]
    assert lead["email"] == "jane@example.com"


def test_async_example_run_twice_reports_the_duplicate(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run(point_at(ASYNC_EXAMPLE, server))
    capsys.readouterr()

    run(point_at(ASYNC_EXAMPLE, server))

    found, error_line = output_lines(capsys)
    assert found == "Found 1 leads"
    assert error_line.startswith("Exception: create_lead (POST ")
    assert "HTTP 409" in error_line


# -- Error Handling: decorator ---------------------------------------------------------

ERROR_DECORATOR = '''\
from buena_sdk.rest import ApiException
import logging

def handle_api_errors(func):
    """Decorator for handling API errors"""
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ApiException as e:
            logging.error(f"API Exception in {func.__name__}: {e}")

            # Handle specific error codes
            error_messages = {
                401: "Invalid API key - check your authentication",
                403: "Insufficient permissions for this operation",
                404: "Resource not found",
                409: "Conflict - resource already exists",
                422: "Validation error - check your input data",
                429: "Rate limit exceeded - please retry later",
                500: "Server error - contact support if this persists",
                503: "Service temporarily unavailable"
            }

            message = error_messages.get(e.status, f"HTTP error {e.status}")
            print(f"Error {e.status}: {message}")

            # Log response body for debugging
            if hasattr(e, 'body') and e.body:
                logging.debug(f"Response body: {e.body}")

            raise  # Re-raise for caller to handle
        except Exception as e:
            logging.error(f"Unexpected error in {func.__name__}: {e}")
            raise
    return wrapper

# Usage example
@handle_api_errors
def create_lead_safe(api_instance, lead_data):
    return api_instance.create_lead(lead_data)
'''


def test_error_decorator_passes_results_through(
    quick_api: DefaultApi, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = run(ERROR_DECORATOR)
    request = buena_sdk.CreateLeadRequest(
        first_name="Jane", last_name="Smith", email="jane@example.com"
    )

    lead = namespace["create_lead_safe"](quick_api, request)

    assert isinstance(lead, buena_sdk.Lead)
    assert lead.email == "jane@example.com"
    assert capsys.readouterr().out == ""


def test_error_decorator_reports_and_reraises_api_errors(
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    create_lead_safe = run(ERROR_DECORATOR)["create_lead_safe"]
    lead_data = {"first_name": "Jane", "last_name": "Smith", "email": "j@example.com"}
    create_lead_safe(quick_api, lead_data)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(ConflictException) as caught:
        create_lead_safe(quick_api, lead_data)

    assert output_lines(capsys) == ["Error 409: Conflict - resource already exists"]
    messages = [record.getMessage() for record in caplog.records]
    assert f"API Exception in create_lead_safe: {caught.value}" in messages
    assert f"Response body: {caught.value.body}" in messages


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (401, "Invalid API key - check your authentication"),
        (403, "Insufficient permissions for this operation"),
        (404, "Resource not found"),
        (409, "Conflict - resource already exists"),
        (422, "Validation error - check your input data"),
        (429, "Rate limit exceeded - please retry later"),
        (500, "Server error - contact support if this persists"),
        (503, "Service temporarily unavailable"),
        (418, "HTTP error 418"),
    ],
)
def test_error_decorator_explains_each_status(
    server: MockServer,
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    status: int,
    message: str,
) -> None:
    create_lead_safe = run(ERROR_DECORATOR)["create_lead_safe"]
    server.add_faults("POST /leads", Fault.status(status))
    lead_data = {"first_name": "Jane", "last_name": "Smith", "email": "j@example.com"}

    with pytest.raises(ApiException) as caught:
        create_lead_safe(quick_api, lead_data)

    assert caught.value.status == status
    assert output_lines(capsys) == [f"Error {status}: {message}"]


def test_error_decorator_logs_and_reraises_other_errors(
    server: MockServer,
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    create_lead_safe = run(ERROR_DECORATOR)["create_lead_safe"]

    with pytest.raises(ApiValueError):
        create_lead_safe(quick_api, {"first_name": "Jane"})

    assert capsys.readouterr().out == ""
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage().startswith("Unexpected error in create_lead_safe: ")
    assert server.request_count() == 0


# -- Error Handling: retry with exponential backoff ------------------------------

RETRY_EXAMPLE = '''\
# Retry with exponential backoff
import time
import random

def api_call_with_retry(func, *args, max_retries=3, **kwargs):
    """Execute API call with exponential backoff retry"""
    for attempt in range(max_retries):
        try:
            return func(*args, **kwargs)
        except ApiException as e:
            if e.status == 429 and attempt < max_retries - 1:
                # Rate limited - wait with exponential backoff
                wait_time = (2 ** attempt) + random.uniform(0, 1)
                print(f"Rate limited. Waiting {wait_time:.2f}s before retry {attempt + 1}...")
                time.sleep(wait_time)
            else:
                raise

# Usage
try:
    leads = api_call_with_retry(api_instance.list_leads, limit=50)
except ApiException as e:
    print(f"Failed after retries: {e}")
'''  # noqa: E501

# The reference prints both parts as one block: the retry part relies on the
# decorator part's import of ApiException.
ERROR_HANDLING = ERROR_DECORATOR + "\n" + RETRY_EXAMPLE


def test_retry_example_waits_out_a_rate_limit_then_succeeds(
    seeded_server: MockServer, capsys: pytest.CaptureFixture[str], slept: list[float]
) -> None:
    seeded_server.add_faults("GET /leads", Fault.status(429, retry_after=1))
    configuration = buena_sdk.Configuration(host=seeded_server.url, retries=0)
    configuration.api_key["ApiKeyAuth"] = seeded_server.api_key

    with buena_sdk.ApiClient(configuration) as api_client:
        namespace = run(ERROR_HANDLING, api_instance=DefaultApi(api_client))

    assert namespace["leads"].total == 30
    [wait] = slept
    assert 1 <= wait <= 2
    assert output_lines(capsys) == [
        f"Rate limited. Waiting {wait:.2f}s before retry 1..."
    ]
    assert [record.status for record in seeded_server.requests] == [429, 200]
    assert seeded_server.requests[-1].query == {"limit": ["50"]}


def test_retry_example_gives_up_after_three_attempts(
    server: MockServer,
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    slept: list[float],
) -> None:
    server.add_faults("GET /leads", Fault.status(429, retry_after=1), times=3)

    namespace = run(ERROR_HANDLING, api_instance=quick_api)

    assert "leads" not in namespace
    first, second = slept
    assert 1 <= first <= 2
    assert 2 <= second <= 3
    lines = output_lines(capsys)
    assert lines[:2] == [
        f"Rate limited. Waiting {first:.2f}s before retry 1...",
        f"Rate limited. Waiting {second:.2f}s before retry 2...",
    ]
    assert lines[2].startswith("Failed after retries: list_leads (GET ")
    assert "HTTP 429" in lines[2]
    assert len(lines) == 3
    assert server.request_count("GET /leads") == 3


def test_retry_example_does_not_retry_other_errors(
    server: MockServer,
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    slept: list[float],
) -> None:
    server.add_faults("GET /leads", Fault.status(500))

    run(ERROR_HANDLING, api_instance=quick_api)

    [line] = output_lines(capsys)
    assert line.startswith("Failed after retries: ")
    assert "HTTP 500" in line
    assert slept == []
    assert server.request_count() == 1


def test_retry_example_rate_limited_by_the_servers_window(
    server: MockServer,
    quick_api: DefaultApi,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []

    def wait_out(seconds: float) -> None:
        waits.append(seconds)
        server.set_rate_limit(None)  # as if the window had passed

    monkeypatch.setattr(time, "sleep", wait_out)
    server.set_rate_limit(1, per_seconds=60)
    quick_api.health_check()

    namespace = run(ERROR_HANDLING, api_instance=quick_api)

    assert namespace["leads"].total == 0
    assert len(waits) == 1
    assert [record.status for record in server.requests] == [200, 429, 200]


# -- Pagination ----------------------------------------------------------------

PAGINATION = '''\
def paginate_leads(api_instance, page_size=50, **filters):
    """Generator function to paginate through all leads"""
    offset = 0

    while True:
        try:
            response = api_instance.list_leads(
                limit=page_size,
                offset=offset,
                **filters
            )

            # Yield each lead
            for lead in response.data:
                yield lead

            # Check if we've reached the end
            if len(response.data) < page_size:
                break

            offset += page_size

        except ApiException as e:
            print(f"Error during pagination: {e}")
            break

# Usage
for lead in paginate_leads(api_instance, company="Example Corp"):
    print(f"Processing lead: {lead.first_name} {lead.last_name}")
'''


@pytest.fixture
def example_corp(seeded_server: MockServer) -> list[dict[str, Any]]:
    """The seeded server plus 60 more leads at Example Corp, newest first."""
    for index in range(60):
        seeded_server.add_lead(
            first_name=f"Buyer{index}",
            last_name="Example",
            email=f"buyer{index}@example.com",
            company="Example Corp" if index % 2 else "EXAMPLE CORP EMEA",
        )
    return [
        lead
        for lead in seeded_server.leads()[::-1]
        if "example corp" in (lead["company"] or "").lower()
    ]


def test_pagination_example_visits_every_matching_lead(
    seeded_server: MockServer,
    example_corp: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_in_setup(PAGINATION, seeded_server)

    assert output_lines(capsys) == [
        f"Processing lead: {lead['first_name']} {lead['last_name']}"
        for lead in example_corp
    ]
    pages = [record.query for record in seeded_server.requests]
    assert len(example_corp) > 50
    assert len(pages) == len(example_corp) // 50 + 1
    assert [page["offset"] for page in pages] == [
        [str(50 * index)] for index in range(len(pages))
    ]
    assert all(page["company"] == ["Example Corp"] for page in pages)
    assert all(page["limit"] == ["50"] for page in pages)


def test_pagination_example_stops_on_an_error(
    seeded_server: MockServer,
    example_corp: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeded_server.add_faults("GET /leads", Fault.delay(0), Fault.status(400))

    run_in_setup(PAGINATION, seeded_server)

    lines = output_lines(capsys)
    assert len(lines) == 51
    assert lines[:50] == [
        f"Processing lead: {lead['first_name']} {lead['last_name']}"
        for lead in example_corp[:50]
    ]
    assert lines[50].startswith("Error during pagination: list_leads (GET ")
    assert "HTTP 400" in lines[50]
    assert seeded_server.request_count() == 2


# -- Configuration Options -----------------------------------------------------

ADVANCED_CONFIGURATION = """\
import buena_sdk
from urllib3.util.retry import Retry
from urllib3 import PoolManager

# Advanced configuration
configuration = buena_sdk.Configuration(
    host="https://api.buena.ai/api/v2",
    api_key={'ApiKeyAuth': 'your-api-key'},

    # SSL settings
    verify_ssl=True,
    ssl_ca_cert=None,
    cert_file=None,
    key_file=None,

    # Connection pool settings
    connection_pool_maxsize=10,

    # Proxy settings
    proxy=None,  # or "http://proxy.example.com:8080"
    proxy_headers=None,

    # Timeout settings
    timeout=30,  # Request timeout in seconds

    # User agent
    user_agent="BuenaSDK-Python/1.0.0"
)

# Custom retry strategy
retry_strategy = Retry(
    total=3,
    backoff_factor=1,
    status_forcelist=[429, 500, 502, 503, 504],
)

# Use custom configuration
with buena_sdk.ApiClient(configuration) as api_client:
    # Configure custom retry strategy
    api_client.rest_client.pool_manager = PoolManager(
        num_pools=10,
        retries=retry_strategy
    )

    api_instance = DefaultApi(api_client)
"""


def run_configuration(server: MockServer, call_in_block: str = "") -> dict[str, Any]:
    """Run the configuration example, plus ``call_in_block`` inside its block.

    The example uses DefaultApi, which the reference imports in its setup
    example only, so the name is provided as the setup would have.
    """
    code = point_at(ADVANCED_CONFIGURATION, server) + call_in_block
    return run(code, DefaultApi=DefaultApi)


# The reference's block ends before any call; these add one inside it.
CALL_HEALTH_IN_BLOCK = "    health = api_instance.health_check()\n"
CREATE_LEAD_IN_BLOCK = (
    "    lead = api_instance.create_lead("
    "{'first_name': 'A', 'last_name': 'B', 'email': 'a@b.test'})\n"
)


def test_advanced_configuration_example_applies_every_setting(
    server: MockServer,
) -> None:
    namespace = run_configuration(server)

    configuration = namespace["configuration"]
    assert configuration.host == server.url
    assert configuration.api_key == {"ApiKeyAuth": server.api_key}
    assert configuration.verify_ssl is True
    assert configuration.connection_pool_maxsize == 10
    assert configuration.proxy is None
    assert configuration.timeout == 30
    assert configuration.user_agent == "BuenaSDK-Python/1.0.0"
    pool = namespace["api_client"].rest_client.pool_manager
    assert pool.connection_pool_kw["retries"] is namespace["retry_strategy"]
    assert namespace["api_instance"].api_client is namespace["api_client"]


def test_advanced_configuration_sends_its_user_agent(server: MockServer) -> None:
    namespace = run_configuration(server, CALL_HEALTH_IN_BLOCK)

    assert namespace["health"].status == "healthy"
    assert server.requests[-1].headers["user-agent"] == "BuenaSDK-Python/1.0.0"


def test_custom_retry_strategy_retries_503_with_its_own_backoff(
    server: MockServer, slept: list[float]
) -> None:
    server.add_faults("GET /health", Fault.status(503), times=2)
    namespace = run_configuration(server, CALL_HEALTH_IN_BLOCK)

    assert namespace["health"].status == "healthy"
    assert [record.status for record in server.requests] == [503, 503, 200]
    # urllib3's backoff: nothing before the first retry, then factor * 2.
    assert slept == [2.0]


def test_custom_retry_strategy_gives_up_after_three_retries(
    server: MockServer, slept: list[float]
) -> None:
    server.add_faults("GET /health", Fault.status(503), times=4)
    with pytest.raises(ServiceException) as caught:
        run_configuration(server, CALL_HEALTH_IN_BLOCK)

    assert caught.value.status == 503
    assert server.request_count("GET /health") == 4
    assert slept == [2.0, 4.0]


def test_custom_retry_strategy_does_not_retry_post(
    server: MockServer, slept: list[float]
) -> None:
    server.add_faults("POST /leads", Fault.status(503))
    with pytest.raises(ServiceException) as caught:
        run_configuration(server, CREATE_LEAD_IN_BLOCK)

    assert caught.value.status == 503
    assert caught.value.code == "SERVICE_UNAVAILABLE"
    assert server.request_count() == 1
    assert slept == []
