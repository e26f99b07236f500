"""Build the slip font: Noto Sans CJK SC Bold cut down to what slips print almost always.

Why: WeasyPrint subsets every embedded font with HarfBuzz on each PDF. On the full CJK face
(65,535 glyphs) that costs ~50 ms and ~110 KB per slip; on this ~7,400-glyph cut it is a
few milliseconds and ~30 KB, so an 80 mm slip renders in about half the time. Characters
outside the cut (rare name characters) still print: the CSS font chain falls back to the
full Noto Sans CJK SC, then HanaMin (see ``fonts.py``).

Contents: ASCII and Latin-1, general and CJK punctuation, full-width forms, all 6,763
GB 2312 hanzi, and a list of common name characters GB 2312 lacks. A second cut, "OneKey
Slip SC Rare", holds the rare name characters Noto has (CJK Ext A, Ext B such as 𠮷), so a
rare name costs a small second face, not the full one. Noto CJK is under the
SIL Open Font License 1.1 (no reserved name applies to "OneKey Slip SC"); the licence
travels with the font in ``assets/fonts/``. Rebuild with ``onekey slip build-font``.
"""
from __future__ import annotations

from pathlib import Path

FAMILY = "OneKey Slip SC"
POSTSCRIPT = "OneKeySlipSC-Bold"
FONT_FILE = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "onekey-slip-sc-bold.otf"
RARE_FAMILY = "OneKey Slip SC Rare"
RARE_POSTSCRIPT = "OneKeySlipSCRare-Bold"
RARE_FONT_FILE = FONT_FILE.with_name("onekey-slip-sc-rare-bold.otf")

# Frequent in given names, missing from GB 2312 (public lists of 生僻字 in names, 户籍 data).
NAME_EXTRAS = (
    "喆堃昇玥珺琤璟镕瑄彧翀晞旻昶晟焱煜燚犇玮珅琮璇祎禛韡骞垚峣弢杲栢珩琰璨琬祺翊颢頔"
    "鋆鑫赟贇祐禕琇瑢瑀珣珞玹琳琨瑭璘瓒甯皓皞睿曦曈暐暻晔晗晖炜烨熠燊熹铖锟铠镛钰钊"
    "钧鈺淏浛涵淇湉湲溍滢漪澍濛濯瀚灏婳嫣嬛姝娴婵妤姮娅婕嫱彦彬昕昱晏暄朗楷槿樾桦"
    "柠栎梓棠楦榕樱橦檀毓沅沣泓洺浠涓淳渲溪滟漩潆澄瀛骁骐骢鹍鹏鸾麒麟蔚蓁蕙蕴薇"
)
PUNCTUATION = "·•—–…‘’“”■□●○◆◇★☆※〓"


def slip_codepoints() -> set[int]:
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    points |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for high in range(0xB0, 0xF8):  # GB 2312 hanzi rows 16–87
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    points |= {ord(c) for c in NAME_EXTRAS + PUNCTUATION}
    return points


def rare_codepoints() -> set[int]:
    """Rare characters in names: CJK Ext A and Ext B (Noto has 𠮷 and ~2,100 more of B), the
    ones the everyday cut lacks. A slip with a rare name embeds this small second cut instead
    of the full 65,535-glyph face (~100 ms and ~110 KB a slip to subset)."""
    return (set(range(0x3400, 0x4DC0)) | set(range(0x20000, 0x2A6E0)) | set(range(0xF900, 0xFB00))) \
        - slip_codepoints()


def build_slip_fonts(out_dir: Path | None = None) -> list[Path]:
    """Both cuts: the everyday one and the rare-name one."""
    folder = out_dir or FONT_FILE.parent
    return [build_slip_font(folder / FONT_FILE.name),
            build_slip_font(folder / RARE_FONT_FILE.name, codepoints=rare_codepoints(), family=RARE_FAMILY,
                            postscript=RARE_POSTSCRIPT)]


def build_slip_font(out: Path = FONT_FILE, source: str | None = None, index: int | None = None, *,
                    codepoints: set[int] | None = None, family: str = FAMILY, postscript: str = POSTSCRIPT) -> Path:
    """Cut the font (about 30 s) and write it to ``out``."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    from .fonts import locate

    if source is None:
        face = locate("Noto Sans CJK SC", "bold")
        if face is None:
            raise RuntimeError("Noto Sans CJK SC Bold is not installed (Debian: fonts-noto-cjk)")
        source, index = face.file, face.index
    font = TTCollection(source).fonts[index or 0]
    options = subset.Options()
    options.layout_features = ["kern", "ccmp"]  # horizontal text only: no vertical or other-locale forms
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints or slip_codepoints())
    subsetter.subset(font)
    names = {1: family, 2: "Bold", 3: f"{postscript};subset-of-NotoSansCJKsc-Bold", 4: f"{family} Bold",
             6: postscript, 16: family, 17: "Bold"}
    for record in list(font["name"].names):
        if record.nameID in names:
            record.string = names[record.nameID]
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return out
