"""The console shows the words the elder was shown (养老政策, 尽快, 找人工), never the codes a
channel sends (policy, asap, help): for every coded value of every form, in the queue and on
the request's page; a label that names a value the agent has since changed is not shown."""
from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.page_text import page_text

CODED = [  # (service, form, labels) as the kit sends them: a value and the words it showed
    ("consultation", {"topic": "policy", "callback_window": "asap"}, {"topic": "养老政策", "callback_window": "尽快"}),
    ("consultation", {"topic": "medical", "callback_window": "afternoon"}, {"topic": "看病就医", "callback_window": "下午"}),
    ("help", {"topic": "help", "callback_window": "asap", "note": "在“叫出租车”这一页按了找人工。"},
     {"topic": "找人工", "callback_window": "尽快"}),
]


def post(console: Any, service: str, form: dict, labels: dict) -> Any:
    return console.app.test_client().post(
        "/v1/requests", json={"elder_id": console.app.demo.elders["wang"], "service": service, "mode": "call",
                              "form": form, "labels": labels},
        headers={"Authorization": f"Bearer {console.app.demo.tokens['tv_wang']}",
                 "Idempotency-Key": uuid.uuid4().hex})


@pytest.mark.parametrize("service, form, labels", CODED)
def test_the_queue_and_the_page_read_the_words_shown_not_the_codes(console, service, form, labels):
    made = post(console, service, form, labels)
    assert made.status_code == 201, made.get_data(as_text=True)
    req = made.get_json()
    assert {k: req["form_labels"][k] for k in labels} == labels
    row = re.search(rf'data-request-id="{req["id"]}".*?</tr>', console.text("/console/"), re.S).group(0)
    assert labels["topic"] in row and f">{form['topic']}<" not in row
    page = page_text(console.get(f"/console/requests/{req['id']}"))
    for key, code in form.items():
        if key in labels:
            assert labels[key] in page
            assert not re.search(rf"(?<![a-z_]){code}(?![a-z_])", page), (key, code)
    assert "screen:" not in page


def test_labels_of_fields_the_form_does_not_keep_are_dropped_and_numbers_masked(console):
    made = post(console, "consultation", {"topic": "other", "note": "请回 13812345678"},
                {"topic": "其他问题 13812345678", "made_up": "x", "note": "请回 13812345678"})
    labels = made.get_json()["form_labels"]
    assert "made_up" not in labels and "13812345678" not in str(labels) and "1381234" not in str(labels)


def test_a_label_no_longer_names_the_value_once_an_agent_changes_it(console):
    req = post(console, "consultation", {"topic": "policy"}, {"topic": "养老政策"}).get_json()
    client = console.app.test_client()
    agent = {"Authorization": f"Bearer {console.app.demo.tokens['agent']}"}
    for to in ("accepted", "in_progress"):
        assert client.post(f"/v1/requests/{req['id']}/transitions", json={"to": to}, headers=agent).status_code == 200
    done = client.post(f"/v1/requests/{req['id']}/transitions",
                       json={"to": "confirmed", "form": {"topic": "医保报销"}}, headers=agent)
    assert done.status_code == 200 and done.get_json()["form"]["topic"] == "医保报销"
    assert "topic" not in done.get_json()["form_labels"]
    assert "医保报销" in page_text(console.get(f"/console/requests/{req['id']}"))


def test_labels_are_bounded():
    from pydantic import ValidationError

    from call_center.schemas.service_requests import RequestCreate

    base = {"elder_id": "eld_x", "service": "consultation", "form": {"topic": "x"}}
    with pytest.raises(ValidationError):
        RequestCreate.model_validate({**base, "labels": {"topic": "字" * 121}})
    with pytest.raises(ValidationError):
        RequestCreate.model_validate({**base, "labels": {f"k{i}": "x" for i in range(21)}})
