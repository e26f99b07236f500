"""Lines built from a label, a value and a status — one way, so none reads a word twice or nests
its colons (a user trial: the TV showed "已评估：照护等级3级 审核中 审核中" — two parts under review,
their names left out — and said "照护需求评估：已评估：照护等级3级").

- :func:`labelled` — 医院：第六人民医院; the value alone where it starts with its label
  (套餐A：… under 套餐); a value's own colon becomes a comma (照护需求评估：已评估，照护等级3级);
- :func:`summary` — a row's values side by side (明天 上午9:30 第六人民医院); where two would read
  the same, each says whose it is (照护需求评估已评估，照护等级3级；养老服务补贴审核中；…);
- :func:`as_value` — a value to put after someone else's colon (a history line's note);
- :func:`one_colon` — a sentence keeps its first colon; later ones become commas;
- :func:`repeated` — the word group a line reads twice in a row, for the tests (and a check);
- :func:`sentences_once` — lines told together (a screen's notes) with no sentence said twice.
"""
from __future__ import annotations

import re
from typing import Iterable

from personal_data.status_words import with_status

from .punctuation import marks

COLON = "："
_COLONS = re.compile(r"[：:](?!\d)\s*")  # not the colon of a clock time (9:30); its spaces go too
_GROUP_SEP = r"[\s·，,；;、：:。.]*"
_REPEAT = re.compile(rf"(?<![\u4e00-\u9fffA-Za-z0-9])([\u4e00-\u9fff]{{2,}}|[A-Za-z0-9]{{3,}}){_GROUP_SEP}\1"
                     r"(?![\u4e00-\u9fffA-Za-z0-9])")
# A name ending in the verb its status repeats (照护需求评估已评估): the word, an aspect, the word.
_VERB_AGAIN = re.compile(r"([\u4e00-\u9fff]{2,})(?:已经|正在|已|未|待)\1")


def as_value(value: str, locale: str | None = "zh_CN") -> str:
    """A value that follows a label and its colon: its own colons as commas (the clock's 9:30
    stays), in the line's language (shared_ui/punctuation.py)."""
    return _COLONS.sub(_comma(locale), value)


def _comma(locale: str | None) -> str:
    return marks(locale).comma


_commas = as_value


def one_colon(text: str) -> str:
    """The first full-width colon kept, every later one a comma."""
    head, sep, rest = text.partition(COLON)
    return head + sep + _commas(rest) if sep else text


def labelled(label: str, value: str, locale: str | None = "zh_CN") -> str:
    """``label：value`` once (``Label: value`` in English): the value alone when it starts with
    its label, its own colon a comma so the line has one."""
    value = value.strip()
    if not label or value.startswith(label):
        return one_colon(value)
    return marks(locale).label(label, as_value(value, locale))


def summary(parts: Iterable[tuple[str, str]], locale: str | None = "zh_CN") -> str:
    """A row's values, side by side; when two read alike, each with its label before it (without
    a colon: 养老服务补贴审核中) so nothing reads twice."""
    shown = [(label, value.strip()) for label, value in parts if value and value.strip()]
    values = [value for _, value in shown]
    if len(set(values)) == len(values):
        return one_colon(" ".join(values))
    joined = marks(locale)
    # 照护需求评估 + 已评估 → 照护需求已评估 (personal_data.status_words.with_status), never 评估已评估.
    return joined.between_parts.join(with_status(label, as_value(value, locale), joined.word_gap)
                                     for label, value in shown)


_SENTENCE = re.compile(r"[^。！？!?]*?(?:[。！？]|[!?.](?=\s|$))\s*|[^。！？!?]+$")


def sentences_once(lines: Iterable[str]) -> list[str]:
    """``lines`` with a sentence an earlier line said already left out (a line left empty goes):
    a kiosk's result read "这里没有连接打印机。请找驿站的工作人员或志愿者帮忙。" under "完整的电话
    号码不在屏幕上显示。请找驿站的工作人员或志愿者帮忙。" — the same request twice."""
    seen: set[str] = set()
    out = []
    for line in lines:
        kept = []
        for sentence in _SENTENCE.findall(line or ""):
            key = re.sub(r"\s+", "", sentence)
            if key and key not in seen:
                seen.add(key)
                kept.append(sentence)
        text = "".join(kept).strip()
        if text:
            out.append(text)
    return out


def repeated(line: str) -> str | None:
    """The word group ``line`` reads twice in a row (审核中 审核中, 已取消：已取消; a name's verb
    and its status's: 照护需求评估已评估), or None."""
    found = _REPEAT.search(line) or _VERB_AGAIN.search(line)
    return found.group(1) if found else None
