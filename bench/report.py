"""How every benchmark reports: a table on stdout, and JSON under bench/results with the
machine it ran on (two shared cores: the load average says how much to trust the numbers)."""
from __future__ import annotations

import json
import os
import platform
import time
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
