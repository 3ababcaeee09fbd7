"""The `ListApiKeysResponse` model: every API key of the account."""

from __future__ import annotations

from pydantic import Field

from buena_sdk.models._base import ResponseModel
from buena_sdk.models.api_key import ApiKey


class ListApiKeysResponse(ResponseModel):
    """The account's API keys, without their secret values."""

    data: list[ApiKey] = Field(description="The keys.")
    total: int = Field(description="Number of keys.")
