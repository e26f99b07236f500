"""What a console page shows of any text: personal numbers masked (seed 004 §个人信息保护),
whatever field the text came from. Installed as Jinja's ``finalize`` (console/wiring.py)."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from personal_data.masking import scrub


class Revealed(str):
    """A number an agent asked to see in full (audited): shown as it is."""


def masked_text(value: Any) -> Any:
    """Every plain text a page shows has its personal numbers masked, whatever field it came
    from — a phone typed into an alarm note, a health note, a care task's detail. Markup
    (form fields an agent is filling in) and :class:`Revealed` numbers are left as they are."""
    if isinstance(value, str) and not isinstance(value, (Markup, Revealed)):
        return scrub(value)
    return value
