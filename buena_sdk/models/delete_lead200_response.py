"""The `DeleteLead200Response` model: the outcome of `delete_lead`."""

from __future__ import annotations

from pydantic import Field

from buena_sdk.models._base import ResponseModel


class DeleteLead200Response(ResponseModel):
    """Confirmation of a deletion. `DefaultApi.delete_lead` returns it as a dict."""

    success: bool = Field(description="Whether the lead was deleted.")
    message: str = Field(description="A human-readable outcome.")
    deleted_id: str = Field(description="The id of the deleted lead.")
