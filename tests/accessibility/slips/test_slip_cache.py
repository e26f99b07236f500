"""Pre-rendering: a confirmed request's slips are made before anyone presses 打印."""
from __future__ import annotations

import threading

import pytest

from accessibility.slips.cache import SlipCache
from accessibility.slips.renderer import SlipError, SlipRenderer

from .conftest import load_sample


class CountingRenderer(SlipRenderer):
    """The real renderer, counting its renders and able to hold one back until released."""

    def __init__(self, config):
        super().__init__(config)
        self.calls: list[tuple[str, str]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()

    def render(self, record, elder=None, layout="80mm", **kwargs):
        self.calls.append((str(record.get("id")), layout))
        self.started.set()
        assert self.gate.wait(30)
        return super().render(record, elder, layout, **kwargs)


@pytest.fixture
def counting(slip_config):
    return CountingRenderer(slip_config)


def test_confirmed_request_is_prerendered_and_print_reuses_it(counting):
    record, elder = load_sample("registration")
    with SlipCache(counting, layouts=("80mm", "a5")) as cache:
        futures = cache.observe(record, elder)
        assert len(futures) == 2
        for future in futures:
            future.result(timeout=30)
        ready = cache.ready(record, "80mm")
        assert ready is not None and ready.pdf.startswith(b"%PDF")
        printed = cache.get(record, elder, "80mm")
        assert printed is ready  # the very same PDF: nothing rendered at print time
        assert counting.calls == [(record["id"], "80mm"), (record["id"], "a5")]
        cache.observe(record, elder)  # seen again, unchanged: no new work
        assert len(counting.calls) == 2


def test_print_during_prerender_waits_for_the_same_render(counting):
    record, elder = load_sample("taxi")
    counting.gate.clear()
    with SlipCache(counting, layouts=("58mm",)) as cache:
        cache.observe(record, elder)
        assert counting.started.wait(30)
        assert cache.ready(record, "58mm") is None
        result: dict = {}
        waiter = threading.Thread(target=lambda: result.setdefault("slip", cache.get(record, elder, "58mm")))
        waiter.start()
        counting.gate.set()
        waiter.join(30)
        assert result["slip"].layout == "58mm"
        assert counting.calls == [(record["id"], "58mm")]


def test_a_changed_request_replaces_its_old_slip(counting):
    record, elder = load_sample("registration")
    with SlipCache(counting, layouts=("80mm",)) as cache:
        first = cache.get(record, elder, "80mm")
        record["updated_at"] = "2026-11-24T11:00:00+08:00"
        record["result"]["queue_number"] = 21
        second = cache.get(record, elder, "80mm")
        assert second is not first and second.key != first.key
        assert len(cache) == 1
        assert len(counting.calls) == 2


def test_only_confirmed_requests_and_alarms_are_prerendered(counting):
    record, elder = load_sample("receipt")  # accepted, waiting for a call back
    alarm, _ = load_sample("alarm")
    with SlipCache(counting, layouts=("80mm",)) as cache:
        assert cache.observe(record, elder) == []
        assert len(cache.observe(alarm, elder)) == 1
        assert cache.get(record, elder, "80mm").kind == "receipt"  # printable on demand


def test_errors_are_speakable_and_not_cached(counting):
    with SlipCache(counting, layouts=("80mm",)) as cache:
        with pytest.raises(SlipError) as err:
            cache.get({"id": ""}, None, "80mm")
        assert err.value.code == "bad_record" and "打印" in err.value.message
        assert len(cache) == 0
