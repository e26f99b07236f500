"""Kiosk app: touches for each core task, start-up to the first interactive frame and memory
beside a bare Kivy window, and the time from 确认办理 to the slip being ready to print.

Starts the centre (``onekey center --seed-demo`` on loopback, a temporary database), then

- **touches**: a real KioskApp in this process (offscreen SDL, the standing 1080×1920 panel),
  driven by touch events through the kiosk's probe; identification is the card on the reader
  (a keyboard wedge) and the phone's last four on the keypad; each task is checked to have done
  what it says;
- **start-up**: fresh processes (``bench_kiosk.py --child``) timing process creation to the
  first frame of the identification screen, and the resident memory then (psutil), beside the
  same window with one Chinese label (``--floor``);
- **slip**: confirm-to-slip-ready, each booking's slip made on confirmation (WeasyPrint, 80 mm).

Prints a table and writes bench/results/kiosk.json.

    SDL_VIDEODRIVER=offscreen .venv/bin/python bench/bench_kiosk.py [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from centre_process import start_center, stop  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "kiosk.json"
TOKEN = "demo-kiosk-1"  # call_center.demo_data.TOKENS["kiosk"]
ENV = {"SDL_VIDEODRIVER": "offscreen", "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1", "KIVY_NO_FILELOG": "1"}
PANEL = (1080, 1920)


def settings(url: str, data: Path, font_cache: Path):
    from kiosk_app.config import KioskSettings

    return KioskSettings(center_url=url, token=TOKEN, data_dir=data, fullscreen=False, size=PANEL,
                         font_cache=font_cache, speech=False, sos_hold_s=3.0, printer="")


def window() -> None:
    from kivy.config import Config

    Config.set("graphics", "width", str(PANEL[0]))
    Config.set("graphics", "height", str(PANEL[1]))


# -- start-up (one fresh process each) ------------------------------------------------------------
def child(url: str, data: Path, font_cache: Path) -> None:
    import psutil

    created = psutil.Process().create_time()
    window()
    from kivy.base import EventLoop, runTouchApp

    from kiosk_app.app import KioskApp
    from kiosk_app.probe import KioskProbe
    from shared_ui.kivy_kit.speech import RecordingSpeech

    app = KioskApp(settings(url, data, font_cache), speech=RecordingSpeech())
    probe = KioskProbe(app)
    app._run_prepare()
    runTouchApp(embedded=True)
    deadline = time.monotonic() + 60
    while not (probe.ready() and app.shell.tile("id_number") is not None):
        if time.monotonic() > deadline:
            raise SystemExit("the identification screen never appeared")
        EventLoop.idle()
    EventLoop.idle()  # that frame is drawn: touches act from here
    print(json.dumps({"first_interactive_frame_s": round(time.time() - created, 3),
                      "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1)}), flush=True)
    probe.stop()


def floor(font_cache: Path) -> None:
    import psutil

    created = psutil.Process().create_time()
    window()
    from kivy.base import EventLoop, runTouchApp
    from kivy.uix.label import Label

    from shared_ui.kivy_kit.fonts import register_sc_font

    runTouchApp(Label(text="一键通", font_name=register_sc_font(font_cache), font_size=40), embedded=True)
    for _ in range(3):
        EventLoop.idle()
    print(json.dumps({"first_interactive_frame_s": round(time.time() - created, 3),
                      "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1)}), flush=True)


def startup(url: str, runs: int, work: Path) -> dict:
    def one(data: Path, cache: Path, mode: str = "--child") -> dict:
        out = subprocess.run([sys.executable, __file__, mode, "--url", url, "--data", str(data),
                              "--font-cache", str(cache)], capture_output=True, text=True, timeout=120,
                             env={**os.environ, **ENV}, cwd=ROOT)
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if out.returncode != 0 or not lines:
            raise SystemExit(f"child failed: {out.stdout[-2000:]} {out.stderr[-2000:]}")
        return json.loads(lines[-1])

    cold = one(work / "cold", work / "cold-fonts")
    one(work / "warm", work / "warm-fonts")  # fills the font cache
    warm = [one(work / "warm", work / "warm-fonts") for _ in range(runs)]
    return {"floor_kivy_window_and_one_label": one(work / "warm", work / "warm-fonts", "--floor"), "cold": cold,
            "warm_runs": warm,
            "warm_median_first_frame_s": statistics.median(r["first_interactive_frame_s"] for r in warm),
            "warm_median_rss_mb": statistics.median(r["rss_mb"] for r in warm)}


# -- touches per task (this process) -----------------------------------------------------------------
def touches(url: str, work: Path, card: str, tail: str) -> tuple[list[dict], list[float]]:
    window()
    from kiosk_app.app import KioskApp
    from kiosk_app.probe import KioskProbe
    from shared_ui.client import CenterClient
    from shared_ui.kivy_kit.speech import RecordingSpeech

    speech = RecordingSpeech()
    probe = KioskProbe(KioskApp(settings(url, work / "touches", work / "warm-fonts"), speech=speech))
    probe.start()
    taps = probe.app.controller
    agent = CenterClient(url, "demo-agent")
    rows: list[dict] = []
    slip_ready: list[float] = []

    def identify() -> int:
        """The card on the reader (not a touch), the phone tail on the keypad, 确定."""
        before = taps.taps
        probe.scan(card)
        probe.keypad(tail)
        return taps.taps - before

    def task(name: str, steps, check) -> None:
        if probe.screen.id != "identify":
            probe.tap("nav:home")
        before = taps.taps
        identified = identify() if probe.screen.id.startswith("identify") else 0
        steps()
        done, what = check()
        rows.append({"task": name, "touches": taps.taps - before, "of_which_identification": identified,
                     "done": done, "result": what, "screen": probe.screen.id})

    def book(service: str):
        def steps() -> None:
            probe.tap(service)
            start = time.monotonic()
            probe.tap("confirm")
            if service == "registration":
                probe.wait_until(lambda: probe.app.slips is not None and len(probe.app.slips) >= 1
                                 and all(f.done() for f in probe.app.slips._entries.values()), 30, "the slip")
                slip_ready.append(time.monotonic() - start)
        return steps

    def result(service: str):
        return lambda: (probe.screen.id == f"result:{service}", speech.last[:40])

    task("registration, profile defaults (identify first)", book("registration"), result("registration"))
    task("taxi home → booked hospital", book("taxi"), result("taxi"))

    def sos() -> None:
        probe.hold("emergency")

    def alarm_up() -> tuple[bool, str]:
        probe.wait_until(lambda: probe.screen.kind == "alarm" and probe.screen.status == "raised", 15, "alarm")
        ok = probe.screen.kind == "alarm"
        for alarm in agent.request("GET", "/v1/alarms", params={"status": "open"}):
            agent.request("POST", f"/v1/alarms/{alarm['id']}/cancel", json={"by": "agent", "note": "bench"})
        return ok, "raised"

    task("SOS (the 紧急求助 tile, held 3 s)", sos, alarm_up)
    probe.stop()
    return rows, slip_ready


def table(rows: list[dict], start: dict, slip_ready: list[float]) -> str:
    lines = ["| task | touches | of which identification | done |", "|---|---:|---:|---|"]
    lines += [f"| {r['task']} | {r['touches']} | {r['of_which_identification']} | {'yes' if r['done'] else 'NO'} |"
              for r in rows]
    floor_ = start["floor_kivy_window_and_one_label"]
    lines += ["", "| start-up (1080×1920) | first interactive frame | RSS |", "|---|---:|---:|",
              f"| cold (font extracted) | {start['cold']['first_interactive_frame_s']:.2f} s | "
              f"{start['cold']['rss_mb']:.0f} MB |",
              f"| warm (median of {len(start['warm_runs'])}) | {start['warm_median_first_frame_s']:.2f} s | "
              f"{start['warm_median_rss_mb']:.0f} MB |",
              f"| floor: a Kivy window with one Chinese label | {floor_['first_interactive_frame_s']:.2f} s | "
              f"{floor_['rss_mb']:.0f} MB |", "",
              "| slip | value |", "|---|---:|",
              f"| confirm → 80 mm slip ready | {statistics.median(slip_ready):.2f} s (median of {len(slip_ready)}) |"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--font-cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    if args.child:
        child(args.url, args.data, args.font_cache)
        return
    if args.floor:
        floor(args.font_cache)
        return
    from onekey_cli.demo import demo_identity

    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
        work = Path(tmp)
        proc, url = start_center(work / "center.db", env={"ONEKEY_SIM_LATENCY_MS": "0"})
        try:
            card, tail = demo_identity(work / "center.db")
            start = startup(url, args.runs, work)
            rows, slip_ready = touches(url, work, card, tail)
        finally:
            stop(proc)
    print(table(rows, start, slip_ready))
    import psutil

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg(),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
        "touches": rows, "startup": start, "confirm_to_slip_ready_s": slip_ready,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main()
    except Exception:
        import traceback

        traceback.print_exc(file=sys.stdout)
        raise SystemExit(1)
