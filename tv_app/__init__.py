"""The TV set-top-box app (DESIGN.md §2.3): the elder's main screen at home, a remote the only
input, the box bound to one household. Run it with ``onekey tv``; :mod:`tv_app.app` composes it."""
