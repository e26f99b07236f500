"""Answers for engine unit tests: contract-shaped data per intent op, no network.

Integration tests (test_flow_live.py) walk the same flows against a real centre.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shared_ui.flow import Abilities, Answer, Event, FlowEngine, Step
from shared_ui.spec import load_spec

TZ = ZoneInfo("Asia/Shanghai")
TOMORROW_930 = (datetime.now(TZ) + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)

ELDER = {
    "id": "el-wang", "name": "王秀英", "name_masked": "王*英", "gender": "female", "phone_masked": "138****5678",
    "home_address": "长宁区愚园路1000弄5号", "district": "长宁区",
    "favourites": {"hospital_id": "h-6th", "department_id": "d-cardio"},
}
HOSPITALS = [
    {"id": "h-ruijin", "name": "瑞金医院", "address": "黄浦区瑞金二路197号"},
    {"id": "h-6th", "name": "上海市第六人民医院", "address": "徐汇区宜山路600号"},
]
# What a forged "result" tried to put on screen (the channel-kit issue's finding).
FORGED_HOSPITALS = [{"id": "h-fake", "name": "伪造医院", "address": "不存在的路1号"}]
DEPARTMENTS = [{"id": "d-cardio", "hospital_id": "h-6th", "name": "心内科"},
               {"id": "d-ortho", "hospital_id": "h-6th", "name": "骨科"}]
SLOTS = [
    {"id": "s-full", "start": (TOMORROW_930 - timedelta(hours=1)).isoformat(), "remaining": 0,
     "doctor_name": "李明", "doctor_title": "主任医师"},
    {"id": "s-930", "start": TOMORROW_930.isoformat(), "remaining": 3, "doctor_name": "张华",
     "doctor_title": "副主任医师"},
    {"id": "s-1030", "start": (TOMORROW_930 + timedelta(hours=1)).isoformat(), "remaining": 5,
     "doctor_name": "张华", "doctor_title": "副主任医师"},
]

# GET /v1/elders/{id}/policies, hers first (政策查询).
POLICIES = [
    {"id": "senior_card", "title": "敬老卡", "standing": "可以办理", "qualifies": True, "held": False,
     "speech": "敬老卡。可以办理。敬老卡用来领老年综合津贴，也是老人优待凭证，可以刷卡付钱。"},
    {"id": "care_subsidy", "title": "养老服务补贴", "standing": "需要：家庭经济困难", "qualifies": False, "held": False,
     "speech": "养老服务补贴。需要：家庭经济困难。经过照护评估的困难老人，居家照护或住养老机构的费用有政府补贴。"},
]

# GET /v1/elders/{id}/nearby?kind=… nearest first (身边服务).
NEARBY = [
    {"id": "res-meal", "name": "仙霞社区长者食堂", "distance_words": "约200米", "address": "仙霞路620号",
     "hours": "每天10:30-13:00", "summary": "午饭晚饭都有。",
     "speech": "仙霞社区长者食堂。离您家约200米，在仙霞路620号，开放时间每天10:30-13:00。午饭晚饭都有。"},
]


def confirmed_registration(form: dict, rid: str = "r-1") -> dict:
    return {
        "id": rid, "elder_id": ELDER["id"], "service": "registration", "mode": "self", "channel": "tv",
        "status": "confirmed", "form": form, "failure": None,
        "result": {"hospital_id": "h-6th", "hospital_name": "上海市第六人民医院", "hospital_address": "徐汇区宜山路600号",
                   "department_name": "心内科", "doctor_name": "张华", "doctor_title": "副主任医师",
                   "start": TOMORROW_930.isoformat(), "queue_number": 15, "fee_yuan": 25,
                   "arrive_minutes_early": 30, "bring": ["身份证", "医保卡"]},
        "events": [{"status": "submitted", "at": "x"}, {"status": "confirmed", "at": "y"}],
    }


class Scripted:
    """Runs an engine, answering intents from ``answers[op]`` (a value or a callable(args, key))."""

    def __init__(self, channel: str = "tv", elder: dict | None = None, locale: str = "zh_CN",
                 abilities: Abilities | None = None, household: list | None = None, spec=None):
        self.engine = FlowEngine(spec or load_spec(), channel, locale, abilities)
        self.answers: dict = {
            "hospitals": HOSPITALS, "departments": DEPARTMENTS, "slots": SLOTS,
            "requests": [], "messages": [], "policies": POLICIES, "nearby": NEARBY,
            "create_request": lambda args, key: confirmed_registration(args["form"]),
            # a message read (opened in 消息, 知道了): the centre marks it
            "ack_message": lambda args, key: {"id": args["message_id"], "read_at": "now"},
            # 看得清听得清: her preferences saved, merged as the centre merges them
            "update_preferences": lambda args, key: {**ELDER, "preferences": dict(args["preferences"]),
                                                     "preferences_set": sorted(args["preferences"])},
            # before a form that declares it: nothing refuses her (a test may script a refusal)
            "precheck": lambda args, key: {"service": args["service"], "may_file": True, "refusal": None,
                                           "code": None, "message": None, "request_id": None},
        }
        self.calls: list = []  # (op, args, idempotency_key)
        start_elder = None if abilities is not None and abilities.start != "bound" else (elder or ELDER)
        self.session, self.step = self.engine.start(start_elder, household=household)

    def answer(self, intent) -> Answer:
        self.calls.append((intent.op, intent.args, intent.idempotency_key))
        answer = self.answers[intent.op]
        if callable(answer):
            answer = answer(intent.args, intent.idempotency_key)
        if isinstance(answer, dict) and answer.get("_error"):
            return Answer(intent.id, False, error=answer["_error"])
        return Answer(intent.id, True, answer)

    def settle(self, step: Step) -> Step:
        """Answer intents until none is left (like FlowRunner): the last screen, the last words
        said, and whether the session was wiped on the way."""
        queue, speech, wipe = list(step.intents), step.speech, step.wipe
        while queue:
            step = self.engine.resolve(self.session, self.answer(queue.pop(0)))
            queue.extend(step.intents)
            speech, wipe = step.speech or speech, wipe or step.wipe
        self.step = Step(step.screen, step.speech or speech, [], wipe=wipe)
        return self.step

    def send(self, kind: str, value=None, *, settle: bool = True) -> Step:
        step = self.engine.handle(self.session, Event(kind, value))
        return self.settle(step) if settle else step

    def offer(self, message: dict) -> Step:
        return self.settle(self.engine.offer(self.session, message))

    @property
    def screen(self):
        return self.step.screen

    def ops(self) -> list[str]:
        return [c[0] for c in self.calls]
