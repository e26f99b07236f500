"""`onekey demo`: the whole product on embedded defaults, with demo data, on this machine.

The central API runs in its own process (as in production); front ends run as clients of it.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import requests

ROOT = Path(__file__).resolve().parent.parent


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60.0, health: str = "/v1/health",
                what: str = "the central API") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise click.ClickException(f"{what} stopped while starting; see the lines above")
        try:
            if requests.get(f"{url}{health}", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise click.ClickException(f"{what} did not answer at {url} within {timeout:.0f} s")


def _port_taken(host: str, port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


# The centre and the mini-program back end (started first); then the TV and kiosk windows.
SERVERS = 2
# The servers wait up to web_front.serving.GRACEFUL_S (5 s) for requests in progress, gunicorn as
# long for its workers; a slow machine gets a margin before anything is killed.
STOP_WAIT_S = 20
# The TV and kiosk windows stop before the servers they call: stopped together, they kept
# asking a centre that was going away and logged every failed call.
FRONT_WAIT_S = 10
TV_SIZE = (1280, 720)


def _part(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    """One part of the demo, in a session of its own (a Ctrl-C in the terminal reaches the demo
    alone: see :func:`stop`) that ends with the demo even when the demo cannot stop it: killed
    with SIGKILL, or by the out-of-memory killer, it left the centre and the back end serving on
    their ports. Linux's parent-death signal sends such a part SIGTERM — the same graceful stop
    the demo would have asked for."""
    return subprocess.Popen([sys.executable, "-m", "onekey_cli", *args], cwd=ROOT,
                            env={**os.environ, **(env or {})},
                            start_new_session=True, preexec_fn=_die_with(os.getpid()))


def _placed(left: int, top: int = 0) -> dict[str, str]:
    """Where a window goes (Kivy's KCFG_ overrides): without a window manager both windows
    opened at the same corner, the kiosk over the middle of the TV."""
    return {"KCFG_GRAPHICS_POSITION": "custom", "KCFG_GRAPHICS_LEFT": str(left),
            "KCFG_GRAPHICS_TOP": str(top)}


def _die_with(parent: int):
    def ask_for_sigterm() -> None:  # in the child, between fork and exec
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the demo died before the signal was asked for
            os.kill(os.getpid(), signal.SIGTERM)
    return ask_for_sigterm


def _stop_on(signum: int, _frame: object) -> None:
    """Ctrl-C, SIGTERM, SIGHUP (a terminal, a service manager, a closed terminal) stop the
    demo: its centre, back end, TV and kiosk go with it, none is left running."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def demo_identity(db_path: Path) -> tuple[str, str]:
    """王秀英's ID number and phone tail, as a kiosk asks for them: read from the demo database
    through the centre's own models (her birthday, and so her number, is set when it is seeded)."""
    from sqlalchemy import select

    from call_center.app import create_app
    from call_center.models import Elder

    app = create_app({"db_url": f"sqlite:///{db_path}"})
    database = app.extensions["onekey"].db
    try:
        with database.session(write=False) as s:
            wang = s.scalar(select(Elder).where(Elder.name == "王秀英"))
            return wang.id_number, wang.phone[-4:]
    finally:
        database.dispose()


def _can_show_windows() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or \
        os.environ.get("SDL_VIDEODRIVER") not in (None, "", "dummy")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8800, show_default=True, type=int)
@click.option("--db", default=str(ROOT / "var" / "demo.db"), show_default=True,
              help="SQLite file for the demo (created and seeded on first use).")
@click.option("--headless", is_flag=True, help="Start only the servers (no TV window).")
@click.option("--fresh", is_flag=True, help="Start from an empty demo database.")
@click.option("--miniprogram-port", default=None, type=int,
              help="Port of the mini-program back end and its H5 pages (default: --port + 10).")
