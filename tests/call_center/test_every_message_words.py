"""Every message the centre creates — wherever in its code a ``Message`` is made (found in the
source) — carries its body's words and reads whole in English on an English screen, title and body,
shown, said and popped up, but for what is as written (a name, a place, a policy's own text, a
person's own words); its Chinese is what it was before, byte for byte; and a message about to be
stored without words is refused, whoever makes it.

The walk reaches each creating site through the centre's own code: a family member asking to
help (on the TV, by a code shown for a named member and for one without a name, the binding a
code makes), a family note (a preset that calls her 妈, one that calls her nothing, free text),
an agent's notice, a policy push, the demo's consent notice, and every composed message
test_message_words makes (reminders, patrol visits, return visits, a complaint's outcome). A new
``Message(`` in the source that no flow here reaches fails the test."""
from __future__ import annotations

import ast
import re
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, select

import call_center
from call_center import present
from call_center.clock import at, today
from call_center.models import Elder, Message
from call_center.models.family import Binding, FamilyAccount, FamilyCode

from .family_members import ask, bearer, bound, family_token
from .test_message_words import composed
from .test_status_messages_words import english_left

SOURCE = Path(call_center.__file__).resolve().parent


def creating_sites() -> set[tuple[str, int, int]]:
    """(file, first line, last line) of every ``Message(...)`` in the centre's source."""
    found = set()
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message":
                found.add((str(path.relative_to(SOURCE)), node.lineno, node.end_lineno or node.lineno))
    return found


@pytest.fixture
def reached() -> Any:
    """(file, line) in the centre's source of each Message made while the test runs."""
    out: list[tuple[str, int]] = []

    def made(_target: Any, _args: Any, _kwargs: Any) -> None:
        frame = sys._getframe(1)
        while frame is not None:
            path = Path(frame.f_code.co_filename).resolve()
            if SOURCE in path.parents and path.name != "messages.py" or \
                    (path.name == "messages.py" and path.parent.name == "blueprints"):
                out.append((str(path.relative_to(SOURCE)), frame.f_lineno))
                return
            frame = frame.f_back

    event.listen(Message, "init", made)
    yield out
    event.remove(Message, "init", made)


def ok(response: Any, status: int = 201) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def families(app: Any) -> None:
    """Asked on the TV, a code for a member without a name and one for a named member, the
    binding the named one's code makes; notes of each kind; the demo's consent notice made again."""
    client, demo = app.test_client(), app.demo
    token = family_token(client, demo)
    ask(client, token, "li", relation="侄子", permissions=["view", "book"])
    for subject, name in (("o-test-nameless", None), ("o-test-named", "李娟")):
        member = family_token(client, demo, subject=subject, name=name, phone=None)
        ok(client.post("/v1/family/codes", json={"elder_phone": "13916205871", "elder_name": "王秀英"},
                       headers={**bearer(member), "Idempotency-Key": uuid.uuid4().hex}))
    database = app.extensions["onekey"].db
    with database.session(write=False) as db:
        code = db.scalars(select(FamilyCode.code).where(FamilyCode.used_at.is_(None))
                          .order_by(FamilyCode.created_at.desc())).first()
    ok(client.post("/v1/family/bindings", json={"relation": "孙女", "code": code},
                   headers={**bearer(member), "Idempotency-Key": uuid.uuid4().hex}), 201)
    daughter = bound(client, demo, "zhang", subject="o-test-daughter", name="陈静")
    friend = bound(client, demo, "zhang", subject="o-test-friend", name="王海", relation="朋友")
    zhang = demo.elders["zhang"]
    for who, body in ((daughter, {"preset": "visit_sunday"}), (friend, {"preset": "call_me"}),
                      (daughter, {"text": "妈，我周六带孩子来。"})):
        ok(client.post(f"/v1/family/elders/{zhang}/messages", json=body,
                       headers={**bearer(who), "Idempotency-Key": uuid.uuid4().hex}))
    from call_center.demo_data import DEMO_FAMILY, _families

    with database.writing() as db:
        (provider, subject, *_rest), = DEMO_FAMILY
        member_id = db.scalar(select(FamilyAccount.id).where(FamilyAccount.subject == subject))
        db.execute(delete(Binding).where(Binding.family_id == member_id))
        _families(db, {key: db.get(Elder, demo.elders[key]) for key in demo.elders})


