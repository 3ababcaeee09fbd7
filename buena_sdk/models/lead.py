"""The `Lead` model: a person in your lead database."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from buena_sdk.models._base import ResponseModel, Timestamp


class Lead(ResponseModel):
    """A lead as the API returns it.

    ``status`` is a plain string so that a status added by the server later
    (beyond ``active``, ``inactive`` and ``contacted``) does not break reading.
    """

    id: str = Field(description="Unique lead identifier, such as lead_123456789.")
    first_name: str = Field(description="The lead's first name.")
    last_name: str = Field(description="The lead's last name.")
    email: str = Field(description="Email address, unique within the account.")
    company: str | None = Field(default=None, description="Company name.")
    phone: str | None = Field(default=None, description="Phone number.")
    linkedin_url: str | None = Field(default=None, description="LinkedIn profile.")
    job_title: str | None = Field(default=None, description="Job title.")
    location: str | None = Field(default=None, description="Location or city.")
    notes: str | None = Field(default=None, description="Free-form notes.")
    tags: list[str] | None = Field(default=None, description="Tags on the lead.")
    custom_fields: dict[str, Any] | None = Field(
        default=None, description="Custom field values, any JSON value."
    )
    status: str = Field(description="active, inactive or contacted.")
    created_at: Timestamp = Field(description="When the lead was created.")
    updated_at: Timestamp = Field(description="When the lead last changed.")
