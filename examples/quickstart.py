"""A tour of buena-sdk against the bundled mock server: no API key, no network.

Run it from a checkout after ``python -m pip install .``:

    python examples/quickstart.py

It starts a `buena_sdk.testing.MockServer` on 127.0.0.1 with sample leads,
points a client at it, and walks through every operation of the API: health,
creating, listing, reading, updating, iterating and deleting leads, API keys,
and what errors look like. Swap ``server.url`` and ``server.api_key`` for
``https://api.buena.ai/api/v2`` and your own key to run the same calls for real.
"""

from __future__ import annotations

import sys

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiException,
    ApiValueError,
    NotFoundException,
    UnprocessableEntityException,
)
from buena_sdk.testing import MockServer

SAMPLE_LEADS = 40


def main() -> int:
    """Start a seeded mock server, run every step against it, return 0."""
    with MockServer(seed_leads=SAMPLE_LEADS, random_seed=2024) as server:
        print(f"Mock Buena.ai API running at {server.url}")
        configuration = buena_sdk.Configuration(host=server.url, api_key=server.api_key)
        with buena_sdk.ApiClient(configuration) as api_client:
            api = DefaultApi(api_client)
            check_health(api)
            lead = create_lead(api)
            list_leads(api)
            lead = get_and_update_lead(api, lead)
            iterate_leads(api)
            manage_api_keys(api)
            show_errors(api)
            delete_lead(api, lead)
    print("\nDone: every step ran against the mock server.")
    return 0


def heading(title: str) -> None:
    """Print a section title."""
    print(f"\n== {title} ==")


def check_health(api: DefaultApi) -> None:
    """GET /health: overall status, version and each service."""
    heading("Health")
    health = api.health_check()
    services = ", ".join(f"{name}={state}" for name, state in health.services.items())
    print(f"API status: {health.status} (version {health.version})")
    print(f"Services: {services}")


def create_lead(api: DefaultApi) -> buena_sdk.Lead:
    """POST /leads: a new lead from a CreateLeadRequest."""
    heading("Create a lead")
    request = buena_sdk.CreateLeadRequest(
        first_name="Ada",
        last_name="Lovelace",
        email="ada.lovelace@example.com",
        company="Analytical Engines Ltd",
        job_title="Head of Research",
        phone="+44 20 7946 0958",
        tags=["conference", "decision-maker"],
        custom_fields={"lead_source": "conference", "budget": 50000},
    )
    lead = api.create_lead(request)
    print(f"Created {lead.id}: {lead.first_name} {lead.last_name} <{lead.email}>")
    print(f"Status {lead.status}, created at {lead.created_at:%Y-%m-%d %H:%M:%S %Z}")
    return lead


def list_leads(api: DefaultApi) -> None:
    """GET /leads: paging, sorting and the search, company and status filters."""
    heading("List leads")
    page = api.list_leads(limit=5, sort="last_name", order="asc")
    print(f"{page.total} leads in total; the first {len(page.data)} by last name:")
    for lead in page.data:
        print(f"  {lead.last_name}, {lead.first_name} ({lead.company or '-'})")

    found = api.list_leads(search="lovelace")
    print(f"search='lovelace' finds {found.total}: {found.data[0].email}")

    active = api.list_leads(status="active", limit=1)
    print(f"status='active' matches {active.total} leads")

    by_company = api.list_leads(company="analytical")
    print(f"company='analytical' matches {by_company.total} lead(s)")


def get_and_update_lead(api: DefaultApi, lead: buena_sdk.Lead) -> buena_sdk.Lead:
    """GET and PUT /leads/{leadId}: read one lead, then change two fields."""
    heading("Get and update a lead")
    fetched = api.get_lead(lead.id)
    print(f"Fetched {fetched.id}: job title {fetched.job_title!r}")

    changes = buena_sdk.UpdateLeadRequest(status="contacted", notes="Called on Monday")
    updated = api.update_lead(lead.id, changes)
    print(f"Updated status: {fetched.status} -> {updated.status}")
    print(f"Notes now: {updated.notes!r}; company unchanged: {updated.company!r}")
    return updated


def iterate_leads(api: DefaultApi) -> None:
    """iter_leads: every matching lead, fetched page by page."""
    heading("Iterate over every lead")
    companies = set()
    count = 0
    for lead in api.iter_leads(page_size=10):
        count += 1
        if lead.company:
            companies.add(lead.company)
    print(f"Read {count} leads in pages of 10, from {len(companies)} companies")


def manage_api_keys(api: DefaultApi) -> None:
    """GET and POST /keys: list keys, create a read-only one."""
    heading("API keys")
    request = buena_sdk.CreateApiKeyRequest(
        name="Reporting", permissions=["leads:read"], description="Dashboards"
    )
    new_key = api.create_api_key(request)
    print(f"Created key {new_key.id} ({new_key.name}), preview {new_key.key_preview}")
    print("The full key is returned only now; store it somewhere safe.")

    keys = api.list_api_keys()
    print(f"The account has {keys.total} keys:")
    for key in keys.data:
        print(f"  {key.name}: {key.key_preview} {', '.join(key.permissions)}")


def show_errors(api: DefaultApi) -> None:
    """What failures look like: a 404, a 422 and a check made before sending."""
    heading("Errors")
    try:
        api.get_lead("lead_000000000000")
    except NotFoundException as error:
        print(f"404 caught: {type(error).__name__}, code {error.code}")
        print(f"  {error}")

    try:
        api.create_lead(
            {"first_name": "Bad", "last_name": "Email", "email": "not-an-email"}
        )
    except UnprocessableEntityException as error:
        field = (error.data.details or {}).get("field") if error.data else None
        print(f"422 caught: code {error.code}, field {field!r}")

    try:
        api.list_leads(limit=500)
    except ApiValueError as error:
        print(f"Rejected before sending: {error}")


def delete_lead(api: DefaultApi, lead: buena_sdk.Lead) -> None:
    """DELETE /leads/{leadId}, then show that the lead is gone."""
    heading("Delete a lead")
    result = api.delete_lead(lead.id)
    print(f"success={result['success']} deleted_id={result['deleted_id']}")
    try:
        api.get_lead(lead.id)
    except ApiException as error:
        print(f"Reading it again gives HTTP {error.status}")


if __name__ == "__main__":
    sys.exit(main())
