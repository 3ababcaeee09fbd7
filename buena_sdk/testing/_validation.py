"""Validation of request bodies and query parameters, with the API's 400/422 split.

400 means malformed or incomplete (not an object, a required field missing, a
query value that is not an integer); 422 means well formed but unacceptable.
Each check stops at the first problem and names the field or parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._errors import ApiError, bad_request, invalid
from ._routes import ALL_PERMISSIONS
from ._wire import parse_timestamp

LEAD_STATUSES = ("active", "inactive", "contacted")
SORT_FIELDS = ("created_at", "updated_at", "first_name", "last_name")
SORT_ORDERS = ("asc", "desc")
MAX_TAGS = 50
MAX_CUSTOM_FIELDS = 50

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"({_ATOM}(?:\.{_ATOM})*)@({_LABEL}(?:\.{_LABEL})+)")
_PHONE = re.compile(r"\+?[0-9 ().-]{7,25}")
_INTEGER = re.compile(r"-?[0-9]+")


def is_email(text: str) -> bool:
    """Tell whether ``text`` is a plain ``local@domain.tld`` address."""
    match = _EMAIL.fullmatch(text)
    return match is not None and len(match[1]) <= 64 and len(match[2]) <= 253


def _is_phone(text: str) -> bool:
    return _PHONE.fullmatch(text) is not None


def _is_http_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True)
class _Text:
    """Rules for one string property."""

    max_length: int | None
    min_length: int = 0
    nullable: bool = True
    form: Callable[[str], bool] | None = None
    form_problem: str = ""


_LEAD_TEXT: dict[str, _Text] = {
    "first_name": _Text(100, 1, nullable=False),
    "last_name": _Text(100, 1, nullable=False),
    "email": _Text(254, nullable=False, form=is_email, form_problem="a valid email"),
    "company": _Text(200),
    "phone": _Text(None, form=_is_phone, form_problem="a valid phone number"),
    "linkedin_url": _Text(
        500, form=_is_http_url, form_problem="a URL starting with http:// or https://"
    ),
    "job_title": _Text(200),
    "location": _Text(200),
    "notes": _Text(5000),
}
LEAD_FIELDS: tuple[str, ...] = (*_LEAD_TEXT, "tags", "custom_fields")
_NEW_LEAD_REQUIRED = ("first_name", "last_name", "email")
_KEY_TEXT: dict[str, _Text] = {
    "name": _Text(100, 1, nullable=False),
    "description": _Text(500),
}
_KEY_FIELDS = ("name", "permissions", "expires_at", "description")


@dataclass(frozen=True)
class LeadQuery:
    """The parameters of listLeads after validation, defaults applied."""

    limit: int = 50
    offset: int = 0
    sort: str = "created_at"
    order: str = "desc"
    search: str | None = None
    company: str | None = None
    status: str | None = None


def check_new_lead(body: Any) -> dict[str, Any]:
    """Validate a CreateLeadRequest; return every lead property (absent ones None)."""
    fields = _check_object(body, allowed=LEAD_FIELDS, required=_NEW_LEAD_REQUIRED)
    for name, value in fields.items():
        _check_lead_value(name, value)
    return {name: fields.get(name) for name in LEAD_FIELDS}


def check_lead_changes(body: Any) -> dict[str, Any]:
    """Validate an UpdateLeadRequest; return only the properties present."""
    fields = _check_object(body, allowed=(*LEAD_FIELDS, "status"), required=())
    for name, value in fields.items():
        _check_lead_value(name, value)
    return fields


def check_lead_status(value: Any) -> str:
    """Validate a lead status value."""
    if value is None:
        raise invalid("status", "status cannot be null.")
    if value not in LEAD_STATUSES:
        raise invalid("status", "status must be one of active, inactive, contacted.")
    return str(value)


def check_new_key(body: Any, now: datetime) -> dict[str, Any]:
    """Validate a CreateApiKeyRequest against the current time."""
    fields = _check_object(body, allowed=_KEY_FIELDS, required=("name", "permissions"))
    for name in ("name", "description"):
        if name in fields:
            _check_text(name, fields[name], _KEY_TEXT[name])
    permissions = check_permissions(fields["permissions"], field="permissions")
    expires_at = _check_expiry(fields.get("expires_at"), now)
    return {
        "name": fields["name"],
        "permissions": permissions,
        "expires_at": expires_at,
        "description": fields.get("description"),
    }


def check_permissions(value: Any, *, field: str) -> tuple[str, ...]:
    """Validate a non-empty list of distinct known permissions."""
    if not isinstance(value, list) or not value:
        raise invalid(field, f"{field} must be a non-empty array of permissions.")
    for permission in value:
        if permission not in ALL_PERMISSIONS:
            raise invalid(field, f"Unknown permission: {permission!r}.")
    if len(set(value)) != len(value):
        raise invalid(field, f"{field} must not repeat a permission.")
    return tuple(value)


def parse_lead_query(query: Mapping[str, list[str]]) -> LeadQuery:
    """Validate the query parameters of listLeads."""
    limit = _integer_parameter(query, "limit", default=50)
    if not 1 <= limit <= 100:
        raise _bad_value("limit", "limit must be between 1 and 100.")
    offset = _integer_parameter(query, "offset", default=0)
    if offset < 0:
        raise _bad_value("offset", "offset must be 0 or more.")
    return LeadQuery(
        limit=limit,
        offset=offset,
        sort=_choice_parameter(query, "sort", SORT_FIELDS) or "created_at",
        order=_choice_parameter(query, "order", SORT_ORDERS) or "desc",
        search=_single_parameter(query, "search"),
        company=_single_parameter(query, "company"),
        status=_choice_parameter(query, "status", LEAD_STATUSES),
    )


def _check_object(
    body: Any, *, allowed: tuple[str, ...], required: tuple[str, ...]
) -> dict[str, Any]:
    """Check the body is an object with every required and no unknown property."""
    if not isinstance(body, dict):
        raise bad_request("INVALID_JSON", "The request body must be a JSON object.")
    for name in required:
        if name not in body:
            raise bad_request(
                "MISSING_REQUIRED_FIELD", f"{name} is required.", field=name
            )
    for name in body:
        if name not in allowed:
            raise invalid(name, f"{name} is not a known field.")
    return body


def _check_lead_value(name: str, value: Any) -> None:
    if name in _LEAD_TEXT:
        _check_text(name, value, _LEAD_TEXT[name])
    elif name == "tags":
        _check_tags(value)
    elif name == "custom_fields":
        _check_custom_fields(value)
    else:
        check_lead_status(value)


def _check_text(name: str, value: Any, rule: _Text) -> None:
    if value is None:
        if not rule.nullable:
            raise invalid(name, f"{name} cannot be null.")
        return
    if not isinstance(value, str):
        raise invalid(name, f"{name} must be a string.")
    if len(value) < rule.min_length:
        raise invalid(name, f"{name} must not be empty.")
    if rule.max_length is not None and len(value) > rule.max_length:
        raise invalid(name, f"{name} must be at most {rule.max_length} characters.")
    if rule.form is not None and not rule.form(value):
        raise invalid(name, f"{name} must be {rule.form_problem}.")


def _check_tags(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise invalid("tags", "tags must be an array of strings.")
    if len(value) > MAX_TAGS:
        raise invalid("tags", f"tags must hold at most {MAX_TAGS} items.")
    for tag in value:
        if not isinstance(tag, str) or not 1 <= len(tag) <= 50:
            raise invalid("tags", "Each tag must be a string of 1 to 50 characters.")


def _check_custom_fields(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise invalid("custom_fields", "custom_fields must be an object.")
    if len(value) > MAX_CUSTOM_FIELDS:
        message = f"custom_fields must hold at most {MAX_CUSTOM_FIELDS} keys."
        raise invalid("custom_fields", message)


def _check_expiry(value: Any, now: datetime) -> datetime | None:
    if value is None:
        return None
    moment = parse_timestamp(value) if isinstance(value, str) else None
    if moment is None:
        raise invalid("expires_at", "expires_at must be an RFC 3339 date-time.")
    if moment <= now:
        raise invalid("expires_at", "expires_at must be in the future.")
    return moment


def _single_parameter(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise bad_request(
            "INVALID_PARAMETER", f"{name} must be given once.", parameter=name
        )
    return values[0]


def _integer_parameter(
    query: Mapping[str, list[str]], name: str, *, default: int
) -> int:
    text = _single_parameter(query, name)
    if text is None:
        return default
    if _INTEGER.fullmatch(text) is None:
        raise bad_request(
            "INVALID_PARAMETER", f"{name} must be an integer.", parameter=name
        )
    # Huge numbers are out of range anyway; capping them avoids int() digit limits.
    if len(text) > 19:
        return -(10**19) if text.startswith("-") else 10**19
    return int(text)


def _choice_parameter(
    query: Mapping[str, list[str]], name: str, choices: tuple[str, ...]
) -> str | None:
    value = _single_parameter(query, name)
    if value is not None and value not in choices:
        raise _bad_value(name, f"{name} must be one of {', '.join(choices)}.")
    return value


def _bad_value(parameter: str, message: str) -> ApiError:
    return ApiError(422, "VALIDATION_ERROR", message, details={"parameter": parameter})
