"""ID-card readers. Station kiosks use one of two kinds, behind one interface:

- a keyboard-wedge reader types the card's number and Enter, like the QR scanner
  (:class:`WedgeIdReader` takes the scanner's bursts that are valid citizen ID numbers);
- the demo's :class:`SimulatedReader` "reads" a card it is given (F5 on the demo kiosk reads
  the demo elder's), after a reader's short delay.

A card gives the number only: the elder still types the last four digits of the registered
phone (the centre asks for both: a found card is not its owner).
"""
from __future__ import annotations

from typing import Callable, Protocol

from personal_data.id_number import id_number_problem

OnCard = Callable[[str], None]


class IdCardReader(Protocol):
    def start(self, on_card: OnCard) -> None: ...

    def stop(self) -> None: ...


class WedgeIdReader:
    """Fed by the key-burst sorter: a scan that is a valid ID number is a card."""

    def __init__(self) -> None:
        self.on_card: OnCard | None = None

    def start(self, on_card: OnCard) -> None:
        self.on_card = on_card

    def stop(self) -> None:
        self.on_card = None

    def offer(self, scanned: str) -> bool:
        number = scanned.strip().upper()
        if self.on_card is None or id_number_problem(number) is not None:
            return False
        self.on_card(number)
        return True


class SimulatedReader:
    """For the demo and tests: ``present(number)`` is a card laid on the reader."""

    DELAY_S = 0.3

    def __init__(self, schedule: Callable[[Callable[[], None], float], object] | None = None):
        self.on_card: OnCard | None = None
        self.schedule = schedule

    def start(self, on_card: OnCard) -> None:
        self.on_card = on_card

    def stop(self) -> None:
        self.on_card = None

    def present(self, number: str) -> None:
        if self.on_card is None:
            return
        callback = self.on_card
        if self.schedule is None:
            callback(number)
        else:
            self.schedule(lambda: callback(number), self.DELAY_S)
