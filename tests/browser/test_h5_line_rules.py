"""Chinese line breaking (禁则) on the H5 pages, as chromium sets them: sentences the product
says around the quoted names of its buttons (“我的服务”, “我没事” …), generated, on phones
320, 375 and 414 px wide at every text size the pages offer. No line starts with a closing mark
(” 」 ） 。 ， 、 ！ ？ ： ；) or ends with an opening one (“ 「 （), and a quoted name that fits a
line is set on one line (it broke as “我的 / 服务”)."""
from __future__ import annotations

import itertools
import random
from typing import Any, Iterator

import pytest

from accessibility.line_breaks import CLOSING, OPENING, box_limit, ems
from tests.browser.conftest import phone_tab
from tests.shared_ui.kivy_kit.test_line_breaks import QUOTE_SENTENCES, QUOTED_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WIDTHS = (320, 375, 414)
# Around the names: what the pages put before and after a sentence (a name, an address, a time).
LEADS = ["", "王秀英，", "12月5日（周六）上午8:30，", "长宁区仙霞路620号的", "陈志明的叫出租车已经办好了。"]

# Every character of each block (a paragraph, a button's label) with the line it was set on.
BLOCK_LINES = """() => {
  const out = [];
  for (const block of document.querySelectorAll('#sentences .lead, #sentences .label')) {
    const chars = [], tops = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        chars.push(node.data[i]); tops.push(rects.length ? Math.round(rects[0].top) : null);
      }
    }
    out.push({text: chars.join(''), tops, width: block.getBoundingClientRect().width,
              size: parseFloat(getComputedStyle(block).fontSize)});
  }
  return out;
}"""


def sentences(seed: int, n: int = 24) -> list[str]:
    rng = random.Random(seed)
    pool = [lead + s.format(q=q) for lead, s, q in itertools.product(LEADS, QUOTE_SENTENCES, QUOTED_NAMES)]
    return rng.sample(pool, n)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Iterator[Any]:
    """The real back end's pages (its CSS, its unit spans): one page holding the sentences as
    paragraphs and as button labels, inside the real base layout."""
    from flask import render_template_string, request

    from miniprogram_api.app import create_app, stop
    from miniprogram_api.sandbox.serving import Served

    app = create_app({"db_url": f"sqlite:///{tmp_path_factory.mktemp('lines') / 'mp.db'}", "alerts": False})

    def sentences_page() -> str:
        said = sentences(int(request.args.get("seed", "0")))
        return render_template_string(
            '{% extends "h5/base.html" %}{% block main %}<section class="card" id="sentences">'
            '{% for s in said %}<p class="lead">{{ s }}</p>{% endfor %}<div class="actions">'
            '{% for s in said[:6] %}<button class="button" type="button"><span class="label">{{ s }}</span>'
            '</button>{% endfor %}</div></section>{% endblock %}', said=said)

    app.add_url_rule("/test/sentences", "test_sentences", sentences_page)
    served = Served(app).start()
    yield served
    served.stop()
    stop(app)


def rule_breaks(block: dict) -> list[str]:
    text, tops = block["text"], block["tops"]
    bad = []
    starts = [i for i in range(1, len(text)) if tops[i] is not None and tops[i - 1] is not None
              and tops[i] > tops[i - 1] + block["size"] * 0.5]
    for i in starts:
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        k = i - 1
        while k > 0 and text[k].isspace():
            k -= 1
        if j < len(text) and text[j] in CLOSING:
            bad.append(f"a line starts with {text[j]}: {text[:j]}|{text[j:]}")
        if text[k] in OPENING:
            bad.append(f"a line ends with {text[k]}: {text[:k + 1]}|{text[k + 1:]}")
        for name in QUOTED_NAMES:
            at = text.find(name)
            while at >= 0:
                # (a name wider than a unit box may be — box_limit, so the narrowest line holds
                # it — breaks between its words: “一键通 / 申请”; one that does not fit a line with
                # the closing marks that stay with it, anywhere)
                end = at + len(name)
                while end < len(text) and (text[end] in CLOSING or text[end] == "\u2060"):
                    end += 1
                if at < i < at + len(name) and ems(name) <= box_limit(name, True) \
                        and ems(text[at:end]) * block["size"] <= block["width"]:
                    bad.append(f"{name} split ({block['width']:.0f} px at {block['size']:.0f}): {text[:i]}|{text[i:]}")
                at = text.find(name, at + 1)
    return bad


@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_breaks_the_rules_at_any_phone_width_or_text_size(chromium, pages, width: int):
    from miniprogram_api.h5.look import FONT_SCALES

    context, tab, errors = phone_tab(chromium, {"width": width, "height": 800})
    try:
        found = []
        for seed, fs in enumerate(FONT_SCALES):
            tab.goto(f"{pages.url}/test/sentences?seed={seed + width}&fs={fs}")
            blocks = tab.evaluate(BLOCK_LINES)
            assert len(blocks) == 30
            assert any(len({t for t in b["tops"] if t is not None}) > 1 for b in blocks)  # lines did break
            found += [f"{width}px fs={fs}: {problem}" for b in blocks for problem in rule_breaks(b)]
        assert found == []
    finally:
        context.close()
    assert not errors, errors