def demo(host: str, port: int, db: str, headless: bool, fresh: bool, miniprogram_port: int | None) -> None:
    """Run the central API with demo data, the mini-program back end (with its WeChat and
    随申办 sandboxes) and the TV app against it; Ctrl-C stops everything."""
    db_path = Path(db)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    mp_db = db_path.with_name(db_path.stem + "-miniprogram.db")
    if fresh:
        for path in (db_path, mp_db):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"http://{host}:{port}"
    mp_port = miniprogram_port or port + 10
    mp_url = f"http://{host}:{mp_port}"
    for taken in (port, mp_port):
        if _port_taken(host, taken):
            raise click.ClickException(f"port {taken} on {host} is in use (another demo or centre?); "
                                       f"stop it or choose others with --port / --miniprogram-port")
    # A slip's QR opens its request on this demo's H5 pages (the kiosk, the centre and the
    # back end all print slips), unless a real address was given.
    os.environ.setdefault("ONEKEY_H5_BASE", f"{mp_url}/r/")
    # 政策找人 within the demo's first minutes (a district's centre matches hourly).
    os.environ.setdefault("ONEKEY_POLICY_PUSH_EVERY_S", "120")
    # The demo's own key for its slips' QR references (the kiosk and the centre sign, the H5
    # pages verify): the same on every run, so a slip printed yesterday still opens. A
    # deployment sets its own; the parts warn when none is set.
    os.environ.setdefault("ONEKEY_SLIP_SECRET", "onekey-demo-slip-secret")
    # Ctrl-C too, explicitly: started from a script's background job the demo inherits SIGINT
    # ignored (POSIX shells do that without job control), and Python then never raises
    # KeyboardInterrupt — a Ctrl-C sent to its group stopped nothing.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_on)
    procs: list[subprocess.Popen] = []
    center = _part(["center", "--host", host, "--port", str(port), "--db", str(db_path),
                    "--seed-demo", "--api-docs"])
    procs.append(center)
    try:
        _wait_ready(url, center)
        from call_center.demo_data import TOKENS as DEMO_TOKENS

        backend = _part(["miniprogram", "--host", host, "--port", str(mp_port), "--db", str(mp_db),
                         "--center", url, "--service-token", DEMO_TOKENS["service"], "--sandbox"])
        procs.append(backend)
        _wait_ready(mp_url, backend, health="/api/v1/health", what="the mini-program back end")

        click.echo("")
        click.echo("一键通 demo is running:")
        click.echo(f"  central API      {url}/v1   (OpenAPI: {url}/openapi.json, docs: {url}/docs)")
        click.echo(f"  tokens           " + ", ".join(f"{k}={v}" for k, v in DEMO_TOKENS.items()))
        click.echo(f"  try a service    ONEKEY_CENTER_URL={url} ./onekey flow --token {DEMO_TOKENS['tv_wang']}")
        click.echo(f"  family (H5)      {mp_url}/h5/  — sign in with the 随申办 sandbox as 陈静 (daughter of "
                   f"张桂兰 and 陈志明); mini-program JSON API {mp_url}/openapi.json")
        click.echo(f"  slip QR codes    open {os.environ['ONEKEY_H5_BASE']}<reference> (ONEKEY_H5_BASE)")
        click.echo(f"  政策找人          the worker tells each elder of a policy she qualifies for every "
                   f"{os.environ['ONEKEY_POLICY_PUSH_EVERY_S']} s (one new a day each; 政策查询 under 更多服务)")
        card, tail = demo_identity(db_path)
        click.echo(f"  kiosk identity   王秀英: ID number {card}, phone ending {tail} "
                   f"(or F5 on the kiosk: the simulated card reader)")
        from call_center.demo_data import VOLUNTEER_PIN

        click.echo(f"  kiosk volunteer  志愿者 张建华 of 仙霞新村街道智慧健康驿站: PIN {VOLUNTEER_PIN}")
        kiosk_args = ["kiosk", "--center", url, "--token", DEMO_TOKENS["kiosk"], "--windowed",
                      "--preview", "0.45", "--simulated-reader", "--demo-card", card]
        if headless:
            click.echo("  TV and kiosk     not started (--headless)")
        elif _can_show_windows():
            # Side by side on a 1920-wide desktop: the TV at 1280×720 (it scales from its 1920×1080
            # design), the kiosk's portrait preview to its right. The TV keeps its pairing file
            # beside the demo's databases, not in the user's ~/.config.
            tv = _part(["tv", "--center", url, "--token", DEMO_TOKENS["tv_wang"], "--windowed",
                        "--size", f"{TV_SIZE[0]}x{TV_SIZE[1]}", "--config", str(db_path.parent / "demo-tv.json")],
                       env=_placed(0))
            procs.append(tv)
            click.echo("  TV app           started in a window (arrows, Enter=OK, Esc=Back, F1=SOS)")
            procs.append(_part(kiosk_args, env=_placed(TV_SIZE[0] + 10)))
            click.echo("  kiosk app        started in a window (touch or mouse; hold 紧急求助 3 s for SOS)")
        else:
            hint = "xvfb-run -a " if shutil.which("xvfb-run") else ""
            click.echo(f"  TV app           no display here; run: {hint}./onekey tv --center {url} "
                       f"--token {DEMO_TOKENS['tv_wang']}")
            click.echo(f"  kiosk app        no display here; run: {hint}./onekey {' '.join(kiosk_args)}")
        click.echo("Press Ctrl-C to stop.")
        while all(p.poll() is None for p in procs[:2]):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop(procs)


def stop(procs: list[subprocess.Popen]) -> None:
    """Stop every part as a service manager would: SIGTERM to the servers (gunicorn then stops its
    workers gracefully and each finishes its requests), and time to do it before anything is
    killed. The parts run in sessions of their own (``start_new_session``), so
    a Ctrl-C in the terminal reaches the demo alone: it used to reach every process of the group at
    once, gunicorn's workers included, which their master then logged as workers "sent SIGINT!"
    (and, when they took longer than the demo's 10 s, sent SIGKILL)."""
    fronts, servers = procs[SERVERS:], procs[:SERVERS]
    for group, wait_s in ((fronts, FRONT_WAIT_S), (servers, STOP_WAIT_S)):
        # The windows first, then the servers they were calling; SIGTERM to each (a window
        # closes on it as on the window manager's close, the kiosk's supervisor stops its app):
        # SIGINT may be ignored by what a background job started.
        for p in group:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        for p in group:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
