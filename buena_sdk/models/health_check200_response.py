"""The `HealthCheck200Response` model: the API's health."""

from __future__ import annotations

from pydantic import Field

from buena_sdk.models._base import ResponseModel, Timestamp


class HealthCheck200Response(ResponseModel):
    """Overall status, per-service status and the server's response time."""

    status: str = Field(description="healthy, degraded or down.")
    timestamp: Timestamp = Field(description="The server's current time.")
    version: str = Field(description="API version.")
    services: dict[str, str] = Field(
        description="Status per service: database, redis, api."
    )
    response_time: int = Field(description="Response time in milliseconds.")
