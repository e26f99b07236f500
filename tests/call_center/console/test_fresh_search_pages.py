"""A page with a search box or a filter says nothing about a search before one is made (the
new-user trial: 电话受理 opened on "受理号：找到 0 单 没有这个受理号" before anything was typed).

Every page of the console's menu is opened fresh (the supervisor's menu: every page); each that
has a search box or a filter is found from its own form, and none shows a search's result or a
"not found" before a search."""
from __future__ import annotations

import re
from typing import Any

from tests.page_text import page_text

# What only a search or a filter can answer.
SEARCH_ANSWERS = ("找到 0", "找到0", "没有找到", "没有这个受理号", "没有符合条件", "请再核对")


def _menu(page: str) -> list[str]:
    nav = re.search(r"<nav.*?</nav>", page, re.S)
    assert nav, "the console's menu"
    return sorted(set(re.findall(r'href="(/console/[^"#?]*)"', nav.group(0))))


def _has_search(page: str) -> bool:
    forms = re.findall(r"<form\b.*?</form>", page, re.S)
    return any(re.search(r'<input(?![^>]*type="(hidden|submit|checkbox|radio)")[^>]*>|<select\b', f)
               and re.search(r"查找|筛选|搜索|查看", f) for f in forms)


def test_no_page_with_a_search_says_what_a_search_found_before_one(supervisor: Any) -> None:
    menu = _menu(supervisor.get("/console/").get_data(as_text=True))
    searched = []
    for path in menu:
        response = supervisor.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        if not _has_search(html):
            continue
        searched.append(path)
        main = re.search(r"<main.*?</main>", html, re.S)
        text = page_text(main.group(0) if main else html)
        for answer in SEARCH_ANSWERS:
            assert answer not in text, (path, answer)
    assert "/console/find" in searched and "/console/requests" in searched, searched


def test_a_search_still_says_what_it_found(console: Any) -> None:
    """The answers are kept for a search: a 受理号 nobody has, a name nobody has."""
    assert "没有这个受理号" in page_text(console.post("/console/find", {"query": "123 456 789"}))
    assert "没有找到" in page_text(console.post("/console/find", {"query": "查无此人"}))


def test_a_filter_matching_nothing_still_says_so(console: Any) -> None:
    filtered = page_text(console.get("/console/requests?service=escort&status=cancelled"))
    assert "没有符合条件的请求" in filtered
