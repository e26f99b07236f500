"""What a console page shows of any text: personal numbers masked (seed 004 §个人信息保护),
whatever field the text came from. Installed as Jinja's ``finalize`` (console/wiring.py)."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..shown_text import masked


class Revealed(str):
    """A number an agent asked to see in full (audited): shown as it is."""


def masked_text(value: Any) -> Any:
    """Every plain text a page shows has its personal numbers masked, whatever field it came
    from — a phone typed into an alarm note, a health note, a care task's detail. Markup
    (form fields an agent is filling in), :class:`Revealed` numbers and the centre's own ids
    are left as they are."""
    if not isinstance(value, str) or isinstance(value, (Markup, Revealed)):
        return value
    return masked(value)
