"""First start: the six-digit pairing code the centre's agent types in to bind this box.

Not a flow-engine screen (there is no elder yet): the app builds a ``Screen`` of kind
``pairing`` itself, with the code as ``body`` and the instructions as ``notes``.
"""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView


@REGISTRY.register("pairing")
class PairingView(TvView):
    def fill(self, body, screen: Screen) -> None:
        column = Factory.CentredColumn()
        body.add_widget(column)
        for note in screen.notes[:1]:  # as large as the room above the code allows
            column.add_widget(Factory.FittedText(words=note, size_role="option_label", halign="center"))
        column.add_widget(Factory.PairingCode(text=" ".join(screen.body or "")))
        for note in screen.notes[1:]:
            column.add_widget(Factory.Paragraph(words=note, size_role="body", halign="center",
                                                role="text_muted"))
