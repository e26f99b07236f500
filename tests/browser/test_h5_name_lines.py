"""A person's name is never split across lines on the H5 pages, as chromium sets them: generated
names (2–4 characters, compound surnames, minority names with ·) in the sentences the product
says them in (志愿者张 / 建华 was the find), on phones 320, 375 and 414 px wide at every text size
the pages offer. The names are told to the back end as the centre's answers tell it of people
(tests/fixtures/people.told_of), never guessed from the text; the page's unit spans keep them."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from accessibility.line_breaks import ems
from tests.browser.conftest import phone_tab
from tests.browser.test_h5_line_rules import BLOCK_LINES, WIDTHS
from tests.fixtures.people import said, told_of
from tests.shared_ui.kivy_kit.test_name_lines import spans_of, with_marks

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PAIRS = {width: said(width, 30) for width in WIDTHS}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Iterator[Any]:
    """The real back end's pages (its CSS, its unit spans), holding the sentences as paragraphs
    and as button labels inside the real base layout."""
    from flask import render_template_string, request

    from miniprogram_api.app import create_app, stop
    from miniprogram_api.sandbox.serving import Served

    app = create_app({"db_url": f"sqlite:///{tmp_path_factory.mktemp('names') / 'mp.db'}", "alerts": False})

    def sentences_page() -> str:
        texts = [text for _, text in PAIRS[int(request.args["width"])]]
        return render_template_string(
            '{% extends "h5/base.html" %}{% block main %}<section class="card" id="sentences">'
            '{% for s in said %}<p class="lead">{{ s }}</p>{% endfor %}<div class="actions">'
            '{% for s in said[:6] %}<button class="button" type="button"><span class="label">{{ s }}</span>'
            '</button>{% endfor %}</div></section>{% endblock %}', said=texts)

    app.add_url_rule("/test/names", "test_names", sentences_page)
    served = Served(app).start()
    with told_of([name for pairs in PAIRS.values() for name, _ in pairs]):
        yield served
    served.stop()
    stop(app)


def split_names(block: dict, names: list[str]) -> list[str]:
    text, tops = block["text"], block["tops"]
    starts = [i for i in range(1, len(text)) if tops[i] is not None and tops[i - 1] is not None
              and tops[i] > tops[i - 1] + block["size"] * 0.5]
    bad = []
    for name in names:
        for a, b in spans_of(text, name):
            if ems(with_marks(text, a, b)) * block["size"] > block["width"]:
                continue  # wider than the line itself, with the marks the rules keep beside it
            bad += [f"{name} split ({block['width']:.0f} px at {block['size']:.0f}): {text[:i]}|{text[i:]}"
                    for i in starts if a < i < b]
    return bad


@pytest.mark.parametrize("width", WIDTHS)
def test_no_name_is_split_at_any_phone_width_or_text_size(chromium, pages, width: int):
    from miniprogram_api.h5.look import FONT_SCALES

    names = [name for name, _ in PAIRS[width]]
    context, tab, errors = phone_tab(chromium, {"width": width, "height": 800})
    try:
        found, broke = [], 0
        for fs in FONT_SCALES:
            tab.goto(f"{pages.url}/test/names?width={width}&fs={fs}")
            blocks = tab.evaluate(BLOCK_LINES)
            assert len(blocks) == 36
            broke += sum(len({t for t in b["tops"] if t is not None}) > 1 for b in blocks)
            found += [f"{width}px fs={fs}: {p}" for b in blocks for p in split_names(b, names)]
            if fs == list(FONT_SCALES)[-1]:
                tab.screenshot(path=str(pages_artifact(width)), full_page=True)
        assert broke > 0  # lines did break
        assert found == []
    finally:
        context.close()
    assert not errors, errors


def pages_artifact(width: int):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "artifacts" / "browser" / f"h5-names-{width}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
