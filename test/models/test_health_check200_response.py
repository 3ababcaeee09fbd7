"""The HealthCheck200Response model: the API's health."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("status", "timestamp", "version", "services", "response_time")


def payload(**changes: Any) -> dict[str, Any]:
    """A health report as the server sends it."""
    values: dict[str, Any] = {
        "status": "healthy",
        "timestamp": "2024-06-29T10:00:00Z",
        "version": "2.0.0",
        "services": {"database": "healthy", "redis": "healthy", "api": "healthy"},
        "response_time": 12,
    }
    values.update(changes)
    return values


def test_health_reads_the_reference_fields() -> None:
    health = buena_sdk.HealthCheck200Response.from_dict(payload())

    assert health.status == "healthy"
    assert health.timestamp == datetime(2024, 6, 29, 10, tzinfo=timezone.utc)
    assert health.timestamp.strftime("%Y-%m-%d %H:%M:%S") == "2024-06-29 10:00:00"
    assert health.version == "2.0.0"
    assert health.services == {
        "database": "healthy",
        "redis": "healthy",
        "api": "healthy",
    }
    assert health.response_time == 12


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_named(field: str) -> None:
    values = payload()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.HealthCheck200Response.from_dict(values)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", None),
        ("services", ["database"]),
        ("services", {"database": 1}),
        ("response_time", "fast"),
        ("response_time", 1.5),
        ("timestamp", "soon"),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.HealthCheck200Response.from_dict(payload(**{field: value}))

    assert caught.value.errors()[0]["loc"][0] == field


@pytest.mark.parametrize("status", ["healthy", "degraded", "down", "maintenance"])
def test_any_status_word_is_accepted(status: str) -> None:
    health = buena_sdk.HealthCheck200Response.from_dict(
        payload(status=status, services={"api": status, "search": status})
    )

    assert health.status == status
    assert health.services["search"] == status


def test_naive_timestamp_is_read_as_utc() -> None:
    health = buena_sdk.HealthCheck200Response.from_dict(
        payload(timestamp="2024-06-29T10:00:00")
    )

    assert health.timestamp.tzinfo is not None
    assert health.timestamp == datetime(2024, 6, 29, 10, tzinfo=timezone.utc)


def test_unknown_fields_are_kept() -> None:
    health = buena_sdk.HealthCheck200Response.from_dict(payload(region="eu-west-1"))

    assert health.model_extra == {"region": "eu-west-1"}


def test_round_trips_are_lossless() -> None:
    health = buena_sdk.HealthCheck200Response.from_dict(payload())

    assert buena_sdk.HealthCheck200Response.from_json(health.to_json()) == health
    assert buena_sdk.HealthCheck200Response.from_dict(health.to_dict()) == health
    assert json.loads(health.to_json())["services"]["redis"] == "healthy"
    assert "'version': '2.0.0'" in health.to_str()


@pytest.mark.parametrize("status", ["healthy", "degraded"])
def test_health_from_a_mock_server(
    server: MockServer, api: DefaultApi, status: str
) -> None:
    server.set_health(status)

    health = api.health_check()

    assert isinstance(health, buena_sdk.HealthCheck200Response)
    assert health.status == status
    assert set(health.services) >= {"database", "redis", "api"}
    assert health.response_time >= 0
    assert health.timestamp.tzinfo is not None
