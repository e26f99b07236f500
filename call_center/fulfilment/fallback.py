"""Asking platforms in order until one serves: 申程出行 then another ride platform (seed 000
§三(一)2(2)②), 962120 then another transfer platform (§三(二)2(3): 或其他转运车辆); and giving
a booking back to the platform that made it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Sequence, TypeVar

from ..errors import ApiError
from ..providers import ProviderDown, ProviderError

T = TypeVar("T")


@dataclass
class Tried(Generic[T]):
    """What came back: the first platform's answer (or None), and a note per platform that
    could not serve — for the request's event trail."""

    answer: T | None = None
    notes: list[str] = field(default_factory=list)
    none_free: bool = False  # at least one platform answered "nothing free" (not only "down")


def first_to_serve(platforms: Sequence[Any], order: Callable[[Any], T], none: type[ProviderError],
                   none_words: str) -> Tried[T]:
    tried: Tried[T] = Tried()
    for platform in platforms:
        try:
            tried.answer = order(platform)
            return tried
        except none:
            tried.none_free = True
            tried.notes.append(f"{platform.name}：{none_words}")
        except ProviderDown:
            tried.notes.append(f"{platform.name}：联系不上")
    return tried


def cancel_booking(platform: Any, booking_ref: str, words: str = "请稍后再试。") -> None:
    """Tell ``platform`` the booking is not needed (on cancel); a platform that cannot be
    reached is 503 and nothing changes here (``words``: what to do, after 暂时联系不上，)."""
    try:
        platform.cancel(booking_ref)
    except ProviderDown as exc:
        raise ApiError("provider_unavailable", f"{platform.name}暂时联系不上，{words}") from exc
