"""Checks that openapi.yaml states the wire contract of the Buena.ai API v2."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SERVER_URL = "https://api.buena.ai/api/v2"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
SECURITY: list[dict[str, list[str]]] = [{"ApiKeyAuth": []}]
SCHEMA_PREFIX = "#/components/schemas/"
RESPONSE_PREFIX = "#/components/responses/"


class OperationRow(NamedTuple):
    """One row of the documented operation table."""

    operation_id: str
    method: str
    path: str
    success: str
    response_schema: str
    body_schema: str | None
    errors: set[str]


OPERATIONS = [
    OperationRow(
        "listLeads",
        "get",
        "/leads",
        "200",
        "ListLeads200Response",
        None,
        {"400", "401", "403", "422", "429", "500"},
    ),
    OperationRow(
        "createLead",
        "post",
        "/leads",
        "201",
        "Lead",
        "CreateLeadRequest",
        {"400", "401", "403", "409", "422", "429", "500"},
    ),
    OperationRow(
        "getLead",
        "get",
        "/leads/{leadId}",
        "200",
        "Lead",
        None,
        {"401", "403", "404", "429", "500"},
    ),
    OperationRow(
        "updateLead",
        "put",
        "/leads/{leadId}",
        "200",
        "Lead",
        "UpdateLeadRequest",
        {"400", "401", "403", "404", "409", "422", "429", "500"},
    ),
    OperationRow(
        "deleteLead",
        "delete",
        "/leads/{leadId}",
        "200",
        "DeleteLead200Response",
        None,
        {"401", "403", "404", "429", "500"},
    ),
    OperationRow(
        "listApiKeys",
        "get",
        "/keys",
        "200",
        "ListApiKeysResponse",
        None,
        {"401", "403", "429", "500"},
    ),
    OperationRow(
        "createApiKey",
        "post",
        "/keys",
        "201",
        "ApiKey",
        "CreateApiKeyRequest",
        {"400", "401", "403", "422", "429", "500"},
    ),
    OperationRow(
        "healthCheck",
        "get",
        "/health",
        "200",
        "HealthCheck200Response",
        None,
        {"401", "429", "500", "503"},
    ),
]
OPERATION_IDS = [row.operation_id for row in OPERATIONS]

ERROR_RESPONSES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "409": "Conflict",
    "422": "UnprocessableEntity",
    "429": "TooManyRequests",
    "500": "InternalServerError",
    "503": "ServiceUnavailable",
}

REQUIRED_PROPERTIES: dict[str, list[str]] = {
    "Lead": [
        "id",
        "first_name",
        "last_name",
        "email",
        "status",
        "created_at",
        "updated_at",
    ],
    "ListLeads200Response": ["data", "total", "limit", "offset"],
    "CreateLeadRequest": ["first_name", "last_name", "email"],
    "UpdateLeadRequest": [],
    "DeleteLead200Response": ["success", "message", "deleted_id"],
    "ApiKey": ["id", "name", "key_preview", "permissions", "is_active", "created_at"],
    "ListApiKeysResponse": ["data", "total"],
    "CreateApiKeyRequest": ["name", "permissions"],
    "HealthCheck200Response": [
        "status",
        "timestamp",
        "version",
        "services",
        "response_time",
    ],
    "Error": ["error", "code", "message", "timestamp"],
}
SCHEMA_NAMES = sorted(REQUIRED_PROPERTIES)

LEAD_WRITABLE = [
    "first_name",
    "last_name",
    "email",
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
]
PROPERTY_NAMES: dict[str, set[str]] = {
    "Lead": {"id", "status", "created_at", "updated_at", *LEAD_WRITABLE},
    "ListLeads200Response": {"data", "total", "limit", "offset"},
    "CreateLeadRequest": set(LEAD_WRITABLE),
    "UpdateLeadRequest": {"status", *LEAD_WRITABLE},
    "DeleteLead200Response": {"success", "message", "deleted_id"},
    "ApiKey": {
        "id",
        "name",
        "key",
        "key_preview",
        "permissions",
        "last_used",
        "is_active",
        "created_at",
        "expires_at",
        "description",
    },
    "ListApiKeysResponse": {"data", "total"},
    "CreateApiKeyRequest": {"name", "permissions", "expires_at", "description"},
    "HealthCheck200Response": {
        "status",
        "timestamp",
        "version",
        "services",
        "response_time",
    },
    "Error": {
        "error",
        "code",
        "message",
        "timestamp",
        "details",
        "retry_after",
        "request_id",
    },
}

NULLABLE_PROPERTIES: dict[str, set[str]] = {
    "Lead": {
        "company",
        "phone",
        "linkedin_url",
        "job_title",
        "location",
        "notes",
        "tags",
        "custom_fields",
    },
    "CreateLeadRequest": {
        "company",
        "phone",
        "linkedin_url",
        "job_title",
        "location",
        "notes",
        "tags",
        "custom_fields",
    },
    "UpdateLeadRequest": {
        "company",
        "phone",
        "linkedin_url",
        "job_title",
        "location",
        "notes",
        "tags",
        "custom_fields",
    },
    "ApiKey": {"last_used", "expires_at", "description"},
    "CreateApiKeyRequest": {"expires_at", "description"},
    "Error": {"details"},
    "ListLeads200Response": set(),
    "DeleteLead200Response": set(),
    "ListApiKeysResponse": set(),
    "HealthCheck200Response": set(),
}

DATE_TIME_PROPERTIES: dict[str, set[str]] = {
    "Lead": {"created_at", "updated_at"},
    "ApiKey": {"last_used", "created_at", "expires_at"},
    "CreateApiKeyRequest": {"expires_at"},
    "HealthCheck200Response": {"timestamp"},
    "Error": {"timestamp"},
}

PERMISSIONS = [
    "leads:read",
    "leads:write",
    "leads:delete",
    "api_keys:read",
    "api_keys:write",
    "webhooks:read",
    "webhooks:write",
]

# schema, instance, whether the schema accepts it.
REQUEST_CASES: list[tuple[str, dict[str, Any], bool]] = [
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co"},
        True,
    ),
    ("CreateLeadRequest", {"first_name": "A", "last_name": "B"}, False),
    (
        "CreateLeadRequest",
        {"first_name": "", "last_name": "B", "email": "a@b.co"},
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A" * 101, "last_name": "B", "email": "a@b.co"},
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "not-an-email"},
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co", "nickname": "x"},
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co", "phone": "555-12"},
        False,
    ),
    (
        "CreateLeadRequest",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.co",
            "phone": "+44 (20) 7946.0958",
        },
        True,
    ),
    (
        "CreateLeadRequest",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.co",
            "linkedin_url": "ftp://linkedin.com/in/a",
        },
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co", "tags": [""]},
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co", "tags": ["t"] * 51},
        False,
    ),
    (
        "CreateLeadRequest",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.co",
            "custom_fields": {f"k{index}": index for index in range(51)},
        },
        False,
    ),
    (
        "CreateLeadRequest",
        {"first_name": "A", "last_name": "B", "email": "a@b.co", "company": None},
        True,
    ),
    ("UpdateLeadRequest", {}, True),
    ("UpdateLeadRequest", {"company": None, "tags": None, "phone": None}, True),
    ("UpdateLeadRequest", {"first_name": None}, False),
    ("UpdateLeadRequest", {"email": None}, False),
    ("UpdateLeadRequest", {"status": None}, False),
    ("UpdateLeadRequest", {"status": "archived"}, False),
    ("UpdateLeadRequest", {"status": "contacted"}, True),
    ("UpdateLeadRequest", {"custom_fields": {"priority": None}}, True),
    ("UpdateLeadRequest", {"id": "lead_1"}, False),
    ("CreateApiKeyRequest", {"name": "CRM", "permissions": ["leads:read"]}, True),
    ("CreateApiKeyRequest", {"name": "CRM", "permissions": []}, False),
    ("CreateApiKeyRequest", {"name": "CRM", "permissions": ["leads:admin"]}, False),
    (
        "CreateApiKeyRequest",
        {"name": "CRM", "permissions": ["leads:read", "leads:read"]},
        False,
    ),
    ("CreateApiKeyRequest", {"name": "", "permissions": ["leads:read"]}, False),
    ("CreateApiKeyRequest", {"permissions": ["leads:read"]}, False),
    (
        "CreateApiKeyRequest",
        {"name": "CRM", "permissions": ["leads:read"], "expires_at": "tomorrow"},
        False,
    ),
    (
        "CreateApiKeyRequest",
        {"name": "CRM", "permissions": ["leads:read"], "description": "d" * 501},
        False,
    ),
]


@functools.cache
def _load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as spec_file:
        loaded: dict[str, Any] = yaml.safe_load(spec_file)
    return loaded


@pytest.fixture
def spec() -> dict[str, Any]:
    """The parsed openapi.yaml; tests must not modify it."""
    return _load_spec()


def _follow(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Return the object a local `$ref` points to, or the node itself."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _inline_refs(spec: dict[str, Any], node: Any) -> Any:
    """Return a copy of a schema with every local `$ref` replaced by its target."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(spec, _follow(spec, node))
        return {key: _inline_refs(spec, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(spec, item) for item in node]
    return copy.deepcopy(node)


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> OAS30Validator:
    return OAS30Validator(
        _inline_refs(spec, schema), format_checker=oas30_format_checker
    )


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Map each operationId to its method, path and operation object."""
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, path_item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in path_item:
                operation = path_item[method]
                found[operation["operationId"]] = (method, path, operation)
    return found


def _operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return _operations(spec)[operation_id][2]


def _json_media(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    media: dict[str, Any] = _follow(spec, node)["content"]["application/json"]
    return media


def _subschemas(schema: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    """Yield every nested schema below properties, items and additionalProperties."""
    for name, child in schema.get("properties", {}).items():
        yield f"{where}.{name}", child
        yield from _subschemas(child, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        child = schema.get(key)
        if isinstance(child, dict):
            yield f"{where}[{key}]", child
            yield from _subschemas(child, f"{where}[{key}]")


def test_spec_validates_as_openapi_3_0_3(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"] == "3.0.3"


def test_info_names_the_api_and_explains_the_rules(spec: dict[str, Any]) -> None:
    info = spec["info"]
    assert info["title"] == "Buena.ai API"
    assert info["version"] == "2.0.0"
    for topic in ("x-api-key", "Retry-After", "X-Request-Id", "400", "422"):
        assert topic in info["description"]
    for code in (
        "MISSING_API_KEY",
        "INVALID_API_KEY",
        "API_KEY_INACTIVE",
        "API_KEY_EXPIRED",
        "INSUFFICIENT_PERMISSIONS",
        "NOT_FOUND",
        "METHOD_NOT_ALLOWED",
        "DUPLICATE_EMAIL",
        "PAYLOAD_TOO_LARGE",
        "INVALID_JSON",
        "INVALID_CONTENT_TYPE",
        "MISSING_REQUIRED_FIELD",
        "INVALID_PARAMETER",
        "VALIDATION_ERROR",
        "RATE_LIMIT_EXCEEDED",
        "INTERNAL_ERROR",
        "SERVICE_UNAVAILABLE",
    ):
        assert code in info["description"]


def test_single_server_is_the_v2_base_url(spec: dict[str, Any]) -> None:
    assert [server["url"] for server in spec["servers"]] == [SERVER_URL]


def test_spec_holds_exactly_the_documented_operations(spec: dict[str, Any]) -> None:
    assert sorted(_operations(spec)) == sorted(OPERATION_IDS)


@pytest.mark.parametrize("row", OPERATIONS, ids=OPERATION_IDS)
def test_operation_matches_wire_contract(
    spec: dict[str, Any], row: OperationRow
) -> None:
    method, path, operation = _operations(spec)[row.operation_id]
    assert (method, path) == (row.method, row.path)

    responses = operation["responses"]
    assert [status for status in responses if status.startswith("2")] == [row.success]
    assert set(responses) - {row.success} == row.errors
    success_media = _json_media(spec, responses[row.success])
    assert success_media["schema"] == {"$ref": SCHEMA_PREFIX + row.response_schema}
    for status in row.errors:
        assert responses[status] == {"$ref": RESPONSE_PREFIX + ERROR_RESPONSES[status]}

    if row.body_schema is None:
        assert "requestBody" not in operation
    else:
        assert operation["requestBody"]["required"] is True
        body_media = operation["requestBody"]["content"]["application/json"]
        assert body_media["schema"] == {"$ref": SCHEMA_PREFIX + row.body_schema}


@pytest.mark.parametrize("name", sorted(ERROR_RESPONSES.values()))
def test_error_response_uses_shared_error_schema(
    spec: dict[str, Any], name: str
) -> None:
    response = spec["components"]["responses"][name]
    media = response["content"]["application/json"]
    assert media["schema"] == {"$ref": SCHEMA_PREFIX + "Error"}
    assert response["headers"]["X-Request-Id"] == {
        "$ref": "#/components/headers/XRequestId"
    }
    assert response["description"]


def test_every_response_documents_request_id_header(spec: dict[str, Any]) -> None:
    request_id = spec["components"]["headers"]["XRequestId"]
    assert request_id["required"] is True
    assert request_id["schema"] == {"type": "string", "pattern": "^req_[0-9a-f]{24}$"}

    checked = 0
    for operation_id, (_, _, operation) in _operations(spec).items():
        for status, response in operation["responses"].items():
            headers = _follow(spec, response)["headers"]
            where = f"{operation_id} {status}"
            assert _follow(spec, headers["X-Request-Id"]) == request_id, where
            checked += 1
    assert checked == sum(len(row.errors) + 1 for row in OPERATIONS)


def test_too_many_requests_carries_integer_retry_after(spec: dict[str, Any]) -> None:
    headers = spec["components"]["responses"]["TooManyRequests"]["headers"]
    retry_after = _follow(spec, headers["Retry-After"])
    assert retry_after["required"] is True
    assert retry_after["schema"]["type"] == "integer"
    assert retry_after["schema"]["minimum"] == 0
    assert "seconds" in retry_after["description"]

    error_properties = spec["components"]["schemas"]["Error"]["properties"]
    assert error_properties["retry_after"]["type"] == "integer"


def test_api_key_scheme_is_x_api_key_header(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "x-api-key"
    assert list(spec["components"]["securitySchemes"]) == ["ApiKeyAuth"]


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_requires_api_key_auth(
    spec: dict[str, Any], operation_id: str
) -> None:
    assert spec["security"] == SECURITY
    assert _operation(spec, operation_id)["security"] == SECURITY


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_is_documented_and_tagged(
    spec: dict[str, Any], operation_id: str
) -> None:
    operation = _operation(spec, operation_id)
    assert operation["summary"]
    assert operation["description"]
    assert len(operation["tags"]) == 1
    assert operation["tags"][0] in {tag["name"] for tag in spec["tags"]}
    assert {tag["name"] for tag in spec["tags"]} == {"Leads", "API Keys", "System"}


def test_operation_tags_group_leads_keys_and_system(spec: dict[str, Any]) -> None:
    tags = {
        operation_id: operation["tags"][0]
        for operation_id, (_, _, operation) in _operations(spec).items()
    }
    assert tags == {
        "listLeads": "Leads",
        "createLead": "Leads",
        "getLead": "Leads",
        "updateLead": "Leads",
        "deleteLead": "Leads",
        "listApiKeys": "API Keys",
        "createApiKey": "API Keys",
        "healthCheck": "System",
    }


def test_every_parameter_has_a_description(spec: dict[str, Any]) -> None:
    parameters: list[dict[str, Any]] = []
    for path_item in spec["paths"].values():
        parameters.extend(path_item.get("parameters", []))
        for method in HTTP_METHODS:
            parameters.extend(path_item.get(method, {}).get("parameters", []))

    assert len(parameters) == 8
    for parameter in parameters:
        resolved = _follow(spec, parameter)
        assert resolved["description"], resolved["name"]


def test_components_define_exactly_the_documented_schemas(
    spec: dict[str, Any],
) -> None:
    assert sorted(spec["components"]["schemas"]) == SCHEMA_NAMES


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_has_documented_properties_and_required_list(
    spec: dict[str, Any], name: str
) -> None:
    schema = spec["components"]["schemas"][name]
    assert schema["type"] == "object"
    assert set(schema["properties"]) == PROPERTY_NAMES[name]
    assert schema.get("required", []) == REQUIRED_PROPERTIES[name]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_marks_exactly_the_documented_properties_nullable(
    spec: dict[str, Any], name: str
) -> None:
    properties = spec["components"]["schemas"][name]["properties"]
    nullable = {key for key, value in properties.items() if value.get("nullable")}
    assert nullable == NULLABLE_PROPERTIES[name]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_uses_date_time_and_email_formats(
    spec: dict[str, Any], name: str
) -> None:
    properties = spec["components"]["schemas"][name]["properties"]
    date_times = {
        key for key, value in properties.items() if value.get("format") == "date-time"
    }
    emails = {
        key for key, value in properties.items() if value.get("format") == "email"
    }
    assert date_times == DATE_TIME_PROPERTIES.get(name, set())
    expected_emails = {"email"} if "email" in PROPERTY_NAMES[name] else set()
    assert emails == expected_emails


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_and_its_properties_have_descriptions(
    spec: dict[str, Any], name: str
) -> None:
    schema = spec["components"]["schemas"][name]
    assert schema["description"]
    for where, child in _subschemas(schema, name):
        if "$ref" not in child:
            assert child.get("description"), where


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_example_is_valid_against_the_schema(
    spec: dict[str, Any], name: str
) -> None:
    schema = spec["components"]["schemas"][name]
    assert schema["example"]
    _validator(spec, schema).validate(schema["example"])


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_examples_are_valid_against_their_schemas(
    spec: dict[str, Any], operation_id: str
) -> None:
    operation = _operation(spec, operation_id)
    media_objects = [
        _json_media(spec, response) for response in operation["responses"].values()
    ]
    if "requestBody" in operation:
        media_objects.append(_json_media(spec, operation["requestBody"]))

    success = next(
        status for status in operation["responses"] if status.startswith("2")
    )
    assert "example" in _json_media(spec, operation["responses"][success])
    if "requestBody" in operation:
        assert "example" in _json_media(spec, operation["requestBody"])
    for media in media_objects:
        validator = _validator(spec, media["schema"])
        examples = [media["example"]] if "example" in media else []
        examples += [named["value"] for named in media.get("examples", {}).values()]
        assert examples
        for example in examples:
            validator.validate(example)


def test_error_examples_use_the_code_of_their_status(spec: dict[str, Any]) -> None:
    codes_by_response = {
        "BadRequest": {
            "INVALID_JSON",
            "INVALID_CONTENT_TYPE",
            "MISSING_REQUIRED_FIELD",
            "INVALID_PARAMETER",
        },
        "Unauthorized": {
            "MISSING_API_KEY",
            "INVALID_API_KEY",
            "API_KEY_INACTIVE",
            "API_KEY_EXPIRED",
        },
        "Forbidden": {"INSUFFICIENT_PERMISSIONS"},
        "NotFound": {"NOT_FOUND"},
        "Conflict": {"DUPLICATE_EMAIL"},
        "UnprocessableEntity": {"VALIDATION_ERROR"},
        "TooManyRequests": {"RATE_LIMIT_EXCEEDED"},
        "InternalServerError": {"INTERNAL_ERROR"},
        "ServiceUnavailable": {"SERVICE_UNAVAILABLE"},
    }
    for name, codes in codes_by_response.items():
        media = spec["components"]["responses"][name]["content"]["application/json"]
        examples = [media["example"]] if "example" in media else []
        examples += [named["value"] for named in media.get("examples", {}).values()]
        assert examples, name
        for example in examples:
            assert example["error"] is True
            assert example["code"] in codes, name
            assert ("retry_after" in example) == (name == "TooManyRequests"), name


def test_new_api_key_example_preview_is_first_eight_characters(
    spec: dict[str, Any],
) -> None:
    created = _json_media(spec, _operation(spec, "createApiKey")["responses"]["201"])
    example = created["example"]
    assert example["key_preview"] == example["key"][:8] + "..."

    listed = _json_media(spec, _operation(spec, "listApiKeys")["responses"]["200"])
    assert all("key" not in key for key in listed["example"]["data"])
    assert "key" not in spec["components"]["schemas"]["ApiKey"]["required"]


def test_list_leads_query_parameters_have_documented_bounds(
    spec: dict[str, Any],
) -> None:
    parameters = {
        parameter["name"]: parameter
        for parameter in _operation(spec, "listLeads")["parameters"]
    }
    assert list(parameters) == [
        "limit",
        "offset",
        "sort",
        "order",
        "search",
        "company",
        "status",
    ]
    assert all(parameter["in"] == "query" for parameter in parameters.values())
    assert not any(parameter.get("required") for parameter in parameters.values())

    schemas = {name: parameter["schema"] for name, parameter in parameters.items()}
    assert schemas["limit"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 50,
    }
    assert schemas["offset"] == {"type": "integer", "minimum": 0, "default": 0}
    assert schemas["sort"] == {
        "type": "string",
        "enum": ["created_at", "updated_at", "first_name", "last_name"],
        "default": "created_at",
    }
    assert schemas["order"] == {
        "type": "string",
        "enum": ["asc", "desc"],
        "default": "desc",
    }
    assert schemas["search"] == {"type": "string"}
    assert schemas["company"] == {"type": "string"}
    assert schemas["status"] == {
        "type": "string",
        "enum": ["active", "inactive", "contacted"],
    }
    for name, parameter in parameters.items():
        _validator(spec, parameter["schema"]).validate(parameter["example"])
        assert parameter["description"], name


def test_lead_id_is_a_required_non_empty_path_parameter(
    spec: dict[str, Any],
) -> None:
    path_item = spec["paths"]["/leads/{leadId}"]
    assert path_item["parameters"] == [{"$ref": "#/components/parameters/LeadId"}]
    lead_id = spec["components"]["parameters"]["LeadId"]
    assert lead_id["name"] == "leadId"
    assert lead_id["in"] == "path"
    assert lead_id["required"] is True
    assert lead_id["schema"] == {"type": "string", "minLength": 1}


def test_error_schema_has_documented_shape(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["Error"]
    types = {name: value["type"] for name, value in error["properties"].items()}
    assert types == {
        "error": "boolean",
        "code": "string",
        "message": "string",
        "timestamp": "string",
        "details": "object",
        "retry_after": "integer",
        "request_id": "string",
    }
    assert error["properties"]["details"]["additionalProperties"] is True


def test_response_status_fields_are_open_strings(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    lead_status = schemas["Lead"]["properties"]["status"]
    health_status = schemas["HealthCheck200Response"]["properties"]["status"]
    permissions = schemas["ApiKey"]["properties"]["permissions"]["items"]

    assert lead_status == {"type": "string", "description": lead_status["description"]}
    assert "enum" not in health_status
    assert "enum" not in permissions
    for value in ("active", "inactive", "contacted"):
        assert f"`{value}`" in lead_status["description"]
    for value in ("healthy", "degraded", "down"):
        assert f"`{value}`" in health_status["description"]
    _validator(spec, schemas["Lead"]).validate(
        {**schemas["Lead"]["example"], "status": "archived"}
    )


def test_request_side_enums_are_closed(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    update_status = schemas["UpdateLeadRequest"]["properties"]["status"]
    permissions = schemas["CreateApiKeyRequest"]["properties"]["permissions"]
    assert update_status["enum"] == ["active", "inactive", "contacted"]
    assert permissions["items"]["enum"] == PERMISSIONS
    assert permissions["minItems"] == 1
    assert permissions["uniqueItems"] is True


@pytest.mark.parametrize(
    "name", ["CreateLeadRequest", "UpdateLeadRequest", "CreateApiKeyRequest"]
)
def test_request_schema_rejects_unknown_properties(
    spec: dict[str, Any], name: str
) -> None:
    assert spec["components"]["schemas"][name]["additionalProperties"] is False


def test_update_lead_request_shares_create_limits(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    create = schemas["CreateLeadRequest"]["properties"]
    update = schemas["UpdateLeadRequest"]["properties"]
    limits = ("minLength", "maxLength", "pattern", "maxItems", "maxProperties")
    for name in LEAD_WRITABLE:
        for limit in limits:
            assert create[name].get(limit) == update[name].get(limit), (name, limit)
        assert create[name].get("items") == update[name].get("items"), name


@pytest.mark.parametrize(("name", "instance", "accepted"), REQUEST_CASES)
def test_request_schema_enforces_documented_limits(
    spec: dict[str, Any], name: str, instance: dict[str, Any], accepted: bool
) -> None:
    validator = _validator(spec, spec["components"]["schemas"][name])
    assert validator.is_valid(instance) is accepted


def test_health_services_map_names_to_strings(spec: dict[str, Any]) -> None:
    health = spec["components"]["schemas"]["HealthCheck200Response"]
    services = health["properties"]["services"]
    assert services["type"] == "object"
    assert services["additionalProperties"]["type"] == "string"
    assert health["properties"]["response_time"]["minimum"] == 0
    assert set(health["example"]["services"]) == {"database", "redis", "api"}
