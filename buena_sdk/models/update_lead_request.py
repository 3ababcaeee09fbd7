"""The `UpdateLeadRequest` model: the body of `update_lead`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from buena_sdk.models._base import MAX_CUSTOM_FIELDS, RequestModel, Tag

LeadStatus = Literal["active", "inactive", "contacted"]


class UpdateLeadRequest(RequestModel):
    """A partial update: only the fields you set are sent and changed.

    Setting a field to None sends null, which clears it on the server.
    ``first_name``, ``last_name``, ``email`` and ``status`` cannot be cleared,
    so None is rejected for them. ``tags`` replaces the whole list;
    ``custom_fields`` is merged key by key.
    """

    first_name: str | None = Field(
        default=None, min_length=1, max_length=100, description="First name."
    )
    last_name: str | None = Field(
        default=None, min_length=1, max_length=100, description="Last name."
    )
    email: str | None = Field(
        default=None, min_length=1, max_length=254, description="Email, unique."
    )
    company: str | None = Field(default=None, max_length=200, description="Company.")
    phone: str | None = Field(default=None, max_length=26, description="Phone.")
    linkedin_url: str | None = Field(
        default=None, max_length=500, description="LinkedIn profile URL."
    )
    job_title: str | None = Field(default=None, max_length=200, description="Title.")
    location: str | None = Field(default=None, max_length=200, description="City.")
    notes: str | None = Field(default=None, max_length=5000, description="Notes.")
    tags: list[Tag] | None = Field(
        default=None, max_length=50, description="Replaces the tags."
    )
    custom_fields: dict[str, Any] | None = Field(
        default=None,
        max_length=MAX_CUSTOM_FIELDS,
        description="Merged into the custom fields key by key.",
    )
    status: LeadStatus | None = Field(
        default=None, description="active, inactive or contacted."
    )

    @field_validator("first_name", "last_name", "email", "status")
    @classmethod
    def _reject_null(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError("may be left out but cannot be set to None")
        return value
