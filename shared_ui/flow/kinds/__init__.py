"""One module per frame kind: how its screen is built (``build``) and what each event does to it.

Handlers take ``(flow, session, frame, event)`` and return intents or a
:class:`~shared_ui.flow.build.Reply`; answer handlers take ``(flow, session, frame, answer)``.
:mod:`shared_ui.flow.table` lists which handler takes which (frame kind, event kind).
"""
