"""No stray press gives an opinion (the lead's find: 回访 popped up on 满意, so a shaky hand's OK
recorded "satisfied"). The class: every pop-up or question whose answer is recorded at once, with
no review after it — the centre's questions (回访 满意 / 一般 / 不满意 and its follow-up, 政策找人's
想办理 / 不需要, a family member's 同意 / 不同意, 解除绑定) and a complaint's reasons. The rule
(``shared_ui.flow.screens.commits``): such a screen opens on 重听 (or, where nothing is said, on
nothing), so OK alone records nothing — even a question whose own words say what OK does
(同意请按确定: a consent opened on 同意, and one stray OK gave a stranger access to her).

The questions are not listed by hand: every answer the centre words (``ANSWER_WORDS``) in every
kind of message it sends, in generated subsets and orders, as a pop-up and opened from 消息, on
each channel; and every screen the TV's walk reaches with such messages waiting."""
from __future__ import annotations

import random

import pytest

from accessibility.hosts import abilities_for
from call_center.models.family import ANSWER_WORDS
from call_center.models.satisfaction import CALL_BACK, RATINGS, REASONS
from call_center.policies.offers import ANSWERS as POLICY_ANSWERS
from shared_ui.flow.screens import commits

from .scripted import Scripted, confirmed_registration
from .test_red_key_everywhere import fork, moves

KINDS = ("return_visit", "policy", "consent", "access", "notice", "family", "care")
# What the centre asks today, as it asks it (the generated ones come on top).
ASKED = [("return_visit", list(RATINGS)), ("return_visit", [*REASONS, CALL_BACK]), ("policy", list(POLICY_ANSWERS)),
         ("consent", ["agree", "decline"]), ("access", ["revoke"])]
ANSWERING = ("answer_message", "file_complaint")


def question(mid: str, kind: str, answers: list[str], told: str | None = None) -> dict:
    body = "王阿姨，您好。请选一项告诉我们。"
    if told:
        body += f"{ANSWER_WORDS[told]}请按确定；其他请选别的。"
    return {"id": mid, "kind": kind, "title": "请您回答", "body": body, "read_at": None,
            "answers": [{"id": a, "label": ANSWER_WORDS[a]} for a in answers]}


def generated(n: int = 40) -> list[tuple[str, list[str]]]:
    rng = random.Random(20261206)
    ids = sorted(ANSWER_WORDS)
    found = list(ASKED)
    for _ in range(n):
        found.append((rng.choice(KINDS), rng.sample(ids, rng.randint(1, 5))))
    return found


def flow(channel: str) -> Scripted:
    s = Scripted(channel, abilities=abilities_for(channel)) if channel != "kiosk" else Scripted("kiosk")
    s.answers.update({"ack_message": {"read_at": "now"}, "check_in": {"status": "done"},
                      "answer_message": lambda a, k: {"message_id": a["message_id"], "speech": "好的。"},
                      "file_complaint": lambda a, k: {"id": "cmp-1", "status": "open", "speech": "收到了。"}})
    return s


def answering_calls(s: Scripted) -> list:
    return [c for c in s.calls if c[0] in ANSWERING]


def assert_safe(screen, told: str | None, where: str) -> None:
    """``told``: the answer the question's words say OK gives — it is not the default either."""
    assert not commits(screen.focus), f"{where}: OK would answer {screen.focus}"


@pytest.mark.parametrize("channel", ["tv", "kiosk"])
@pytest.mark.parametrize("told", [False, True])
def test_a_question_pops_up_on_a_control_that_records_nothing(channel, told):
    for n, (kind, answers) in enumerate(generated()):
        said = answers[0] if told else None
        s = flow(channel)
        popup = s.offer(question(f"m{n}", kind, answers, said)).screen.popup
        where = f"{channel} {kind} {answers}"
        assert popup is not None and popup.id == "popup:message", where
        assert_safe(popup, said, where)
        before = len(answering_calls(s))
        s.send("confirm")  # the stray press
        gave = answering_calls(s)[before:]
        assert gave == [], f"{where}: one OK gave {gave}"


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_a_question_opened_from_messages_opens_on_no_answer(channel):
    for n, (kind, answers) in enumerate(generated()):
        for said in (None, answers[-1]):
            s = flow(channel)
            if channel == "miniprogram":
                break  # the family's phone opens her messages through her binding: below
            s.answers["messages"] = [question(f"m{n}", kind, answers, said)]
            s.send("select", "messages")
            detail = s.send("select", f"m{n}").screen
            assert detail.id == "detail:message", (channel, kind)
            assert_safe(detail, said, f"{channel} 消息 {kind} {answers}")