def agents_and_policies(app: Any) -> None:
    from call_center.policies import offers

    client, demo = app.test_client(), app.demo
    agent = {**bearer(demo.tokens["agent"]), "Idempotency-Key": uuid.uuid4().hex}
    ok(client.post(f"/v1/elders/{demo.elders['wang']}/messages", json={"title": "停水通知",
                   "body": "明天上午9点到12点小区停水，请提前接好水。"}, headers=agent))
    assert offers.sweep(app.extensions["onekey"].db, per_day=3, at=at(today(), 10)) >= 3


def stored(app: Any) -> list[dict]:
    with app.extensions["onekey"].db.session(write=False) as db:
        return [present.message(m).model_dump(mode="json")
                for m in db.scalars(select(Message).order_by(Message.created_at))]


def test_every_message_the_centre_makes_reads_in_english_but_what_is_as_written(center_app, reached):
    families(center_app)
    agents_and_policies(center_app)
    messages = stored(center_app)
    with center_app.extensions["onekey"].db.writing() as db:
        made = composed(db, db.get(Elder, center_app.demo.elders["wang"]))
        messages += [present.message(m).model_dump(mode="json") for m in made]
        db.rollback()
    sites = creating_sites()
    assert len(sites) >= 10
    missed = {(f, first) for f, first, last in sites
              if not any(f == g and first <= line <= last for g, line in reached)}
    assert missed == set(), "messages no flow here makes: add the flow"
    kinds = {m["kind"] for m in messages}
    assert {"consent", "family_code", "family", "notice", "policy", "reminder", "return_visit"} <= kinds
    for public in (False, True):
        assert english_left(messages, public) == {}


def test_their_chinese_is_what_it_was(center_app):
    """The words make the Chinese every Chinese screen showed and said before, byte for byte."""
    families(center_app)
    agents_and_policies(center_app)
    told = {(m["kind"], m["title"], m["body"]) for m in stored(center_app)}
    assert {
        ("consent", "家人想帮您办事", "您的侄子陈静（手机尾号1234）想帮您办事：查看办理情况、帮您预约和叫车。同意请选同意；"
                                     "不认识这个人，请选不同意。"),
        ("consent", "家人已经可以帮您办事", "您的孙女李娟现在可以用手机帮您办事了。如果不想让孙女办，请在这里按解除绑定。"),
        ("family", "女儿陈静的留言", "妈，周日我来看您。"),
        ("family", "朋友王海的留言", "有空给我回个电话。"),
        ("family", "女儿陈静的留言", "妈，我周六带孩子来。"),
        ("consent", "家人已经可以帮您办事", "您的女儿陈静现在可以用手机帮您办事了。如果不想让她办，请在这里按解除绑定。"),
        ("notice", "停水通知", "明天上午9点到12点小区停水，请提前接好水。"),
    } <= told
    codes = sorted(re.sub(r"[0-9] [0-9] [0-9] [0-9] [0-9] [0-9]", "X", body)
                   for kind, title, body in told if (kind, title) == ("family_code", "家人绑定码"))
    assert codes == [f"绑定码 X。{who}想用手机帮您办事。如果您同意，请把这个码告诉他；陌生人问您要，千万不要告诉。10分钟内有效。"
                     for who in ("一位家人", "李娟")]
    policies = [body for kind, _t, body in told if kind == "policy"]
    assert policies and all(b.endswith("想办理的话，养老顾问会打电话帮您办。") for b in policies)
    assert any(b.startswith("王阿姨，您今年") for b in policies), policies


