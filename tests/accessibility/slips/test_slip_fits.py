"""Slips fit their paper (issue 11): every sample and every long variant, in every layout, is
one page (a roll: one strip), keeps every character of every fact, and puts no ink or text
outside the paper."""
from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accessibility.slips.layouts import LAYOUTS
from accessibility.slips.samples import KINDS, long_samples, sample

from .conftest import NOW, pdf_text

LONG = list(long_samples())
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def squash(text: str) -> str:
    return "".join(text.split())


def assert_on_paper(pdf: bytes, tmp_path, slip) -> None:
    path = tmp_path / "fit.pdf"
    path.write_bytes(pdf)
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = PAGE.findall(bbox)
    assert len(pages) == 1, f"{len(pages)} pages"
    width, height = map(float, pages[0])
    assert width == pytest.approx(slip.width_mm / 25.4 * 72, abs=1)
    for x0, y0, x1, y1 in WORD.findall(bbox):
        assert 0 <= float(x0) and float(x1) <= width + 0.5, f"text runs off the side: {x0}–{x1} of {width}"
        assert 0 <= float(y0) and float(y1) <= height + 0.5, f"text runs off the bottom: {y1} of {height}"


def assert_fits(renderer, record, elder, layout, tmp_path):
    slip = renderer.render(record, elder, layout, now=NOW)
    assert slip.pages == 1
    assert_on_paper(slip.pdf, tmp_path, slip)
    path = tmp_path / "raw.pdf"
    path.write_bytes(slip.pdf)  # -raw: in the order drawn, so a table's cells are not interleaved
    printed = squash(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                    check=True).stdout.decode())
    content = renderer.content(record, elder)
    for text in content.texts():
        assert squash(text) in printed, f"{text!r} is not all on the {layout} slip"
    assert squash("出单时间") in printed and "12345" in printed
    return slip


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("kind", KINDS)
def test_every_sample_fits_one_page(renderer, kind, layout, tmp_path):
    record, elder = sample(kind)
    slip = assert_fits(renderer, record, elder, layout, tmp_path)
    if kind == "alarm" and layout == "a5":
        assert slip.scale >= 0.8  # nine escalation steps: a little smaller, still large print
    else:
        assert slip.scale == 1.0  # the ordinary slip keeps its full sizes


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name, record, elder", LONG, ids=[n for n, _, _ in LONG])
def test_every_long_sample_fits_one_page(renderer, name, record, elder, layout, tmp_path):
    slip = assert_fits(renderer, record, elder, layout, tmp_path)
    if layout != "a5":
        assert slip.scale == 1.0  # a roll grows; only a sheet shrinks its type


def test_the_a5_taxi_slip_of_a_wrapping_pickup_address_is_one_page_at_full_size(renderer, tmp_path):
    """Demo elder 王秀英's address used to push 出单时间 alone onto page 2."""
    _, record, elder = next(s for s in LONG if s[0] == "taxi-wang")
    slip = assert_fits(renderer, record, elder, "a5", tmp_path)
    assert slip.scale == 1.0


def test_a_long_masked_name_leaves_the_a5_title_on_one_line(renderer, tmp_path):
    _, record, elder = next(s for s in LONG if s[0] == "registration-long")
    slip = renderer.render(record, elder, "a5", now=NOW)
    text = pdf_text(slip.pdf, tmp_path)
    assert "挂号成功" in text  # one word, not 挂\n号\n成\n功


TEXT = st.text(st.sampled_from(list("上海市长宁区仙霞路弄号室医院心内科（）、，·𠮷㛃ABCXYZ0123456789-_/")), min_size=1,
               max_size=140)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(address=TEXT, car=TEXT, name=st.text(st.sampled_from(list("欧阳司马王秀英阿卜杜热依木·𠮷")), min_size=1, max_size=30),
       layout=st.sampled_from(sorted(LAYOUTS)))
def test_generated_taxi_data_fits(renderer, tmp_path, address, car, name, layout):
    record, elder = sample("taxi")
    record["result"].update(pickup_address=address, destination_address=address[::-1], car=car)
    assert_fits(renderer, record, {**elder, "name": name, "name_masked": None}, layout, tmp_path)
