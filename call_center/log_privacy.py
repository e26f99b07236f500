"""No personal number in any log line: every record the process makes — ours, Werkzeug's
access log, gunicorn's error log, a provider's exception text — has ID numbers, mobiles and
bank cards masked (:func:`call_center.shown_text.masked`) before any handler sees it.

Installed as the log-record factory (so no handler, logger or library can be missed) when a
centre is built; idempotent. The traceback of a logged exception is formatted and scrubbed
here too: an adapter's error message may quote the number it failed to call.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any

from .shown_text import masked as scrub  # the centre's ids stay whole: logs are read by id

_INSTALLED = "_onekey_scrubbing"


def scrubbed(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a record whose arguments do not fit its format: leave it to logging
        return record
    record.msg, record.args = scrub(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    return record


def install() -> None:
    previous = logging.getLogRecordFactory()
    if getattr(previous, _INSTALLED, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrubbed(previous(*args, **kwargs))

    setattr(factory, _INSTALLED, True)
    logging.setLogRecordFactory(factory)
