"""The `ApiKey` model: an API key of your account."""

from __future__ import annotations

from pydantic import Field

from buena_sdk.models._base import ResponseModel, Timestamp


class ApiKey(ResponseModel):
    """An API key. The full ``key`` is only present right after creation.

    ``key`` is left out of ``repr()`` and masked in `to_str`, so printing the
    object or logging it does not leak the secret; read the attribute (or
    `to_dict`) to store it.
    """

    id: str = Field(description="Unique key identifier.")
    name: str = Field(description="Descriptive name.")
    key: str | None = Field(
        default=None,
        repr=False,
        description="The full key; returned only by create_api_key.",
    )
    key_preview: str = Field(description='First 8 characters of the key and "...".')
    permissions: list[str] = Field(description="Permissions the key grants.")
    last_used: Timestamp | None = Field(default=None, description="Last use.")
    is_active: bool = Field(description="Whether the key is accepted.")
    created_at: Timestamp = Field(description="When the key was created.")
    expires_at: Timestamp | None = Field(default=None, description="Expiry, if any.")
    description: str | None = Field(default=None, description="What the key is for.")
