"""Where a Chinese line may break (W3C clreq §3.1.7, 禁则): the units a line never breaks inside,
for every surface that shows Chinese — Kivy (which breaks CJK anywhere), slips and H5 pages
(whose engines break between any two Chinese characters, 1203/室 and 主治医/师).

Text is cut into units that must stay whole — a date (12月2日), a weekday in brackets
(（周三）), a time (上午8:30), a number with its unit (601室, 12号楼, 35元), a phone, a plate,
any run of Latin letters and digits — and, between them, words found by jieba (附属 / 中山 / 医院,
never 附属中 / 山医院). Closing punctuation (），。、…) stays with the unit before it, opening
punctuation (（「…) with the unit after it, so no line starts with a closing mark or ends with
an opening one. Kivy fills its lines with these units (``shared_ui/kivy_kit/line_breaks.py``);
an HTML page gets each unit as an inline block (:func:`keep_units`), which a browser or
WeasyPrint moves to the next line whole, and breaks inside only when it is wider than a line.

jieba's dictionary of 349,000 words costs ~80 MB and half a second; a set-top box gets the
60,000 most frequent of them and every place and organisation name (~12 MB, built once from
jieba's own dictionary into the cache,
like the SC font), loaded on a worker at start-up: until it is ready, text breaks at the
same units with each Chinese character a unit of its own, so no screen ever waits for it.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from unicodedata import east_asian_width

from personal_data.names import PEOPLE, People

log = logging.getLogger(__name__)

CLOSING = set("，。、；：！？）」』》〉】〕’”…—%℃,.;:!?)]}")
OPENING = set("（「『《〈【〔‘“([{")
CLAUSE_END = set("，。、；：！？,.;:!?")
WORDS_KEPT = 60_000
NAMES = {"ns", "nt"}  # jieba's tags for places and organisations
# A short name in quotes (“我的服务”, 「找人工」): the button or list it names, read as one word —
# never “我的 / 服务”. Longer quotations break as words, between their marks.
QUOTED_MAX = 6
QUOTED = "“”「」『』《》‘’"
PROTECTED = re.compile("|".join([
    rf"[“「『《‘][^{QUOTED}\s]{{1,{QUOTED_MAX}}}[”」』》’]",
    # a district (浦东新区, not 浦东 / 新区) and a road's name after it (长宁区 / 天山路, not
    # 天 / 山路: jieba alone knows "山路"); addresses are what these screens break most
    r"(?:(?<=[省市])|(?<![\u4e00-\u9fff]))(?:(?![省市区县])[\u4e00-\u9fff]){1,4}?(?:新区|区|县)",
    r"(?<=[省市区县镇乡])(?:(?![省市区县镇乡路街巷])[\u4e00-\u9fff]){1,5}?"
    r"(?:[一二三四五六七八九十东西南北中]{1,2})?(?:大道|路|街|巷)",
    r"\d{1,2}月\d{1,2}日",
    r"（周[一二三四五六日天]）",
    r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?\d{1,2}[:：]\d{2}",
    # a time as said and written in sentences (凌晨3点7分, 下午2点半): 3点7 / 分 was a break
    r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?\d{1,2}点(?:\d{1,2}分|半|整)?",
    r"(?:\+?86[ -]?)?1[3-9][\d*]{2}[ -]?[\d*]{4}[ -]?\d{4}",  # a mobile, masked or not
    r"0\d{2,3}-\d{7,8}",
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]·?[A-Z0-9]{5,6}",
    r"\d+(?:\.\d+)?(?:号楼|单元|个号|分钟|小时|号|弄|室|楼|层|幢|栋|元|岁|人|次|位|天|周|月|年|里|米|公里)",
    # the same in Chinese numerals, as addresses are often written (第三十七号楼, 一千二百零三室):
    # 第三十 / 七号楼 and 一千二百 / 零三室 were breaks
    r"第?[零〇一二三四五六七八九十百千两]+(?:号楼|单元|号|弄|室|楼|层|幢|栋)",
    r"[A-Za-z0-9][A-Za-z0-9.·*/%+\-:]*",
]))
# Words these screens say that jieba's dictionary cuts (每 / 日报 / 平安, 联系 / 上, 一件 / 事,
# 自助 / 机): added to it at load, so they break as words like any other.
PRODUCT_WORDS = ("报平安", "联系上", "一件事", "自助机", "一键通", "绑定码", "找人工", "出租车", "续方",
                 "配药", "陪诊", "陪诊员", "出院", "用车", "呼叫救援", "求助", "紧急联系人", "话务员",
                 "低保", "特困", "适老化", "敬老卡", "助餐", "辅具")
PRODUCT_WORD_FREQ = 100_000  # above the frequent words a phrase would otherwise be cut into
# The product's own terms: every label of the catalogs that is a short run of hanzi — a service
# word (叫车, 挂号, 陪诊出行), a verb with its object (报平安, 打印凭条), a status (已送达) — is a word
# wherever a sentence says it. jieba has no 叫车 (帮您预约和叫 / 车 on a TV); a hand-kept list
# (PRODUCT_WORDS) missed it, as it would the next service's word.
CATALOG = Path(__file__).resolve().parent.parent / "shared_ui" / "locale" / "onekey.pot"
TERM = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MSGID = re.compile(r'^msgid "(.*)"$', re.M)


def catalog_terms(catalog: Path = CATALOG) -> list[str]:
    """The catalog's labels that are a short run of hanzi and nothing else (叫车, 找人工, 续方配药)."""
    try:
        text = catalog.read_text(encoding="utf-8")
    except OSError:  # an install without the catalog's template: the hand-kept words still hold
        log.warning("no catalog at %s: its terms are not kept whole", catalog)
        return []
    return sorted({m for m in _MSGID.findall(text) if TERM.fullmatch(m)})
