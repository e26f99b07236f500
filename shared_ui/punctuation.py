"""The marks that join the parts of a line, by language.

Chinese marks are full-width and take no space: 医院：第六人民医院，心内科。请核对。 English marks
are half-width and a space follows them: "Hospital: 上海市第六人民医院, 心内科. Please check."
Every line the kit puts together from parts — a label and its value, a title and its status,
one sentence after another, a list — is joined here, so an English screen or voice never reads
"Hospital：上海…" or "arrive early.Please bring". Text that comes whole (a translated
sentence, a message the centre wrote) is left as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .i18n import _is_source

SENTENCE_ENDS = "。！？.!?…"
CLAUSE_MARKS = "，,：:；;、"


@dataclass(frozen=True)
class Marks:
    colon: str
    comma: str
    stop: str
    listing: str
    between_sentences: str
    between_parts: str  # parts of a row that each have a comma of their own (；)
    word_gap: str  # between a name and its status: 照护需求评估已评估 / Care assessment assessed

    def label(self, label: str, value: str) -> str:
        """医院：第六人民医院 / Hospital: …"""
        return f"{label}{self.colon}{value}"

    def clauses(self, *parts: str) -> str:
        """Parts of one sentence: 挂号，已预约 / Registration, booked. Empty parts are left out."""
        return self.comma.join(p for p in parts if p)

    def items(self, values) -> str:
        """A list read as one: 医保卡、身份证 / 医保卡, 身份证."""
        return self.listing.join(str(v) for v in values if v not in (None, ""))

    def sentence(self, text: str) -> str:
        """``text`` ended as a sentence, once: never 病历本。。 nor a second full stop."""
        text = text.rstrip()
        if not text or text[-1] in SENTENCE_ENDS:
            return text
        text = text.rstrip(CLAUSE_MARKS + " ")
        return text + self.stop if text and text[-1] not in SENTENCE_ENDS else text

    def sentences(self, *parts: str) -> str:
        """Sentences one after another; every part but the last is ended as a sentence (the
        last keeps its own ending). Empty parts are left out."""
        kept = [p.strip() for p in parts if p and p.strip()]
        ended = [self.sentence(p) for p in kept[:-1]] + kept[-1:]
        return self.between_sentences.join(ended)


CHINESE = Marks(colon="：", comma="，", stop="。", listing="、", between_sentences="", between_parts="；",
                word_gap="")
ENGLISH = Marks(colon=": ", comma=", ", stop=".", listing=", ", between_sentences=" ", between_parts="; ",
                word_gap=" ")


@lru_cache(maxsize=16)
def marks(locale: str | None) -> Marks:
    return CHINESE if _is_source(locale) else ENGLISH
