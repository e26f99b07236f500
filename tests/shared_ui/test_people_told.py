"""Names enter text as known data: the centre says whom a message's words name
(``MessageOut.people``, from her contacts, family, visitors and the request's people), and every
front end's client keeps the people of every answer for the line breaker — so 志愿者张 / 建华
cannot happen to a name the device was told of (tests/shared_ui/kivy_kit/test_name_lines.py)."""
from __future__ import annotations

import requests

from accessibility.line_breaks import units
from personal_data.names import PEOPLE
from shared_ui.client import CenterClient


def test_a_message_names_the_people_its_words_say_and_the_client_keeps_them(make_live_center):
    before = PEOPLE.names()
    try:
        told(make_live_center())
    finally:
        PEOPLE.forget()
        PEOPLE.keep(before)


def told(centre) -> None:
    wang = centre.elders["wang"]
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    contact = client.elder(wang).as_dict()["contacts"][0]["name"]
    PEOPLE.forget()
    sent = requests.post(f"{centre.url}/v1/elders/{wang}/messages", headers=centre.headers("agent"), timeout=10,
                         json={"kind": "notice", "title": "探访提醒", "body": f"明天上午，您的家人{contact}和社区的人来看您。"})
    assert sent.status_code == 201, sent.text
    assert sent.json()["people"] == [contact]
    PEOPLE.forget()
    assert any(m.id == sent.json()["id"] for m in client.messages(wang, unread=True))
    assert contact in PEOPLE.names()  # told of by the answer itself, not guessed from its words
    assert contact in units(f"明天上午，您的家人{contact}和社区的人来看您。")
    other = requests.post(f"{centre.url}/v1/elders/{wang}/messages", headers=centre.headers("agent"), timeout=10,
                          json={"kind": "notice", "title": "通知", "body": "社区卫生服务中心明天义诊。"})
    assert other.json()["people"] == []  # nobody named: nothing marked
