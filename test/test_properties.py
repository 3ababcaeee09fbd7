"""Random input never produces an undocumented exception.

Models: any keyword values either build the model or raise pydantic's
``ValidationError``. Operations: any arguments either succeed, raise
`ApiValueError` / `ApiTypeError` before sending, or raise an `ApiException`
for what the server answered.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import buena_sdk
from buena_sdk import models
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiException, ApiTypeError, ApiValueError
from buena_sdk.models import PERMISSIONS
from buena_sdk.models._base import BuenaModel
from buena_sdk.testing import MockServer

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MODELS: list[type[pydantic.BaseModel]] = [
    getattr(models, name) for name in models.__all__ if name != "PERMISSIONS"
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=10),
    st.sampled_from(
        [
            "",
            "a" * 300,
            "2024-06-29T10:00:00Z",
            "2024-06-29 10:00:00+02:00",
            "not a date",
            "ada@example.com",
            "+1 555 0100",
            "https://linkedin.com/in/ada",
            "active",
            "contacted",
            "leads:read",
            "\x00",
            "\ud800",
        ]
    ),
    st.datetimes(timezones=st.none() | st.just(timezone.utc)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
        st.lists(st.sampled_from(PERMISSIONS), max_size=4),
    ),
    max_leaves=8,
)


def keyword_values(
    model: type[pydantic.BaseModel],
) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the model's own fields, plus an occasional unknown one."""
    fields = st.fixed_dictionaries(
        {}, optional=dict.fromkeys(model.model_fields, values)
    )
    extra = st.dictionaries(st.text(min_size=1, max_size=6), values, max_size=2)
    return st.tuples(fields, extra).map(lambda pair: {**pair[1], **pair[0]})


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_model_constructor_builds_or_raises_validation_error(
    model: type[pydantic.BaseModel], data: st.DataObject
) -> None:
    kwargs = data.draw(keyword_values(model))

    try:
        instance = model(**kwargs)
    except pydantic.ValidationError:
        return

    assert repr(instance)
    assert isinstance(instance, BuenaModel)
    rebuilt = model.model_validate(instance.to_dict())
    assert rebuilt.model_fields_set == instance.model_fields_set


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@PROPERTY_SETTINGS
@given(document=values)
def test_model_from_any_value_builds_or_raises_validation_error(
    model: type[pydantic.BaseModel], document: Any
) -> None:
    with contextlib.suppress(pydantic.ValidationError):
        model.model_validate(document)


# -- operations against a live mock ---------------------------------------


@pytest.fixture(scope="module")
def shared_server() -> Iterator[MockServer]:
    """One server for every example (Hypothesis reruns the test body)."""
    with MockServer(seed_leads=5, random_seed=3) as mock:
        yield mock


@pytest.fixture(scope="module")
def shared_api(shared_server: MockServer) -> Iterator[DefaultApi]:
    configuration = buena_sdk.Configuration(
        host=shared_server.url, api_key=shared_server.api_key, retries=0, timeout=5
    )
    with buena_sdk.ApiClient(configuration) as client:
        yield DefaultApi(client)


header_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz-0123456789", min_size=1, max_size=8
).map(lambda name: f"X-{name}")
options = st.fixed_dictionaries(
    {},
    optional={
        "_request_timeout": st.one_of(
            st.none(),
            st.floats(min_value=0.5, max_value=5),
            st.tuples(st.floats(0.5, 5), st.floats(0.5, 5)),
            scalars,
        ),
        "_headers": st.one_of(
            st.none(), st.dictionaries(header_names, scalars, max_size=3)
        ),
        "_content_type": st.one_of(
            st.none(), st.sampled_from(["application/json", "text/plain"]), scalars
        ),
        "_request_auth": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"in": st.sampled_from(["header", "query"]), "value": scalars}
            ),
        ),
    },
)
lead_ids = st.one_of(values, st.text(max_size=30))
query = st.fixed_dictionaries(
    {},
    optional={
        "limit": st.one_of(st.integers(-5, 200), values),
        "offset": st.one_of(st.integers(-5, 200), values),
        "sort": st.one_of(
            st.sampled_from(["created_at", "updated_at", "first_name"]), values
        ),
        "order": st.one_of(st.sampled_from(["asc", "desc"]), values),
        "search": st.one_of(st.text(max_size=20), values),
        "company": st.one_of(st.text(max_size=20), values),
        "status": st.one_of(st.sampled_from(["active", "inactive"]), values),
    },
)
lead_bodies = st.one_of(
    values,
    st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(models.CreateLeadRequest.model_fields, values),
    ),
)
key_bodies = st.one_of(
    values,
    st.fixed_dictionaries(
        {
            "name": st.text(max_size=20),
            "permissions": st.lists(st.sampled_from(PERMISSIONS), max_size=3),
        },
        optional={
            "expires_at": st.one_of(
                values, st.datetimes(min_value=datetime(2000, 1, 1))
            )
        },
    ),
)

Call = Callable[[DefaultApi], Any]
calls: st.SearchStrategy[Call] = st.one_of(
    st.tuples(query, options).map(lambda a: lambda api: api.list_leads(**a[0], **a[1])),
    st.tuples(lead_bodies, options).map(
        lambda a: lambda api: api.create_lead(a[0], **a[1])
    ),
    st.tuples(lead_ids, options).map(lambda a: lambda api: api.get_lead(a[0], **a[1])),
    st.tuples(lead_ids, lead_bodies, options).map(
        lambda a: lambda api: api.update_lead(a[0], a[1], **a[2])
    ),
    st.tuples(lead_ids, options).map(
        lambda a: lambda api: api.delete_lead(a[0], **a[1])
    ),
    options.map(lambda a: lambda api: api.list_api_keys(**a)),
    st.tuples(key_bodies, options).map(
        lambda a: lambda api: api.create_api_key(a[0], **a[1])
    ),
    options.map(lambda a: lambda api: api.health_check(**a)),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(call=calls)
def test_operation_outcomes_are_success_or_documented_errors(
    shared_api: DefaultApi, call: Call
) -> None:
    kind, status = outcome_of(call, shared_api)

    assert kind in ("success", "refused before sending", "server error")
    if kind == "server error":
        assert 400 <= status < 600


def outcome_of(call: Call, api: DefaultApi) -> tuple[str, int]:
    """What happened: the only exceptions caught are the documented ones."""
    try:
        call(api)
    except (ApiValueError, ApiTypeError):
        return "refused before sending", 0
    except ApiException as error:
        return "server error", error.status
    return "success", 0


@PROPERTY_SETTINGS
@given(host_index=values)
def test_host_index_of_any_type_is_refused_or_out_of_range(
    shared_api: DefaultApi, host_index: Any
) -> None:
    # None is the configured host and index 0 the production server, which
    # tests never contact; everything else is refused before sending.
    if host_index is None or (type(host_index) is int and host_index == 0):
        return

    with pytest.raises((ApiValueError, ApiTypeError)):
        shared_api.health_check(_host_index=host_index)