def test_a_message_without_words_is_refused_whoever_makes_it(center_app):
    from call_center.models.messages import MessageWithoutWords

    with center_app.extensions["onekey"].db.writing() as db:
        db.add(Message(elder_id=center_app.demo.elders["wang"], kind="notice", title="通知", body="明天停水。",
                       created_by="test", due_at=at(today(), 9)))
        with pytest.raises(MessageWithoutWords):
            db.flush()
        db.rollback()


def test_a_family_note_reads_in_english_as_a_family_member_says_it():
    from call_center import message_words as mw
    from call_center.blueprints import family
    from shared_ui.message_words import render

    note = mw.said(family.PRESETS["visit_sunday"], k=mw.clause(mw.said(family.CALLED, call=mw.word(family.MUM))))
    assert mw.chinese(note) == "妈，周日我来看您。"
    assert render(note, "en") == "Mum, I'll come to see you on Sunday."


def test_what_the_tv_says_back_to_an_answer_is_in_its_language(center_app):
    """同意, 不同意, 解除绑定, 想办理, 不需要: the centre's answer carries its words; an English box
    says them in English (a name, a policy's name as written), a Chinese box what it said before."""
    from call_center.clock import now
    from call_center.policies import offers
    from shared_ui.flow import FlowEngine
    from shared_ui.spec import load_spec

    from .family_members import answer_on_tv
    from .test_message_words import CJK, as_written

    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo)
    said = []
    ask(client, token, "li", relation="侄子")
    said.append(ok(answer_on_tv(client, demo, "li", "decline"), 200))
    ask(client, token, "zhang")
    notice = next(m for m in client.get(f"/v1/elders/{demo.elders['zhang']}/messages",
                                        headers=bearer(demo.tokens["tv_zhang"])).get_json()
                  if m["kind"] == "consent" and m["answers"])
    said.append(ok(answer_on_tv(client, demo, "zhang", "agree"), 200))
    said.append(ok(client.post(f"/v1/messages/{notice['id']}/answer", json={"answer": "revoke"},
                               headers=bearer(demo.tokens["tv_zhang"])), 200))
    assert offers.sweep(center_app.extensions["onekey"].db, per_day=3, at=now()) >= 2
    pushed = [m for key, tv in (("wang", "tv_wang"), ("li", "tv_li"), ("zhang", "tv_zhang"))
              for m in client.get(f"/v1/elders/{demo.elders[key]}/messages", headers=bearer(demo.tokens[tv])).get_json()
              if m["kind"] == "policy" and m["answers"]]
    titles = {m["id"]: (m["title"], tv) for m in pushed
              for tv in [{demo.elders[k]: t for k, t in (("wang", "tv_wang"), ("li", "tv_li"), ("zhang", "tv_zhang"))}
                         [m["elder_id"]]]}
    for m, given in zip(pushed[:2], ("apply", "not_needed")):
        said.append(ok(client.post(f"/v1/messages/{m['id']}/answer", json={"answer": given},
                                   headers=bearer(demo.tokens[titles[m["id"]][1]])), 200))
    first, second = (titles[m["id"]][0] for m in pushed[:2])
    assert [s["speech"] for s in said] == [
        "好的，没有同意。侄子陈静不能帮您办事。", "好的，您的女儿陈静现在可以帮您办事了。", "已经解除，女儿陈静不能再帮您办事了。",
        f"好的，已经为您登记{first}，养老顾问会尽快给您打电话。",
        f"好的，以后不再提{second}了。要是改了主意，可以在政策查询里办理。"]
    english, chinese = FlowEngine(load_spec(), "tv", locale="en"), FlowEngine(load_spec(), "tv")
    for s in said:
        text = english.answer_speech(s)
        for value in sorted(as_written(s["speech_words"]), key=len, reverse=True):
            text = text.replace(value, "")
        assert text and not CJK.search(text), english.answer_speech(s)
        assert chinese.answer_speech(s) == s["speech"]
