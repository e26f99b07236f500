"""Family members for the centre's tests: a signed-in member's token (exchanged by the
mini-program service) and bindings the elder agreed to on the household's TV."""
from __future__ import annotations

from typing import Any

ELDER_LOGIN = {  # demo elder -> (registered phone, name, the household TV's token key)
    "wang": ("13916205871", "王秀英", "tv_wang"),
    "li": ("13621873305", "李国强", "tv_li"),
    "zhang": ("13788921546", "张桂兰", "tv_zhang"),
    "chen": ("13788921547", "陈志明", "tv_zhang"),
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def family_token(client: Any, demo: Any, subject: str = "o-test-chenjing", name: str = "陈静",
                 phone: str = "13764561234", provider: str = "wechat") -> str:
    r = client.post("/v1/family/sessions", json={"provider": provider, "subject": subject,
                                                 "name": name, "phone": phone},
                    headers=bearer(demo.tokens["service"]))
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["token"]


def ask(client: Any, token: str, elder_key: str, relation: str = "女儿",
        permissions: list[str] | None = None) -> dict:
    phone, name, _tv = ELDER_LOGIN[elder_key]
    body: dict[str, Any] = {"relation": relation, "elder_phone": phone, "elder_name": name}
    if permissions is not None:
        body["permissions"] = permissions
    r = client.post("/v1/family/bindings", json=body, headers=bearer(token))
    assert r.status_code in (200, 201), r.get_data(as_text=True)
    return r.get_json()


def consent_message(client: Any, demo: Any, elder_key: str) -> dict:
    _phone, _name, tv = ELDER_LOGIN[elder_key]
    inbox = client.get(f"/v1/elders/{demo.elders[elder_key]}/messages", query_string={"unread": "true"},
                       headers=bearer(demo.tokens[tv])).get_json()
    return next(m for m in inbox if m["kind"] == "consent" and m["answers"])


def answer_on_tv(client: Any, demo: Any, elder_key: str, answer: str = "agree") -> Any:
    _phone, _name, tv = ELDER_LOGIN[elder_key]
    message = consent_message(client, demo, elder_key)
    return client.post(f"/v1/messages/{message['id']}/answer", json={"answer": answer},
                       headers=bearer(demo.tokens[tv]))


def bound(client: Any, demo: Any, *elder_keys: str, permissions: list[str] | None = None,
          relation: str = "女儿", **member: Any) -> str:
    """A member's token with active bindings to ``elder_keys`` (each agreed on the TV)."""
    token = family_token(client, demo, **member)
    for key in elder_keys:
        binding = ask(client, token, key, relation=relation, permissions=permissions)
        if binding["status"] != "active":
            assert answer_on_tv(client, demo, key).status_code == 200
    return token
