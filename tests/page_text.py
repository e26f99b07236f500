"""A served page's text as its reader gets it: HTML with the line-break units' spans taken out
(``accessibility.line_breaks.keep_units`` wraps 主治医师 as one span, which a test looking for
"请先登录" would otherwise miss — and a test that it is *not* there would pass for nothing)."""
from __future__ import annotations

import re
from typing import Any

_UNIT = re.compile(r'<span class="unit">(.*?)</span>', re.S)
_RUN = re.compile(r'<span class="units">(.*?)</span>', re.S)


def page_text(answer: Any) -> str:
    """``answer`` (a response, or its HTML) with every unit span replaced by its text."""
    html = answer if isinstance(answer, str) else answer.text
    # (and without the word joiners that hold a box's closing marks on its line: unseen, unsaid)
    return _RUN.sub(r"\1", _UNIT.sub(r"\1", html)).replace("\u2060", "")
