"""buena_sdk's calls for each scenario."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import buena_sdk
from benchmarks import _payloads
from buena_sdk.api.default_api import DefaultApi


class BuenaClient:
    """A `DefaultApi` whose pool is ``pool`` (a stub) or a real one."""

    def __init__(self, pool: Any = None, base_url: str = _payloads.BASE_URL) -> None:
        configuration = buena_sdk.Configuration(
            host=base_url, api_key={"ApiKeyAuth": _payloads.API_KEY}
        )
        self.api_client = buena_sdk.ApiClient(configuration)
        if pool is not None:
            self.api_client.rest_client.pool_manager = pool
        self.api = DefaultApi(self.api_client)

    def list_leads(self) -> buena_sdk.ListLeads200Response:
        """list_leads(limit=100)."""
        return self.api.list_leads(limit=_payloads.PAGE_SIZE)

    def list_page(self, offset: int) -> buena_sdk.ListLeads200Response:
        """list_leads(limit=100, offset=offset)."""
        return self.api.list_leads(limit=_payloads.PAGE_SIZE, offset=offset)

    def get_lead(self) -> buena_sdk.Lead:
        """get_lead(id)."""
        return self.api.get_lead(_payloads.LEAD_ID)

    def health_check(self) -> buena_sdk.HealthCheck200Response:
        """health_check()."""
        return self.api.health_check()

    def create_lead(self) -> buena_sdk.Lead:
        """create_lead with a request model built from the fields."""
        request = buena_sdk.CreateLeadRequest(**_payloads.CREATE_FIELDS)
        return self.api.create_lead(request)

    def iter_leads(self) -> Iterator[buena_sdk.Lead]:
        """iter_leads(): every lead, one page at a time."""
        return self.api.iter_leads(page_size=_payloads.PAGE_SIZE)
