"""Shared field types and the error shape."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from ..clock import local

Id = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_\-]+$")]

# Every time leaves the centre in Asia/Shanghai with its offset: 2026-11-25T09:30:00+08:00.
ShanghaiTime = Annotated[
    datetime,
    PlainSerializer(lambda d: local(d).isoformat(timespec="seconds"), return_type=str),
]


class Strict(BaseModel):
    """Inputs reject unknown keys, so a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Health(BaseModel):
    status: str = "ok"
