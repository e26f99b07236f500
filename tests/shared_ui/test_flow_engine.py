"""The flow engine walks every service headless: screens, speech and intents, no I/O."""
import pytest

from shared_ui.flow import Answer, Event

from .scripted import ELDER, TOMORROW_930, Scripted, confirmed_registration


def test_home_puts_sos_first_and_back_never_leaves_home():
    s = Scripted("tv")
    assert s.screen.id == "home" and s.screen.kind == "menu"
    assert [i.id for i in s.screen.items][0] == "emergency"
    assert s.screen.focus == "registration"  # never SOS: a stray OK must not call for help
    assert [i.digit for i in s.screen.items] == [1, 2, 3, 4, 5, 6]
    step = s.send("back")
    assert step.screen.id == "home"
    assert "首页" in step.speech
    assert len(s.session.stack) == 1


def test_focus_speaks_the_item_and_repeat_says_it_again():
    s = Scripted("tv")
    step = s.send("focus", "taxi")
    assert step.speech.startswith("叫出租车")
    assert s.send("repeat").speech == step.speech


def test_registration_with_profile_defaults_is_two_presses():
    s = Scripted("tv")
    review = s.send("select", "registration")
    assert s.ops() == ["hospitals", "departments", "slots", "requests"]  # (requests: slots already held)
    assert review.screen.kind == "review" and review.screen.focus == "confirm"
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["医院"] == "上海市第六人民医院"
    assert facts["科室"] == "心内科"
    assert "上午9:30" in facts["就诊时间"]  # the earliest slot with numbers left, not the full one
    assert "上海市第六人民医院" in review.speech and "请核对" in review.speech
    done = s.send("confirm")
    op, args, key = s.calls[-1]
    assert op == "create_request" and key
    assert args["form"] == {"hospital_id": "h-6th", "department_id": "d-cardio", "slot_id": "s-930"}
    assert args["elder_id"] == ELDER["id"] and args["channel"] == "tv"
    assert done.screen.kind == "result" and done.screen.id == "result:registration"
    assert "排队号15号" in done.speech and "上午9:30" in done.speech
    shown = {f.label: f.value for f in done.screen.facts}
    assert shown["排队号"] == "15号"
    assert any("身份证" in n for n in done.screen.notes)


def test_back_from_a_quick_review_returns_home_and_edit_walks_the_fields():
    s = Scripted("tv")
    s.send("select", "registration")
    assert s.send("back").screen.id == "home"
    s.send("select", "registration")
    step = s.send("select", "edit")
    assert step.screen.id == "field:registration:hospital_id"
    assert step.screen.focus == "h-6th"  # the current answer stays focused
    assert step.screen.progress == (1, 3)
    step = s.send("select", "h-ruijin")
    assert step.screen.id == "field:registration:department_id"
    assert s.ops()[-1] == "departments"  # asked again for the new hospital
    assert s.send("back").screen.id == "field:registration:hospital_id"


def test_network_failure_on_submit_keeps_the_key_for_the_retry():
    s = Scripted("tv")
    s.send("select", "registration")
    s.answers["create_request"] = {"_error": {"code": "network", "message": "网络不通，请稍后再试，或拨打热线12345。",
                                              "status": 0}}
    step = s.send("confirm")
    assert step.screen.kind == "error" and step.screen.focus == "retry"
    assert "12345" in step.speech
    first_key = s.calls[-1][2]
    s.answers["create_request"] = lambda args, key: confirmed_registration(args["form"])
    step = s.send("select", "retry")
    assert s.calls[-1][2] == first_key  # same user action, same idempotency key
    assert step.screen.kind == "result"


def test_slot_sold_out_offers_other_times():
    s = Scripted("tv")
    s.send("select", "registration")
    s.answers["create_request"] = {"_error": {"code": "slot_full", "message": "这个时段已经约满了，请选别的时间。",
                                              "status": 409}}
    step = s.send("confirm")
    assert step.screen.kind == "error" and "约满" in step.speech
    step = s.send("select", "back")
    assert step.screen.id == "field:registration:slot_id"


