"""Results said to a family member acting for her parent name the parent (亲友代办; the user
trial's 您的挂号已成功 on the daughter's phone): every service the spec declares, each of its
stages, its result screen and its 我的服务 detail, in Chinese and English — while the elder's
own TV and kiosk say the sentences exactly as the spec writes them. No window, no server: the
engine draws each screen from a record carrying every value its sentences and facts name."""
from __future__ import annotations

import re
import string
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accessibility.hosts import abilities_for
from shared_ui.confirmation import fill
from shared_ui.flow import FlowEngine
from shared_ui.flow.acting import acting
from shared_ui.flow.frames import DetailFrame, ResultFrame
from shared_ui.spec import load_spec
from shared_ui.spec.models import for_another

SPEC = load_spec()
TZ = ZoneInfo("Asia/Shanghai")
WHEN = (datetime.now(TZ) + timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)
ELDER = {"id": "el-wang", "name": "王秀英", "name_masked": "王*英", "gender": "female"}
# Values the centre itself words to her: a family member must read them about her too.
ADDRESSED = {"meet_place": "您家楼下", "fee_words": "您今年86岁，是本市户籍。", "doctor_note": "请您下周来复诊。"}
SERVICES = sorted(sid for sid, s in SPEC.services.items() if s.confirmation is not None)
CASES = [(sid, stage) for sid in SERVICES for stage in (None, *SPEC.services[sid].stages)]
ENGLISH_YOU = re.compile(r"\b(you|your|yours)\b", re.I)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def record_for(sid: str, stage: str | None) -> dict:
    """A confirmed request of ``sid`` with a value for every fact and every placeholder."""
    service = SPEC.services[sid]
    conf = service.confirmation
    formats = {f.key: f.format for f in conf.facts}
    wanted = set(formats) | _placeholders(conf.say) | {k for n in conf.notes for k in _placeholders(n)}
    wanted |= {k for st in service.stages.values() for k in _placeholders(st.say or "")}
    sample = {"datetime": WHEN.isoformat(), "date": WHEN.isoformat(), "time": WHEN.isoformat(),
              "queue": 15, "money": 25, "minutes": 8, "phone": "13912345678", "plate": "沪A·D1234"}
    result = {k: ADDRESSED.get(k, sample.get(formats.get(k, "text"), f"值{k}")) for k in sorted(wanted)}
    if stage:
        result["stage"] = stage
    return {"id": f"r-{sid}", "elder_id": ELDER["id"], "service": sid, "mode": "self", "channel": "miniprogram",
            "status": "confirmed", "form": {}, "failure": None, "result": result,
            "events": [{"status": "submitted", "at": WHEN.isoformat()}]}


def drawn(channel: str, record: dict, frame_kind: str, locale: str = "zh_CN", elder: dict | None = None):
    engine = FlowEngine(SPEC, channel, locale, abilities_for(channel))
    who = elder or ELDER
    session, _ = engine.start(who, household=[who])
    frame = ResultFrame(service_id=record["service"], record=record) if frame_kind == "result" \
        else DetailFrame(detail_kind="request", record=record)
    session.stack.append(frame)
    return engine.screen(session)


def family(sid: str, stage: str | None, frame_kind: str, locale: str = "zh_CN"):
    return drawn("miniprogram", record_for(sid, stage), frame_kind, locale, acting(ELDER, ["view", "book"]))


def shown(screen) -> list[str]:
    return [screen.title, screen.body or "", *[f"{f.label}{f.value}" for f in screen.facts], *screen.notes]


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("sid,stage", CASES)
def test_what_a_family_member_reads_of_a_booking_names_her_parent(sid, stage, frame_kind):
    screen, said = family(sid, stage, frame_kind)
    assert "王秀英" in said, (sid, stage, said)
    assert "您" not in said, (sid, stage, said)
    for text in shown(screen):
        assert "您" not in text, (sid, stage, text)


@pytest.mark.parametrize("sid,stage", CASES)
def test_in_english_too_the_sentence_is_about_her_not_the_reader(sid, stage):
    screen, said = family(sid, stage, "result", "en")
    assert "王秀英" in said, (sid, stage, said)
    assert not ENGLISH_YOU.search(said), (sid, stage, said)


@pytest.mark.parametrize("channel", ["tv", "kiosk"])
@pytest.mark.parametrize("sid,stage", CASES)
def test_the_elders_own_screens_say_the_sentence_as_the_spec_writes_it(sid, stage, channel):
    record = record_for(sid, stage)
    service = SPEC.services[sid]
    written = (service.stages[stage].say if stage and service.stages[stage].say else service.confirmation.say)
    screen, said = drawn(channel, record, "result")
    # (a kiosk's room sees the screen: a number to call is masked there — test_contact_phones.py)
    as_written = fill(written, SPEC, record, public=abilities_for(channel).public_screen)
    assert said.startswith(as_written), (sid, stage, said)
    assert "王秀英" not in said
    assert [f.value for f in screen.facts if "您家" in f.value or "您今年" in f.value] == \
        [v for k, v in ADDRESSED.items() if k in {f.key for f in service.confirmation.facts}
         and k in record["result"]]


def test_the_rule_is_the_one_sentence_form_every_catalog_holds():
    """Each 您 sentence of a service has its form for another in the English catalog (extracted
    beside it), so the family's English page is not the Chinese one."""
    from shared_ui.i18n import missing_translations

    sentences = [s for sid in SERVICES for s in (SPEC.services[sid].confirmation.say,
                                                 *SPEC.services[sid].confirmation.notes,
                                                 *(st.say or "" for st in SPEC.services[sid].stages.values()))
                 if "您" in s]
    assert sentences, "the spec's services say 您"
    missing = set(missing_translations(SPEC, "en"))
    assert not [for_another(s) for s in sentences if for_another(s) in missing]


def test_submitting_for_her_says_whom_it_is_for():
    """The busy line while a booking is sent (正在为您预约) is about her too."""
    from tests.shared_ui.scripted import ELDER as PROFILE, Scripted

    who = acting(PROFILE, ["view", "book"])
    s = Scripted("miniprogram", elder=who, abilities=abilities_for("miniprogram"), household=[who])
    s.send("select", who["id"]) if s.screen.kind == "choose_elder" else None
    review = s.send("select", "registration")
    assert review.screen.kind == "review", review.screen
    sending = s.send("confirm", settle=False)
    assert sending.screen.kind == "busy" and "为王秀英预约" in sending.speech, sending.speech
    done = s.settle(sending)
    assert done.screen.kind == "result" and done.speech.startswith("王秀英的挂号已成功"), done.speech
