"""API keys: listing, creation, validation and the lifecycle of a created key."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from buena_sdk.testing import ALL_PERMISSIONS, MockServer


def _in(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat()


def _create_key(raw, **fields) -> dict:
    body = {"name": "Integration", "permissions": ["leads:read"], **fields}
    response = raw.call("POST", "/keys", body)
    assert response.status == 201, response.body
    return response.json()


def test_master_key_is_listed_without_its_secret(raw, server: MockServer) -> None:
    response = raw.call("GET", "/keys")

    document = response.json()
    assert document["total"] == 1
    (master,) = document["data"]
    assert master["permissions"] == list(ALL_PERMISSIONS)
    assert master["key_preview"] == server.api_key[:8] + "..."
    assert "key" not in master
    assert server.api_key.encode() not in response.body


def test_create_key_returns_secret_once(raw) -> None:
    created = _create_key(
        raw, description="For CRM", expires_at=_in(timedelta(days=365))
    )

    assert re.fullmatch(r"bna_[A-Za-z0-9_-]{40}", created["key"])
    assert re.fullmatch(r"key_[0-9a-f]{12}", created["id"])
    assert created["key_preview"] == created["key"][:8] + "..."
    assert created["is_active"] is True
    assert created["last_used"] is None
    assert created["description"] == "For CRM"
    listing = raw.call("GET", "/keys")
    assert listing.json()["total"] == 2
    assert created["key"].encode() not in listing.body
    listed = listing.json()["data"][1]
    assert listed == {k: v for k, v in created.items() if k != "key"}


def test_created_key_authenticates_with_its_permissions(raw, connect, server) -> None:
    created = _create_key(raw, permissions=["leads:read", "leads:write"])
    other = connect(server)

    assert other.call("GET", "/leads", key=created["key"]).status == 200
    body = {"first_name": "A", "last_name": "B", "email": "a@b.example"}
    assert other.call("POST", "/leads", body, key=created["key"]).status == 201
    lead_id = server.leads()[0]["id"]
    denied = other.call("DELETE", f"/leads/{lead_id}", key=created["key"])
    assert denied.status == 403
    assert denied.json()["details"] == {"required_permission": "leads:delete"}
    assert other.call("GET", "/keys", key=created["key"]).status == 403
    assert other.call("GET", "/health", key=created["key"]).status == 200


def test_last_used_updates_when_a_key_is_used(raw, server) -> None:
    created = _create_key(raw)
    raw.call("GET", "/leads", key=created["key"])

    listed = raw.call("GET", "/keys").json()["data"]

    used = next(key for key in listed if key["id"] == created["id"])
    assert used["last_used"] is not None
    assert used["last_used"] >= created["created_at"]
    master = listed[0]
    assert master["last_used"] > used["last_used"]


def test_key_expiring_in_the_future_works(raw) -> None:
    created = _create_key(raw, expires_at=_in(timedelta(minutes=5)))

    assert raw.call("GET", "/leads", key=created["key"]).status == 200


def test_expired_and_inactive_keys_are_401(raw, server: MockServer) -> None:
    expired = server.add_api_key(
        expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)
    )
    inactive = server.add_api_key(is_active=False)

    assert raw.call("GET", "/health", key=expired).code == "API_KEY_EXPIRED"
    assert raw.call("GET", "/health", key=inactive).code == "API_KEY_INACTIVE"


def test_add_api_key_shows_up_in_the_listing(raw, server: MockServer) -> None:
    secret = server.add_api_key(permissions=["webhooks:read"], name="Hooks")

    listed = raw.call("GET", "/keys").json()["data"][-1]

    assert listed["name"] == "Hooks"
    assert listed["permissions"] == ["webhooks:read"]
    assert listed["key_preview"] == secret[:8] + "..."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"permissions": ["leads:read"]}, "name"),
        ({"name": "CI"}, "permissions"),
        ({}, "name"),
    ],
)
def test_create_key_missing_field_is_400(raw, body, field) -> None:
    response = raw.call("POST", "/keys", body)

    assert response.status == 400
    assert response.code == "MISSING_REQUIRED_FIELD"
    assert response.json()["details"] == {"field": field}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"permissions": ["leads:admin"]}, "permissions"),
        ({"permissions": []}, "permissions"),
        ({"permissions": ["leads:read", "leads:read"]}, "permissions"),
        ({"permissions": "leads:read"}, "permissions"),
        ({"permissions": [None]}, "permissions"),
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"name": None}, "name"),
        ({"name": 7}, "name"),
        ({"description": "d" * 501}, "description"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        ({"expires_at": "tomorrow"}, "expires_at"),
        ({"expires_at": "2999-01-01"}, "expires_at"),
        ({"expires_at": "2999-01-01T00:00:00"}, "expires_at"),
        ({"expires_at": "2999-02-30T00:00:00Z"}, "expires_at"),
        ({"expires_at": 4102444800}, "expires_at"),
        ({"key": "bna_mine"}, "key"),
    ],
)
def test_create_key_invalid_value_is_422(raw, fields, field) -> None:
    body = {"name": "CI", "permissions": ["leads:read"], **fields}

    response = raw.call("POST", "/keys", body)

    assert response.status == 422, response.body
    assert response.code == "VALIDATION_ERROR"
    assert response.json()["details"] == {"field": field}


@pytest.mark.parametrize(
    "expires_at",
    [
        "2999-01-01T00:00:00Z",
        "2999-01-01t00:00:00.5z",
        "2999-01-01T00:00:00+05:30",
        "9999-12-31T23:59:59.999999-23:59",
        "2998-12-31T23:59:60Z",
    ],
)
def test_create_key_accepts_rfc3339_expiry(raw, expires_at) -> None:
    created = _create_key(raw, expires_at=expires_at)

    assert created["expires_at"][:4] in {"2998", "2999", "9999"}


def test_create_key_accepts_every_permission(raw, connect, server) -> None:
    created = _create_key(raw, permissions=list(ALL_PERMISSIONS))

    assert created["permissions"] == list(ALL_PERMISSIONS)
    assert connect(server).call("GET", "/keys", key=created["key"]).status == 200


def test_add_api_key_rejects_unknown_permission(server: MockServer) -> None:
    with pytest.raises(ValueError, match="permission"):
        server.add_api_key(permissions=["admin"])
