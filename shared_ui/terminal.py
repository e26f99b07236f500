"""`onekey flow`: the flow engine in a terminal — the quickest way to try a service end to end.

It is a renderer like any other: it prints the screen model and the sentence to speak, and maps
keys to engine events. Useful on a server with no screen, and for support staff.
"""
from __future__ import annotations

import click

from .client import CenterClient, CenterError
from .flow import FlowEngine, Screen, Step
from .flow.runner import FlowRunner
from .spec import load_spec

KEYS = {"b": "back", "h": "home", "r": "repeat", "?": "help", "s": "sos"}
HELP = "数字=选择  回车=确定  b=返回  h=首页  r=重听  ?=找人工  s=紧急求助  >文字=输入  q=退出"


def render_text(screen: Screen) -> str:
    lines = [f"━━ {screen.title} ━━"]
    if screen.progress:
        lines[0] += f"  ({screen.progress[0]}/{screen.progress[1]})"
    for fact in screen.facts:
        lines.append(f"  {fact.label}：{fact.value}")
    if screen.body:
        lines.append(f"  {screen.body}")
    for note in screen.notes:
        lines.append(f"  · {note}")
    for item in screen.items:
        mark = "▶" if item.id == screen.focus else " "
        extra = f"  — {item.detail}" if item.detail else ""
        badge = f" [{item.badge}]" if item.badge else ""
        lines.append(f" {mark} {item.digit or ' '}. {item.label}{badge}{extra}")
    return "\n".join(lines)


def show(step: Step) -> None:
    click.echo(render_text(step.screen))
    if step.speech:
        click.echo(f"🔊 {step.speech}")


def run_terminal(center: str, token: str, channel: str, locale: str) -> None:
    client = CenterClient(center, token)
    try:
        me = client.me()
        household = [client.elder(e["id"]).as_dict() for e in me["elders"]]
        elder = household[0]
    except (CenterError, KeyError, IndexError) as exc:
        raise click.ClickException(f"cannot reach the centre at {center}: {exc}")
    runner = FlowRunner(FlowEngine(load_spec(), channel, locale), client)
    show(runner.start(elder, household))
    click.echo(HELP)
    while True:
        try:
            key = input("› ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if key == "q":
            return
        if key.isdigit():
            step = runner.send("digit", int(key))
        elif key.startswith(">"):
            step = runner.send("input", key[1:])
        elif key in KEYS:
            step = runner.send(KEYS[key])
        else:
            step = runner.send("confirm")
        show(step)