def test_a_return_visit_answered_for_her_on_the_phone_suggests_no_answer():
    """On the family's H5 page the focused item is drawn as the suggested one: never 满意."""
    from shared_ui.flow.acting import acting

    from .scripted import ELDER

    parent = acting(ELDER, ["view", "book"])
    s = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[parent])
    for n, (kind, answers) in enumerate(ASKED):
        s.answers["messages"] = [question(f"v{n}", "return_visit", answers)]
        s.send("home")
        s.send("select", "messages")
        detail = s.send("select", f"v{n}").screen
        if detail.id != "detail:message":
            continue
        assert not commits(detail.focus), (answers, detail.focus)


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_what_was_wrong_with_a_service_opens_on_no_reason(channel):
    """我的服务 → 投诉这次服务: every reason files a complaint in one press; none is the default,
    on any page of it at any text size's paging."""
    for fits in (2, 3, 4, 6):
        s = flow(channel)
        done = {**confirmed_registration({}, "r-1"), "status": "completed"}
        s.answers["requests"] = [done]
        if channel == "miniprogram":
            return  # the phone has no 我的服务 of its own without a parent (covered on TV and kiosk)
        from shared_ui.flow.abilities import Paging

        s.session.paging["field"] = Paging(fits, max(1, fits - 1))
        s.send("select", "my_requests")
        s.send("select", "r-1")
        step = s.send("select", "complain")
        screen = step.screen
        assert screen.id == "field:complain:reason", (channel, screen.id)
        assert_safe(screen, None, f"{channel} 投诉 at {fits}")
        before = len(answering_calls(s))
        s.send("confirm")
        assert answering_calls(s)[before:] == [], f"{channel}: one OK filed a complaint"
        reason = next(i.id for i in s.screen.items if i.id.startswith("reason:")) if \
            s.screen.id == "field:complain:reason" else None
        assert reason is not None


def test_every_screen_the_tv_reaches_with_questions_waiting_opens_on_no_answer():
    """The TV's walk (every tile, OK, Back) with a return visit, a policy and a consent in 消息
    and a return visit popping up over every screen: OK on no screen gives an answer it was not
    told to."""
    from collections import deque

    s = flow("tv")
    s.answers["messages"] = [question("q1", "return_visit", list(RATINGS)), question("q2", "policy", list(POLICY_ANSWERS)),
                             question("q3", "return_visit", [*REASONS, CALL_BACK])]
    s.answers["requests"] = [{**confirmed_registration({}, "r-1"), "status": "completed"}]
    seen, queue, failures = set(), deque([(s, 0)]), []
    while queue and len(seen) < 250:
        cur, depth = queue.popleft()
        shown = cur.screen.popup or cur.screen
        key = (shown.id, shown.focus, cur.screen.id)
        if key in seen or cur.screen.kind == "alarm":
            continue
        seen.add(key)
        if commits(shown.focus):
            failures.append(f"{key}: focus on an answer")
        twin = fork(cur)
        before = len(answering_calls(twin))
        twin.send("confirm")
        if answering_calls(twin)[before:]:
            failures.append(f"{key}: OK answered {answering_calls(twin)[before:]}")
        if depth >= 4:
            continue
        for kind, value in moves(cur):
            if kind == "select" and commits(value):
                continue  # answering on purpose is fine; it ends the question
            nxt = fork(cur)
            nxt.send(kind, value)
            queue.append((nxt, depth + 1))
        popped = fork(cur)
        popped.offer(question(f"pop{len(seen)}", "return_visit", list(RATINGS)))
        queue.append((popped, depth + 1))
    assert any(k[0] == "popup:message" for k in seen) and any(k[0] == "detail:message" for k in seen)
    assert any(k[0] == "field:complain:reason" for k in seen), "投诉 was not reached"
    assert not failures, "\n".join(failures[:20])
