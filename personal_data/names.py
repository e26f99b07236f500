"""Chinese personal names: where the surname ends.

A compound surname (复姓) is two characters and is the whole surname: 欧阳娜娜 is greeted
欧阳阿姨, never 欧阿姨. The list is the compound surnames of the 百家姓 and the ones still
common today; a three-character or longer name that starts with one of them has it as its
surname (a two-character name is surname + given name: 司马 alone is a surname, 欧阳 a person
called 欧 阳 is not told apart and keeps both). Characters are counted as masking counts them
(𠮷 is one character, a variation selector joins the one before it).
"""
from __future__ import annotations

from .masking import characters

COMPOUND_SURNAMES = frozenset("""
欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫
西门 百里 呼延 司空 澹台 公冶 太史 申屠 闻人 万俟 仲孙 赫连 濮阳 淳于 单于 宗政 公羊 拓跋 第五
梁丘 左丘 东郭 南门 羊舌 微生 公西 漆雕 乐正 壤驷 公良 巫马 谷梁 宰父 夹谷 段干 东门 子车 颛孙
司寇 亓官 鲜于 闾丘 公户 公玉 公仪 梁丘 公上 公门 公山 公坚 左人 谷利 马师 佘佴 伯赏 南荣 墨哈
""".split())


def surname(name: str | None) -> str:
    """王秀英 → 王, 欧阳娜娜 → 欧阳, 司马光 → 司马, 𠮷祥 → 𠮷; '' for no name."""
    chars = characters((name or "").strip())
    if len(chars) >= 3 and "".join(chars[:2]) in COMPOUND_SURNAMES:
        return "".join(chars[:2])
    return chars[0] if chars else ""



def form_of_address(name: str | None, gender: str | None, locale: str = "zh_CN") -> str:
    """How an elder is greeted aloud without her full name (a kiosk is a public place):
    王秀英 → 王阿姨, 李国强 → 李伯伯, 欧阳娜娜 → 欧阳阿姨. '' when there is no name, and in
    other languages (an English voice cannot say the surname: the greeting is a plain hello)."""
    family = surname(name)
    if not family or not locale.startswith("zh"):
        return ""
    return family + ("阿姨" if gender == "female" else "伯伯")


def kin_and_name(relation: str | None, name: str | None) -> str:
    """How a relative is named to the elder: relation then name (女儿陈静), said once when the
    name already carries it (a member who calls himself 儿子小王 is 儿子小王, not 儿子儿子小王)."""
    relation, name = (relation or "").strip(), (name or "").strip()
    if relation and name.startswith(relation):
        return name
    return f"{relation}{name}"


# -- the people a text names, known as data (a line never breaks inside a name) --------------------
# Fields of the product's data that hold a person's name (the centre's answers, a front end's
# records): a doctor, a driver, a companion, a visitor, an agent, the elder herself.
PERSON_FIELDS = frozenset({"elder_name", "doctor_name", "driver_name", "companion_name", "visitor_name",
                           "agent_name", "volunteer_name", "member_name", "escort_name", "staff_name",
                           "name_masked", "elder_name_masked"})
# A dict under one of these keys is a person (its ``name`` is hers or his): a volunteer who
# helped at a kiosk, the visitor of a patrol visit, whoever assisted.
PERSON_HOLDERS = frozenset({"volunteer", "visitor", "assisted_by", "elder", "member", "contact", "driver",
                            "companion", "doctor", "agent"})
# A dict with one of these beside its ``name`` is a person too (an elder, a contact, a family
# member), where a hospital's or a place's dict has none of them.
PERSON_MARKS = frozenset({"name_masked", "relation", "gender", "phone_masked", "id_number_masked"})
# The list a message carries of the people its words name (the centre marks them as it writes).
PEOPLE_KEY = "people"
NAME_MAX = 12  # characters: a name with a middle dot (阿依古丽·买买提) is longer than most


def is_name(value: object) -> bool:
    """A short run of letters, no digits or spaces: what a person's name can be."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return 2 <= len(characters(text)) <= NAME_MAX and not any(c.isdigit() or c.isspace() for c in text)


def plain(value: object) -> object:
    """A name as text says it: an account that carries its role before it (志愿者 张建华) is
    named 张建华 in sentences (志愿者张建华来看您)."""
    if isinstance(value, str) and " " in value.strip() and any("\u4e00" <= c <= "\u9fff" for c in value):
        return value.split()[-1]
    return value.strip() if isinstance(value, str) else value


def people_in(data: object, holder: str = "") -> set[str]:
    """Every person's name the data holds (an answer of the centre, a record, a session's elder),
    found by what the data says it is — never guessed from text."""
    found: set[str] = set()
    if isinstance(data, dict):
        person = holder in PERSON_HOLDERS or any(k in data for k in PERSON_MARKS)
        for key, value in data.items():
            if key == PEOPLE_KEY and isinstance(value, list):
                found |= {v.strip() for v in value if is_name(v)}
            elif key in PERSON_FIELDS or (key == "name" and person):
                value = plain(value)
                if is_name(value):
                    found.add(value)
            elif isinstance(value, (dict, list)):
                found |= people_in(value, key)
    elif isinstance(data, list):
        for value in data:
            found |= people_in(value, holder[:-1] if holder.endswith("s") else holder)
    return found


class People:
    """The names this process has been told of (bounded: the oldest go first), for the line
    breaker (``accessibility.line_breaks``) to keep each whole. Thread-safe; ``version`` changes
    whenever a name is added, so a reader can cache what it built from them."""

    def __init__(self, most: int = 20_000):
        import threading
        from collections import OrderedDict

        self.most = most
        self._names: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self.version = 0

    def keep(self, names: "set[str] | list[str] | tuple[str, ...]") -> None:
        with self._lock:
            added = False
            for name in names:
                if not is_name(name):
                    continue
                if name in self._names:
                    self._names.move_to_end(name)
                    continue
                self._names[name] = None
                added = True
                while len(self._names) > self.most:
                    self._names.popitem(last=False)
            if added:
                self.version += 1

    def keep_from(self, data: object) -> None:
        """The people ``data`` names (see :func:`people_in`)."""
        self.keep(people_in(data))

    def names(self) -> list[str]:
        with self._lock:
            return list(self._names)

    def forget(self) -> None:
        with self._lock:
            self._names.clear()
            self.version += 1


PEOPLE = People()
