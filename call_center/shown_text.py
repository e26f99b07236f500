"""Free text as the centre shows it: personal numbers masked (personal_data.masking.scrub),
the centre's own ids left whole.

Our ids (models/ids.py: ``alm_`` + 12 hex digits) are never a personal number, though their hex
part is all digits now and then; masking one would break a link, a ``data-`` attribute or a
form's ``slot_id`` (a console queue row once lost its alarm that way).
"""
from __future__ import annotations

import re

from personal_data.masking import scrub

OPAQUE_ID = re.compile(r"(?<![0-9A-Za-z_])[a-z]{2,4}_[0-9a-f]{12}(?![0-9A-Za-z_])")


def masked(text: str) -> str:
    out, at = [], 0
    for found in OPAQUE_ID.finditer(text):
        out.append(scrub(text[at:found.start()]))
        out.append(found.group())
        at = found.end()
    out.append(scrub(text[at:]))
    return "".join(out)
