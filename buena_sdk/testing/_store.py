"""The mock server's state: leads, API keys and health, with the API's rules.

Not thread-safe on its own: the server calls every method under one lock.
Methods take and return JSON-ready dicts (copies, never the stored objects).
"""

from __future__ import annotations

import copy
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ._errors import ApiError
from ._routes import ALL_PERMISSIONS
from ._seed import make_lead_fields
from ._validation import (
    LeadQuery,
    check_lead_changes,
    check_lead_status,
    check_new_key,
    check_new_lead,
    check_permissions,
)
from ._wire import MICROSECOND, Clock, format_timestamp

API_VERSION = "2.0.0"
SEED_SPAN = timedelta(days=180)
_SERVICES = ("database", "redis", "api")


@dataclass
class _ApiKey:
    """One stored API key, secret included."""

    id: str
    name: str
    key: str
    permissions: tuple[str, ...]
    is_active: bool
    created_at: datetime
    expires_at: datetime | None = None
    description: str | None = None
    last_used: datetime | None = None

    def render(self) -> dict[str, Any]:
        """The key as the API shows it: every property but the secret."""
        return {
            "id": self.id,
            "name": self.name,
            "key_preview": self.key[:8] + "...",
            "permissions": list(self.permissions),
            "last_used": _format_optional(self.last_used),
            "is_active": self.is_active,
            "created_at": format_timestamp(self.created_at),
            "expires_at": _format_optional(self.expires_at),
            "description": self.description,
        }


def _format_optional(moment: datetime | None) -> str | None:
    return None if moment is None else format_timestamp(moment)


def new_key_secret() -> str:
    """A fresh API key: ``bna_`` and 40 URL-safe characters."""
    return "bna_" + secrets.token_urlsafe(30)