def test_taxi_from_home_to_the_booked_hospital_an_hour_early():
    s = Scripted("tv")
    booked = confirmed_registration({"hospital_id": "h-6th"})
    s.answers["requests"] = [booked]
    review = s.send("select", "taxi")
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["上车地点"].startswith("家（长宁区愚园路")
    assert facts["目的地"].startswith("上海市第六人民医院（") and "就诊" in facts["目的地"]
    assert facts["上车时间"] == "就诊前一小时"
    assert facts["乘车人数"] == "1人"
    s.answers["create_request"] = lambda args, key: {"id": "r-taxi", "elder_id": ELDER["id"], "service": "taxi",
                                                     "mode": "self", "status": "confirmed", "form": args["form"],
                                                     "result": {"plate": "沪A·D12345", "car": "白色大众朗逸",
                                                                "pickup_time": args["form"]["pickup_time"],
                                                                "pickup_address": args["form"]["pickup_address"],
                                                                "driver_phone": "13900210021"}}
    done = s.send("confirm")
    form = s.calls[-1][1]["form"]
    assert form["destination_address"] == "徐汇区宜山路600号"
    assert form["passengers"] == 1 and "_destination_meta" not in form
    assert done.screen.kind == "result" and "沪A·D12345" in done.speech


@pytest.mark.parametrize("hukou,alone", [(True, False), (False, True)])
def test_device_application_offers_the_profiles_facts_and_sends_every_answer(hukou, alone):
    """申请一键通: the package is always asked; 户籍 and 独居 start on what the profile says
    (a yes-or-no fact matches the spec's "true" / "false"); the means are asked; the phone
    defaults to the elder's own (``profile``: the centre holds the number)."""
    s = Scripted("kiosk", elder={**ELDER, "hukou_shanghai": hukou, "living_alone": alone})
    s.send("select", "menu:more")
    step = s.send("select", "device_application")
    assert step.screen.id == "field:device_application:package" and "每月最多40元" in step.speech
    step = s.send("select", "A")
    assert step.screen.id == "field:device_application:hukou_shanghai"
    assert step.screen.focus == ("true" if hukou else "false")
    step = s.send("confirm")
    assert step.screen.id == "field:device_application:living_alone"
    assert step.screen.focus == ("true" if alone else "false")
    step = s.send("confirm")
    assert step.screen.id == "field:device_application:hardship"
    step = s.send("select", "unknown")
    assert step.screen.id == "field:device_application:phone" and step.screen.focus == "profile"
    step = s.send("confirm")
    assert step.screen.kind == "review"
    s.answers["create_request"] = lambda args, key: {
        "id": "r-d", "elder_id": ELDER["id"], "service": "device_application", "mode": "self",
        "status": "accepted", "form": args["form"],
        "result": {"stage": "reviewing", "package": "A", "package_name": "套餐A：每周两次电话问候",
                   "monthly_fee_yuan": 30, "fee_words": "政府每月补贴10元救援服务费，设备费自理。",
                   "source": "沪民养老发〔2021〕30号 二（二）", "street": "仙霞新村街道"}}
    done = s.send("confirm")
    assert s.calls[-1][1]["form"] == {"package": "A", "hukou_shanghai": "true" if hukou else "false",
                                     "living_alone": "true" if alone else "false", "hardship": "unknown",
                                     "phone": "profile"}
    assert done.screen.kind == "result" and "仙霞新村街道审核" in done.speech and "30元" in done.speech
    assert "30元" in [f.value for f in done.screen.facts]


def test_my_requests_detail_and_cancel_with_confirmation():
    s = Scripted("tv")
    s.answers["requests"] = [confirmed_registration({}, "r-1")]
    step = s.send("select", "my_requests")
    assert step.screen.kind == "list" and step.screen.items[0].id == "r-1"
    assert "已办好" in step.screen.items[0].label
    step = s.send("select", "r-1")
    assert step.screen.kind == "detail" and step.screen.item("cancel_request")
    step = s.send("select", "cancel_request")
    assert step.screen.kind == "confirm" and step.screen.focus == "no"  # the safe answer is focused
    cancelled = {**confirmed_registration({}, "r-1"), "status": "cancelled"}
    s.answers["cancel_request"] = cancelled
    step = s.send("select", "yes")
    assert s.calls[-1][0] == "cancel_request" and s.calls[-1][2]
    assert step.screen.kind == "notice" and "取消" in step.speech


