"""A centre message's structured words (call_center/message_words.py) in a screen's language.

The centre stores each body it composes twice over: the Chinese sentence every Chinese screen
shows and speaks (``body``), and the words it was made of (``words``: a catalog sentence id and
its parameters). A screen in another language renders the words here, through the catalogs: the
sentence's translation, fixed words translated, days and times in the locale's form; names,
places and what an agent or a provider wrote stay as written. A sentence the catalog does not
have yet gives None, and the caller shows the centre's body — never half a translation.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

from .confirmation import format_date, format_date_time, format_time
from .i18n import _is_source, translate


def render(words: Mapping[str, Any] | None, locale: str) -> str | None:
    """The words in ``locale``; None for a Chinese screen (the body is the words), for no words,
    or for a sentence or word the catalog lacks."""
    if not words or _is_source(locale):
        return None
    try:
        # A clause left out (nothing) leaves two spaces where the catalog's sentence had one.
        return re.sub(r" {2,}", " ", _sentence(words, locale)).strip()
    except (KeyError, ValueError, TypeError, IndexError):
        return None  # words of a later centre than this kit: the body, as written


def trip(linked: Mapping[str, Any], locale: str) -> str:
    """A trip to a visit (a request's ``linked``: 出租车（车牌沪A·12345，上午9点来接）) in ``locale``:
    rendered from its ``said`` words, else the centre's ``words`` as written."""
    return render(linked.get("said"), locale) or str(linked.get("words") or "")


class _Untranslated(ValueError):
    pass


_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _untranslated(msgid: str, translated: str) -> bool:
    """A sentence or word the catalog lacks; one with no Chinese in it ({note}: an agent's own
    words, as written) needs no translation."""
    return translated == msgid and bool(_CHINESE.search(msgid))


def _sentence(words: Mapping[str, Any], locale: str) -> str:
    sentence_id = words["id"]
    translated = translate(sentence_id, locale)
    if _untranslated(sentence_id, translated):
        raise _Untranslated(sentence_id)
    params = {name: _param(value, locale) for name, value in (words.get("params") or {}).items()}
    return translated.format(**params)


def _param(param: Mapping[str, Any], locale: str) -> str:
    (kind, value), = param.items()
    if kind == "as_written":
        return str(value)
    if kind == "word":
        translated = translate(value, locale)
        if _untranslated(value, translated):
            raise _Untranslated(value)
        return translated
    if kind == "day":
        return format_date(datetime.fromisoformat(value), locale)
    if kind == "when":
        return format_date_time(datetime.fromisoformat(value), locale)
    if kind == "clock":
        return format_time(datetime.fromisoformat(value), locale)
    if kind == "address":
        return str(value["name"])  # her name, as written: 阿姨 / 伯伯 are Chinese ways to greet
    if kind == "said":
        return _sentence(value, locale)
    raise ValueError(f"unknown parameter kind {kind!r}")
