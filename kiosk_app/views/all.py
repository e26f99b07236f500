"""Import every view module so each registers its screen kind."""
from . import alarm, facts, listing, menu, notice, options, popup  # noqa: F401
from . import REGISTRY

__all__ = ["REGISTRY"]
