"""A column's value as JSON, and back: what ``records/<table>.json`` holds.

Times are ISO 8601 with their offset (UTC, as stored: ``2018-03-20T08:00:00+00:00``), dates
and times of day ISO 8601, decimals as strings, bytes in base64, enumerations as their
stored value; JSON columns as they are. Reading back goes by the column's type, so the
same value is written to the database as was read from it.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Time,
)
from sqlalchemy import Enum as SAEnum


class RecordError(ValueError):
    """A value in the records does not fit its column."""


def _base_type(column: Column) -> Any:
    kind = column.type
    return getattr(kind, "impl_instance", kind)


def type_name(column: Column) -> str:
    """The column's type as the manifest describes it."""
    kind = _base_type(column)
    for name, cls in (
        ("json", JSON),
        ("enum", SAEnum),
        ("boolean", Boolean),
        ("datetime", DateTime),
        ("date", Date),
        ("time", Time),
        ("number", Float),
        ("decimal", Numeric),
        ("integer", Integer),
        ("base64", LargeBinary),
    ):
        if isinstance(kind, cls):
            return name
    return "string"


def describe(column: Column) -> dict[str, Any]:
    """The manifest's description of a column: its JSON type, whether it may be empty,
    the allowed values of an enumeration and what a foreign key refers to."""
    described: dict[str, Any] = {"type": type_name(column), "nullable": bool(column.nullable)}
    if column.primary_key:
        described["primary_key"] = True
    kind = _base_type(column)
    if isinstance(kind, SAEnum):
        described["values"] = list(kind.enums)
    for key in column.foreign_keys:
        described["references"] = key.target_fullname
    return described


def to_json(value: Any) -> Any:
    """A value read from the database, as JSON."""
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise RecordError(f"cannot write {type(value).__name__} {value!r} as JSON")


def from_json(column: Column, value: Any) -> Any:
    """A value of the records, as the column takes it."""
    if value is None:
        return None
    kind = _base_type(column)
    try:
        if isinstance(kind, JSON):
            return value
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        if isinstance(kind, Time):
            return dt.time.fromisoformat(value)
        if isinstance(kind, LargeBinary):
            return base64.b64decode(value, validate=True)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise TypeError("not true or false")
            return value
        if isinstance(kind, Float):
            return float(value)
        if isinstance(kind, Numeric):
            return Decimal(value)
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("not a whole number")
            return value
        if isinstance(kind, SAEnum):
            if value not in kind.enums:
                raise TypeError(f"not one of {', '.join(kind.enums)}")
            return value
        if not isinstance(value, str):
            raise TypeError("not text")
        return value
    except (TypeError, ValueError) as error:
        raise RecordError(f"{column.table.name}.{column.name}: {value!r}: {error}") from error
