"""`DefaultApi`: every operation of the Buena.ai API v2.

Each operation comes in four forms that share one request path:

- ``op(...)`` returns the decoded model (a dict for `delete_lead`);
- ``op_with_http_info(...)`` returns an `ApiResponse` with status, headers,
  the decoded data and the raw body;
- ``op_without_preload_content(...)`` returns the urllib3 response unread,
  whatever its status, for streaming or custom decoding;
- ``await op_async(...)`` runs the call without blocking the event loop.

Every form accepts the per-call options of `RequestOptions`:
``_request_timeout``, ``_headers``, ``_request_auth``, ``_content_type`` and
``_host_index``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from operator import attrgetter
from typing import Any

import urllib3
from typing_extensions import Unpack

from buena_sdk._operations import (
    Operation,
    QueryParam,
    RequestOptions,
    build_url,
    call,
    call_url,
    check_options,
    invoke,
    send,
)
from buena_sdk.api_client import ApiClient
from buena_sdk.api_response import ApiResponse
from buena_sdk.models.api_key import ApiKey
from buena_sdk.models.create_api_key_request import CreateApiKeyRequest
from buena_sdk.models.create_lead_request import CreateLeadRequest
from buena_sdk.models.delete_lead200_response import DeleteLead200Response
from buena_sdk.models.health_check200_response import HealthCheck200Response
from buena_sdk.models.lead import Lead
from buena_sdk.models.list_api_keys_response import ListApiKeysResponse
from buena_sdk.models.list_leads200_response import ListLeads200Response
from buena_sdk.models.update_lead_request import UpdateLeadRequest

SORT_FIELDS = ("created_at", "updated_at", "first_name", "last_name")
SORT_ORDERS = ("asc", "desc")
LEAD_STATUSES = ("active", "inactive", "contacted")
MAX_PAGE_SIZE = 100

LIST_LEADS = Operation(
    name="list_leads",
    method="GET",
    path="/leads",
    response_model=ListLeads200Response,
    query=(
        QueryParam("limit", int, minimum=1, maximum=MAX_PAGE_SIZE),
        QueryParam("offset", int, minimum=0),
        QueryParam("sort", str, choices=SORT_FIELDS),
        QueryParam("order", str, choices=SORT_ORDERS),
        QueryParam("search", str),
        QueryParam("company", str),
        QueryParam("status", str, choices=LEAD_STATUSES),
    ),
)
CREATE_LEAD = Operation(
    name="create_lead",
    method="POST",
    path="/leads",
    response_model=Lead,
    success_status=201,
    body_param="create_lead_request",
    body_model=CreateLeadRequest,
)
GET_LEAD = Operation(
    name="get_lead",
    method="GET",
    path="/leads/{leadId}",
    response_model=Lead,
    path_param="lead_id",
)
UPDATE_LEAD = Operation(
    name="update_lead",
    method="PUT",
    path="/leads/{leadId}",
    response_model=Lead,
    path_param="lead_id",
    body_param="update_lead_request",
    body_model=UpdateLeadRequest,
)
DELETE_LEAD = Operation(
    name="delete_lead",
    method="DELETE",
    path="/leads/{leadId}",
    response_model=DeleteLead200Response,
    path_param="lead_id",
)
LIST_API_KEYS = Operation(
    name="list_api_keys",
    method="GET",
    path="/keys",
    response_model=ListApiKeysResponse,
)
CREATE_API_KEY = Operation(
    name="create_api_key",
    method="POST",
    path="/keys",
    response_model=ApiKey,
    success_status=201,
    body_param="create_api_key_request",
    body_model=CreateApiKeyRequest,
    returns_secret=True,
)
HEALTH_CHECK = Operation(
    name="health_check",
    method="GET",
    path="/health",
    response_model=HealthCheck200Response,
)

OPERATIONS: tuple[Operation[Any], ...] = (
    LIST_LEADS,
    CREATE_LEAD,
    GET_LEAD,
    UPDATE_LEAD,
    DELETE_LEAD,
    LIST_API_KEYS,
    CREATE_API_KEY,
    HEALTH_CHECK,
)
"""Every operation, in the order of the API reference."""

NO_QUERY: Mapping[str, Any] = {}

_LEAD_ID = attrgetter("id")

# iter_leads takes the page size as ``page_size``; errors name it so.
_ITER_CHECKS = {"limit": replace(LIST_LEADS.query_by_name["limit"], name="page_size")}


class DefaultApi:
    """The Buena.ai API: leads, API keys and health.

    Args:
        api_client: The client to send requests with; the shared
            `ApiClient.get_default` when omitted.

    Every method raises `ApiException` subclasses for failed requests (see
    `buena_sdk.exceptions`) and `ApiValueError` / `ApiTypeError` for bad
    arguments, before anything is sent.
    """

    def __init__(self, api_client: ApiClient | None = None) -> None:
        self.api_client = api_client or ApiClient.get_default()

    # -- list_leads -----------------------------------------------------

    def list_leads(
        self,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | None = None,
        order: str | None = None,
        search: str | None = None,
        company: str | None = None,
        status: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ListLeads200Response:
        """List leads, filtered, sorted and paginated.

        Args:
            limit: Page size, 1 to 100 (server default 50).
            offset: Leads to skip, 0 or more (default 0).
            sort: ``created_at`` (default), ``updated_at``, ``first_name`` or
                ``last_name``.
            order: ``asc`` or ``desc`` (default).
            search: Case-insensitive text in first name, last name or email.
            company: Case-insensitive part of the company name.
            status: ``active``, ``inactive`` or ``contacted``.

        Returns:
            One page: ``data`` (the leads), ``total`` (all matches),
            ``limit`` and ``offset``.

        Raises:
            ApiValueError: ``limit``, ``offset``, ``sort``, ``order`` or
                ``status`` is out of range.
            UnauthorizedException: The API key is missing or invalid (401).
            ForbiddenException: The key lacks ``leads:read`` (403).
            TooManyRequestsException: Rate limited, after retries (429).
        """
        query = _lead_query(limit, offset, sort, order, search, company, status)
        return call(self.api_client, LIST_LEADS, None, query, None, options)

    def list_leads_with_http_info(
        self,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | None = None,
        order: str | None = None,
        search: str | None = None,
        company: str | None = None,
        status: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[ListLeads200Response]:
        """`list_leads`, returning the `ApiResponse` with status and headers."""
        query = _lead_query(limit, offset, sort, order, search, company, status)
        return invoke(self.api_client, LIST_LEADS, None, query, None, options)

    def list_leads_without_preload_content(
        self,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | None = None,
        order: str | None = None,
        search: str | None = None,
        company: str | None = None,
        status: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> urllib3.BaseHTTPResponse:
        """`list_leads`, returning the unread urllib3 response."""
        query = _lead_query(limit, offset, sort, order, search, company, status)
        return send(self.api_client, LIST_LEADS, None, query, None, options, False)

    async def list_leads_async(
        self,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | None = None,
        order: str | None = None,
        search: str | None = None,
        company: str | None = None,
        status: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ListLeads200Response:
        """`list_leads`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(
            self.list_leads,
            limit,
            offset,
            sort,
            order,
            search,
            company,
            status,
            **options,
        )

    def iter_leads(
        self,
        page_size: int = MAX_PAGE_SIZE,
        *,
        sort: str | None = None,
        order: str | None = None,
        search: str | None = None,
        company: str | None = None,
        status: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Iterator[Lead]:
        """Yield every lead matching the filters, one page in memory at a time.

        Pages are fetched lazily with ``limit=page_size``; iteration stops
        after the last page. By default leads come oldest first
        (``created_at`` ascending), so leads created meanwhile land after the
        current page and are yielded at the end rather than shifting pages.
        A lead seen on the previous page is never yielded again, which covers
        pages that shift by up to ``page_size`` leads between two requests.
        The URL is built once, at the first page; the API key is read for
        every page.

        Args:
            page_size: Leads per request, 1 to 100.
            sort: Sort field (see `list_leads`); ``created_at`` by default.
            order: ``asc`` (default) or ``desc``.
            search: As in `list_leads`.
            company: As in `list_leads`.
            status: As in `list_leads`.

        Raises:
            The errors of `list_leads`, when a page fails.
        """
        query = _lead_query(
            page_size, 0, sort or "created_at", order or "asc", search, company, status
        )
        # Check the arguments now rather than at the first next().
        check_options("iter_leads", options)
        for name, value in query.items():
            if value is not None:
                _ITER_CHECKS.get(name, LIST_LEADS.query_by_name[name]).check(
                    "iter_leads", value
                )
        return _iterate_pages(self.api_client, query, options)

    # -- create_lead ----------------------------------------------------

    def create_lead(
        self,
        create_lead_request: CreateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """Create a lead.

        Args:
            create_lead_request: The lead; ``first_name``, ``last_name`` and
                ``email`` are required. A dict is validated the same way.

        Returns:
            The new lead, with its id, ``status`` "active" and timestamps.

        Raises:
            ApiValueError: The request is incomplete or has a wrong type.
            BadRequestException: The server found the body malformed (400).
            ConflictException: A lead with this email exists (409).
            UnprocessableEntityException: Invalid email, phone or URL (422).
            ForbiddenException: The key lacks ``leads:write`` (403).
        """
        return call(
            self.api_client, CREATE_LEAD, None, NO_QUERY, create_lead_request, options
        )

    def create_lead_with_http_info(
        self,
        create_lead_request: CreateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[Lead]:
        """`create_lead`, returning the `ApiResponse` with status and headers."""
        return invoke(
            self.api_client, CREATE_LEAD, None, NO_QUERY, create_lead_request, options
        )

    def create_lead_without_preload_content(
        self,
        create_lead_request: CreateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> urllib3.BaseHTTPResponse:
        """`create_lead`, returning the unread urllib3 response."""
        return send(
            self.api_client,
            CREATE_LEAD,
            None,
            NO_QUERY,
            create_lead_request,
            options,
            False,
        )

    async def create_lead_async(
        self,
        create_lead_request: CreateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """`create_lead`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(
            self.create_lead, create_lead_request, **options
        )

    # -- get_lead -------------------------------------------------------

    def get_lead(self, lead_id: str, **options: Unpack[RequestOptions]) -> Lead:
        """Fetch one lead by id.

        Raises:
            NotFoundException: No lead has this id (404).
            ForbiddenException: The key lacks ``leads:read`` (403).
        """
        return call(self.api_client, GET_LEAD, lead_id, NO_QUERY, None, options)

    def get_lead_with_http_info(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> ApiResponse[Lead]:
        """`get_lead`, returning the `ApiResponse` with status and headers."""
        return invoke(self.api_client, GET_LEAD, lead_id, NO_QUERY, None, options)

    def get_lead_without_preload_content(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> urllib3.BaseHTTPResponse:
        """`get_lead`, returning the unread urllib3 response."""
        return send(self.api_client, GET_LEAD, lead_id, NO_QUERY, None, options, False)

    async def get_lead_async(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> Lead:
        """`get_lead`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(self.get_lead, lead_id, **options)

    # -- update_lead ----------------------------------------------------

    def update_lead(
        self,
        lead_id: str,
        update_lead_request: UpdateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """Change some fields of a lead; fields you did not set stay as they are.

        Only fields set on the request are sent. A field set to None is sent
        as null and cleared (not allowed for names, email and status).
        ``tags`` replaces the list; ``custom_fields`` is merged key by key.

        Raises:
            NotFoundException: No lead has this id (404).
            ConflictException: Another lead has the new email (409).
            UnprocessableEntityException: A value is invalid (422).
        """
        return call(
            self.api_client,
            UPDATE_LEAD,
            lead_id,
            NO_QUERY,
            update_lead_request,
            options,
        )

    def update_lead_with_http_info(
        self,
        lead_id: str,
        update_lead_request: UpdateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[Lead]:
        """`update_lead`, returning the `ApiResponse` with status and headers."""
        return invoke(
            self.api_client,
            UPDATE_LEAD,
            lead_id,
            NO_QUERY,
            update_lead_request,
            options,
        )

    def update_lead_without_preload_content(
        self,
        lead_id: str,
        update_lead_request: UpdateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> urllib3.BaseHTTPResponse:
        """`update_lead`, returning the unread urllib3 response."""
        return send(
            self.api_client,
            UPDATE_LEAD,
            lead_id,
            NO_QUERY,
            update_lead_request,
            options,
            False,
        )

    async def update_lead_async(
        self,
        lead_id: str,
        update_lead_request: UpdateLeadRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """`update_lead`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(
            self.update_lead, lead_id, update_lead_request, **options
        )

    # -- delete_lead ----------------------------------------------------

    def delete_lead(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> dict[str, Any]:
        """Delete a lead permanently.

        Returns:
            ``{"success": True, "message": ..., "deleted_id": lead_id}``.

        Raises:
            NotFoundException: No lead has this id (404).
            ForbiddenException: The key lacks ``leads:delete`` (403).
        """
        lead = call(self.api_client, DELETE_LEAD, lead_id, NO_QUERY, None, options)
        return lead.to_dict()

    def delete_lead_with_http_info(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> ApiResponse[dict[str, Any]]:
        """`delete_lead`, returning the `ApiResponse` (``data`` is a dict)."""
        result = invoke(self.api_client, DELETE_LEAD, lead_id, NO_QUERY, None, options)
        return ApiResponse(
            status_code=result.status_code,
            data=result.data.to_dict(),
            headers=result.headers,
            raw_data=result.raw_data,
        )

    def delete_lead_without_preload_content(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> urllib3.BaseHTTPResponse:
        """`delete_lead`, returning the unread urllib3 response."""
        return send(
            self.api_client, DELETE_LEAD, lead_id, NO_QUERY, None, options, False
        )

    async def delete_lead_async(
        self, lead_id: str, **options: Unpack[RequestOptions]
    ) -> dict[str, Any]:
        """`delete_lead`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(self.delete_lead, lead_id, **options)

    # -- list_api_keys --------------------------------------------------

    def list_api_keys(self, **options: Unpack[RequestOptions]) -> ListApiKeysResponse:
        """List the account's API keys (previews only, never the full keys).

        Raises:
            ForbiddenException: The key lacks ``api_keys:read`` (403).
        """
        return call(self.api_client, LIST_API_KEYS, None, NO_QUERY, None, options)

    def list_api_keys_with_http_info(
        self, **options: Unpack[RequestOptions]
    ) -> ApiResponse[ListApiKeysResponse]:
        """`list_api_keys`, returning the `ApiResponse`."""
        return invoke(self.api_client, LIST_API_KEYS, None, NO_QUERY, None, options)

    def list_api_keys_without_preload_content(
        self, **options: Unpack[RequestOptions]
    ) -> urllib3.BaseHTTPResponse:
        """`list_api_keys`, returning the unread urllib3 response."""
        return send(
            self.api_client, LIST_API_KEYS, None, NO_QUERY, None, options, False
        )

    async def list_api_keys_async(
        self, **options: Unpack[RequestOptions]
    ) -> ListApiKeysResponse:
        """`list_api_keys`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(self.list_api_keys, **options)

    # -- create_api_key -------------------------------------------------

    def create_api_key(
        self,
        create_api_key_request: CreateApiKeyRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ApiKey:
        """Create an API key. Its full ``key`` is returned this once only.

        Args:
            create_api_key_request: ``name`` and ``permissions`` (from
                `buena_sdk.PERMISSIONS`), optionally ``expires_at`` (a naive
                date-time is local time) and ``description``.

        Raises:
            ApiValueError: Missing name, no or unknown permissions.
            UnprocessableEntityException: Rejected by the server (422), for
                example an ``expires_at`` in the past.
            ForbiddenException: The key lacks ``api_keys:write`` (403).
        """
        return call(
            self.api_client,
            CREATE_API_KEY,
            None,
            NO_QUERY,
            create_api_key_request,
            options,
        )

    def create_api_key_with_http_info(
        self,
        create_api_key_request: CreateApiKeyRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[ApiKey]:
        """`create_api_key`, returning the `ApiResponse`."""
        return invoke(
            self.api_client,
            CREATE_API_KEY,
            None,
            NO_QUERY,
            create_api_key_request,
            options,
        )

    def create_api_key_without_preload_content(
        self,
        create_api_key_request: CreateApiKeyRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> urllib3.BaseHTTPResponse:
        """`create_api_key`, returning the unread urllib3 response."""
        return send(
            self.api_client,
            CREATE_API_KEY,
            None,
            NO_QUERY,
            create_api_key_request,
            options,
            False,
        )

    async def create_api_key_async(
        self,
        create_api_key_request: CreateApiKeyRequest | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ApiKey:
        """`create_api_key`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(
            self.create_api_key, create_api_key_request, **options
        )

    # -- health_check ---------------------------------------------------

    def health_check(self, **options: Unpack[RequestOptions]) -> HealthCheck200Response:
        """The API's status, version, per-service health and response time.

        Raises:
            ServiceException: The service is down (503) or failing (500).
        """
        return call(self.api_client, HEALTH_CHECK, None, NO_QUERY, None, options)

    def health_check_with_http_info(
        self, **options: Unpack[RequestOptions]
    ) -> ApiResponse[HealthCheck200Response]:
        """`health_check`, returning the `ApiResponse`."""
        return invoke(self.api_client, HEALTH_CHECK, None, NO_QUERY, None, options)

    def health_check_without_preload_content(
        self, **options: Unpack[RequestOptions]
    ) -> urllib3.BaseHTTPResponse:
        """`health_check`, returning the unread urllib3 response."""
        return send(self.api_client, HEALTH_CHECK, None, NO_QUERY, None, options, False)

    async def health_check_async(
        self, **options: Unpack[RequestOptions]
    ) -> HealthCheck200Response:
        """`health_check`, awaitable; the event loop stays free meanwhile."""
        return await self.api_client.run_async(self.health_check, **options)


def _lead_query(
    limit: int | None,
    offset: int | None,
    sort: str | None,
    order: str | None,
    search: str | None,
    company: str | None,
    status: str | None,
) -> dict[str, Any]:
    return {
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "order": order,
        "search": search,
        "company": company,
        "status": status,
    }


def _iterate_pages(
    client: ApiClient, query: dict[str, Any], options: Mapping[str, Any]
) -> Iterator[Lead]:
    """The pages of `DefaultApi.iter_leads`, fetched one at a time."""
    page_size: int = query["limit"]
    offset = 0
    # A tuple, not a set: it is built for every page but searched only for
    # the first lead of the next one, and hashing 100 new ids costs more.
    previous_ids: tuple[str, ...] = ()

    # Pages differ only in their offset: the rest of the URL is checked and
    # encoded once, at the first page (the host is read then too).
    fixed = {
        name: value
        for name, value in query.items()
        if value is not None and name != "offset"
    }
    url = build_url(client, LIST_LEADS, fixed, options)
    url += "&offset=" if "?" in url else "?offset="

    while True:
        page = call_url(client, LIST_LEADS, f"{url}{offset}", options)
        leads, total = page.data, page.total
        del page

        # Leads inserted before the offset push already-seen leads onto the
        # front of this page; otherwise its first lead is new and so is the
        # rest, since pages follow one fixed order.
        if leads and leads[0].id in previous_ids:
            seen = frozenset(previous_ids)
            yield from (lead for lead in leads if lead.id not in seen)
        else:
            yield from leads

        offset += len(leads)
        if len(leads) < page_size or offset >= total:
            return
        previous_ids = tuple(map(_LEAD_ID, leads))
        leads = []