def test_messages_are_read_and_acknowledged():
    s = Scripted("tv")
    msg = {"id": "m-1", "kind": "reminder", "title": "明天看病", "body": "明天上午9:30 第六人民医院 心内科",
           "speech": "明天上午9:30，第六人民医院心内科", "read_at": None}
    s.answers["messages"] = [msg]
    step = s.send("select", "messages")
    assert step.screen.items[0].badge == "未读"
    step = s.send("select", "m-1")
    assert step.screen.kind == "detail" and "第六人民医院" in step.speech
    s.answers["ack_message"] = {**msg, "read_at": "now"}
    s.answers["messages"] = [{**msg, "read_at": "now"}]
    step = s.send("select", "ack")
    assert s.ops()[-2:] == ["ack_message", "messages"]
    assert step.screen.kind == "list" and step.screen.items[0].badge is None


def test_help_from_any_screen_creates_a_call_back_request():
    s = Scripted("tv")
    s.send("select", "registration")
    s.answers["create_request"] = lambda args, key: {"id": "r-h", "elder_id": ELDER["id"], "service": "help",
                                                     "mode": "call", "status": "submitted", "form": args["form"]}
    step = s.send("help")
    op, args, key = s.calls[-1]
    assert op == "create_request" and args["service"] == "help" and args["mode"] == "call"
    # Where she was, in words an agent reads (not an id), and the words for the codes sent.
    assert args["form"]["note"].startswith("在“") and "这一页按了找人工" in args["form"]["note"]
    assert "screen:" not in args["form"]["note"] and "预约挂号" in args["form"]["note"]
    assert args["labels"] == {"topic": "找人工", "callback_window": "尽快"}
    assert step.screen.kind == "notice" and "回电话" in step.speech or "打电话" in step.speech


def test_a_submitted_form_sends_the_words_it_showed_for_each_value():
    """The centre's agents read 养老政策 and 尽快, not policy and asap: every value a form
    sends goes with the label the screen showed for it (ids too; the centre names those)."""
    s = Scripted("tv")
    s.send("select", "registration")
    s.answers["create_request"] = lambda args, key: {"id": "r-1", "elder_id": ELDER["id"], "service": "registration",
                                                     "mode": "self", "status": "submitted", "form": args["form"]}
    s.send("confirm")
    op, args, key = next(c for c in s.calls if c[0] == "create_request")
    assert set(args["labels"]) == set(args["form"]) and all(args["labels"].values())
    assert args["labels"]["hospital_id"] == "上海市第六人民医院"


def test_sos_from_a_deep_screen_raises_one_alarm_even_when_pressed_twice():
    s = Scripted("tv")
    s.send("select", "registration")
    s.send("select", "edit")
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    step = s.send("sos")
    assert step.screen.kind == "alarm" and step.screen.focus == "im_ok"
    assert "救援中心已收到" in step.speech
    s.send("sos")
    assert s.ops().count("raise_alarm") == 1


def test_sos_with_the_centre_unreachable_says_the_hotline_and_120():
    s = Scripted("tv")  # the TV's outbox keeps it (durable_intent_runner answers queued)
    s.answers["raise_alarm"] = {"_error": {"code": "queued", "message": "网络不通", "status": 0,
                                           "queued": True}}
    step = s.send("sos")
    assert step.screen.status == "queued"
    assert "120" in step.speech and "12345" in step.speech


