"""政策找人 seen by the family (seed 000 §三(二)3(6)): a policy pushed to a parent is among the
parent's messages in the mini-program's 消息 for a member bound with ``view``, read in the same
words — and the answer (想办理 / 不需要) stays the parent's: the member is not offered it."""
from __future__ import annotations

import uuid

from call_center.policies import offers


def test_a_member_sees_the_parents_policy_push_but_does_not_answer_it(backend):
    c = backend.centre
    zhang = c.elders["zhang"]
    token = backend.sign_in("o-policy-view", name="陈静", phone=None)
    backend.bind(token, "zhang", permissions=["view"])
    pushed = backend.agent().post(f"{c.url}/v1/elders/{zhang}/policies/senior_card/push",
                                  headers={"Idempotency-Key": uuid.uuid4().hex})
    assert pushed.status_code in (201, 409), pushed.text  # 409: the shared centre told her already
    offers.sweep(c.app.extensions["onekey"].db)
    api = backend.api(token)
    url = f"{backend.url}/api/v1/flow"
    step = api.post(url, json={"elder_id": zhang})
    assert step.status_code == 201, step.text
    body = step.json()
    body = api.post(f"{url}/{body['session']}", json={"kind": "select", "value": "messages"}).json()
    listed = body["screen"]["items"]
    policy = next(i for i in listed if i["label"] == "敬老卡")
    assert not any(i["id"].startswith("answer:") for i in listed)
    body = api.post(f"{url}/{body['session']}", json={"kind": "select", "value": policy["id"]}).json()
    screen = body["screen"]
    shown = str(screen)
    assert "可以申领敬老卡" in shown and "张阿姨" in shown
    assert not any(i["id"].startswith("answer:") for i in screen["items"])
