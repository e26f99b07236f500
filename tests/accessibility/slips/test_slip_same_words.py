"""Same words on screen, in speech and on paper (issue 11): what to bring is the provider's
list, shown by the TV's result screen, said by its speech and printed on the slip alike."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from accessibility.hosts import abilities_for
from shared_ui.flow import FlowEngine
from shared_ui.flow.frames import ResultFrame
from shared_ui.flow.kinds.outcome import build_result
from shared_ui.spec.loader import load_spec

from .conftest import NOW, load_sample, pdf_text


def result_step(record):
    """The TV's result screen and what it says, as the flow engine builds them."""
    engine = FlowEngine(load_spec(), "tv", abilities=abilities_for("tv"))
    session, _ = engine.start({"id": record["elder_id"], "name": "张建明"})
    frame = ResultFrame(service_id=record["service"], record=record, focus="home")
    session.stack.append(frame)
    screen, speech = build_result(engine, session, frame)
    return SimpleNamespace(screen=screen, speech=speech)


@pytest.mark.parametrize("bring", [["医保卡", "身份证", "既往病历"], ["身份证"], ["社保卡或医保电子凭证", "近半年的检查报告"]])
def test_the_bring_list_is_one_sentence_everywhere(renderer, tmp_path, bring):
    record, elder = load_sample("registration")
    record["result"]["bring"] = bring
    sentence = f"请带好{'、'.join(bring)}。"
    step = result_step(record)
    assert sentence in step.screen.notes
    assert sentence in step.speech
    slip = renderer.render(record, elder, "80mm", now=NOW)
    assert "".join(sentence.split()) in "".join(pdf_text(slip.pdf, tmp_path).split())
    assert renderer.content(record, elder).bring == sentence


def test_no_list_no_bring_sentence_anywhere(renderer, tmp_path):
    record, elder = load_sample("registration")
    record["result"]["bring"] = []
    step = result_step(record)
    assert not any("带好" in n for n in step.screen.notes) and "带好" not in step.speech
    assert "带好" not in pdf_text(renderer.render(record, elder, "80mm", now=NOW).pdf, tmp_path)
