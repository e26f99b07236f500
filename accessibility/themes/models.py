"""Theme models: named colour roles and the pairs the audit checks."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Role = Literal[
    "background", "surface", "text", "text_muted", "primary", "on_primary", "danger",
    "on_danger", "success", "on_success", "warning", "on_warning", "focus_ring", "border",
]
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Palette(Strict):
    background: str
    surface: str
    text: str
    text_muted: str
    primary: str
    on_primary: str
    danger: str
    on_danger: str
    success: str
    on_success: str
    warning: str
    on_warning: str
    focus_ring: str
    border: str

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"{value!r} is not a #RRGGBB colour")
        return value.upper()

    def __getitem__(self, role: str) -> str:
        return getattr(self, role)

    def with_overrides(self, overrides: dict[str, str]) -> "Palette":
        return Palette(**{**self.model_dump(), **overrides})


class Theme(Strict):
    name: str
    contrast: Literal["standard", "high"]
    colours: Palette
    text_pairs: list[tuple[Role, Role]]
    ui_pairs: list[tuple[Role, Role]]