class Store:
    """Leads, API keys and health status of one mock server."""

    def __init__(self, master_key: str, rng: random.Random) -> None:
        self._rng = rng
        self._clock = Clock()
        self._master_key = master_key
        self._leads: dict[str, dict[str, Any]] = {}
        self._emails: dict[str, str] = {}
        self._keys: dict[str, _ApiKey] = {}
        self.health_status = "healthy"
        self.health_services: dict[str, str] | None = None
        self.reset()

    def reset(self) -> None:
        """Drop every lead and every key but a fresh master key; health healthy."""
        self._leads.clear()
        self._emails.clear()
        self._keys.clear()
        self.add_key(self._master_key, ALL_PERMISSIONS, name="Master key")
        self.health_status = "healthy"
        self.health_services = None

    # API keys

    def add_key(
        self,
        secret: str,
        permissions: Iterable[str],
        *,
        name: str,
        is_active: bool = True,
        expires_at: datetime | None = None,
        description: str | None = None,
    ) -> _ApiKey:
        """Store a key with the given secret and return it."""
        record = _ApiKey(
            id="key_" + secrets.token_hex(6),
            name=name,
            key=secret,
            permissions=check_permissions(list(permissions), field="permissions"),
            is_active=is_active,
            created_at=self._clock.now(),
            expires_at=expires_at,
            description=description,
        )
        self._keys[secret] = record
        return record

    def authenticate(self, secret: str | None) -> _ApiKey:
        """Find the key sent with a request, or raise the matching 401."""
        if not secret:
            raise ApiError(401, "MISSING_API_KEY", "The x-api-key header is required.")
        record = self._keys.get(secret)
        if record is None:
            raise ApiError(401, "INVALID_API_KEY", "The API key is not valid.")
        if not record.is_active:
            raise ApiError(401, "API_KEY_INACTIVE", "The API key is inactive.")
        now = self._clock.now()
        if record.expires_at is not None and record.expires_at <= now:
            raise ApiError(401, "API_KEY_EXPIRED", "The API key has expired.")
        record.last_used = now
        return record

    def list_keys(self) -> dict[str, Any]:
        """Answer listApiKeys."""
        data = [record.render() for record in self._keys.values()]
        return {"data": data, "total": len(data)}

    def create_key(self, body: Any) -> dict[str, Any]:
        """Answer createApiKey: the only answer that carries the secret."""
        fields = check_new_key(body, self._clock.now())
        record = self.add_key(new_key_secret(), **fields)
        return {**record.render(), "key": record.key}

    # Leads

    def list_leads(self, query: LeadQuery) -> dict[str, Any]:
        """Answer listLeads: filter, sort (ties by id ascending), then page."""
        matches = [lead for lead in self._leads.values() if _matches(lead, query)]
        matches.sort(key=lambda lead: str(lead["id"]))
        matches.sort(key=_sort_key(query.sort), reverse=query.order == "desc")
        page = matches[query.offset : query.offset + query.limit]
        return {
            "data": [_render_lead(lead) for lead in page],
            "total": len(matches),
            "limit": query.limit,
            "offset": query.offset,
        }

    def create_lead(self, body: Any, *, status: Any = "active") -> dict[str, Any]:
        """Answer createLead; ``status`` lets the Python API create other states."""
        fields = copy.deepcopy(check_new_lead(body))
        fields["status"] = check_lead_status(status)
        self._check_email_free(fields["email"], None)
        now = self._clock.now()
        lead = {"id": self._new_lead_id(), **fields, "created_at": now}
        lead["updated_at"] = now
        return self._insert_lead(lead)

    def get_lead(self, lead_id: str) -> dict[str, Any]:
        """Answer getLead."""
        return _render_lead(self._find_lead(lead_id))

    def find_lead(self, lead_id: str) -> dict[str, Any] | None:
        """Return a copy of a lead, or None."""
        lead = self._leads.get(lead_id)
        return None if lead is None else _render_lead(lead)

    def all_leads(self) -> list[dict[str, Any]]:
        """Copies of every lead, oldest first."""
        return [_render_lead(lead) for lead in self._leads.values()]

    def lead_count(self) -> int:
        """Number of stored leads."""
        return len(self._leads)

    def update_lead(self, lead_id: str, body: Any) -> dict[str, Any]:
        """Answer updateLead: validation, then existence, then the email conflict."""
        changes = copy.deepcopy(check_lead_changes(body))
        lead = self._find_lead(lead_id)
        if "email" in changes:
            self._check_email_free(changes["email"], lead["id"])
            del self._emails[lead["email"].casefold()]
            self._emails[changes["email"].casefold()] = lead["id"]
        if "custom_fields" in changes:
            lead["custom_fields"] = _merge_custom_fields(
                lead["custom_fields"], changes.pop("custom_fields")
            )
        lead.update(changes)
        lead["updated_at"] = self._clock.now()
        return _render_lead(lead)

    def delete_lead(self, lead_id: str) -> dict[str, Any]:
        """Answer deleteLead."""
        lead = self._find_lead(lead_id)
        del self._leads[lead_id]
        del self._emails[lead["email"].casefold()]
        return {
            "success": True,
            "message": "Lead deleted successfully",
            "deleted_id": lead_id,
        }

    def seed_leads(self, count: int) -> list[dict[str, Any]]:
        """Add ``count`` realistic leads created over the past months."""
        if count < 0:
            raise ValueError("count must be 0 or more.")
        now = self._clock.now()
        start = now - SEED_SPAN
        if self._leads:
            newest = next(reversed(self._leads.values()))
            start = max(start, newest["created_at"] + MICROSECOND)
        offsets = sorted(self._rng.random() for _ in range(count))
        created: list[dict[str, Any]] = []
        previous = start
        for offset in offsets:
            moment = max(start + (now - start) * offset, previous + MICROSECOND)
            created.append(self._add_seeded_lead(moment, now))
            previous = moment
        return created

    def _add_seeded_lead(self, created_at: datetime, now: datetime) -> dict[str, Any]:
        fields = make_lead_fields(self._rng, self._emails)
        updated_at = created_at
        if self._rng.random() < 0.35:
            updated_at = created_at + (now - created_at) * self._rng.random()
        lead = {"id": self._new_lead_id(), **fields, "created_at": created_at}
        lead["updated_at"] = updated_at
        self._clock.observe(updated_at)
        return self._insert_lead(lead)

    def _find_lead(self, lead_id: str) -> dict[str, Any]:
        lead = self._leads.get(lead_id)
        if lead is None:
            raise ApiError(
                404,
                "NOT_FOUND",
                f"Lead {lead_id} was not found.",
                details={"lead_id": lead_id},
            )
        return lead

    def _check_email_free(self, email: str, lead_id: str | None) -> None:
        """Raise 409 when a lead other than ``lead_id`` holds this email."""
        owner = self._emails.get(email.casefold())
        if owner is not None and owner != lead_id:
            raise ApiError(
                409,
                "DUPLICATE_EMAIL",
                "A lead with this email already exists.",
                details={"field": "email"},
            )

    def _insert_lead(self, lead: dict[str, Any]) -> dict[str, Any]:
        self._leads[lead["id"]] = lead
        self._emails[lead["email"].casefold()] = lead["id"]
        return _render_lead(lead)

    def _new_lead_id(self) -> str:
        while True:
            lead_id = f"lead_{self._rng.randrange(10**11, 10**12)}"
            if lead_id not in self._leads:
                return lead_id


def _merge_custom_fields(
    current: dict[str, Any] | None, changes: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Merge key by key; a null value removes the key; null clears everything."""
    if changes is None:
        return None
    merged = dict(current or {})
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


def _matches(lead: Mapping[str, Any], query: LeadQuery) -> bool:
    if query.status is not None and lead["status"] != query.status:
        return False
    if query.company is not None:
        company = (lead["company"] or "").casefold()
        if query.company.casefold() not in company:
            return False
    if query.search is not None:
        needle = query.search.casefold()
        haystacks = (lead["first_name"], lead["last_name"], lead["email"])
        return any(needle in text.casefold() for text in haystacks)
    return True


def _sort_key(field: str) -> Any:
    if field in ("first_name", "last_name"):
        return lambda lead: str(lead[field]).casefold()
    return lambda lead: lead[field]


def _render_lead(lead: Mapping[str, Any]) -> dict[str, Any]:
    """A lead as the API shows it, sharing nothing mutable with the stored one."""
    rendered = dict(lead)
    if lead["tags"] is not None:
        rendered["tags"] = list(lead["tags"])
    if lead["custom_fields"] is not None:
        rendered["custom_fields"] = copy.deepcopy(lead["custom_fields"])
    rendered["created_at"] = format_timestamp(lead["created_at"])
    rendered["updated_at"] = format_timestamp(lead["updated_at"])
    return rendered


def default_services(status: str) -> dict[str, str]:
    """The per-service statuses that go with an overall status."""
    if status == "degraded":
        return {"database": "healthy", "redis": "degraded", "api": "healthy"}
    return dict.fromkeys(_SERVICES, status)
