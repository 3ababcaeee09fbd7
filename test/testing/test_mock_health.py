"""healthCheck: the reported status, services, and the down state."""

from __future__ import annotations

import pytest

from buena_sdk.testing import MockServer


def test_health_reports_healthy_services(raw) -> None:
    response = raw.call("GET", "/health")

    assert response.status == 200
    health = response.json()
    assert health["status"] == "healthy"
    assert health["version"] == "2.0.0"
    assert health["services"] == {
        "database": "healthy",
        "redis": "healthy",
        "api": "healthy",
    }
    assert isinstance(health["response_time"], int)
    assert health["response_time"] >= 0
    assert health["timestamp"].endswith("Z")


def test_degraded_health_is_still_200(raw, server: MockServer) -> None:
    server.set_health("degraded")

    health = raw.call("GET", "/health").json()

    assert health["status"] == "degraded"
    assert "degraded" in health["services"].values()


def test_down_health_is_503_service_unavailable(raw, server: MockServer) -> None:
    server.set_health("down")

    response = raw.call("GET", "/health")

    assert response.status == 503
    assert response.code == "SERVICE_UNAVAILABLE"
    assert response.json()["details"]["services"]["database"] == "down"


def test_custom_services_are_reported(raw, server: MockServer) -> None:
    server.set_health("degraded", services={"database": "down", "search": "healthy"})

    health = raw.call("GET", "/health").json()

    assert health["services"] == {"database": "down", "search": "healthy"}


def test_health_recovers_after_reset_to_healthy(raw, server: MockServer) -> None:
    server.set_health("down")
    server.set_health()

    assert raw.call("GET", "/health").status == 200


def test_down_still_checks_the_key_first(raw, server: MockServer) -> None:
    server.set_health("down")

    assert raw.call("GET", "/health", key=None).status == 401


def test_health_accepts_a_key_with_any_permission(raw, server: MockServer) -> None:
    key = server.add_api_key(permissions=["webhooks:read"])

    assert raw.call("GET", "/health", key=key).status == 200


@pytest.mark.parametrize("status", ["", None])
def test_set_health_rejects_empty_status(server: MockServer, status) -> None:
    with pytest.raises(ValueError, match="status"):
        server.set_health(status)
