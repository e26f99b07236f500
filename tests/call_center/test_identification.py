"""A masked ID number stays masked (issue 12 §2): devices never get a partial ID beside the
birth date, and identification needs the ID number AND the registered phone's last four
digits, answers every miss alike, is rate-limited per kiosk and per ID, and is audited."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from call_center.models import Elder
from call_center.models.console import AuditEntry
from personal_data.id_number import id_check_digit

from .conftest import Api, assert_error


def candidates(masked: str, birth: date, real: str) -> list[str]:
    """Every valid ID number the mask and the birth date leave (what a prober would try): the
    two hidden digits of the address code, of which the check character keeps about nine."""
    head, tail = masked[:4], masked[-4:]
    out = []
    for area in range(100):
        first17 = f"{head}{area:02d}{birth:%Y%m%d}{tail[:3]}"
        if id_check_digit(first17) == tail[3]:
            out.append(first17 + tail[3])
    assert real in out and len(out) < 20
    return out


def test_devices_get_no_birth_date_beside_a_masked_id(center_app):
    with center_app.extensions["onekey"].db.session(write=False) as s:
        birth = s.scalar(select(Elder.birth_date).where(Elder.id == center_app.demo.elders["wang"]))
    # the mini-program's service acts for nobody: a family member's own token reads her
    assert Api(center_app, "service").get(f"/v1/elders/{center_app.demo.elders['wang']}").status_code == 403
    for who in ("tv_wang", "agent"):
        body = Api(center_app, who).get(f"/v1/elders/{center_app.demo.elders['wang']}")
        text = body.get_data(as_text=True)
        assert "birth" not in text and birth.isoformat() not in text, who
        assert body.get_json()["id_number_masked"].count("*") == 10


def test_enumerating_the_candidates_of_a_masked_id_learns_nothing(center_app):
    kiosk = Api(center_app, "kiosk")
    demo = center_app.demo
    real = demo.id_numbers["zhang"]
    with center_app.extensions["onekey"].db.session(write=False) as s:
        birth = s.scalar(select(Elder.birth_date).where(Elder.id == demo.elders["zhang"]))
    masked = real[:4] + "*" * 10 + real[-4:]
    tries = candidates(masked, birth, real)
    guess = f"{(int(demo.phone_tails['zhang']) + 1) % 10000:04d}"  # the prober's phone tail
    answers = set()
    for number in tries * 3:  # every candidate, and again: the limit answers alike too
        r = kiosk.post("/v1/elders/lookup", {"id_number": number, "phone_tail": guess})
        answers.add((r.status_code, r.get_data(), tuple(sorted(
            (k, v) for k, v in r.headers.items() if k not in {"Date", "Content-Length"}))))
    statuses = {a[0] for a in answers}
    assert statuses <= {404, 429}, statuses
    per_status = {}
    for status, body, headers in answers:
        per_status.setdefault(status, set()).add((body, headers))
    assert all(len(v) == 1 for v in per_status.values())  # every miss alike, every refusal alike
    assert 429 in statuses  # the kiosk was stopped long before the candidates ran out


def test_lookups_are_limited_per_id_number_and_per_kiosk(make_center_app):
    app = make_center_app()
    kiosk = Api(app, "kiosk")
    demo = app.demo
    wrong = f"{(int(demo.phone_tails['li']) + 1) % 10000:04d}"
    for _ in range(10):
        assert_error(kiosk.post("/v1/elders/lookup", {"id_number": demo.id_numbers["li"],
                                                      "phone_tail": wrong}), 404, "not_found")
    refused = kiosk.post("/v1/elders/lookup", {"id_number": demo.id_numbers["li"],
                                               "phone_tail": demo.phone_tails["li"]})
    assert_error(refused, 429, "rate_limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60  # minutes, never hours
    # another elder is still identified at the same kiosk at the first try
    ok = kiosk.post("/v1/elders/lookup", {"id_number": demo.id_numbers["wang"],
                                          "phone_tail": demo.phone_tails["wang"]})
    assert ok.status_code == 200
    with app.extensions["onekey"].db.session(write=False) as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action.like("kiosk_identify%")).order_by(AuditEntry.id))]
        who = {e.username for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action.like("kiosk_identify%")))}
    assert actions == ["kiosk_identify_missed"] * 10 + ["kiosk_identify"]
    assert who == {"kiosk:" + kiosk.get("/v1/me").get_json()["device"]["id"]}


def test_a_kiosk_is_stopped_after_many_misses_over_any_ids(make_center_app):
    app = make_center_app(rate_limits="elders.lookup.token=4 per 10 minutes")
    kiosk = Api(app, "kiosk")
    for n in range(4):
        first17 = f"3101011950010{n:03d}1"
        body = {"id_number": first17 + id_check_digit(first17), "phone_tail": "0000"}
        assert_error(kiosk.post("/v1/elders/lookup", body), 404, "not_found")
    assert_error(kiosk.post("/v1/elders/lookup", {"id_number": app.demo.id_numbers["wang"],
                                                  "phone_tail": app.demo.phone_tails["wang"]}),
                 429, "rate_limited")
    # the limit counts misses only: an agent's lookups are their own
    agent = Api(app, "agent")
    assert agent.post("/v1/elders/lookup", {"id_number": app.demo.id_numbers["wang"],
                                            "phone_tail": app.demo.phone_tails["wang"]}).status_code == 200
