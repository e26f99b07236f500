"""A widget dropped for good (a view the shell replaced, a pop-up closed, a caption read): its
kv rules are unbound at once, its own and everything's in it.

Kivy unbinds a widget's kv rules only when the widget is collected, and a widget tree is a
reference cycle (parent ⇄ children), so a dropped view lives on as garbage until the cyclic
collector runs — bound all the while to what outlives it, above all ``app.look``: a text-size
or theme change ran every dropped view's rules, and a collection in the middle of that (any
allocation may start one) killed a view whose rule was running — ``ReferenceError: weakly-
referenced object no longer exists`` out of ``app.look = …`` (a fresh-clone CI run of the
kiosk's text test). Unbound when dropped, nothing of it is called again.

A widget that keeps widgets out of the tree for a while (a page of facts not shown, a page
key not needed) names them in ``held_aside()``: they go with it.
"""
from __future__ import annotations

from typing import Any


def discard(widget: Any) -> int:
    """Unbind the kv rules of ``widget`` and of every widget in it; returns how many widgets.
    Call it once the widget is out of the tree and nothing will show it again."""
    from kivy.lang import Builder

    seen: set[int] = set()
    stack = [widget]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        stack.extend(current.children)
        aside = getattr(current, "held_aside", None)
        if aside is not None:
            stack.extend(aside())
        Builder.unbind_widget(current.uid)
    return len(seen)
