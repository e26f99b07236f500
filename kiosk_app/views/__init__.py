"""One touch view per screen kind, each with its ``.kv`` beside it, found through :data:`REGISTRY`.

Importing :mod:`kiosk_app.views.all` registers them all; an unknown kind is shown by the notice
view and logged (STYLE.md §4).
"""
from shared_ui.kivy_kit.views import ViewRegistry

REGISTRY = ViewRegistry(fallback="notice")
