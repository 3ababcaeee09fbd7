"""The SDK against openapi.yaml: operations, parameters and models match the spec."""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import typing
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pytest
import yaml
from pydantic import BaseModel, ValidationError

import buena_sdk
from buena_sdk import models
from buena_sdk.api.default_api import OPERATIONS, DefaultApi

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
VARIANT_SUFFIXES = ("", "_with_http_info", "_without_preload_content", "_async")

# Properties the spec requires but the SDK reads leniently, so that an error
# body is still understood when a gateway in between drops or rewrites them.
LENIENT_REQUIRED: dict[str, set[str]] = {"Error": {"error", "timestamp"}}


@functools.cache
def load_spec() -> dict[str, Any]:
    """openapi.yaml, parsed."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def snake_case(name: str) -> str:
    """``CreateLeadRequest`` -> ``create_lead_request``, ``leadId`` -> ``lead_id``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` to the object it names."""
    while "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def ref_name(node: dict[str, Any]) -> str:
    """The schema name at the end of a ``$ref``."""
    return str(node["$ref"]).rsplit("/", 1)[-1]


class SpecOperation(NamedTuple):
    """What the spec says about one operation."""

    operation_id: str
    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[dict[str, Any], ...]
    body_schema: str | None
    success_status: int
    response_schema: str

    @property
    def method_name(self) -> str:
        return snake_case(self.operation_id)


def read_operations() -> list[SpecOperation]:
    """Every operation of the spec, in document order."""
    found = []
    for path, item in load_spec()["paths"].items():
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            params = shared + [resolve(p) for p in operation.get("parameters", [])]
            body = operation.get("requestBody")
            success = min(code for code in operation["responses"] if code[0] == "2")
            content = operation["responses"][success]["content"]
            found.append(
                SpecOperation(
                    operation_id=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                    query_params=tuple(p for p in params if p["in"] == "query"),
                    body_schema=(
                        ref_name(body["content"]["application/json"]["schema"])
                        if body
                        else None
                    ),
                    success_status=int(success),
                    response_schema=ref_name(content["application/json"]["schema"]),
                )
            )
    return found


SPEC_OPERATIONS = read_operations()
SCHEMAS: dict[str, dict[str, Any]] = load_spec()["components"]["schemas"]
REQUEST_SCHEMAS = sorted({op.body_schema for op in SPEC_OPERATIONS if op.body_schema})
RESPONSE_SCHEMAS = sorted(set(SCHEMAS) - set(REQUEST_SCHEMAS))
OPERATION_IDS = [op.operation_id for op in SPEC_OPERATIONS]
BY_ID = {op.operation_id: op for op in SPEC_OPERATIONS}
TABLE = {operation.name: operation for operation in OPERATIONS}


def model_for(schema_name: str) -> type[BaseModel]:
    """The model class of a schema, from its own module."""
    module = importlib.import_module(f"buena_sdk.models.{snake_case(schema_name)}")
    model: type[BaseModel] = getattr(module, schema_name)
    return model


def schema_properties() -> list[tuple[str, str]]:
    """(schema, property) for every property of every schema."""
    return [
        (name, prop)
        for name, schema in SCHEMAS.items()
        for prop in schema.get("properties", {})
    ]


def accepts(model: type[BaseModel], data: dict[str, Any]) -> bool:
    """Whether ``model`` validates ``data``."""
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def literal_values(annotation: Any) -> set[Any]:
    """Every value of every ``Literal`` nested anywhere in ``annotation``."""
    if typing.get_origin(annotation) is Literal:
        return set(typing.get_args(annotation))
    values: set[Any] = set()
    for argument in typing.get_args(annotation):
        values |= literal_values(argument)
    return values


def expected_parameters(operation: SpecOperation) -> list[str]:
    """The method's parameters: path, then query, then the body."""
    names = [snake_case(name) for name in operation.path_params]
    names += [param["name"] for param in operation.query_params]
    if operation.body_schema:
        names.append(snake_case(operation.body_schema))
    return names


def method_parameters(function: Any) -> list[inspect.Parameter]:
    """The named parameters of a DefaultApi method, without self and options."""
    return [
        param
        for param in inspect.signature(function).parameters.values()
        if param.name != "self" and param.kind is not param.VAR_KEYWORD
    ]


# -- operations -----------------------------------------------------------------


def test_spec_and_operation_table_list_the_same_operations() -> None:
    assert sorted(op.method_name for op in SPEC_OPERATIONS) == sorted(TABLE)
    assert len(OPERATIONS) == len(TABLE)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
@pytest.mark.parametrize("suffix", VARIANT_SUFFIXES)
def test_every_operation_has_each_method_variant(
    operation_id: str, suffix: str
) -> None:
    operation = BY_ID[operation_id]

    method = getattr(DefaultApi, operation.method_name + suffix, None)

    assert callable(method), f"DefaultApi.{operation.method_name}{suffix} is missing"
    assert inspect.iscoroutinefunction(method) is (suffix == "_async")


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
@pytest.mark.parametrize("suffix", VARIANT_SUFFIXES)
def test_method_parameters_match_the_spec(operation_id: str, suffix: str) -> None:
    operation = BY_ID[operation_id]
    method = getattr(DefaultApi, operation.method_name + suffix)

    params = method_parameters(method)
    all_params = inspect.signature(method).parameters.values()

    assert [param.name for param in params] == expected_parameters(operation)
    assert any(param.kind is param.VAR_KEYWORD for param in all_params)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_required_parameters_have_no_default(operation_id: str) -> None:
    operation = BY_ID[operation_id]
    method = getattr(DefaultApi, operation.method_name)
    required = {snake_case(name) for name in operation.path_params}
    if operation.body_schema:
        required.add(snake_case(operation.body_schema))

    for param in method_parameters(method):
        if param.name in required:
            assert param.default is param.empty, param.name
        else:
            assert param.default is None, param.name


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_table_matches_the_spec(operation_id: str) -> None:
    spec = BY_ID[operation_id]
    operation = TABLE[spec.method_name]

    assert operation.method == spec.method
    assert operation.path == spec.path
    assert operation.success_status == spec.success_status
    assert operation.response_model.__name__ == spec.response_schema
    assert operation.path_param == (
        snake_case(spec.path_params[0]) if spec.path_params else None
    )
    if spec.body_schema is None:
        assert operation.body_param is None
        assert operation.body_model is None
    else:
        assert operation.body_param == snake_case(spec.body_schema)
        assert operation.body_model is model_for(spec.body_schema)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_query_parameter_checks_match_the_spec(operation_id: str) -> None:
    spec = BY_ID[operation_id]
    operation = TABLE[spec.method_name]

    assert [param.name for param in operation.query] == [
        param["name"] for param in spec.query_params
    ]
    for documented in spec.query_params:
        schema = documented["schema"]
        checked = operation.query_by_name[documented["name"]]
        assert checked.kind is {"integer": int, "string": str}[schema["type"]]
        assert checked.minimum == schema.get("minimum")
        assert checked.maximum == schema.get("maximum")
        assert set(checked.choices) == set(schema.get("enum", []))


def test_only_the_documented_operations_are_public_methods() -> None:
    documented = {
        op.method_name + suffix for op in SPEC_OPERATIONS for suffix in VARIANT_SUFFIXES
    }
    public = {
        name
        for name, value in vars(DefaultApi).items()
        if callable(value) and not name.startswith("_")
    }

    assert public - documented == {"iter_leads"}
    assert documented <= public


# -- models -------------------------------------------------------------------


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_every_schema_has_its_model(schema_name: str) -> None:
    model = model_for(schema_name)

    assert issubclass(model, BaseModel)
    assert getattr(models, schema_name) is model
    assert getattr(buena_sdk, schema_name) is model


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_model_fields_match_the_spec_properties(schema_name: str) -> None:
    model = model_for(schema_name)

    assert set(model.model_fields) == set(SCHEMAS[schema_name]["properties"])


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_model_required_fields_match_the_spec(schema_name: str) -> None:
    model = model_for(schema_name)
    required = {name for name, f in model.model_fields.items() if f.is_required()}
    documented = set(SCHEMAS[schema_name].get("required", []))

    assert required == documented - LENIENT_REQUIRED.get(schema_name, set())


@pytest.mark.parametrize(("schema_name", "prop"), schema_properties())
def test_nullable_in_the_spec_iff_the_model_accepts_null(
    schema_name: str, prop: str
) -> None:
    schema = SCHEMAS[schema_name]
    model = model_for(schema_name)
    example = dict(schema["example"])
    assert accepts(model, example), "the spec's example must validate"

    nullable = bool(schema["properties"][prop].get("nullable"))
    takes_null = accepts(model, example | {prop: None})

    # Responses are read tolerantly: a property that may be absent may also be
    # null. Everything sent, and everything a response must have, is strict.
    if nullable:
        assert takes_null, f"{schema_name}.{prop} is nullable but null is rejected"
    elif schema_name in REQUEST_SCHEMAS or model.model_fields[prop].is_required():
        assert not takes_null, f"{schema_name}.{prop} is not nullable but takes null"


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_spec_examples_round_trip_through_the_models(schema_name: str) -> None:
    model = model_for(schema_name)
    example = SCHEMAS[schema_name]["example"]

    instance = model.model_validate(example)
    again = model.model_validate_json(instance.model_dump_json(exclude_unset=True))

    assert again == instance
    assert set(instance.model_dump(exclude_unset=True)) == set(example)


@pytest.mark.parametrize("schema_name", REQUEST_SCHEMAS)
def test_request_enums_match_the_model_literals(schema_name: str) -> None:
    model = model_for(schema_name)

    for prop, definition in SCHEMAS[schema_name]["properties"].items():
        enum = definition.get("enum") or definition.get("items", {}).get("enum")
        allowed = literal_values(model.model_fields[prop].annotation)
        assert allowed == set(enum or []), f"{schema_name}.{prop}"


@pytest.mark.parametrize("schema_name", REQUEST_SCHEMAS)
def test_request_models_reject_unknown_fields(schema_name: str) -> None:
    schema = SCHEMAS[schema_name]

    assert schema["additionalProperties"] is False
    assert not accepts(model_for(schema_name), schema["example"] | {"unknown": 1})


@pytest.mark.parametrize("schema_name", RESPONSE_SCHEMAS)
def test_response_models_accept_unknown_fields_and_values(schema_name: str) -> None:
    model = model_for(schema_name)

    assert accepts(model, SCHEMAS[schema_name]["example"] | {"added_later": 1})
    for name, field in model.model_fields.items():
        assert not literal_values(field.annotation), f"{schema_name}.{name}"


def request_length_limits() -> list[tuple[str, str, str, int]]:
    """(schema, property, keyword, bound) for each top-level length limit."""
    keywords = ("minLength", "maxLength", "minItems", "maxItems")
    return [
        (name, prop, keyword, definition[keyword])
        for name in REQUEST_SCHEMAS
        for prop, definition in SCHEMAS[name]["properties"].items()
        for keyword in keywords
        if keyword in definition
    ]


def sized_value(schema_name: str, prop: str, size: int) -> Any:
    """A value of ``size`` characters or items that is otherwise valid."""
    definition = SCHEMAS[schema_name]["properties"][prop]
    if definition["type"] == "string":
        return "a" * size
    item = definition["items"].get("enum", ["t"])
    if definition.get("uniqueItems"):
        return list(item[:size]) if size <= len(item) else None
    return [item[0]] * size


@pytest.mark.parametrize(
    ("schema_name", "prop", "keyword", "bound"), request_length_limits()
)
def test_request_length_limits_match_the_spec(
    schema_name: str, prop: str, keyword: str, bound: int
) -> None:
    model = model_for(schema_name)
    example = SCHEMAS[schema_name]["example"]
    outside = bound - 1 if keyword.startswith("min") else bound + 1

    at_bound = sized_value(schema_name, prop, bound)
    beyond = sized_value(schema_name, prop, outside)

    assert accepts(model, example | {prop: at_bound}), f"{prop} of size {bound}"
    if outside >= 0 and beyond is not None:
        assert not accepts(model, example | {prop: beyond}), f"{prop} of {outside}"
