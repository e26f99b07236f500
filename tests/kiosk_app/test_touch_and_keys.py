"""Touch that suits a shaky hand and keys from scanners, as plain logic (no window): generated
wobbles, taps, fingers and key timings."""
from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk_app.id_reader import SimulatedReader, WedgeIdReader
from kiosk_app.scanner import KeyBurst
from kiosk_app.touch import TapTracker
from personal_data.id_number import id_check_digit

SLOP = 20.0


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Tile:
    def __init__(self, item_id: str, repeat_s: float = -1):
        self.item_id, self.repeat_s = item_id, repeat_s


@given(st.lists(st.tuples(st.floats(-SLOP / 1.5, SLOP / 1.5), st.floats(-SLOP / 1.5, SLOP / 1.5)), max_size=8))
def test_a_touch_that_wobbles_within_the_slop_is_a_tap(wobble):
    clock, tile = Clock(), Tile("confirm")
    taps = TapTracker(SLOP, 0.6, clock)
    taps.down(1, tile, 500, 500)
    for dx, dy in wobble:
        taps.move(1, 500 + dx, 500 + dy)
    end = wobble[-1] if wobble else (0, 0)
    assert taps.up(1, 500 + end[0], 500 + end[1], tile) is tile


@given(st.floats(SLOP * 1.05, 400), st.booleans())
def test_a_touch_that_slides_away_is_nothing(distance, back):
    clock, tile = Clock(), Tile("confirm")
    taps = TapTracker(SLOP, 0.6, clock)
    taps.down(1, tile, 500, 500)
    taps.move(1, 500 + distance, 500)
    x = 500 if back else 500 + distance
    assert taps.up(1, x, 500, tile) is None   # even when it slid back onto the tile


def test_lifted_on_another_tile_is_nothing():
    clock, a, b = Clock(), Tile("a"), Tile("b")
    taps = TapTracker(SLOP, 0.6, clock)
    taps.down(1, a, 500, 500)
    assert taps.up(1, 505, 500, b) is None


@given(st.floats(0.0, 0.59))
def test_a_second_tap_on_the_same_tile_soon_after_is_the_same_tap(gap):
    clock, tile = Clock(), Tile("confirm")
    taps = TapTracker(SLOP, 0.6, clock)
    taps.down(1, tile, 500, 500)
    assert taps.up(1, 500, 500, tile) is tile
    clock.now += gap
    taps.down(2, tile, 502, 498)
    assert taps.up(2, 502, 498, tile) is None
    clock.now += 0.61
    taps.down(3, tile, 500, 500)
    assert taps.up(3, 500, 500, tile) is tile


def test_a_keypad_key_typed_twice_on_purpose_counts_twice_but_a_bounce_does_not():
    clock, key = Clock(), Tile("view:1", repeat_s=0.25)
    taps = TapTracker(SLOP, 0.6, clock)
    for gap, counted in ((0.0, True), (0.1, False), (0.35, True)):
        clock.now += gap
        taps.down(gap, key, 500, 500)
        assert (taps.up(gap, 500, 500, key) is key) is counted


def test_a_second_finger_or_a_palm_cancels_every_touch_then_down():
    clock, a, b = Clock(), Tile("a"), Tile("b")
    taps = TapTracker(SLOP, 0.6, clock)
    taps.down(1, a, 500, 500)
    taps.down(2, b, 900, 900)      # a palm, a sleeve, a lean
    assert taps.up(2, 900, 900, b) is None
    assert taps.up(1, 500, 500, a) is None
    taps.down(3, a, 500, 500)      # then a clean one counts again
    assert taps.up(3, 500, 500, a) is a


def test_a_scanners_burst_is_a_scan_and_a_persons_typing_is_typing():
    clock = Clock()
    scans, typed = [], []
    keys = KeyBurst(scans.append, typed.append, gap_s=0.04, clock=clock)
    for char in "https://h5.example/r/AbC123xyz":
        keys.key(char)
        clock.now += 0.008
    keys.enter()
    assert scans == ["https://h5.example/r/AbC123xyz"] and typed == []
    for char in "5871":
        keys.key(char)
        clock.now += 0.25
        keys.tick()
    assert scans == ["https://h5.example/r/AbC123xyz"] and "".join(typed) == "5871"


@given(st.lists(st.floats(0.0, 0.035), min_size=7, max_size=30), st.floats(0.0, 0.5))
def test_a_burst_slowed_anywhere_or_too_short_is_never_taken_for_a_scan(gaps, slow):
    clock = Clock()
    scans, typed = [], []
    keys = KeyBurst(scans.append, typed.append, gap_s=0.04, clock=clock)
    slow_at = len(gaps) // 2
    # a gap of exactly gap_s is neither: a float clock's sums put it either side (0.0 + 0.04)
    assume(abs(gaps[slow_at] + slow - 0.04) > 1e-9)
    for n, gap in enumerate(gaps):
        keys.key("7")
        clock.now += gap + (slow if n == slow_at else 0.0)
    keys.enter()
    fast = slow <= 0.04 - max(gaps[slow_at], 0) and len(gaps) >= 8
    assert bool(scans) == (fast and all(g <= 0.04 for g in gaps))
    assert "".join(scans + typed).replace("\n", "") == "7" * len(gaps)   # Enter: 确定 for a person


def test_a_wedge_reader_takes_only_valid_id_numbers_and_the_demo_reader_reads_a_card():
    number = "11010519491231002" + id_check_digit("11010519491231002")
    read = []
    wedge = WedgeIdReader()
    wedge.start(read.append)
    assert not wedge.offer("https://h5.example/r/AbC123xyz")
    assert not wedge.offer(number[:17] + ("0" if number[17] != "0" else "1"))
    assert wedge.offer(number.lower()) and read == [number.upper()]
    demo = SimulatedReader()
    demo.start(read.append)
    demo.present(number)
    assert read == [number.upper(), number]
