"""The base class every model shares, and the field types they reuse."""

from __future__ import annotations

import pprint
from datetime import datetime, timezone
from typing import Annotated, Any, overload

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)
from typing_extensions import Self

from buena_sdk._redact import MASK


def _read_timestamp(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime:
    """Parse a server timestamp leniently; the result is always timezone-aware.

    RFC 3339 goes through pydantic's fast parser. Anything else that is still
    a recognisable date (a space instead of ``T``, nanoseconds, a compact
    offset) falls back to dateutil. A timestamp without an offset is UTC.
    """
    try:
        parsed: datetime = handler(value)
    except ValidationError:
        if not isinstance(value, str):
            raise
        parsed = _parse_with_dateutil(value)

    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _parse_with_dateutil(value: str) -> datetime:
    from dateutil import parser

    try:
        return parser.isoparse(value)
    except (ValueError, OverflowError):
        pass
    try:
        return parser.parse(value)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a recognisable date-time: {value!r}") from exc


def _assume_local_time(value: datetime) -> datetime:
    """Give a naive date-time the local offset, as Python's own rules do."""
    return value if value.tzinfo is not None else value.astimezone()


class _LenientTimestamp:
    """Core schema of `Timestamp`: the common case never leaves pydantic-core.

    A timestamp with an offset (what the server sends) is parsed by
    pydantic-core alone; only when that fails does `_read_timestamp` run,
    with the same result it would give on its own. When both fail, the
    error lists both attempts ("rfc3339" and "lenient").
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> Any:
        rfc3339 = handler.generate_schema(AwareDatetime)
        lenient = handler.generate_schema(
            Annotated[datetime, WrapValidator(_read_timestamp)]
        )
        return {
            "type": "union",
            "choices": [(rfc3339, "rfc3339"), (lenient, "lenient")],
            "mode": "left_to_right",
        }


Timestamp = Annotated[
    datetime,
    _LenientTimestamp(),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A date-time read from the server: lenient, always timezone-aware."""

RequestTimestamp = Annotated[datetime, AfterValidator(_assume_local_time)]
"""A date-time sent to the server: a naive value is taken as local time."""

Tag = Annotated[str, StringConstraints(min_length=1, max_length=50)]
"""One tag of a lead: 1 to 50 characters."""

MAX_CUSTOM_FIELDS = 50
"""Most keys a lead's custom_fields may hold."""


class BuenaModel(BaseModel):
    """Shared behaviour of every API model.

    Adds the methods users of generated clients expect (`to_dict`, `from_dict`,
    `to_json`, `from_json`, `to_str`). Only the fields that were set, by the
    caller or by the server, are serialized, so a partial update stays partial.
    """

    model_config = ConfigDict(
        populate_by_name=True,
        validate_assignment=True,
        defer_build=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The fields that were set, as a plain dict of Python values."""
        return self.model_dump(mode="python", exclude_unset=True)

    def to_json(self) -> str:
        """The fields that were set, as a JSON document."""
        return self.model_dump_json(exclude_unset=True)

    def to_str(self) -> str:
        """A readable multi-line rendering, with secret fields masked."""
        return pprint.pformat(self._masked_dict())

    @overload
    @classmethod
    def from_dict(cls, obj: None) -> None: ...

    @overload
    @classmethod
    def from_dict(cls, obj: dict[str, Any] | Self) -> Self: ...

    @classmethod
    def from_dict(cls, obj: dict[str, Any] | Self | None) -> Self | None:
        """Build an instance from a dict (or return None for None)."""
        if obj is None:
            return None
        return cls.model_validate(obj)

    @classmethod
    def from_json(cls, json_str: str | bytes) -> Self:
        """Build an instance from a JSON document."""
        return cls.model_validate_json(json_str)

    def _masked_dict(self) -> dict[str, Any]:
        values = self.to_dict()
        for name, field in type(self).model_fields.items():
            if field.repr is False and values.get(name) is not None:
                values[name] = MASK
        return values


class ResponseModel(BuenaModel):
    """A model the server sends: unknown fields are kept, not rejected."""

    model_config = ConfigDict(extra="allow")


class RequestModel(BuenaModel):
    """A model the caller sends: unknown fields and wrong types are errors."""

    model_config = ConfigDict(extra="forbid")