# One-character words jieba leaves alone that belong to the name before them (愚园 / 路).
SUFFIXES = set("路街巷弄里村镇乡区县市省号室楼科院卡证")  # 医保 / 卡, 残疾 / 证 too
ROAD_PART = re.compile(r"[一二三四五六七八九十东西南北中]{1,2}[路街巷]")  # 瑞金 / 二路, 淮海 / 中路


class Segmenter:
    """jieba with the box-sized dictionary, warmed on a worker thread.

    Fork-safe: a process forked while the warm-up ran (gunicorn forks its workers after the
    app was built once to migrate) would inherit its locks held by a thread it does not have,
    and every slip would wait on them for ever; the child starts with fresh locks and warms
    again."""

    def __init__(self, cache_dir: str | Path | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir else _default_cache()
        self._tokenizer = None
        self._lock = threading.Lock()
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        self._lock = threading.Lock()
        writing = getattr(sys.modules.get("jieba"), "DICT_WRITING", None)
        if writing is not None and self._tokenizer is None:
            writing.clear()  # a dictionary's write lock, maybe held by the warm-up

    @property
    def ready(self) -> bool:
        return self._tokenizer is not None

    def warm(self) -> None:
        """Build (once) and load the dictionary; call on a worker, or in tests."""
        with self._lock:
            if self._tokenizer is not None:
                return
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer(str(self._dictionary(Path(jieba.__file__).parent / "dict.txt")))
            tokenizer.tmp_dir = str(self.cache_dir)
            tokenizer.initialize()
            for word in (*PRODUCT_WORDS, *catalog_terms()):
                tokenizer.add_word(word, freq=PRODUCT_WORD_FREQ)
            self._tokenizer = tokenizer

    def warm_in_background(self) -> None:
        threading.Thread(target=self.warm_quietly, name="jieba-warm", daemon=True).start()

    def warm_quietly(self) -> None:
        try:
            self.warm()
        except Exception:  # noqa: BLE001 — lines still break at units, character by character
            log.exception("the word segmenter could not be loaded")

    def _dictionary(self, full: Path) -> Path:
        target = self.cache_dir / f"jieba-{WORDS_KEPT}.txt"
        if not target.exists() or target.stat().st_mtime < full.stat().st_mtime:
            rows = [line.split(" ") for line in full.read_text(encoding="utf-8").splitlines() if line.strip()]
            rows.sort(key=lambda r: -int(r[1]))
            # The most frequent words, and every place and organisation name (长宁区, 瑞金医院):
            # addresses and hospitals are what these screens break most.
            kept = rows[:WORDS_KEPT] + [r for r in rows[WORDS_KEPT:] if len(r) > 2 and r[2] in NAMES]
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.part")
            partial.write_text("".join(" ".join(r) + "\n" for r in kept), encoding="utf-8")
            partial.replace(target)
        return target

    def words(self, text: str) -> list[str]:
        tokenizer = self._tokenizer
        if tokenizer is None:
            return list(text)
        return list(tokenizer.cut(text, HMM=True))


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "onekey" / "words"


SEGMENTER = Segmenter()


def units(text: str, segmenter: Segmenter = SEGMENTER, people: People = PEOPLE) -> list[str]:
    """``text`` as the pieces a line may break between (joined, they are ``text``). A person's
    name this process was told of (``people``: the data the centre answered with names them —
    a visitor, a driver, a daughter) is one piece: 志愿者张 / 建华 was a break. A protected
    unit holding a name stays whole: “张桂兰的服务” is one button's name, not 张桂兰 + 的服务."""
    pieces: list[str] = []
    last = 0
    named = _names_index(people)
    for match in PROTECTED.finditer(text):
        pieces += _named_words(text[last:match.start()], named, segmenter)
        pieces.append(match.group(0))
        last = match.end()
    pieces += _named_words(text[last:], named, segmenter)
    return _marks_kept(pieces)


NamesIndex = tuple[frozenset[str], tuple[int, ...]]  # the names, and their lengths longest first


def _named_words(run: str, named: NamesIndex | None, segmenter: Segmenter) -> list[str]:
    """A run outside the protected units: each known name one piece, jieba's words between."""
    pieces: list[str] = []
    last = 0
    for start, end in _name_spans(run, named) if named is not None else ():
        pieces += _words(run[last:start], segmenter)
        pieces += _name_units(run[start:end])
        last = end
    return pieces + _words(run[last:], segmenter)


def _name_spans(run: str, named: NamesIndex) -> Iterator[tuple[int, int]]:
    """Where known names stand in ``run``, left to right, the longest at each place (欧阳娜娜
    before 欧阳娜): a look-up per length at each character, not one pattern of every name —
    with 20,000 names that pattern took 0.1 s to build at every new name and 0.6 ms a line."""
    names, lengths = named
    i, n = 0, len(run)
    while i < n:
        for length in lengths:
            if i + length <= n and run[i:i + length] in names:
                yield i, i + length
                i += length
                break
        else:
            i += 1


NAME_DOTS = "·・•‧"  # the middle dot between the parts of a minority name (阿依古丽·买买提)
NAME_WHOLE_EMS = 6.0  # a name this wide or narrower is never split; a longer one breaks at its dots
_named: tuple[int, NamesIndex | None] = (-1, None)


def _names_index(people: People) -> NamesIndex | None:
    """Every name known and their lengths, rebuilt when a name is added (for this process's
    own ``PEOPLE``, once per change)."""
    global _named
    version, index = _named
    if version == people.version and people is PEOPLE:
        return index
    names = frozenset(people.names())
    index = (names, tuple(sorted({len(n) for n in names}, reverse=True))) if names else None
    if people is PEOPLE:
        _named = (people.version, index)
    return index


def _name_units(name: str) -> list[str]:
    """A name as the units a line keeps whole: all of it, or — wider than a short line holds
    (a long minority name) — its parts, each with the dot after it."""
    if ems(name) <= NAME_WHOLE_EMS or not any(d in name for d in NAME_DOTS):
        return [name]
    parts = re.findall(f"[^{NAME_DOTS}]+[{NAME_DOTS}]?|[{NAME_DOTS}]", name)
    return parts


def _marks_kept(pieces: list[str]) -> list[str]:
    """``pieces`` with closing punctuation joined to the piece before it and opening
    punctuation to the piece after it (禁则), and a road's or a name's suffix to its name."""
    merged: list[str] = []
    carry = ""  # opening punctuation waiting for the unit after it
    for piece in pieces:
        if piece and all(c in OPENING for c in piece):
            carry += piece
            continue
        if merged and (all(c in CLOSING for c in piece) or
                       (not carry and merged[-1][-1:] not in CLOSING  # not after “我的服务”: 里 is a word
                        and (piece in SUFFIXES or ROAD_PART.fullmatch(piece)))):
            merged[-1] += carry + piece  # (an opening mark before a closing one stays before it)
            carry = ""
            continue
        merged.append(carry + piece)
        carry = ""
    if carry:
        merged.append(carry)
    return merged


def _words(run: str, segmenter: Segmenter) -> list[str]:
    """jieba's words (punctuation and spaces come as words of their own)."""
    return segmenter.words(run) if run else []


JOINER = "\u2060"  # WORD JOINER: no line break here (UAX #14 LB11), where a box's closing marks follow it
UNIT_CLASS = "unit"  # CSS: display: inline-block (assets/slips/slip.css, the H5 pages' h5.css)
RUN_CLASS = "units"  # a text run holding units: an inline span
# A unit wider than this (in ems) stays plain text, breakable anywhere: a box wider than its
# line is broken badly by WeasyPrint (the text before it lands after its first line). The
# narrowest line a slip or page has holds about 7 ems (a 58 mm roll's hero, H5 at 320 px, 超大).
UNIT_MAX_EMS = 6.5
QUOTED_BOX_EMS = 9.0  # a quoted name with its mark, on a browser's page (box_limit)
# Text that is not laid out as lines of words, or where an element may not stand.
_AS_IS = frozenset({"head", "title", "script", "style", "textarea", "option", "select", "pre",
                    "code", "svg", "math", "template"})
_RAW = frozenset({"script", "style"})  # their text is not HTML-escaped in the page


def keep_units(page: str, segmenter: Segmenter = SEGMENTER, joiner: bool = False) -> str:
    """``page`` (HTML) with every unit of two characters or more in its text wrapped in
    ``<span class="unit">`` (see :func:`unit_spans`). The page's own markup is kept as written;
    attributes, forms and scripts are not touched. Applied to a whole page, not per template
    value, so every text of every page — fixed words too (服药, 主治医师) — keeps its units.
    ``joiner``: a browser's page (chromium breaks between a box and the ，after it: a word
    joiner holds them together); not a slip's, whose fonts need not have the joiner."""
    wrapper = _UnitWrapper(segmenter, joiner)
    wrapper.feed(page)
    wrapper.close()
    return "".join(wrapper.out)


def unit_spans(text: str, segmenter: Segmenter = SEGMENTER, joiner: bool = False) -> str:
    """``text`` as escaped HTML, each unit of two characters or more in its own span, the run
    in one more: in a flex container (a button's label) every child element is an item of its
    own, and a label of three units would stand in three rows; the run is one item, as the
    text alone was."""
    spans = "".join(f'<span class="{UNIT_CLASS}">{escape(u, quote=False)}</span>'
                    if len(u.strip()) > 1 and ems(u) <= box_limit(u, joiner) and not u.startswith(JOINER)
                    else escape(u, quote=False)
                    for unit in units(text, segmenter) for u in _narrow(unit, segmenter, joiner))
    return f'<span class="{RUN_CLASS}">{spans}</span>' if f'class="{UNIT_CLASS}"' in spans else spans


def box_limit(unit: str, browser: bool) -> float:
    """How wide a unit may be and still be one box: on a browser's page a quoted name may be
    wider (“张桂兰的服务”，): chromium wraps a box wider than its line inside it, where
    WeasyPrint (a slip) sets it badly."""
    return QUOTED_BOX_EMS if browser and unit[:1] in QUOTED else UNIT_MAX_EMS


def _narrow(unit: str, segmenter: Segmenter, joiner: bool) -> list[str]:
    """A unit too wide for a box: without the closing marks after it (“我的服务”，), which a
    browser keeps on the box's line when a word joiner holds them there (UAX #14 LB11), or
    else as its words, each with its marks — so it breaks between words (“一键通 / 申请”), not
    anywhere."""
    if ems(unit) <= box_limit(unit, joiner) or len(unit) < 2:
        return [unit]
    core = unit.rstrip("".join(CLOSING - set(QUOTED)))
    if joiner and core and core != unit and ems(core) <= box_limit(core, joiner):
        return [core, JOINER + unit[len(core):]]  # chromium breaks after a box, even before a ，
    return _marks_kept(segmenter.words(unit))


def ems(text: str) -> float:
    """About how wide ``text`` is set: a Chinese character or quotation mark an em (a CJK font
    sets “” full-width), anything else 0.55 (a digit of Noto Sans CJK)."""
    return sum(1.0 if east_asian_width(c) in "WF" or c in QUOTED else 0.55 for c in text)  # “” set full-width


class _UnitWrapper(HTMLParser):
    def __init__(self, segmenter: Segmenter, joiner: bool = False):
        super().__init__(convert_charrefs=True)
        self.segmenter, self.joiner = segmenter, joiner
        self.out: list[str] = []
        self.as_is: list[str] = []  # the open elements whose text stays as it is

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in _AS_IS:
            self.as_is.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self.as_is:
            while self.as_is.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.as_is and self.as_is[-1] in _RAW:
            self.out.append(data)
        elif self.as_is or not data.strip():
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(unit_spans(data, self.segmenter, self.joiner))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")
