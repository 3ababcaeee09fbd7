"""A response whose timestamps need the lenient reading decodes whole.

Servers send RFC 3339 with an offset, which pydantic-core reads alone; other
forms take the lenient reading. Through a real call, one odd timestamp in a
page must neither fail the page nor change how the other leads read.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiDecodeError
from buena_sdk.testing import Fault, MockServer

TEN_UTC = datetime(2024, 6, 29, 10, 0, tzinfo=timezone.utc)


def lead(number: int, created_at: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"lead_{number}",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": f"ada{number}@example.com",
        "status": "active",
        "created_at": created_at,
        "updated_at": "2024-06-29T10:00:00Z",
        **extra,
    }


def page(*leads: dict[str, Any]) -> bytes:
    document = {"data": list(leads), "total": len(leads), "limit": 50, "offset": 0}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "created_at",
    [
        "2024-06-29T10:00:00",
        "2024-06-29 10:00:00",
        "2024-06-29T10:00:00.000000001Z",
        "2024-06-29T12:00:00+0200",
    ],
)
def test_a_page_with_one_lenient_timestamp_is_read_whole(
    server: MockServer, api: DefaultApi, created_at: str
) -> None:
    body = page(lead(1, "2024-06-29T10:00:00Z"), lead(2, created_at, source="x"))
    server.add_faults("GET /leads", Fault.status(200, body=body))

    result = api.list_leads()

    assert [item.id for item in result.data] == ["lead_1", "lead_2"]
    late = result.data[1]
    assert late.created_at.tzinfo is not None
    assert abs(late.created_at - TEN_UTC) < timedelta(milliseconds=1)
    assert late.model_extra == {"source": "x"}
    assert result == buena_sdk.ListLeads200Response.from_json(body)


def test_a_timestamp_neither_reading_accepts_reports_both(
    server: MockServer, api: DefaultApi
) -> None:
    body = page(lead(1, "2024-06-29T10:00:00Z"), lead(2, "last tuesday"))
    server.add_faults("GET /leads", Fault.status(200, body=body))

    with pytest.raises(ApiDecodeError) as caught:
        api.list_leads()

    message = str(caught.value)
    assert "data.1.created_at.rfc3339" in message
    assert "data.1.created_at.lenient" in message
