"""The `CreateLeadRequest` model: the body of `create_lead`."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from buena_sdk.models._base import MAX_CUSTOM_FIELDS, RequestModel, Tag


class CreateLeadRequest(RequestModel):
    """A new lead. ``first_name``, ``last_name`` and ``email`` are required.

    Formats (email, phone, URL) are checked by the server, which answers 422
    for an invalid one; types, lengths and required fields are checked here,
    before anything is sent.
    """

    first_name: str = Field(min_length=1, max_length=100, description="First name.")
    last_name: str = Field(min_length=1, max_length=100, description="Last name.")
    email: str = Field(min_length=1, max_length=254, description="Email address.")
    company: str | None = Field(default=None, max_length=200, description="Company.")
    phone: str | None = Field(default=None, max_length=26, description="Phone.")
    linkedin_url: str | None = Field(
        default=None, max_length=500, description="LinkedIn profile URL."
    )
    job_title: str | None = Field(default=None, max_length=200, description="Title.")
    location: str | None = Field(default=None, max_length=200, description="City.")
    notes: str | None = Field(default=None, max_length=5000, description="Notes.")
    tags: list[Tag] | None = Field(default=None, max_length=50, description="Tags.")
    custom_fields: dict[str, Any] | None = Field(
        default=None,
        max_length=MAX_CUSTOM_FIELDS,
        description="Custom field values, any JSON value.",
    )