@pytest.mark.parametrize("error, words", [
    ({"code": "network", "message": "网络不通", "status": 0}, "没有送出去"),
    ({"code": "forbidden", "message": "您没有权限办理这位老人的事情。", "status": 403}, "您没有权限"),
])
def test_an_alarm_nothing_keeps_is_said_as_not_sent_and_can_be_sent_again(error, words):
    """Where no outbox keeps the press (the family's phone, through the back end), an
    unreachable centre or a refusal is not "正在反复尝试": the screen says it was not sent, what
    to do now (120), and offers 再试一次 with the same key — and 我没事 leaves it."""
    s = Scripted("miniprogram", household=[ELDER])
    s.answers["raise_alarm"] = {"_error": error}
    s.send("select", ELDER["id"])
    s.send("sos")
    step = s.send("select", "raise")
    assert step.screen.status == "failed" and step.screen.title == "求助没有送出"
    said = step.screen.body or ""  # (the phone shows it; it does not speak)
    assert words in said and "120" in said and "反复尝试" not in said
    assert [i.id for i in step.screen.items] == ["retry", "im_ok"]
    first_key = s.calls[-1][2]
    s.answers["raise_alarm"] = {"id": "a-7", "status": "raised"}
    step = s.send("select", "retry")
    assert step.screen.status == "raised" and s.calls[-1][0] == "raise_alarm"
    assert s.calls[-1][2] == first_key  # one alarm at the centre however often it is sent
    s.answers["raise_alarm"] = {"_error": error}
    other = Scripted("miniprogram", household=[ELDER])
    other.answers["raise_alarm"] = {"_error": error}
    other.send("select", ELDER["id"])
    other.send("sos")
    other.send("select", "raise")
    left = other.send("select", "im_ok")
    assert left.screen.status == "cancelled" and "cancel_alarm" not in other.ops()  # nothing was raised


def test_an_answer_for_a_screen_already_left_is_ignored():
    s = Scripted("tv")
    step = s.send("select", "registration", settle=False)
    pending = step.intents[0]
    s.send("back")
    step = s.engine.resolve(s.session, Answer(pending.id, True, []))
    assert step.screen.id == "home"


def test_english_locale_translates_screens():
    s = Scripted("tv", locale="en")
    assert s.screen.items[1].label == "Book a doctor"
    review = s.send("select", "registration")
    assert review.screen.items[0].label == "Confirm"


def test_every_screen_offers_help_in_the_same_place():
    s = Scripted("kiosk")
    for kind, value in [("select", "registration"), ("select", "edit"), ("back", None), ("home", None)]:
        step = s.send(kind, value)
        assert step.screen.nav[-1].id == "help"


def test_long_choices_are_paged_never_more_than_six_on_a_screen():
    s = Scripted("tv")
    s.answers["hospitals"] = [{"id": f"h{n}", "name": f"医院{n}", "address": f"路{n}号"} for n in range(1, 10)]
    s.answers["hospitals"].append({"id": "h-6th", "name": "上海市第六人民医院", "address": "徐汇区宜山路600号"})
    s.send("select", "registration")
    step = s.send("select", "edit")
    # the favourite (10th) is on the last page, focused
    assert step.screen.focus == "h-6th" and len(step.screen.items) <= 6
    assert step.screen.items[-1].id == "page:prev"
    step = s.send("select", "page:prev")
    ids = [i.id for i in step.screen.items]
    assert ids == ["h5", "h6", "h7", "h8", "page:prev", "page:next"]
    step = s.send("select", "page:prev")
    assert [i.id for i in step.screen.items] == ["h1", "h2", "h3", "h4", "page:next"]
    assert s.send("select", "h2").screen.id == "field:registration:department_id"


def test_a_channel_with_less_room_asks_for_fewer_choices_a_screen():
    import pytest

    from shared_ui.flow import Paging

    s = Scripted("tv")
    s.session.paging = {"field": Paging(fits=4, page_size=2)}
    s.answers["hospitals"] = [{"id": f"h{n}", "name": f"医院{n}", "address": f"路{n}号"} for n in range(1, 6)]
    s.send("select", "registration")
    step = s.send("select", "edit")
    assert [i.id for i in step.screen.items] == ["h1", "h2", "page:next"]
    step = s.send("select", "page:next")
    assert [i.id for i in step.screen.items] == ["h3", "h4", "page:prev", "page:next"]
    with pytest.raises(ValueError):
        Paging(fits=7, page_size=4)  # never more than the spec's six a screen


