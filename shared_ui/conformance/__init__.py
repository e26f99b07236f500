"""One corpus of flow scripts that every channel must pass (STYLE.md §6).

A script names abstract actions — ``open`` a service, ``choose`` an answer by its id (paging on
with 下一页 until it is shown, as a person would), ``ok``, ``back``, ``home``, ``pick`` the
n-th item, ``sos``, ``help`` — and what the screen must then be. A *probe* turns those actions
into a channel's own input (engine events here; remote keys in tv_app; taps in the kiosk) and
reports the resulting :class:`~shared_ui.flow.Screen` and speech, so the same script proves
each renderer behaves the same.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..flow import Screen

SCRIPTS_DIR = Path(__file__).parent / "scripts"
SCREENS_DIR = Path(__file__).parent / "screens"
MAX_PAGES = 10  # ``choose`` pages on at most this often


@dataclass
class FlowScript:
    name: str
    channels: list[str]
    steps: list[dict[str, Any]]
    path: Path


class Probe(Protocol):
    """A channel driver: perform an abstract action, return the screen now shown and its speech."""

    def act(self, action: str, value: Any = None) -> tuple[Screen, str]: ...


def load_scripts() -> list[FlowScript]:
    scripts = []
    for path in sorted(SCRIPTS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scripts.append(FlowScript(data["name"], data["channels"], data["steps"], path))
    return scripts


def load_screens() -> dict[str, Screen]:
    """The shared screen corpus: each screen kind and its edge cases (long and rare-character
    names, long addresses, the longest alarm sentence, pop-ups, empty lists …), every one within
    the tightest paging a channel asks for. Every renderer's tests draw each of them."""
    screens = {}
    for path in sorted(SCREENS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        screens[path.stem] = Screen.from_dict({k: v for k, v in data.items() if not k.startswith("x-")})
    return screens


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def check(expect: dict[str, Any], screen: Screen, speech: str) -> list[str]:
    """What is wrong with ``screen`` against one step's expectations (empty when it passes)."""
    problems = []
    if "kind" in expect and screen.kind not in _as_list(expect["kind"]):
        problems.append(f"screen kind {screen.kind!r} ({screen.id}), expected {expect['kind']!r}: {screen.body or ''}")
    if "focus" in expect and screen.focus != expect["focus"]:
        problems.append(f"focus on {screen.focus!r}, expected {expect['focus']!r}")
    labels = {f.label for f in screen.facts}
    for label in _as_list(expect.get("facts", [])):
        if label not in labels:
            problems.append(f"fact {label!r} missing (have {sorted(labels)})")
    for words in _as_list(expect.get("says", [])):
        if words not in speech:
            problems.append(f"speech lacks {words!r}: {speech!r}")
    return problems


def run_script(script: FlowScript, probe: Probe, on_screen: Any = None) -> list[str]:
    """Run every step; return the problems, each prefixed with its step number.
    ``on_screen(screen)`` sees every screen on the way (a schema check, a layout check)."""
    for n, step in enumerate(script.steps, start=1):
        screen, speech = probe.act(step["do"], step.get("service", step.get("value")))
        if on_screen is not None:
            on_screen(screen)
        problems = check(step.get("expect", {}), screen, speech)
        if problems:
            return [f"{script.path.name} step {n} ({step['do']}): {p}" for p in problems]
    return []


class EngineProbe:
    """The reference probe: abstract actions as flow-engine events through a FlowRunner."""

    ACTIONS = {"ok": "confirm", "back": "back", "home": "home", "sos": "sos", "help": "help",
               "repeat": "repeat"}

    def __init__(self, runner):
        self.runner = runner

    def act(self, action: str, value: Any = None) -> tuple[Screen, str]:
        if action == "open":
            step = self.runner.send("select", value)
        elif action == "pick":  # the n-th item, by its id (not every channel has digit keys)
            step = self.runner.send("select", self.runner.step.screen.top.items[int(value) - 1].id)
        elif action == "choose":
            for _ in range(MAX_PAGES):
                ids = [i.id for i in self.runner.step.screen.top.items]
                if value in ids or "page:next" not in ids:
                    break
                self.runner.send("select", "page:next")
            step = self.runner.send("select", value)
        else:
            step = self.runner.send(self.ACTIONS[action])
        return step.screen, step.speech
