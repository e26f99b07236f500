"""Rare characters in names print as real glyphs, never as empty boxes (.notdef)."""
from __future__ import annotations

import re
import zlib

from fontTools.ttLib import TTCollection, TTFont

from accessibility.slips.fonts import MISSING_MARK, Coverage

from .conftest import NOW, load_sample, pdf_text

STREAM_RE = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR_RE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def tounicode_pairs(pdf: bytes) -> set[tuple[int, str]]:
    """(glyph id, text) pairs from every ToUnicode CMap in the PDF."""
    pairs = set()
    for raw in STREAM_RE.findall(pdf):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            continue
        if b"beginbfchar" not in data:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for gid, text in BFCHAR_RE.findall(block):
                pairs.add((int(gid, 16), bytes.fromhex(text.decode()).decode("utf-16-be")))
    return pairs


def glyph_id(char: str, coverage: Coverage) -> tuple[str, int]:
    """The first chain font that has ``char`` and the glyph id it maps it to."""
    for face in coverage.faces:
        font = (TTCollection(face.file, lazy=True).fonts[face.index]
                if face.file.lower().endswith(".ttc") else TTFont(face.file, lazy=True))
        name = font.getBestCmap().get(ord(char))
        if name:
            assert name != ".notdef"
            return face.family, font.getGlyphID(name)
    raise AssertionError(f"no chain font has U+{ord(char):04X}")


def uncovered(coverage: Coverage) -> str:
    return next(chr(cp) for cp in range(0x31350, 0x323AF) if cp not in coverage.codepoints)


def test_the_cjk_fonts_have_the_common_rare_name_characters():
    coverage = Coverage.of()
    for char in "㛃𠮷䶮堃喆":
        family, gid = glyph_id(char, coverage)
        assert family in ("OneKey Slip SC", "OneKey Slip SC Rare") and gid > 0  # shipped cuts, not the full face


def test_rare_characters_print_with_their_own_glyphs(renderer, tmp_path):
    coverage = renderer.coverage
    ext_b = "\U00020000"  # 𠀀: not in Noto CJK; HanaMinB has it when fonts-hanazono is installed
    missing = uncovered(coverage)
    record, elder = load_sample("registration")
    elder["name"] = elder["name_masked"] = "㛃丽𠮷"
    record["result"]["department_name"] = f"心内科{ext_b}䶮{missing}"
    slip = renderer.render(record, elder, "80mm", now=NOW)
    text = pdf_text(slip.pdf, tmp_path)
    assert "㛃*𠮷" in text
    pairs = tounicode_pairs(slip.pdf)
    assert pairs, "no ToUnicode CMap found"
    assert all(gid not in (0, 0xFFFF) for gid, _ in pairs), "a glyph printed as .notdef"
    expected = "㛃𠮷䶮" + (ext_b if coverage.covers(ext_b) else "")
    for char in expected:
        _, gid = glyph_id(char, coverage)
        assert (gid, char) in pairs, f"U+{ord(char):04X} is not drawn with its own glyph"
    # a character no installed font has is printed as the missing-character mark, not a box
    assert missing not in text
    assert MISSING_MARK in text
    if not coverage.covers(ext_b):
        assert ext_b not in text
