"""Kivy finds kv rules and Factory classes by class NAME, process-wide: a TV class and a kiosk
class of the same name would be drawn by each other's rules wherever both are loaded (the
test run loads both; a kit update could too). No two channels may share a class or rule name."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ("tv_app", "kiosk_app")
RULE = re.compile(r"^<([A-Za-z_][A-Za-z0-9_]*)(?:@[^>]*)?>:", re.M)


def names(package: str) -> set[str]:
    found: set[str] = set()
    for kv in (ROOT / package).rglob("*.kv"):
        found |= set(RULE.findall(kv.read_text(encoding="utf-8")))
    for py in (ROOT / package).rglob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        found |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return found


def test_no_two_channels_share_a_kivy_class_or_rule_name():
    tv, kiosk = (names(p) for p in CHANNELS)
    assert tv and kiosk
    assert sorted(tv & kiosk) == []