def test_a_shared_device_asks_for_whom_then_uses_that_elders_own_defaults():
    from .scripted import ELDER

    husband = {**ELDER, "id": "el-chen", "name": "陈志明", "name_masked": "陈*明",
               "favourites": {"hospital_id": "h-ruijin"}}
    s = Scripted("tv")
    s.session.household = [ELDER, husband]
    s.answers["departments"] = [{"id": "d-neuro", "hospital_id": "h-ruijin", "name": "神经内科"},
                                *s.answers["departments"]]
    step = s.send("select", "registration")
    assert step.screen.id == "who:registration" and step.screen.kind == "field"
    assert [(i.id, i.label, i.digit) for i in step.screen.items] == [("el-wang", "王秀英", 1), ("el-chen", "陈志明", 2)]
    assert step.speech.startswith("为谁办理") and not step.intents
    step = s.send("digit", 2)
    # 陈志明's own favourite hospital is the default (he has no favourite department: asked)
    assert step.screen.id == "field:registration:department_id"
    assert s.session.top.values["hospital_id"] == "h-ruijin"
    assert "d-neuro" in [i.id for i in step.screen.items]  # (scripted: every department)
    s.send("back")
    assert s.send("back").screen.id == "who:registration"  # back from his form: choose again
    s.send("select", "el-chen")
    step = s.send("select", "d-neuro")
    while step.screen.kind == "field":
        step = s.send("select", step.screen.focus)
    assert step.screen.kind == "review"
    s.send("select", "confirm")
    (create,) = [args for op, args, _key in s.calls if op == "create_request"]
    assert create["elder_id"] == "el-chen" and create["form"]["hospital_id"] == "h-ruijin"
    # SOS and the lists stay with the elder the box is bound to: no question in an emergency
    assert s.send("home").screen.id == "home"
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    assert s.send("select", "emergency").screen.kind == "alarm"
    assert s.calls[-1][:2] == ("raise_alarm", {"elder_id": "el-wang", "channel": "tv"})


def test_a_shared_device_lists_the_whole_households_requests_by_name():
    from .scripted import ELDER

    husband = {**ELDER, "id": "el-chen", "name": "陈志明"}
    s = Scripted("tv")
    s.session.household = [ELDER, husband]
    mine = {**confirmed_registration({}, "r-wang"), "created_at": "2026-11-20T09:00:00+08:00"}
    his = {**confirmed_registration({}, "r-chen"), "elder_id": "el-chen", "created_at": "2026-11-21T09:00:00+08:00"}
    s.answers["requests"] = lambda args, key: [his] if args["elder_id"] == "el-chen" else [mine]
    step = s.send("select", "my_requests")
    assert sorted(args["elder_id"] for op, args, _k in s.calls if op == "requests") == ["el-chen", "el-wang"]
    labels = [i.label for i in step.screen.items]
    assert labels[0].startswith("陈志明 · ") and labels[1].startswith("王秀英 · ")  # newest first
    assert step.screen.items[0].speak.startswith("陈志明的")


def test_a_single_elder_is_never_asked_for_whom():
    s = Scripted("tv")
    s.session.household = [s.session.elder]
    assert not s.send("select", "registration").screen.id.startswith("who:")


def test_earliest_means_earliest_the_elder_can_make_and_never_one_already_held():
    from datetime import datetime, timedelta

    from .scripted import SLOTS, TZ

    soon = (datetime.now(TZ) + timedelta(minutes=20)).replace(microsecond=0)
    s = Scripted("tv")
    s.answers["slots"] = [{"id": "s-soon", "start": soon.isoformat(), "remaining": 9, "doctor_name": "王强"},
                          *SLOTS]
    s.answers["requests"] = [confirmed_registration({"slot_id": "s-930"}, "r-held")]
    review = s.send("select", "registration")
    slot = s.session.top.values["slot_id"]
    assert slot == "s-1030"  # not 20 minutes from now (no time to get there), not the one held
    step = s.send("select", "edit")
    while step.screen.id != "field:registration:slot_id":
        step = s.send("select", step.screen.focus)
    offered = [i.id for i in step.screen.items]
    assert "s-soon" not in offered and "s-930" not in offered and "s-1030" in offered
    assert review.screen.kind == "review"


