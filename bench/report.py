"""How every benchmark reports: a table on stdout, and JSON under bench/results with the
machine it ran on (two shared cores: the load average says how much to trust the numbers)."""
from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"


def machine(**extra: Any) -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": [round(x, 2) for x in os.getloadavg()], **extra}


def print_table(columns: Sequence[tuple[str, str, str]], rows: Iterable[Any]) -> None:
    """``columns``: (title, attribute, format spec such as ``<30`` or ``>8.2f``)."""
    widths = [(spec[0] if spec[0] in "<>^" else "", int("".join(c for c in spec.split(".")[0] if c.isdigit()) or 0))
              for _title, _attr, spec in columns]
    header = " ".join(f"{title:{align}{width}}" for (title, _a, _s), (align, width) in zip(columns, widths))
    print(header)
    print("-" * len(header))
    for row in rows:
        print(" ".join(f"{getattr(row, attr):{spec}}" for _title, attr, spec in columns))


def write(name: str, payload: dict[str, Any]) -> Path:
    """``bench/results/<name>.json``: the benchmark's name, when it ran, and ``payload``."""
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **payload}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")
    return path


@dataclass
class Figure:
    """One measured figure beside its floor or peer from the same run, and its goal."""

    name: str
    value: float
    unit: str
    peer: float | None  # the floor (a trivial route) or the peer (the same run without load)
    peer_name: str
    goal: str  # e.g. "≤ 3×", "≤ 1.0×", "" (for information)
    met: bool | None  # None: a figure without a goal

    @property
    def ratio(self) -> float | None:
        if self.peer in (None, 0):
            return None
        return self.value / self.peer

    def as_dict(self) -> dict[str, Any]:
        ratio = self.ratio
        return {"figure": self.name, "value": round(self.value, 3), "unit": self.unit,
                "peer": None if self.peer is None else round(self.peer, 3),
                "peer_name": self.peer_name,
                "ratio": None if ratio is None else round(ratio, 3),
                "goal": self.goal, "met": self.met}


def percentile(values: Sequence[float], p: float) -> float:
    """``values`` sorted; the nearest-rank percentile (0 for none)."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(len(values) * p))]


def print_figures(figures: Iterable[Figure]) -> None:
    print(f"{'figure':<46} {'value':>12} {'peer / floor':>14} {'ratio':>7}  goal")
    print("-" * 100)
    for f in figures:
        ratio = f.ratio
        verdict = {True: "met", False: "NOT MET", None: ""}[f.met]
        peer = "" if f.peer is None else f"{f.peer:.2f}"
        print(f"{f.name:<46} {f.value:>9.2f} {f.unit:<3}{peer:>13} "
              f"{'' if ratio is None else f'{ratio:.2f}':>7}  {f.goal} {verdict}")
