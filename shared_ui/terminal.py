"""`onekey flow`: the flow engine in a terminal — the quickest way to try a service end to end.

It is a renderer like any other: it prints the screen model (and its pop-up) and the sentence
to speak, and maps keys to user events. Useful on a server with no screen, and for support staff.
"""
from __future__ import annotations

import click

from .client import CenterClient, CenterError
from .flow import Abilities, EventRefused, FlowEngine, Screen, Step, device_place
from .flow.runner import FlowRunner
from .punctuation import marks
from .spec import load_spec

KEYS = {"b": "back", "h": "home", "r": "repeat", "?": "help", "s": "sos", "t": "timeout"}
HELP = "数字=选择  回车=确定  b=返回  h=首页  r=重听  ?=找人工  s=紧急求助  >文字=输入  x=结束办理  q=退出"


def render_text(screen: Screen, locale: str = "zh_CN") -> str:
    lines = [f"━━ {screen.title} ━━"]
    if screen.progress:
        lines[0] += f"  ({screen.progress[0]}/{screen.progress[1]})"
    for fact in screen.facts:
        lines.append(f"  {marks(locale).label(fact.label, fact.value)}")
    if screen.body:
        lines.append(f"  {screen.body}")
    for note in screen.notes:
        lines.append(f"  · {note}")
    for n, item in enumerate(screen.items, start=1):
        mark = "▶" if item.id == screen.focus else " "
        extra = f"  — {item.detail}" if item.detail else ""
        badge = f" [{item.badge}]" if item.badge else ""
        lines.append(f" {mark} {item.digit or n}. {item.label}{badge}{extra}")
    if screen.input:
        lines.append(f"  ⌨ >… ({screen.input.keypad}, ≤{screen.input.max_length})")
    if screen.popup:
        lines.append("  ┌ 弹窗 ─────")
        lines += [f"  │{line}" for line in render_text(screen.popup, locale).splitlines()]
    return "\n".join(lines)


def show(step: Step, locale: str = "zh_CN") -> None:
    click.echo(render_text(step.screen, locale))
    if step.speech:
        click.echo(f"🔊 {step.speech}")


def _device(client: CenterClient, center: str, identify: bool) -> tuple[dict, list[dict]]:
    """What the centre knows of this token's device (``GET /v1/me``: a kiosk's station) and
    the elders it serves (none for a kiosk, which identifies people); a refused token or an
    unreachable centre is said before anything is typed."""
    try:
        me = client.me()
        return me, [] if identify else [e.as_dict() for e in client.household(me)]
    except CenterError as exc:
        if exc.status in (401, 403):
            raise click.ClickException(f"the centre at {center} refused this token ({exc.code})")
        if exc.unreachable:
            raise click.ClickException(f"cannot reach the centre at {center}")
        raise click.ClickException(f"the centre at {center} answered {exc.status}: {exc.message}")


def run_terminal(center: str, token: str, channel: str, locale: str, abilities: Abilities) -> None:
    client = CenterClient(center, token)
    me, household = _device(client, center, identify=abilities.start == "identify")
    if abilities.start == "bound" and not household:
        raise click.ClickException("this token's device serves no elder yet (pair it first)")
    # A kiosk's trips leave from its station first, as on the kiosk itself.
    engine = FlowEngine(load_spec(), channel, locale, abilities, place=device_place(me))
    runner = FlowRunner(engine, client)
    elder = household[0] if abilities.start == "bound" else None
    show(runner.start(elder, household), locale)
    click.echo(HELP)
    try:
        _loop(runner, locale)
    finally:
        if runner.session is not None and runner.session.grant:
            runner.settle(engine.sign_out(runner.session))  # the kiosk acts for nobody now


def _loop(runner: FlowRunner, locale: str) -> None:
    while True:
        try:
            key = input("› ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if key == "q":
            return
        if key == "x":  # sign out: the person is done (a kiosk ends their grant)
            show(runner.settle(runner.engine.sign_out(runner.session)), locale)
            continue
        try:
            step = _send(runner, key)
        except EventRefused as exc:
            click.echo(f"✗ {exc.message}")
            continue
        show(step, locale)


def _send(runner: FlowRunner, key: str) -> Step:
    screen = runner.step.screen.top
    if key.isdigit() and screen.items and not any(i.digit for i in screen.items):
        index = int(key) - 1  # a channel without digit keys: the n-th item
        if 0 <= index < len(screen.items):
            return runner.send("select", screen.items[index].id)
    if key.isdigit():
        return runner.send("digit", int(key))
    if key.startswith(">"):
        return runner.send("input", key[1:])
    if key in KEYS:
        return runner.send(KEYS[key])
    return runner.send("confirm")
