"""Import every view module so each registers its screen kind."""
from . import alarm, busy, confirm, detail, error, listing, menu, notice, options, pairing, popup, result, review  # noqa: F401
from . import REGISTRY

__all__ = ["REGISTRY"]
