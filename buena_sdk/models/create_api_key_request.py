"""The `CreateApiKeyRequest` model: the body of `create_api_key`."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from buena_sdk.models._base import RequestModel, RequestTimestamp

Permission = Literal[
    "leads:read",
    "leads:write",
    "leads:delete",
    "api_keys:read",
    "api_keys:write",
    "webhooks:read",
    "webhooks:write",
]

PERMISSIONS: tuple[str, ...] = get_args(Permission)
"""Every permission a key can be granted."""


class CreateApiKeyRequest(RequestModel):
    """A new API key: a name and at least one permission.

    A naive ``expires_at`` is taken as local time and sent with its offset.
    """

    name: str = Field(min_length=1, max_length=100, description="Descriptive name.")
    permissions: list[Permission] = Field(
        min_length=1, description="Permissions to grant, from PERMISSIONS."
    )
    expires_at: RequestTimestamp | None = Field(
        default=None, description="When the key stops working; never if None."
    )
    description: str | None = Field(
        default=None, max_length=500, description="What the key is for."
    )
