"""A slip never prints the centre's internal id (单号 req_3f9a…: a user trial's desk clerk could
not read it out, nor look it up); it prints the 受理号 — nine digits in three groups, derived from
the id (personal_data/references.py) — which the console's 电话受理 finds the request by.

Every slip kind (each service's confirmation, the receipt of every status, the alarm record) in
every layout, by text extraction; one of each rendered to PNG for the eye."""
from __future__ import annotations

import re
import secrets

import pytest

from call_center import lifecycle
from personal_data.references import id_suffix, reference
from shared_ui.spec.loader import load_spec

from .conftest import KINDS, NOW, load_sample, pdf_pages_png, pdf_text

LAYOUTS = ("58mm", "80mm", "a5")


def _records() -> list[tuple[str, dict, dict]]:
    """(name, record, elder): every sample kind as it is, and every request service of the spec
    in every lifecycle status (a receipt, or its confirmation once confirmed)."""
    out = [(kind, *load_sample(kind)) for kind in KINDS]
    base, elder = load_sample("receipt")
    for service in sorted(s.id for s in load_spec().services.values() if s.kind == "request"):
        for status in lifecycle.STATUSES:
            out.append((f"{service}-{status}", {**base, "service": service, "status": status,
                                                "result": None, "form": {}}, elder))
    return out


def _real_id(record: dict) -> str:
    prefix = "alm" if "alarm" in str(record.get("id", "")) or record.get("id", "").startswith("alm") else "req"
    return f"{prefix}_{secrets.token_hex(6)}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_slip_prints_a_number_to_read_out_and_never_the_internal_id(renderer, tmp_path, layout):
    wrong = []
    for name, record, elder in _records():
        record = {**record, "id": _real_id(record)}
        text = pdf_text(renderer.render(record, elder, layout, now=NOW).pdf, tmp_path)
        flat = re.sub(r"\s+", "", text)
        ref = reference(record["id"])
        problems = []
        if record["id"] in flat or record["id"][4:] in flat or re.search(r"(req|alm)_", flat):
            problems.append("prints the id")
        if "受理号" + ref.replace(" ", "") not in flat:
            problems.append(f"no 受理号 {ref}")
        if id_suffix(ref) is None or not record["id"].endswith(id_suffix(ref)):
            problems.append("the number does not lead back to the id")
        if problems:
            wrong.append((name, problems))
    assert wrong == []


def test_the_number_is_printed_in_groups_a_person_reads_aloud(renderer, tmp_path):
    record, elder = load_sample("registration")
    record["id"] = "req_00000000002a"
    text = pdf_text(renderer.render(record, elder, "80mm", now=NOW).pdf, tmp_path, layout=True)
    assert re.search(r"受理号\s+000 000 042", text), text[-300:]


def test_a_slip_of_each_kind_rendered_to_png(renderer, tmp_path):
    """What the eye sees: one PNG a kind (kept under the test's tmp dir for looking at)."""
    for kind in KINDS:
        record, elder = load_sample(kind)
        record["id"] = _real_id(record)
        out = tmp_path / kind
        out.mkdir()
        pages = pdf_pages_png(renderer.render(record, elder, "80mm", now=NOW).pdf, out, 150)
        assert len(pages) == 1 and pages[0].stat().st_size > 2000, kind
