"""Python client for the Buena.ai API v2: leads, API keys and health.

    import buena_sdk
    from buena_sdk.api.default_api import DefaultApi

    configuration = buena_sdk.Configuration(api_key={"ApiKeyAuth": "..."})
    with buena_sdk.ApiClient(configuration) as api_client:
        api = DefaultApi(api_client)
        print(api.health_check().status)

Names are imported on first use, so ``import buena_sdk`` stays cheap.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS: dict[str, str] = {
    "Configuration": "buena_sdk.configuration",
    "ApiClient": "buena_sdk.api_client",
    "ApiResponse": "buena_sdk.api_response",
    "DefaultApi": "buena_sdk.api.default_api",
    "RESTClientObject": "buena_sdk.rest",
    "RESTResponse": "buena_sdk.rest",
    "ApiKey": "buena_sdk.models.api_key",
    "CreateApiKeyRequest": "buena_sdk.models.create_api_key_request",
    "PERMISSIONS": "buena_sdk.models.create_api_key_request",
    "CreateLeadRequest": "buena_sdk.models.create_lead_request",
    "DeleteLead200Response": "buena_sdk.models.delete_lead200_response",
    "Error": "buena_sdk.models.error",
    "HealthCheck200Response": "buena_sdk.models.health_check200_response",
    "Lead": "buena_sdk.models.lead",
    "ListApiKeysResponse": "buena_sdk.models.list_api_keys_response",
    "ListLeads200Response": "buena_sdk.models.list_leads200_response",
    "UpdateLeadRequest": "buena_sdk.models.update_lead_request",
    "OpenApiException": "buena_sdk.exceptions",
    "ApiTypeError": "buena_sdk.exceptions",
    "ApiValueError": "buena_sdk.exceptions",
    "ApiKeyError": "buena_sdk.exceptions",
    "ApiAttributeError": "buena_sdk.exceptions",
    "ApiException": "buena_sdk.exceptions",
    "BadRequestException": "buena_sdk.exceptions",
    "UnauthorizedException": "buena_sdk.exceptions",
    "ForbiddenException": "buena_sdk.exceptions",
    "NotFoundException": "buena_sdk.exceptions",
    "ConflictException": "buena_sdk.exceptions",
    "UnprocessableEntityException": "buena_sdk.exceptions",
    "TooManyRequestsException": "buena_sdk.exceptions",
    "ServiceException": "buena_sdk.exceptions",
    "ApiConnectionError": "buena_sdk.exceptions",
    "ApiTimeoutError": "buena_sdk.exceptions",
    "ApiDecodeError": "buena_sdk.exceptions",
}

__all__ = [
    "PERMISSIONS",
    "ApiAttributeError",
    "ApiClient",
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiException",
    "ApiKey",
    "ApiKeyError",
    "ApiResponse",
    "ApiTimeoutError",
    "ApiTypeError",
    "ApiValueError",
    "BadRequestException",
    "Configuration",
    "ConflictException",
    "CreateApiKeyRequest",
    "CreateLeadRequest",
    "DefaultApi",
    "DeleteLead200Response",
    "Error",
    "ForbiddenException",
    "HealthCheck200Response",
    "Lead",
    "ListApiKeysResponse",
    "ListLeads200Response",
    "NotFoundException",
    "OpenApiException",
    "RESTClientObject",
    "RESTResponse",
    "ServiceException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "UpdateLeadRequest",
    "__version__",
]

if TYPE_CHECKING:
    from buena_sdk.api.default_api import DefaultApi
    from buena_sdk.api_client import ApiClient
    from buena_sdk.api_response import ApiResponse
    from buena_sdk.configuration import Configuration
    from buena_sdk.exceptions import (
        ApiAttributeError,
        ApiConnectionError,
        ApiDecodeError,
        ApiException,
        ApiKeyError,
        ApiTimeoutError,
        ApiTypeError,
        ApiValueError,
        BadRequestException,
        ConflictException,
        ForbiddenException,
        NotFoundException,
        OpenApiException,
        ServiceException,
        TooManyRequestsException,
        UnauthorizedException,
        UnprocessableEntityException,
    )
    from buena_sdk.models.api_key import ApiKey
    from buena_sdk.models.create_api_key_request import (
        PERMISSIONS,
        CreateApiKeyRequest,
    )
    from buena_sdk.models.create_lead_request import CreateLeadRequest
    from buena_sdk.models.delete_lead200_response import DeleteLead200Response
    from buena_sdk.models.error import Error
    from buena_sdk.models.health_check200_response import HealthCheck200Response
    from buena_sdk.models.lead import Lead
    from buena_sdk.models.list_api_keys_response import ListApiKeysResponse
    from buena_sdk.models.list_leads200_response import ListLeads200Response
    from buena_sdk.models.update_lead_request import UpdateLeadRequest
    from buena_sdk.rest import RESTClientObject, RESTResponse


def __getattr__(name: str) -> Any:
    """Import a public name the first time it is used."""
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'buena_sdk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
