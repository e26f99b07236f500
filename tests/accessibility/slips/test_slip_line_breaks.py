"""No slip breaks a line inside a unit (1203/室, 主治医/师, 服/药): every kind, every layout, with
the facts the samples carry and with longer ones (an address with a landmark, a doctor's title)."""
from __future__ import annotations

from typing import Any

import pytest

from accessibility.line_breaks import UNIT_CLASS
from accessibility.slips.layouts import LAYOUTS, layout_named

from .conftest import KINDS, NOW, load_sample

LONGER = ["长宁区天山路1203弄18号1203室（主治医师办公室对面）", "（请按时服药，每天两次，饭后30分钟）"]


def lengthened(value: Any, extra: str) -> Any:
    """Every Chinese text of a record, with ``extra`` after it."""
    if isinstance(value, dict):
        return {k: lengthened(v, extra) for k, v in value.items()}
    if isinstance(value, list):
        return [lengthened(v, extra) for v in value]
    if isinstance(value, str) and any("\u4e00" <= c <= "\u9fff" for c in value):
        return value + extra
    return value


def unit_boxes(box: Any) -> list[Any]:
    found = []
    for child in getattr(box, "children", []):
        if type(child).__name__ == "InlineBlockBox" and UNIT_CLASS in (child.element.get("class") or "").split():
            found.append(child)
        found += unit_boxes(child)
    return found


def lines_of(box: Any) -> int:
    return sum(type(c).__name__ == "LineBox" for c in box.children)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("kind", KINDS)
def test_no_line_breaks_inside_a_unit(renderer, kind, layout):
    record, elder = load_sample(kind)
    for extra in ["", *LONGER]:
        longer = lengthened(record, extra) if extra else record
        content = renderer.content(longer, elder)
        html = renderer.html(content, layout_named(layout), NOW)
        document, _fit = renderer.fitted(html, layout_named(layout))
        boxes = [b for page in document.pages for b in unit_boxes(page._page_box)]
        assert boxes, f"{kind} {layout}: no units were kept whole"
        broken = [b.element.text for b in boxes if lines_of(b) > 1]
        assert broken == [], f"{kind} {layout} (+{extra!r}): a line breaks inside {broken}"