def test_a_day_with_a_number_in_the_department_offers_none_of_its_other_slots():
    """One number a department a day (the centre refuses a second): a held day's other slots
    are not offered in that department, another department's are, and so is another day."""
    from datetime import timedelta

    from .scripted import SLOTS, TOMORROW_930

    day_after = {"id": "s-day-after", "start": (TOMORROW_930 + timedelta(days=1)).isoformat(),
                 "remaining": 4, "doctor_name": "张华", "doctor_title": "副主任医师"}
    held = confirmed_registration({"slot_id": "s-930", "department_id": "d-heart"}, "r-held")
    # (In the other department the held id itself is still left out: ids are unique.)
    for department, offered in (("d-heart", ["s-day-after"]), ("d-eye", ["s-1030", "s-day-after"])):
        s = Scripted("tv")
        s.answers["slots"] = [{**slot, "department_id": department} for slot in (*SLOTS, day_after)]
        s.answers["requests"] = [held]
        s.send("select", "registration")
        step = s.send("select", "edit")
        while step.screen.id != "field:registration:slot_id":
            step = s.send("select", step.screen.focus)
        assert [i.id for i in step.screen.items if i.id.startswith("s-")] == offered, department


def test_a_refusal_for_a_slot_already_booked_offers_the_next_choice_not_the_same_review():
    s = Scripted("tv")
    s.send("select", "registration")
    s.answers["create_request"] = {"_error": {"code": "already_booked", "status": 409,
                                              "message": "您已经约过这个时段了。"}}
    s.answers["requests"] = [confirmed_registration({"slot_id": "s-930"}, "r-held")]  # the centre's view now
    step = s.send("confirm")
    assert step.screen.kind == "error" and "约过" in step.speech
    step = s.send("select", "back")
    assert step.screen.id == "field:registration:slot_id"
    assert "s-930" not in [i.id for i in step.screen.items] and step.screen.focus == "s-1030"


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_the_escort_asks_its_fork_then_takes_every_default(channel):
    """陪诊: one question (a companion, or 急病 — the alarm), then the review with the booked
    visit's hospital and time, met at home; back from the review is that question again."""
    from accessibility.hosts import abilities_for

    s = Scripted(channel, abilities=abilities_for(channel) if channel != "kiosk" else None,
                 household=[ELDER] if channel == "miniprogram" else None)
    s.answers["requests"] = [confirmed_registration({"slot_id": "s-930"})]
    s.send("select", "menu:more")
    fork = s.send("select", "escort")
    assert fork.screen.id == "field:escort:need" and fork.screen.focus == "visit"
    assert fork.screen.progress is None  # the only question before the review: no 第1步，共4步
    sos = fork.screen.item("emergency")
    assert (sos.icon, sos.colour) == ("sos", "danger")  # drawn as each channel draws its SOS tile
    review = s.send("confirm")
    assert review.screen.kind == "review"
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["医院"] == "上海市第六人民医院" and facts["见面地点"] == "到家里接我"
    assert facts["看病时间"].endswith("上午9:30")
    assert s.send("back").screen.id == "field:escort:need"
    assert s.screen.progress is None
    s.answers["create_request"] = lambda args, key: {"id": "r-e", "service": "escort", "status": "failed",
                                                     "failure": {"code": "no_escort", "message": "这个时间暂时没有空闲的陪诊员。"}}
    s.send("confirm")
    failed = s.send("confirm")
    assert failed.screen.kind == "error" and "陪诊员" in failed.speech
    assert s.calls[-1][1]["form"]["visit_time"] == TOMORROW_930.isoformat()


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_the_escorts_emergency_answer_is_the_alarm_as_its_tile_raises_it(channel):
    from accessibility.hosts import abilities_for

    s = Scripted(channel, abilities=abilities_for(channel), household=[ELDER] if channel == "miniprogram" else None)
    s.send("select", "menu:more")
    s.send("select", "escort")
    alarm = s.send("select", "emergency")
    # Never at once from an answer: the TV's spoken window, the family's question.
    assert alarm.screen.kind == "alarm" and not any(op == "raise_alarm" for op, _, _ in s.calls)
    assert s.send("select", "not_now").screen.id == "field:escort:need"


