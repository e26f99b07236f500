"""What the audit reports: one finding per offending value, naming file, key, value and rule."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .rules import Rule

_REPO = Path(__file__).resolve().parents[2]


def shown_path(path: Path | str) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(_REPO))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Finding:
    file: str
    key: str
    value: object
    rule: Rule
    detail: str = ""

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.file}: {self.key} = {self.value!r}{detail} — {self.rule}"
