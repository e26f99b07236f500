"""Slip rendering speed: warm render per layout, PDF size, and "print" → PDF for a pre-rendered slip.

The floor beside each layout is WeasyPrint alone turning the same slip markup, with every
non-ASCII character replaced by a Latin letter and the font switched to DejaVu Sans, into
a PDF with the same stylesheets and the same roll fitting — what the layout costs without
CJK fonts. Run: ``.venv/bin/python bench/bench_slips.py [--runs 30]``; writes
``bench/results/slips.json``.
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

from weasyprint import CSS, HTML, __version__ as weasyprint_version  # noqa: E402

from accessibility.slips.cache import SlipCache  # noqa: E402
from accessibility.slips.config import SlipConfig  # noqa: E402
from accessibility.slips.layouts import LAYOUTS, layout_named  # noqa: E402
from accessibility.slips.renderer import SlipRenderer  # noqa: E402

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


def latin_floor(renderer: SlipRenderer, html: str, layout_name: str, runs: int) -> tuple[list[float], int]:
    layout = layout_named(layout_name)
    latin = re.sub(r"[^\x00-\x7f]", "M", html)
    sheets = renderer.stylesheets(layout) + [CSS(string=':root { --slip-font: "DejaVu Sans", sans-serif; }')]

    def once() -> bytes:
        document = HTML(string=latin, base_url=str(renderer.assets) + "/", url_fetcher=renderer.fetcher) \
            .render(font_config=renderer.font_config, stylesheets=sheets)
        if layout.roll:
            fit_roll(document, layout)
        return document.write_pdf()

    once()
    times, pdf = timed(once, runs)
    return times, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    record, elder = data["request"], data["elder"]
    config = SlipConfig(secret="bench", h5_base="https://h5.onekey.example/r/")

    started = time.perf_counter()
    renderer = SlipRenderer(config)
    first = renderer.render(record, elder, "80mm")
    cold_ms = (time.perf_counter() - started) * 1000

    rows = []
    for name in sorted(LAYOUTS):
        renderer.render(record, elder, name)  # warm this layout's stylesheets
        times, slip = timed(lambda: renderer.render(record, elder, name), args.runs)
        html = renderer.html(renderer.content(record, elder), layout_named(name))
        floor, floor_size = latin_floor(renderer, html, name, args.runs)
        with SlipCache(SlipRenderer(config), layouts=(name,)) as cache:
            for future in cache.observe(record, elder):
                future.result(timeout=60)
            print_times, _ = timed(lambda: cache.get(record, elder, name), args.runs)
        rows.append({
            "layout": name,
            "runs": args.runs,
            "render_p50_ms": round(statistics.median(times), 1),
            "render_p95_ms": round(percentile(times, 0.95), 1),
            "pdf_bytes": len(slip.pdf),
            "page_mm": [slip.width_mm, slip.height_mm],
            "pages": slip.pages,
            "latin_floor_p50_ms": round(statistics.median(floor), 1),
            "latin_floor_p95_ms": round(percentile(floor, 0.95), 1),
            "latin_floor_pdf_bytes": floor_size,
            "prerendered_print_p50_ms": round(statistics.median(print_times), 4),
            "prerendered_print_p95_ms": round(percentile(print_times, 0.95), 4),
        })

    header = (f"{'layout':<6} {'render p50':>10} {'p95':>7} {'PDF KiB':>8} {'size mm':>13} "
              f"{'latin p50':>9} {'p95':>7} {'KiB':>5} {'print (pre-rendered)':>21}")
    print(header)
    print("-" * len(header))
    for r in rows:
        size = f"{r['page_mm'][0]:g}×{r['page_mm'][1]:g}"
        print(f"{r['layout']:<6} {r['render_p50_ms']:>8.1f}ms {r['render_p95_ms']:>5.1f}ms "
              f"{r['pdf_bytes'] / 1024:>8.0f} {size:>13} {r['latin_floor_p50_ms']:>7.1f}ms "
              f"{r['latin_floor_p95_ms']:>5.1f}ms {r['latin_floor_pdf_bytes'] / 1024:>5.0f} "
              f"{r['prerendered_print_p50_ms'] * 1000:>15.1f} µs p50")
    print(f"cold start (new renderer + first 80 mm slip): {cold_ms:.0f} ms; first slip {first.seconds * 1000:.0f} ms")

    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps({
        "bench": "slips",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "weasyprint": weasyprint_version, "platform": platform.platform()},
        "sample": "assets/slips/samples/registration.json",
        "cold_start_ms": round(cold_ms, 1),
        "layouts": rows,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
