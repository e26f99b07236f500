"""The focus map as data: moves, wraps, overrides, remembered groups, and its own checks."""
import pytest

from tv_app.focus import FocusMap, Node, reading_order


def home_grid() -> list[Node]:
    """The home screen's 3×2 tiles above a nav bar of two keys at the bottom left (y grows up)."""
    ids = ["emergency", "registration", "taxi", "consultation", "my_requests", "messages"]
    tiles = [Node(i, 96 + (n % 3) * 600, 600 - (n // 3) * 340, 560, 300) for n, i in enumerate(ids)]
    nav = [Node("nav:repeat", 96, 54, 300, 110, "nav"), Node("nav:help", 436, 54, 300, 110, "nav")]
    return tiles + nav


def test_arrows_move_through_the_grid_like_the_eye_reads():
    fm = FocusMap(home_grid())
    assert fm.move("emergency", "right") == "registration"
    assert fm.move("registration", "down") == "my_requests"
    assert fm.move("my_requests", "up") == "registration"
    assert fm.move("taxi", "left") == "registration"


def test_left_and_right_wrap_in_reading_order_up_and_down_stay():
    fm = FocusMap(home_grid())
    assert fm.move("taxi", "right") == "consultation"  # end of a row → start of the next
    assert fm.move("consultation", "left") == "taxi"
    assert fm.move("messages", "right") == "emergency"  # last → first
    assert fm.move("emergency", "up") == "emergency"  # nothing above: focus stays, never lost
    assert fm.move("nav:repeat", "down") == "nav:repeat"


def test_going_down_reaches_the_nav_bar_and_up_returns_to_the_remembered_tile():
    fm = FocusMap(home_grid())
    assert fm.move("messages", "down") == "nav:help"  # nearest key, no beam overlap needed
    assert fm.move("nav:help", "up", {"items": "messages"}) == "messages"
    assert fm.move("nav:help", "up", {}) in {"consultation", "my_requests"}


def test_overrides_are_data_and_win():
    fm = FocusMap(home_grid(), {"emergency": {"up": "nav:help", "left": "none"},
                                "nav:repeat": {"up": "group:items"}})
    assert fm.move("emergency", "up") == "nav:help"
    assert fm.move("emergency", "left") == "emergency"
    assert fm.move("nav:repeat", "up", {"items": "taxi"}) == "taxi"
    assert fm.move("nav:repeat", "up") == "emergency"  # the group's first item when none remembered


def test_a_focus_that_is_gone_lands_on_the_first_item():
    fm = FocusMap(home_grid())
    assert fm.move("vanished", "down") == "emergency"


def test_problems_finds_unreachable_items_dead_ends_and_bad_overrides():
    assert FocusMap(home_grid()).problems("emergency") == []
    stay = {d: "none" for d in ("up", "down", "left", "right")}
    trapped = FocusMap([Node("a", 0, 0, 100, 100), Node("b", 200, 0, 100, 100)],
                       {"a": stay, "b": {"left": "nowhere"}})
    problems = trapped.problems("a")
    assert any("nowhere" in p for p in problems)
    assert "a is a dead end" in problems
    assert "b cannot be reached from a" in problems


def test_reading_order_groups_rows_by_centre():
    nodes = [Node("b", 500, 100, 100, 100), Node("a", 0, 120, 100, 100), Node("c", 0, 0, 50, 50)]
    assert [n.id for n in reading_order(nodes)] == ["a", "b", "c"]
