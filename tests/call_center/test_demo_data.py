"""Demo data: idempotent, relative to today, realistic enough to demo every branch."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from call_center.clock import local, today
from call_center.demo_data import TOKENS, seed
from personal_data.id_number import valid_id_number
from call_center.models import Elder, Hospital, Slot

from .conftest import row_counts


def test_seeding_twice_changes_nothing(center_app):
    before = row_counts(center_app)
    again = seed(center_app.extensions["onekey"].db)
    assert row_counts(center_app) == before
    assert again.elders == center_app.demo.elders


def test_slots_cover_the_next_two_weeks_with_some_full(center_app):
    with center_app.extensions["onekey"].db.session(write=False) as s:
        starts = [local(x).date() for x in s.scalars(select(Slot.start))]
        full = s.scalar(select(func.count()).select_from(Slot).where(Slot.booked >= Slot.capacity))
        hospitals = s.scalar(select(func.count()).select_from(Hospital))
        elders = list(s.scalars(select(Elder)))
    assert min(starts) >= today()
    assert max(starts) <= today() + timedelta(days=13)
    assert max(starts) >= today() + timedelta(days=11)
    assert all(d.weekday() != 6 for d in starts)  # no Sunday clinics
    assert 0 < full < len(starts) // 5
    assert 5 <= hospitals <= 6
    assert 3 <= len(elders) <= 4
    assert all(valid_id_number(e.id_number) for e in elders)


def test_demo_tokens_are_fixed(center_app):
    assert center_app.demo.tokens == TOKENS
    assert TOKENS["tv_wang"] == "demo-tv-wang" and TOKENS["kiosk"] == "demo-kiosk-1"
    assert TOKENS["agent"] == "demo-agent"


def test_every_demo_elder_has_standing_prescriptions_and_one_needs_a_visit(center_app):
    """慢病续方: each demo elder's chronic medicines; 李国强's inhaler was last prescribed in
    person more than half a year ago, so the demo shows a doctor asking for a visit."""
    from call_center.models import Prescription
    from call_center.providers.simulated import VISIT_WITHIN_DAYS

    with center_app.extensions["onekey"].db.session(write=False) as db:
        for key, elder_id in center_app.demo.elders.items():
            rows = db.scalars(select(Prescription).where(Prescription.elder_id == elder_id)).all()
            assert rows, key
            stale = [(today() - p.last_visit).days > VISIT_WITHIN_DAYS for p in rows]
            assert any(stale) == (key == "li"), key
