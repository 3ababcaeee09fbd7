"""The `Error` model: the JSON body of every error response."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from buena_sdk.models._base import ResponseModel, Timestamp


class Error(ResponseModel):
    """An error reported by the API; available as ``ApiException.data``."""

    error: bool = Field(default=True, description="Always true.")
    code: str = Field(description="Stable upper-case code, such as NOT_FOUND.")
    message: str = Field(description="Human-readable explanation.")
    timestamp: Timestamp | None = Field(default=None, description="When it failed.")
    details: dict[str, Any] | None = Field(
        default=None, description="Extra context, such as the offending field."
    )
    retry_after: float | None = Field(
        default=None, description="Seconds to wait before retrying (429 only)."
    )
    request_id: str | None = Field(default=None, description="Request id.")