def test_escort_times_offer_the_booked_visit_only_while_there_is_time_to_arrange_someone():
    from datetime import datetime, timedelta

    from shared_ui.flow import choices as ch
    from shared_ui.spec import load_spec

    fld = next(f for f in load_spec().forms["escort"].fields if f.id == "visit_time")
    soon = (datetime.now(ch.SHANGHAI) + timedelta(minutes=90)).isoformat()
    later = (datetime.now(ch.SHANGHAI) + timedelta(hours=30)).replace(minute=0, second=0, microsecond=0).isoformat()
    for start, first in ((soon, False), (later, True)):
        options = ch.build_options(fld, ELDER, {}, {"hospital_id": {"visit_start": start}}, {}, "zh_CN")
        assert (options[0].value == start) == first
        assert 4 <= len(options) <= 6 and len({o.value for o in options}) == len(options)


def test_discharge_asks_how_the_elder_travels_even_on_a_quick_review():
    s = Scripted("tv")
    s.send("select", "menu:more")
    fork = s.send("select", "special_vehicle")  # 出院用车 is 特殊用车's 出院回家 (menus.yaml)
    assert fork.screen.id == "field:special_vehicle:mobility" and "出院回家" in fork.speech
    asked = s.send("select", "discharge")
    assert asked.screen.id == "field:discharge_transport:mobility" and asked.screen.focus == "seated"
    review = s.send("select", "wheelchair")
    assert review.screen.kind == "review"
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts == {"怎么上车": "坐轮椅", "接您医院": "上海市第六人民医院", "接您时间": facts["接您时间"]}
    assert facts["接您时间"].endswith("上午10:00")
    back = s.send("back")
    assert back.screen.id == "field:discharge_transport:mobility" and back.screen.focus == "wheelchair"


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_an_answer_that_gives_a_later_one_spares_its_question(channel):
    """躺担架: the stretcher crew carries her, so 上下楼 is not asked (it was, and could be
    answered 不用); the review says 要人背我上下楼, back from it is 怎么坐车, and another
    answer there asks 上下楼 again."""
    from accessibility.hosts import abilities_for

    s = Scripted(channel, abilities=abilities_for(channel), household=[ELDER])
    s.send("select", "menu:more")
    s.send("select", "special_vehicle")
    review = s.send("select", "stretcher")
    assert review.screen.kind == "review", review.screen.id
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["怎么坐车"] == "躺担架" and facts["上下楼"] == "要人背我上下楼", facts
    back = s.send("back")
    assert back.screen.id == "field:special_vehicle:mobility" and back.screen.focus == "stretcher"
    stairs = s.send("select", "seated")
    assert stairs.screen.id == "field:special_vehicle:stairs", stairs.screen.id
    review = s.send("select", "self")
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["怎么坐车"] == "自己坐车" and facts["上下楼"] == "不用，我能下楼", facts


def test_every_implied_answer_of_the_spec_names_a_later_field_and_one_of_its_options():
    from shared_ui.spec import load_spec

    spec = load_spec()
    implied = [(form.id, f.id, o.value, o.implies) for form in spec.forms.values() for f in form.fields
               for o in f.options if o.implies]
    assert implied, "special_vehicle's 躺担架 implies 上下楼"
    for form_id, field_id, value, implies in implied:
        ids = [f.id for f in spec.forms[form_id].fields]
        for target, given in implies.items():
            assert ids.index(target) > ids.index(field_id), (form_id, value)
            assert given in [o.value for o in spec.forms[form_id].fields[ids.index(target)].options]


