"""Property-based conformance of a running MockServer against openapi.yaml.

Schemathesis generates requests for every operation from the specification,
both valid and invalid ones, sends them to one MockServer, and checks each
response: documented status code, content type, headers and body schema, no
server errors, invalid data rejected, valid data accepted, and the API key
enforced. A second test sends every operation without a key and with an
unknown key and expects a documented 401.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from buena_sdk.testing import MockServer

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"
MAX_EXAMPLES = 30
HYPOTHESIS_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
DATE_TIME = re.compile(
    r"(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d):(\d\d)(?:\.\d+)?([Zz]|[+-]\d\d:\d\d)", re.ASCII
)
RESPONSE_CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _load_schema(*modes: GenerationMode) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_path(SPEC, config=schemathesis.Config())
    # The key is sent by each test itself rather than generated.
    schema.config.generation.update(
        modes=list(modes),
        max_examples=MAX_EXAMPLES,
        deterministic=True,
        with_security_parameters=False,
    )
    return schema


schema = _load_schema(GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
positive_schema = _load_schema(GenerationMode.POSITIVE)


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """One server for the whole module, with leads to read, change and delete."""
    with MockServer(seed_leads=60, random_seed=20240629) as server:
        yield server


def _is_positive(case: Case) -> bool:
    return case.meta is None or not case.meta.generation.mode.is_negative


def _aim_at_existing_lead(case: Case, mock: MockServer) -> None:
    """Point half the valid lead-id cases at a real lead, so success is covered."""
    lead_id = (case.path_parameters or {}).get("leadId")
    if lead_id is None or not _is_positive(case) or len(str(lead_id)) % 2:
        return
    leads = mock.leads()
    if leads:
        case.path_parameters["leadId"] = leads[len(leads) // 2]["id"]


def _expires_in_the_past(case: Case) -> bool:
    """A schema-valid createApiKey body the API must still refuse with 422."""
    if case.operation.label != "POST /keys" or not isinstance(case.body, dict):
        return False
    expires_at = case.body.get("expires_at")
    match = DATE_TIME.fullmatch(expires_at) if isinstance(expires_at, str) else None
    if match is None:
        return False
    date, hours_minutes, seconds, offset = match.groups()
    offset = "+00:00" if offset in "Zz" else offset
    # Whole seconds are enough here; a leap second counts as :59.
    moment = datetime.fromisoformat(
        f"{date}T{hours_minutes}:{min(seconds, '59')}{offset}"
    )
    return moment <= datetime.now(timezone.utc)


@schema.parametrize()
@HYPOTHESIS_SETTINGS
def test_mock_conforms_to_the_spec_with_a_valid_key(case: Case, mock: MockServer):
    _aim_at_existing_lead(case, mock)
    excluded = []
    if _expires_in_the_past(case):
        # The future-only rule is stated in prose; the schema cannot express it.
        excluded.append(positive_data_acceptance)

    response = case.call_and_validate(
        base_url=mock.url,
        headers={"x-api-key": mock.api_key},
        excluded_checks=excluded,
    )

    if excluded:
        assert response.status_code == 422


@positive_schema.parametrize()
@HYPOTHESIS_SETTINGS
@pytest.mark.parametrize("key", [None, "bna_not_a_key_of_this_server"])
def test_mock_answers_documented_401_without_a_valid_key(
    case: Case, mock: MockServer, key: str | None
) -> None:
    headers = {} if key is None else {"x-api-key": key}

    response = case.call(base_url=mock.url, headers=headers)

    assert response.status_code == 401
    assert response.json()["code"] == (
        "MISSING_API_KEY" if key is None else "INVALID_API_KEY"
    )
    case.validate_response(response, checks=RESPONSE_CHECKS)
