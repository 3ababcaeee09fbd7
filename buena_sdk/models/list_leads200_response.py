"""The `ListLeads200Response` model: one page of leads."""

from __future__ import annotations

from pydantic import Field

from buena_sdk.models._base import ResponseModel
from buena_sdk.models.lead import Lead


class ListLeads200Response(ResponseModel):
    """One page of leads and the paging figures that produced it."""

    data: list[Lead] = Field(description="The leads on this page.")
    total: int = Field(description="Number of leads matching the filters.")
    limit: int = Field(description="The page size that was applied.")
    offset: int = Field(description="The offset that was applied.")
