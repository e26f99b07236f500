"""The shipped slip font: every GB 2312 hanzi, the common name extras, and it is what slips embed."""
from __future__ import annotations

import subprocess

from fontTools.ttLib import TTFont

from accessibility.slips.fontbuild import FAMILY, NAME_EXTRAS, slip_codepoints
from accessibility.slips.fonts import FONT_CHAIN, SLIP_FONT_FILE

from .conftest import NOW, load_sample


def test_shipped_font_covers_the_slip_character_set():
    font = TTFont(str(SLIP_FONT_FILE), lazy=True)
    cmap = font.getBestCmap()
    wanted = slip_codepoints()
    missing = {cp for cp in wanted if cp not in cmap and 0x4E00 <= cp <= 0x9FFF}
    assert not missing, f"{len(missing)} hanzi missing, e.g. {chr(min(missing))}"
    assert all(ord(c) in cmap for c in NAME_EXTRAS + "挂号成功排队号请带好身份证")
    names = {n.nameID: n.toUnicode() for n in font["name"].names}
    assert names[1] == FAMILY and FONT_CHAIN[0] == FAMILY
    assert (SLIP_FONT_FILE.parent / "OFL.txt").is_file()  # the licence travels with the font


def test_ordinary_slips_embed_only_the_slip_font(renderer, tmp_path):
    record, elder = load_sample("registration")
    slip = renderer.render(record, elder, "58mm", now=NOW)
    path = tmp_path / "s.pdf"
    path.write_bytes(slip.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert len(embedded) == 1 and embedded[0].endswith("+OneKey-Slip-SC-Bold")
    assert " yes yes yes " in fonts  # embedded, subset, with a ToUnicode map
