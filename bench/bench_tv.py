"""TV app: key presses for each core task, start-up to the first interactive frame, memory.

Starts the centre (``onekey center --seed-demo`` on loopback, a temporary database), then

- **presses**: a real TvApp in this process (offscreen SDL), bound to 王秀英's household
  with its demo device token, driven only by injected keys (``tv_app.probe``); each core task
  is walked by its shortest path (digit shortcuts) and by arrows only — at her own text size
  (×1.5), with a review's pages of facts turned by OK before 确认, as she has to — and checked to have
  done what it says (alarm raised, booking confirmed, taxi to the booked hospital, message
  read aloud and acknowledged);
- **start-up**: fresh processes (``bench_tv.py --child``) each timing from process creation
  to the first frame that shows home with the focus ring (keys act from then on), and the
  resident memory then (psutil). ``cold``: empty font cache (the SC face is extracted) and no
  stored profile (fetched from the centre); ``warm``: what a bound box does every morning.

Prints a table and writes bench/results/tv.json.

    SDL_VIDEODRIVER=offscreen .venv/bin/python bench/bench_tv.py [--runs 3]
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
RESULTS = ROOT / "bench" / "results" / "tv.json"
TOKEN = "demo-tv-wang"  # call_center.demo_data.TOKENS["tv_wang"]
AGENT = "demo-agent"
ENV = {"SDL_VIDEODRIVER": "offscreen", "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1",
       "KIVY_NO_FILELOG": "1"}


def settings(url: str, config: Path, font_cache: Path):
    from tv_app.config import TvSettings

    return TvSettings(center_url=url, token=TOKEN, config_path=config, font_cache=font_cache,
                      poll_messages_s=3600, screen_guard_s=0, speech=False)


# -- start-up (one fresh process each) ------------------------------------------------------------
def child(url: str, config: Path, font_cache: Path) -> None:
    import psutil

    created = psutil.Process().create_time()
    from kivy.config import Config

    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from kivy.base import EventLoop, runTouchApp

    from shared_ui.kivy_kit.speech import RecordingSpeech
    from tv_app.app import TvApp
    from tv_app.probe import TvProbe

    app = TvApp(settings(url, config, font_cache), speech=RecordingSpeech())
    probe = TvProbe(app)
    app._run_prepare()
    runTouchApp(embedded=True)
    deadline = time.monotonic() + 60
    while not (probe.at_home() and app.shell.focus_is_visible()):
        if time.monotonic() > deadline:
            raise SystemExit("home never appeared")
        EventLoop.idle()
    EventLoop.idle()  # that frame is drawn: keys act from here
    first_frame_s = time.time() - created
    me = psutil.Process()
    print(json.dumps({"first_interactive_frame_s": round(first_frame_s, 3),
                      "rss_mb": round(me.memory_info().rss / 2**20, 1)}), flush=True)
    probe.stop()


def floor(font_cache: Path) -> None:
    """The same window with one Chinese label and nothing else: what Kivy, SDL and the GL
    driver cost before the app adds anything."""
    import psutil

    created = psutil.Process().create_time()
    from kivy.config import Config

    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from kivy.base import EventLoop, runTouchApp
    from kivy.uix.label import Label

    from shared_ui.kivy_kit.fonts import register_sc_font

    runTouchApp(Label(text="一键通", font_name=register_sc_font(font_cache), font_size=80), embedded=True)
    for _ in range(3):
        EventLoop.idle()
    print(json.dumps({"first_interactive_frame_s": round(time.time() - created, 3),
                      "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1)}), flush=True)


def startup(url: str, runs: int, work: Path) -> dict:
    def one(config: Path, cache: Path, mode: str = "--child") -> dict:
        out = subprocess.run([sys.executable, __file__, mode, "--url", url, "--config", str(config),
                              "--font-cache", str(cache)], capture_output=True, text=True, timeout=120,
                             env={**os.environ, **ENV}, cwd=ROOT)
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if out.returncode != 0 or not lines:
            raise SystemExit(f"child failed: {out.stderr[-2000:]}")
        return json.loads(lines[-1])

    cold = one(work / "cold" / "tv.json", work / "cold-fonts")
    warm_config, warm_fonts = work / "warm" / "tv.json", work / "warm-fonts"
    one(warm_config, warm_fonts)  # fills the font cache and stores the profile
    warm = [one(warm_config, warm_fonts) for _ in range(runs)]
    return {
        "floor_kivy_window_and_one_label": one(warm_config, warm_fonts, "--floor"),
        "cold": cold,
        "warm_runs": warm,
        "warm_median_first_frame_s": statistics.median(r["first_interactive_frame_s"] for r in warm),
        "warm_median_rss_mb": statistics.median(r["rss_mb"] for r in warm),
    }


# -- key presses per task (this process) ----------------------------------------------------------
def presses(url: str, work: Path) -> list[dict]:
    from kivy.config import Config

    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from shared_ui.client import CenterClient
    from shared_ui.kivy_kit.speech import RecordingSpeech
    from tv_app.app import TvApp
    from tv_app.probe import TvProbe

    device, agent = CenterClient(url, TOKEN), CenterClient(url, AGENT)
    elder_id = device.me()["elders"][0]["id"]
    device.request("POST", f"/v1/elders/{elder_id}/checkin", json={})  # today's 平安: no prompt
    for message in device.messages(elder_id, due=True, unread=True):
        device.ack_message(message.id)
    speech = RecordingSpeech()
    probe = TvProbe(TvApp(settings(url, work / "presses" / "tv.json", work / "warm-fonts"), speech=speech))
    probe.start()
    rows: list[dict] = []

    def task(name: str, path: str, keys: list[str], check) -> None:
        probe.press("home")
        while probe.app.controller.popup is not None:
            probe.press("back")  # a reminder that came up meanwhile: put aside, not part of the task
        # Every task starts where home first puts the focus (the first tile that is not SOS);
        # home remembers the last tile, so the bench steps back there first (not counted).
        for _ in range(6):
            if probe.focused == "registration":
                break
            probe.press("left")
        assert probe.focused == "registration", f"{name}: could not start from 预约挂号"
        before = probe.presses
        pressed: list[str] = []
        for key in keys:
            if key == "ok" and probe.screen.kind == "review":
                # As she presses it: OK turns a review's pages of facts first (the ring is on
                # 下一页 until she has seen the last; at her ×1.5 the taxi's four take three), then 确认.
                pressed += probe.ok_through_pages()
            probe.press(key)
            pressed.append(key)
            assert probe.app.shell.focus_is_visible(), f"{name}: focus lost after {key}"
        counted = probe.presses - before
        done, what = check()
        rows.append({"task": name, "path": path, "keys": pressed, "presses": counted, "done": done,
                     "result": what, "screen": probe.screen.id})

    def alarm_up() -> tuple[bool, str]:
        # OK on the SOS tile raises once its spoken window (any key cancels) has passed.
        probe.wait_until(lambda: bool(getattr(probe.app.host.session.top, "alarm", {}).get("id")), 15,
                         "the alarm to be raised")
        ok = probe.screen.kind == "alarm" and bool(probe.app.host.session.top.alarm.get("id"))
        said = speech.last
        probe.press("ok")  # 我没事 (not counted: the task was raising it)
        return ok, said

    def result_of(service: str):
        def check() -> tuple[bool, str]:
            facts = {f.label: f.value for f in probe.screen.facts}
            return probe.screen.id == f"result:{service}", "；".join(f"{k} {v}" for k, v in facts.items())
        return check

    task("SOS from home", "red key", ["sos"], alarm_up)
    task("SOS from a form", "red key", ["digit:2", "down", "ok", "sos"], alarm_up)
    rows[-1]["presses"] = 1  # the form was reached with 3 presses; SOS itself is the last one
    rows[-1]["keys"] = ["sos"]
    task("SOS by the tile", "Left to the SOS tile, OK, its 5 s window", ["left", "ok"], alarm_up)
    task("registration, profile defaults", "digit", ["digit:2", "ok"], result_of("registration"))
    for booked in device.requests_for(elder_id, service="registration", status="confirmed"):
        device.cancel_request(booked.id)  # one booking per slot and day: walk it again
    task("registration, profile defaults", "arrows", ["ok", "ok"], result_of("registration"))
    task("taxi home → booked hospital", "digit", ["digit:3", "ok"], result_of("taxi"))
    for booked in device.requests_for(elder_id, service="taxi", status="confirmed"):
        device.cancel_request(booked.id)  # one car toward a visit (already_booked): walk it again
    task("taxi home → booked hospital", "arrows", ["right", "ok", "ok"], result_of("taxi"))

    def pushed_message() -> tuple[bool, str]:
        return probe.app.controller.popup is None, speech.since(mark)[0] if speech.since(mark) else ""

    probe.press("home")  # off the taxi's result (pop-ups wait while a result is read out)
    while probe.app.controller.popup is not None:
        probe.press("back")
    agent.request("POST", f"/v1/elders/{elder_id}/messages",
                  json={"kind": "notice", "title": "社区通知", "body": "周五上午社区医生上门量血压。"})
    mark = speech.mark()
    probe.wait_until(lambda: probe.app.controller.popup is not None, 15, "the pop-up")
    before = probe.presses
    probe.press("ok")
    done, what = pushed_message()
    rows.append({"task": "read newest message", "path": "pop-up (read aloud on arrival, OK = 知道了)",
                 "keys": ["ok"], "presses": probe.presses - before, "done": done, "result": what,
                 "screen": "popup"})

    agent.request("POST", f"/v1/elders/{elder_id}/messages",
                  json={"kind": "notice", "title": "天气提醒", "body": "明天降温，请添衣。"})
    probe.wait_until(lambda: probe.app.controller.popup is not None, 15, "the pop-up")
    probe.press("back")  # put aside: read it later from 消息

    def newest_read() -> tuple[bool, str]:
        return probe.screen.kind == "detail", speech.last

    task("read newest message", "inbox (digit 6, OK)", ["digit:6", "ok"], newest_read)
    probe.stop()
    return rows


def table(rows: list[dict], start: dict) -> str:
    lines = ["| task | path | presses | done |", "|---|---|---:|---|"]
    lines += [f"| {r['task']} | {r['path']} | {r['presses']} | {'yes' if r['done'] else 'NO'} |" for r in rows]
    lines += ["", "| start-up | first interactive frame | RSS |", "|---|---:|---:|",
              f"| cold (font extracted, profile fetched) | {start['cold']['first_interactive_frame_s']:.2f} s "
              f"| {start['cold']['rss_mb']:.0f} MB |",
              f"| warm (median of {len(start['warm_runs'])}) | {start['warm_median_first_frame_s']:.2f} s "
              f"| {start['warm_median_rss_mb']:.0f} MB |",
              f"| floor: a Kivy window with one Chinese label | "
              f"{start['floor_kivy_window_and_one_label']['first_interactive_frame_s']:.2f} s "
              f"| {start['floor_kivy_window_and_one_label']['rss_mb']:.0f} MB |"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--font-cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    if args.child:
        child(args.url, args.config, args.font_cache)
        return
    if args.floor:
        floor(args.font_cache)
        return
    with tempfile.TemporaryDirectory(prefix="bench-tv-") as tmp:
        work = Path(tmp)
        proc, url = start_center(work / "center.db", env={"ONEKEY_SIM_LATENCY_MS": "0"})
        try:
            start = startup(url, args.runs, work)
            rows = presses(url, work)
        finally:
            stop(proc)
    print(table(rows, start))
    import psutil

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_average": os.getloadavg(), "sdl_video": os.environ.get("SDL_VIDEODRIVER"),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
        "presses": rows, "startup": start,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # Kivy takes over stderr once imported: say what went wrong on stdout
        import traceback

        traceback.print_exc(file=sys.stdout)
        raise SystemExit(1)
