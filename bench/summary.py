"""One report of every benchmark: bench/results/summary.md and summary.json.

Each figure stands beside its floor (a trivial route, a bare window, a cached prompt) or its
peer (the same thing in the same run without the load) and the ratio of the two, so a noisy
shared machine moves both together. Figures come from each benchmark's JSON: the newer
benchmarks write a ``figures`` list themselves; the older ones are read here.

    .venv/bin/python bench/summary.py      (``./onekey bench`` runs everything, then this)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ORDER = ["escalation", "alarms", "push", "morning", "center", "miniprogram", "tv", "kiosk", "speech", "slips"]
TITLES = {
    "escalation": "Escalation under load (bench_escalation.py)",
    "alarms": "Alarm intake, durable (bench_alarms.py)",
    "push": "10,000 boxes on one node's event stream (bench_push.py)",
    "morning": "A morning peak (bench_morning.py)",
    "center": "Central API requests (bench_center.py)",
    "tv": "TV app (bench_tv.py)",
    "kiosk": "Kiosk app (bench_kiosk.py)",
    "miniprogram": "Mini-program back end on gunicorn (bench_miniprogram.py)",
    "speech": "Speech (bench_speech.py)",
    "slips": "Slips (bench_slips.py)",
}


def fig(name: str, value: float, unit: str, peer: float | None, peer_name: str,
        goal: str = "", met: bool | None = None) -> dict[str, Any]:
    ratio = None if peer in (None, 0) else round(value / peer, 3)
    return {"figure": name, "value": round(value, 3), "unit": unit,
            "peer": None if peer is None else round(peer, 3), "peer_name": peer_name,
            "ratio": ratio, "goal": goal, "met": met}


def center(data: dict) -> list[dict]:
    out = []
    for server in sorted({r["server"] for r in data["rows"]}):
        rows = {r["endpoint"]: r for r in data["rows"] if r["server"] == server}
        health = rows.get("GET /v1/health")
        for endpoint, row in rows.items():
            if health is None or row is health:
                continue
            out.append(fig(f"{endpoint} p50 ({server})", row["p50_ms"], "ms",
                           health["p50_ms"], "GET /v1/health p50"))
            out.append(fig(f"{endpoint} p99 ({server})", row["p99_ms"], "ms",
                           health["p99_ms"], "GET /v1/health p99"))
    return out


def kiosk(data: dict) -> list[dict]:
    out = _startup(data["startup"])
    for task in data["touches"]:
        out.append(fig(f"touches: {task['task']}", task["touches"], "touches", None,
                       f"of which identification {task['of_which_identification']}",
                       "done" if task["done"] else "NOT DONE", task["done"]))
    return out


def _startup(start: dict) -> list[dict]:
    floor = start["floor_kivy_window_and_one_label"]
    return [fig("warm start to the first interactive frame", start["warm_median_first_frame_s"],
                "s", floor["first_interactive_frame_s"], "a Kivy window with one label"),
            fig("memory after a warm start", start["warm_median_rss_mb"], "MB", floor["rss_mb"],
                "a Kivy window with one label")]


def tv(data: dict) -> list[dict]:
    start = data["startup"]
    out = _startup(start)
    for task in data["presses"]:
        out.append(fig(f"presses: {task['task']} ({task['path']})", task["presses"], "presses",
                       None, "", "done" if task["done"] else "NOT DONE", task["done"]))
    return out


def speech(data: dict) -> list[dict]:
    out = []
    for row in data["time_to_first_audio"]:
        out.append(fig(f"first audio of a new 40-character sentence ({row['engine']})",
                       row["new_40_chars"]["median_ms"], "ms",
                       row["cached_prompt"]["median_ms"], "a cached prompt"))
    for lang, rate in data["rates"].items():
        out.append(fig(f"speech rate {lang}", rate["measured_per_min"],
                       f"{rate['unit']}/min", rate["target_per_min"], "target"))
    return out


def slips(data: dict) -> list[dict]:
    return [fig(f"slip render p50 ({row['layout']})", row["render_p50_ms"], "ms",
                row["latin_floor_p50_ms"], "the same page in Latin text only")
            for row in data["layouts"]]


READERS: dict[str, Callable[[dict], list[dict]]] = {"center": center, "tv": tv,
                                                    "kiosk": kiosk, "speech": speech,
                                                    "slips": slips}


def collect() -> list[dict]:
    """Every bench/results/<name>.json: the known ones in ORDER, then any other (a new
    benchmark appears with its own ``figures``, or as a pointer to its JSON)."""
    others = sorted(p.stem for p in RESULTS.glob("*.json")
                    if p.stem not in ORDER and p.stem != "summary")
    sections = []
    for name in ORDER + others:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        figures = data.get("figures") or READERS.get(name, lambda _d: [])(data)
        sections.append({"benchmark": name,
                         "title": TITLES.get(name, f"{name} (bench_{name}.py)"),
                         "when": data.get("when") or data.get("time") or "",
                         "load_average": (data.get("machine") or {}).get("load_average"),
                         "figures": figures})
    return sections


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def markdown(sections: list[dict]) -> str:
    lines = ["# Benchmarks: every figure beside its floor or peer", "",
             "Written by `./onekey bench` (each benchmark in `bench/`, then `bench/summary.py`)"
             f" on {time.strftime('%Y-%m-%d %H:%M %Z')}. The machine has 2 cores shared by "
             "client and server (and, while it ran, by others: the load average says how "
             "much); a figure and its floor or peer come from the same run, so the ratio is "
             "the number to read. Goals are the issues'; an empty goal is information.", ""]
    for section in sections:
        load = section["load_average"]
        lines += [f"## {section['title']}", "",
                  f"Run {section['when'] or '(time not recorded)'}"
                  + (f", load average {load[0]:.2f}" if load else "")
                  + f" — `bench/results/{section['benchmark']}.json`", "",
                  "| figure | value | floor or peer | ratio | goal |", "|---|---|---|---|---|"]
        if not section["figures"]:
            lines.append("| (no figures in this benchmark's JSON yet) | | | | |")
        for f in section["figures"]:
            peer = f"{_num(f['peer'])} ({f['peer_name']})" if f["peer"] is not None else \
                f["peer_name"]
            goal = f["goal"] + {True: " ✓", False: " ✗ not met", None: ""}[f["met"]]
            ratio = "" if f["ratio"] is None else f"{f['ratio']:.2f}×"
            lines.append(f"| {f['figure']} | {_num(f['value'])} {f['unit']} | {peer} | "
                         f"{ratio} | {goal.strip()} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    sections = collect()
    (RESULTS / "summary.json").write_text(json.dumps(
        {"written": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "benchmarks": sections},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "summary.md").write_text(markdown(sections), encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}/summary.md and summary.json "
          f"({sum(len(s['figures']) for s in sections)} figures)")
    missed = [f["figure"] for s in sections for f in s["figures"] if f["met"] is False]
    for name in missed:
        print(f"  not met: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
