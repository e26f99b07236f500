"""An alarm as a bound family member sees it, step by step, and their answer (seed 000's
emergency-contact step): 我马上过去 ends the search for contacts and 110 while the elder is
called on; 他没事 cancels and everyone already told is told."""
from __future__ import annotations

from ..family_members import bearer, bound
from .conftest import WANG, WANG_NEIGHBOUR, WANG_NIECE, Desk, calls


def niece(desk: Desk, **kw) -> str:
    """李娟, 王秀英's niece and first emergency contact, bound through the TV."""
    member = {"subject": "o-test-lijuan", "name": "李娟", "phone": WANG_NIECE, **kw}
    return bound(desk.client, desk.demo, "wang", relation="侄女", **member)


def view(desk: Desk, token: str, alarm_id: str) -> dict:
    response = desk.client.get(f"/v1/family/alarms/{alarm_id}", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_family_follows_each_step_in_words_about_their_parent(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    token = niece(desk)
    phone.set(WANG, "no_answer")
    phone.set(WANG_NIECE, "no_answer")
    phone.set(WANG_NEIGHBOUR, "no_answer")
    alarm_id = desk.raised()
    first = view(desk, token, alarm_id)
    assert first["lines"][0]["text"].endswith("王秀英在电视上发出紧急求助")  # 侄女: no kin word, her name
    assert first["now"] == "等话务员接听" and first["answers"] == ["coming", "ok"]
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent", "电话接通但无人说话")
    worker.run_once()
    clock.advance(settings.callback_interval_s)
    worker.run_once()
    seen = view(desk, token, alarm_id)
    lines = [line["text"] for line in seen["lines"]]
    assert any("两次回拨王秀英未接通" in text and "、" in text for text in lines), lines
    # The first contact is this member: the page says so, and what comes after.
    assert seen["now"] == "正在联系您"
    assert seen["next"].startswith("下一步 下一位紧急联系人")
    assert seen["headline"].count("；") == 2 and "正在联系您" in seen["headline"]
    worker.run_once()  # the niece did not answer her phone
    assert "联系您：未接通" in view(desk, token, alarm_id)["lines"][-1]["text"]
    # Agents' notes never reach the family.
    desk.ok_step(alarm_id, "guidance", "老人有精神病史，注意沟通方式")
    assert all("精神病史" not in line["text"] for line in view(desk, token, alarm_id)["lines"])


def test_im_coming_stops_the_contacts_and_110_and_the_elder_is_called_on(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    token = niece(desk)
    phone.set(WANG, "no_answer")
    phone.set(WANG_NIECE, "no_answer")
    phone.set(WANG_NEIGHBOUR, "no_answer")
    phone.set("110", "answered")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_once()
    clock.advance(settings.callback_interval_s)
    worker.run_once()
    assert desk.alarm(alarm_id)["phase"] == "contacts"
    answered = desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "coming"},
                                headers=bearer(token))
    assert answered.status_code == 200
    seen = answered.get_json()
    assert seen["my_answer"] == "coming" and seen["lines"][-1]["text"].endswith("您回复：我马上过去")
    state = desk.alarm(alarm_id)
    assert (state["status"], state["phase"]) == ("escalating", "keep_calling")
    assert ("family", "侄女李娟") in [(p["kind"], p["name"]) for p in state["parties"]]
    # Nobody else is called and 110 is not; the elder is called on until someone is there.
    for _ in range(3):
        clock.advance(settings.keep_calling_interval_s)
        worker.run_due()
    placed = calls(phone)
    assert (WANG_NEIGHBOUR, "emergency_contact") not in placed and ("110", "police_visit") not in placed
    assert placed[-1] == (WANG, "keep_calling")
    # The TV was told who is coming; the console shows it as the family's step.
    assert any(e["kind"] == "family_coming" and e["kind_word"] == "家属回复：马上过去"
               for e in state["events"])


def test_he_is_fine_cancels_and_the_member_is_told_like_everyone_else(desk: Desk, worker, phone, clock):
    token = niece(desk)
    alarm_id = desk.raised()
    answered = desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "ok"},
                                headers=bearer(token)).get_json()
    assert answered["status"] == "cancelled" and answered["answers"] == [] and answered["my_answer"] == "ok"
    assert answered["lines"][-1]["text"].endswith("您确认没事，求助已撤销")
    again = desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "coming"},
                             headers=bearer(token))
    assert again.status_code == 409


def test_the_member_who_was_coming_and_says_he_is_fine_is_not_told_it_again(desk: Desk, worker, phone,
                                                                          clock):
    """我马上过去, then 他没事: the member cancelled it himself — no call, no task to tell him what
    he did; a party told by an agent is still told."""
    token = niece(desk)
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "called_120", note="已叫救护车")
    assert desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "coming"},
                            headers=bearer(token)).status_code == 200
    assert desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "ok"},
                            headers=bearer(token)).status_code == 200
    worker.run_due()
    tasks = [t["title"] for t in desk.get("/v1/care-tasks", kind="notify").get_json()]
    assert not any("李娟" in t for t in tasks), tasks
    told = {(c[0], c[1]) for c in calls(phone)}
    assert (WANG_NIECE, "cancel_notice") not in told
    state = desk.alarm(alarm_id)
    assert all(p["cancel_told_at"] for p in state["parties"] if p["kind"] == "family")
    # 120, told by the agent, is still told that help is no longer needed.
    assert any(p["kind"] != "family" for p in state["parties"])


