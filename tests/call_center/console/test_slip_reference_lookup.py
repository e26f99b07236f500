"""The desk finds a request or an alarm by the 受理号 its slip prints (personal_data/references.py),
typed as the elder reads it out — with spaces, dashes or full-width digits; the request's and the
alarm's pages show it. Two sharing one 受理号 are both listed, each with its elder."""
from __future__ import annotations

import re
from typing import Any

import pytest

from call_center.models import ServiceRequest
from personal_data.references import reference
from tests.page_text import page_text


def _typed(ref: str, how: str) -> str:
    if how == "dashes":
        return ref.replace(" ", "-")
    if how == "full-width":
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else "\u3000" for c in ref)
    return ref


@pytest.mark.parametrize("how", ["spaces", "dashes", "full-width"])
def test_the_desk_finds_a_request_by_the_number_on_its_slip(console: Any, how: str) -> None:
    req = console.new_request("consultation")
    ref = reference(req["id"])
    page = page_text(console.post("/console/find", {"query": _typed(ref, how)}))
    found = re.search(r'id="found-slips".*?</table>', page, re.S)
    assert found and f'/console/requests/{req["id"]}' in found.group(0)
    assert "咨询" in found.group(0) and "已提交" in found.group(0)
    assert ref in page_text(console.get(f'/console/requests/{req["id"]}'))
    audit = console.audit("search_elder")[-1]
    assert "受理号" in audit.detail and ref.replace(" ", "") not in audit.detail


def test_two_requests_sharing_a_number_are_both_listed(console: Any) -> None:
    first = console.new_request("consultation")
    db = console.app.extensions["onekey"].db
    twin = "req_99" + first["id"][-10:]  # the same last seven hex digits
    with db.writing() as s:
        row = s.get(ServiceRequest, first["id"])
        s.add(ServiceRequest(id=twin, elder_id=console.app.demo.elders["li"], service="taxi", mode="self",
                             channel="kiosk", status="submitted", form={}, created_by="kiosk:x"))
        s.commit()
        assert row is not None
    page = page_text(console.post("/console/find", {"query": reference(first["id"])}))
    table = re.search(r'id="found-slips".*?</table>', page, re.S).group(0)
    assert first["id"] in table and twin in table and "请按凭条上的老人和时间核对" in page


def test_a_number_that_names_nothing_says_so(console: Any) -> None:
    page = page_text(console.post("/console/find", {"query": "000 000 001"}))
    assert "没有这个受理号" in page
