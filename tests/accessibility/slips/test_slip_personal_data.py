"""An elder's numbers reach paper masked however they were typed: full-width digits from a
Chinese input method, an ID number written in groups, a one-character name (seed 004
个人信息保护; personal_data.masking is the one rule set)."""
from __future__ import annotations

import pytest

from personal_data.masking import unmasked_numbers

from .conftest import KINDS, NOW, load_sample, pdf_text

PHONE = "１３９ １２３４ ５６７８"
ID_NUMBER = "310101 19400101 1234"
ELDER = {"id": "eld_7f3a9c", "name": "王", "phone": PHONE, "id_number": ID_NUMBER}
SNEAKED = f"（老人电话{PHONE}，身份证{ID_NUMBER}，家属+86 139-2222-3333）"


def with_numbers(kind: str) -> dict:
    """The sample record with the elder's numbers in a field that kind of slip prints."""
    record, _ = load_sample(kind)
    result = record.get("result") or {}
    if kind == "registration":
        result["hospital_address"] += SNEAKED
    elif kind == "taxi":
        result["pickup_address"] += SNEAKED
        result["driver_phone"] = "＋８６ １３９８７６５４３２１（老人身份证" + ID_NUMBER + "）"  # not only a number
    elif kind == "escort":
        result["meet_address"] += SNEAKED
        result["companion_phone"] = "＋８６ １３９８７６５４３２１（老人身份证" + ID_NUMBER + "）"  # not only a number
    elif kind == "discharge_transport":
        result["destination_address"] += SNEAKED
        result["crew_phone"] = "＋８６ １３９８７６５４３２１（老人身份证" + ID_NUMBER + "）"  # not only a number
    elif kind == "special_vehicle":
        result["pickup_address"] += SNEAKED
        result["driver_phone"] = "＋８６ １３９８７６５４３２１（老人身份证" + ID_NUMBER + "）"  # not only a number
    elif kind == "refill":
        result["delivery_address"] += SNEAKED
        result["doctor_note"] += SNEAKED
    elif kind == "consultation":
        result["summary"] += SNEAKED
    elif kind == "receipt":
        record["form"]["note"] = SNEAKED
    elif kind == "device_application":
        result["fee_words"] += SNEAKED  # the street office's words travel in the result
    else:
        record["events"][0]["note"] = SNEAKED
    return record


@pytest.mark.parametrize("kind", KINDS)
def test_slip_content_prints_no_number_whole_and_no_name(renderer, kind, tmp_path):
    content = renderer.content(with_numbers(kind), ELDER)
    printed = "\n".join(content.texts())
    assert content.elder_name == "*"  # a one-character name is the whole name
    assert "139****5678" in printed and "3101**********1234" in printed and "139****3333" in printed
    assert unmasked_numbers(printed) == []

    slip = renderer.render(with_numbers(kind), ELDER, "80mm", now=NOW)
    text = pdf_text(slip.pdf, tmp_path)
    assert unmasked_numbers(text) == []
    assert "老人：*" in "".join(text.split())
    if kind in ("taxi", "escort", "discharge_transport", "special_vehicle"):
        assert "139****4321" in text
