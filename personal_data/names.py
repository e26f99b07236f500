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
