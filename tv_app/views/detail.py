"""One request or one message in full, with what can be done about it (cancel, 知道了)."""
from __future__ import annotations

from . import REGISTRY
from .parts import FactsView


@REGISTRY.register("detail")
class DetailView(FactsView):
    pass