def test_a_member_without_a_binding_sees_no_alarm(desk: Desk):
    token = niece(desk)
    other = desk.raised("li", "tv_li")
    assert desk.client.get(f"/v1/family/alarms/{other}", headers=bearer(token)).status_code == 403
    assert desk.client.post(f"/v1/family/alarms/{other}/answer", json={"answer": "ok"},
                            headers=bearer(token)).status_code == 403


def test_an_alarm_the_family_raised_says_who_pressed(desk: Desk):
    """Raised from the mini-program for a parent: the timeline says the family pressed, not her
    (and a second press is theirs too); another bound member reads 家人."""
    import uuid

    token = niece(desk)
    other = bound(desk.client, desk.demo, "wang", relation="儿子", subject="o-test-son", name="王强",
                  phone="13585671230")
    for _press in range(2):
        raised = desk.client.post("/v1/alarms", json={"elder_id": desk.demo.elders["wang"], "channel": "miniprogram"},
                                  headers={**bearer(token), "Idempotency-Key": uuid.uuid4().hex})
        assert raised.status_code in (200, 201), raised.get_json()
    alarm_id = raised.get_json()["id"]
    mine = [line["text"] for line in view(desk, token, alarm_id)["lines"]]
    assert mine[0].endswith("您在小程序上为王秀英发出紧急求助") and "您又为王秀英发了一次求救" in mine[1], mine
    theirs = [line["text"] for line in view(desk, other, alarm_id)["lines"]]
    assert theirs[0].endswith("家人在小程序上为您母亲发出紧急求助"), theirs  # her son: his kin word
    assert not any("又按了一次" in text or "（家人" in text for text in mine + theirs)


def test_presses_in_a_row_are_one_line_with_how_many(desk: Desk, clock):
    """An elder pressing twelve times in a minute (frightened, or the remote under a cushion) was
    twelve lines the member had to scroll past to reach what is being done. A run of presses is
    one line — when, and how many; a step between two runs keeps them apart."""
    token = niece(desk)
    alarm_id = desk.raised()
    for _ in range(12):
        clock.advance(5)
        assert desk.raise_alarm("wang", "tv_wang").status_code == 200
    lines = [line["text"] for line in view(desk, token, alarm_id)["lines"]]
    assert len(lines) == 2 and lines[1].endswith("王秀英又按了12次求救") and "–" in lines[1], lines
    desk.ack(alarm_id)
    clock.advance(60)
    assert desk.raise_alarm("wang", "tv_wang").status_code == 200
    lines = [line["text"] for line in view(desk, token, alarm_id)["lines"]]
    assert lines[-2].endswith("话务员已接听") and lines[-1].endswith("王秀英又按了一次求救"), lines


def test_before_an_agent_takes_it_the_family_is_not_told_one_is_handling_it(desk: Desk, worker, phone,
                                                                            clock):
    """Nobody took the alarm in time, the system called her back and she answered: the family
    reads that she answered and is being put through — not that an agent is talking to her —
    until an agent takes it."""
    settings = desk.app.extensions["onekey_alarms"].settings
    token = niece(desk)
    phone.set(WANG, "answered")
    alarm_id = desk.raised()
    clock.advance(settings.ack_timeout_s)
    for _ in range(3):
        worker.run_once()
    seen = view(desk, token, alarm_id)
    assert seen["status"] == "in_contact", seen
    texts = [line["text"] for line in seen["lines"]] + [seen["now"], seen["headline"]]
    assert not any("话务员正在" in text for text in texts), texts
    assert seen["now"] == "正在等话务员接听王秀英的电话"
    assert seen["lines"][-1]["text"].endswith("王秀英有回应，正在转给话务员")
    desk.ack(alarm_id)
    assert view(desk, token, alarm_id)["now"] == "话务员正在和王秀英通话"


def test_the_family_reads_one_word_for_each_state_and_the_headline_keeps_what_was_done(desk: Desk, worker, phone,
                                                                                      clock):
    """A user trial read 等待话务员接警 beside the badge 等话务员接听 (接警 is the centre's word);
    after 我马上过去 the headline lost 已为她叫了120救护车; an ended alarm's headline read its end
    twice (处理完毕：…；已处理完毕). Every view of the alarm, step by step, is checked."""
    from shared_ui.lines import repeated

    token = niece(desk)
    phone.set(WANG, "answered")
    alarm_id = desk.raised()
    seen_views = [view(desk, token, alarm_id)]
    desk.ack(alarm_id)
    seen_views.append(view(desk, token, alarm_id))
    desk.ok_step(alarm_id, "called_120", "老人摔倒")
    seen_views.append(view(desk, token, alarm_id))
    coming = desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "coming"},
                              headers=bearer(token))
    assert coming.status_code == 200, coming.get_json()
    after = view(desk, token, alarm_id)
    assert "叫了120救护车" in after["headline"] and "我马上过去" not in after["headline"], after["headline"]
    seen_views.append(after)
    desk.ok_step(alarm_id, "responders_arrived")
    desk.ok_step(alarm_id, "outcome", "已送医", outcome="已送往医院")
    ended = view(desk, token, alarm_id)
    seen_views.append(ended)
    assert "处理完毕" in ended["headline"] and ended["headline"].count("处理完毕") == 1, ended["headline"]
    for seen in seen_views:
        texts = [line["text"] for line in seen["lines"]] + [seen["now"], seen["next"], seen["headline"],
                                                            seen["status_word"]]
        assert not any("接警" in text for text in texts), texts
        assert repeated(seen["headline"]) is None, seen["headline"]