def test_a_quick_review_counts_only_the_questions_it_asks():
    """Every quick-review form of the spec: on the way to the review only its asked fields
    (forks, or marked asked) are put to the user, so the counter counts those — a lone one
    has none — while walking the form after 修改 counts every field."""
    from shared_ui.flow.frames import FormFrame
    from shared_ui.flow.kinds.form import is_fork, progress
    from shared_ui.spec import load_spec

    quick = [f for f in load_spec().forms.values() if f.quick_review]
    assert quick
    for form in quick:
        asked = {i for i, f in enumerate(form.fields) if f.asked or is_fork(f)}
        for index in range(len(form.fields)):
            on_the_way = FormFrame(service_id=form.id, mode="self", auto=True, index=index,
                                   shown=[form.fields[i].id for i in sorted(asked) if i < index])
            # (a field not asked is shown on the way only when it has no default, and the walk
            # is then no quick one: auto is off, the case below)
            shown = progress(form, on_the_way) if index in asked else None
            if shown is not None:  # a counter only on a question that is asked, among several
                assert index in asked and len(asked) >= 2, (form.id, index)
                assert 1 <= shown[0] <= shown[1] == len(asked), (form.id, index, shown)
            elif len(asked) >= 2:
                assert index not in asked, (form.id, index)
            walking = FormFrame(service_id=form.id, mode="self", auto=False, index=index,
                                shown=[f.id for f in form.fields[:index]])
            assert progress(form, walking) == (index + 1, len(form.fields))


def test_times_may_be_offered_as_windows_and_destinations_may_be_any_hospital():
    """特殊用车's sources: a time is the start of a window said on its second line (8:00到10:00之间),
    and with ``hospitals: all`` every hospital of the catalogue follows the booked, favourite and
    home — each once, home not when the ride starts there."""
    from shared_ui.flow import choices as ch
    from shared_ui.spec import load_spec

    from .scripted import HOSPITALS

    form = load_spec().forms["special_vehicle"]
    times = next(f for f in form.fields if f.id == "pickup_time")
    options = ch.build_options(times, ELDER, {}, {}, {}, "zh_CN")
    assert len(options) == 4 and all(o.detail and o.detail.endswith("之间") for o in options)
    # Short enough for a TV tile's second line under the full label (上午 is said there).
    assert options[0].label.endswith("上午8:00") and options[0].detail == "上午8:00到10:00之间"
    assert options[1].label.endswith("下午1:00") and options[1].detail == "下午1:00到3:00之间"
    where = next(f for f in form.fields if f.id == "destination_address")
    loaded = {"hospitals": HOSPITALS, "requests": []}
    values = {"pickup_address": ELDER["home_address"]}
    options = ch.build_options(where, ELDER, values, {}, loaded, "zh_CN")
    assert [o.label for o in options] == ["上海市第六人民医院", "瑞金医院"]  # the favourite first; not home
    assert len({o.value for o in options}) == len(options)
    elsewhere = ch.build_options(where, ELDER, {"pickup_address": "这里"}, {}, loaded, "zh_CN")
    assert [o.label for o in elsewhere] == ["上海市第六人民医院", "家", "瑞金医院"]


def test_for_a_parent_the_answer_is_that_the_parent_is_fine_not_i_am():
    """The family's phone raised it for 张桂兰: its answer is 老人没事（已联系上）, never 我没事
    (the one who pressed is not the one who may be in trouble); and Back says the same."""
    from accessibility.hosts import abilities_for

    s = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[ELDER])
    s.answers["raise_alarm"] = {"id": "a-9", "status": "raised"}
    s.send("select", "emergency")
    step = s.send("select", "raise")
    assert step.screen.kind == "alarm" and step.screen.status == "raised"
    labels = {i.id: i.label for i in step.screen.items}
    assert labels["im_ok"] == "老人没事（已联系上）" and "我没事" not in labels.values()
    tv = Scripted("tv")
    tv.answers["raise_alarm"] = {"id": "a-10", "status": "raised"}
    assert {i.id: i.label for i in tv.send("sos").screen.items}["im_ok"] == "我没事"
