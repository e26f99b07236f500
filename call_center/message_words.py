"""A message's body as structured words: a sentence of the catalogs with its parameters, so a
channel shows it in its screen's language (shared_ui/message_words.py renders them through the
catalog) — never text matched after the fact.

The Chinese body is made from the same words (:func:`chinese`), so the two cannot differ: the
stored ``body`` stays what every Chinese screen shows and speaks, and ``words`` is what another
language renders. A sentence id is the Chinese sentence with ``{name}`` slots, marked with
:func:`N_` so ``onekey i18n extract`` puts it in the catalogs.

A parameter is one of (JSON, one key each):

- ``{"as_written": "张建华"}`` — a name, a place, a provider's own data (a car, a medicine) or an
  agent's words: the same in every language;
- ``{"word": "志愿者"}`` — a fixed word of the catalogs;
- ``{"day": iso}``, ``{"when": iso}``, ``{"clock": iso}`` — a day, a day and a time, a time of
  day, in the screen's language;
- ``{"address": {"name": …, "gender": …}}`` — how the centre greets her (王阿姨);
- ``{"said": {"id": …, "params": {…}}}`` — a clause of its own, rendered the same way.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from personal_data.names import form_of_address

from .clock import local
from .speech_text import clock_words, day_words, when_words


def N_(text: str) -> str:
    """Marks a sentence id for the channels' catalogs (``onekey i18n extract``)."""
    return text


Words = dict[str, Any]


def said(sentence_id: str, **params: Any) -> Words:
    """One sentence: its id and its parameters (each made by the functions below)."""
    return {"id": sentence_id, "params": params}


def as_written(value: Any) -> dict[str, str]:
    return {"as_written": "" if value is None else str(value)}


def written(text: Any) -> Words:
    """A whole sentence as someone wrote it (an agent's note, a doctor's words): no catalog's,
    the same in every language (its id has no Chinese, so it needs no translation)."""
    return said("{text}", text=as_written(text))


def word(msgid: str) -> dict[str, str]:
    return {"word": msgid}


def day(moment: datetime) -> dict[str, str]:
    return {"day": local(moment).isoformat(timespec="minutes")}


def when(moment: datetime) -> dict[str, str]:
    return {"when": local(moment).isoformat(timespec="minutes")}


def clock(moment: datetime) -> dict[str, str]:
    return {"clock": local(moment).isoformat(timespec="minutes")}


def nothing() -> dict[str, str]:
    """An optional clause left out."""
    return as_written("")


def address(name: str, gender: str | None) -> dict[str, dict[str, str | None]]:
    return {"address": {"name": name, "gender": gender}}


def clause(words: Words) -> dict[str, Words]:
    return {"said": words}


# How a list is joined in a sentence: each mark a sentence of its own, so another language joins
# the same items its own way (、 → ", ", 或 → " or ").
JOINS = {"、": N_("{one}、{other}"), "，": N_("{one}，{other}"), "；": N_("{one}；{other}"),
         "或": N_("{one}或{other}"), "且": N_("{one}且{other}"), "": N_("{one}{other}")}


def joined(items: "list[dict[str, Any]]", mark: str = "、") -> dict[str, Any]:
    """Parameters said one after another, ``mark`` between each two: one item is itself, none is
    :func:`nothing`. Its Chinese is the items joined by ``mark``, as ``mark.join`` would."""
    items = [i for i in items if i != nothing()]
    if not items:
        return nothing()
    if len(items) == 1:
        return items[0]
    return clause(said(JOINS[mark], one=items[0], other=joined(items[1:], mark)))


def sentences(*parts: "Words | None") -> dict[str, Any]:
    """Sentences said one after another (each ending in its own mark): a parameter."""
    return joined([clause(p) for p in parts if p], "")


def chinese(words: Words) -> str:
    """The sentence as every Chinese screen shows and speaks it (the stored ``body``)."""
    return words["id"].format(**{k: _chinese(v) for k, v in words.get("params", {}).items()})


def _chinese(param: dict[str, Any]) -> str:
    (kind, value), = param.items()
    if kind in ("as_written", "word"):
        return str(value)
    if kind == "day":
        return day_words(datetime.fromisoformat(value))
    if kind == "when":
        return when_words(datetime.fromisoformat(value))
    if kind == "clock":
        return clock_words(datetime.fromisoformat(value))
    if kind == "address":
        return form_of_address(value["name"], value.get("gender"))
    if kind == "said":
        return chinese(value)
    raise ValueError(f"unknown parameter kind {kind!r}")
