"""Slip rendering speed: warm render per layout, PDF size, and "print" → PDF for a pre-rendered slip,
for the registration sample and every long sample (accessibility/slips/samples.py: long
addresses, unbreakable ASCII, long masked names, an alarm with a score of steps).

The floor beside each row is WeasyPrint alone turning the same slip markup, with every
non-ASCII character replaced by a Latin letter and the font switched to DejaVu Sans, into
a PDF with the same stylesheets and the same fitting (cut to the roll, or shrunk to the
sheet) — what the layout costs without CJK fonts. The bar: a slip ≤ 1.5× its floor.
Run: ``.venv/bin/python bench/bench_slips.py [--runs 30]``; writes ``bench/results/slips.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, __version__ as weasyprint_version  # noqa: E402

from accessibility.slips.cache import SlipCache  # noqa: E402
from accessibility.slips.config import SlipConfig  # noqa: E402
from accessibility.slips.layouts import LAYOUTS, layout_named  # noqa: E402
from accessibility.slips.renderer import SlipRenderer  # noqa: E402
from accessibility.slips.samples import long_samples  # noqa: E402

SAMPLE = ROOT / "assets" / "slips" / "samples" / "registration.json"
RESULT = ROOT / "bench" / "results" / "slips.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


class LatinRenderer(SlipRenderer):
    """The same renderer with DejaVu Sans for every text: the floor without CJK fonts."""

    def stylesheets(self, layout, scale=1.0, flow=False):
        return super().stylesheets(layout, scale, flow) + [
            CSS(string=':root { --slip-font: "DejaVu Sans", sans-serif; }')]


def render_and_floor(renderer: SlipRenderer, floor: LatinRenderer, record, elder, layout_name: str,
                     runs: int):
    """Slip and floor timed in turn, run after run, so a busy shared machine slows both alike."""
    layout = layout_named(layout_name)
    latin = re.sub(r"[^\x00-\x7f]", "M", renderer.html(renderer.content(record, elder), layout))

    def latin_once():
        document, fit = floor.fitted(latin, layout)
        return document.write_pdf(), fit.scale

    renderer.render(record, elder, layout_name)  # warm this layout's stylesheets (and scales)
    latin_once()
    times, floor_times = [], []
    for _ in range(runs):
        t, slip = timed(lambda: renderer.render(record, elder, layout_name), 1)
        f, (pdf, scale) = timed(latin_once, 1)
        times += t
        floor_times += f
    return times, slip, floor_times, len(pdf), scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--long-runs", type=int, default=10)
    args = parser.parse_args()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    record, elder = data["request"], data["elder"]
    config = SlipConfig(secret="bench", h5_base="https://h5.onekey.example/r/")

    started = time.perf_counter()
    renderer = SlipRenderer(config)
    first = renderer.render(record, elder, "80mm")
    cold_ms = (time.perf_counter() - started) * 1000
    floor = LatinRenderer(config)

    samples = [("registration", record, elder, args.runs)] + [(n, r, e, args.long_runs) for n, r, e in long_samples()]
    rows = []
    for name in sorted(LAYOUTS):
        for sample_name, rec, eld, runs in samples:
            times, slip, floor_times, floor_size, floor_scale = render_and_floor(renderer, floor, rec, eld, name, runs)
            row = {
                "layout": name, "sample": sample_name, "runs": runs,
                "render_p50_ms": round(statistics.median(times), 1),
                "render_p95_ms": round(percentile(times, 0.95), 1),
                "pdf_bytes": len(slip.pdf), "page_mm": [slip.width_mm, slip.height_mm], "pages": slip.pages,
                "scale": slip.scale, "latin_scale": floor_scale,
                "latin_floor_p50_ms": round(statistics.median(floor_times), 1),
                "latin_floor_p95_ms": round(percentile(floor_times, 0.95), 1),
                "latin_floor_pdf_bytes": floor_size,
            }
            row["x_floor"] = round(row["render_p50_ms"] / row["latin_floor_p50_ms"], 2)
            if sample_name == "registration":
                with SlipCache(SlipRenderer(config), layouts=(name,)) as cache:
                    for future in cache.observe(rec, eld):
                        future.result(timeout=60)
                    print_times, _ = timed(lambda: cache.get(rec, eld, name), runs)
                row["prerendered_print_p50_ms"] = round(statistics.median(print_times), 4)
            rows.append(row)

    header = (f"{'layout':<6} {'sample':<20} {'render p50':>10} {'p95':>7} {'PDF KiB':>8} {'size mm':>13} {'pages':>5} "
              f"{'scale':>5} {'latin p50':>9} {'× floor':>7}")
    print(header)
    print("-" * len(header))
    for r in rows:
        size = f"{r['page_mm'][0]:g}×{r['page_mm'][1]:g}"
        print(f"{r['layout']:<6} {r['sample']:<20} {r['render_p50_ms']:>8.1f}ms {r['render_p95_ms']:>5.1f}ms "
              f"{r['pdf_bytes'] / 1024:>8.0f} {size:>13} {r['pages']:>5} {r['scale']:>5.2f} "
              f"{r['latin_floor_p50_ms']:>7.1f}ms {r['x_floor']:>7.2f}")
    for r in rows:
        if "prerendered_print_p50_ms" in r:
            print(f"print of a pre-rendered {r['layout']} slip: {r['prerendered_print_p50_ms'] * 1000:.1f} µs p50")
    worst = max(rows, key=lambda r: r["x_floor"])
    print(f"worst: {worst['layout']} {worst['sample']} at {worst['x_floor']}× its Latin floor (bar: 1.5×); "
          f"every slip one page: {all(r['pages'] == 1 for r in rows)}")
    print(f"cold start (new renderer + first 80 mm slip): {cold_ms:.0f} ms; first slip {first.seconds * 1000:.0f} ms")

    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps({
        "bench": "slips",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg(),
                    "weasyprint": weasyprint_version, "platform": platform.platform()},
        "samples": "assets/slips/samples/registration.json and accessibility/slips/samples.long_samples()",
        "cold_start_ms": round(cold_ms, 1),
        "worst_x_floor": worst["x_floor"],
        "layouts": rows,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
