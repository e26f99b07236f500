"""HTML → PDF for slips, kept warm so printing feels instant.

One :class:`SlipRenderer` per process holds everything that is slow to make: the Jinja
templates, the parsed ``weasyprint.CSS`` per layout, one ``FontConfiguration``, the font
coverage, the locked URL fetcher, cached QR codes. A warm 80 mm slip then takes about a
tenth of a second, nearly all of it HarfBuzz subsetting the one CJK face the slips use
(one bold face on purpose: every extra face costs ~35 ms and ~110 KB per slip).

Not thread-safe (Pango and the font configuration are shared): use one renderer per
thread, or go through :class:`~accessibility.slips.cache.SlipCache`, which renders on
one worker thread.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from personal_data.names import PEOPLE
from personal_data.references import reference
from shared_ui.i18n import translate

from ..line_breaks import SEGMENTER, keep_units
from .alarm import for_alarm
from .config import SlipConfig
from .content import N_, ContentBuilder, SlipContent
from .fetcher import LockedURLFetcher
from .fitting import (END_ANCHOR, MAX_PASSES, MIN_SCALE, Fit, SlipDoesNotFit, content_height_px, cut, fits,
                      next_scale, scaled_sizes)
from .fonts import FONT_CHAIN, Coverage, css_family
from .layouts import Layout, layout_named
from .qr import qr_image
from .reference import reopen_url

log = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parents[2] / "assets"
SLIP_ASSETS = ASSETS / "slips"


class SlipError(Exception):
    """A slip that cannot be made: machine ``code`` and a sentence an elder can hear."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Slip:
    pdf: bytes
    layout: str
    record_id: str
    kind: str
    key: str
    width_mm: float
    height_mm: float
    pages: int
    qr_url: str
    rendered_at: datetime
    seconds: float
    scale: float = 1.0  # below 1: type sizes shrunk so a long slip fits its sheet


def is_alarm(record: Mapping[str, Any]) -> bool:
    return "raised_at" in record and "service" not in record


def record_version(record: Mapping[str, Any]) -> str:
    """What changes whenever the record changes: ``updated_at`` for requests; for alarms
    (which may have none) the status and the last escalation step."""
    if record.get("updated_at"):
        return str(record["updated_at"])
    events = record.get("events") or []
    last = events[-1] if events else {}
    raw = f"{record.get('status')}|{len(events)}|{last.get('at')}|{last.get('kind')}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def slip_key(record: Mapping[str, Any], layout: str, locale: str = "zh_CN") -> str:
    kind = "alarm" if is_alarm(record) else "request"
    return f"{kind}:{record.get('id')}@{record_version(record)}/{layout}/{locale}"


class SlipRenderer:
    def __init__(self, config: SlipConfig | None = None, *, spec=None,
                 templates: Path | None = None, assets: Path = SLIP_ASSETS):
        if spec is None:
            from shared_ui.spec.loader import load_spec

            spec = load_spec()
        self.config = config or SlipConfig.from_env()
        # The words no line breaks inside (主治医师): a renderer is built off any screen's thread.
        SEGMENTER.warm_quietly()
        self.spec = spec
        self.assets = Path(assets)
        self.coverage = Coverage.of(FONT_CHAIN)
        self.fetcher = LockedURLFetcher([self.assets, self.assets.parent / "fonts"])
        self.font_config = FontConfiguration()
        self.tz = ZoneInfo(self.config.timezone)
        self.builder = ContentBuilder(spec, self.coverage.printable, self.config.timezone)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates or self.assets / "templates")),
            autoescape=True,  # names and notes are data, never markup
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._css: dict[tuple[str, float, bool], list[CSS]] = {}

    # -- cached pieces ------------------------------------------------------------------
    def stylesheets(self, layout: Layout, scale: float = 1.0, flow: bool = False) -> list[CSS]:
        """``flow``: pages of the sheet's own height (the rare slip too long for one)."""
        key = (layout.name, scale, flow)
        if key not in self._css:
            family = f":root {{ --slip-font: {css_family(FONT_CHAIN)}; }}"
            sheets = [
                CSS(string=layout.page_css(layout.height_mm if flow else None) + family, font_config=self.font_config),
                CSS(filename=str(self.assets / "slip.css"), url_fetcher=self.fetcher,
                    font_config=self.font_config),
                CSS(filename=str(self.assets / layout.css), url_fetcher=self.fetcher,
                    font_config=self.font_config),
            ]
            if scale != 1.0:
                layout_css = (self.assets / layout.css).read_text(encoding="utf-8")
                sheets.append(CSS(string=scaled_sizes(layout_css, scale), font_config=self.font_config))
            self._css[key] = sheets
        return self._css[key]

    def warm_up(self, layouts: tuple[str, ...] = ("58mm", "80mm", "a5")) -> None:
        """Parse CSS and load fonts now, so the first real slip is as fast as the rest."""
        sample = {"id": "warm-up", "service": "help", "mode": "call", "status": "submitted",
                  "created_at": "2026-01-01T09:00:00+08:00"}
        for name in layouts:
            self.render(sample, {"name": "王小明"}, name)

    # -- content and HTML ---------------------------------------------------------------
    def content(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None,
                locale: str = "zh_CN") -> SlipContent:
        # the people it names (her, a driver, a companion) are units its lines keep whole
        PEOPLE.keep_from({"record": dict(record), "elder": dict(elder or {})})
        if is_alarm(record):
            return for_alarm(self.builder, record, elder, locale)
        return self.builder.for_request(record, elder, locale)

    def context(self, content: SlipContent, layout: Layout, now: datetime | None = None) -> dict:
        now = (now or datetime.now(self.tz)).astimezone(self.tz)
        url = reopen_url(self.config.h5_base, content.record_id, self.config.secret, now)
        qr = qr_image(url)
        return {
            "c": content,
            "layout": layout,
            "qr_src": qr.data_uri,
            "qr_mm": round(qr.width_mm(layout.qr_dots, layout.dpi), 2),
            "qr_url": url,
            "hotline": self.coverage.printable(self.config.hotline),
            "station": self.builder.clean(self.config.station) if self.config.station else "",
            # a number to read out to the desk, never the centre's id (personal_data/references.py)
            "ref": reference(content.record_id),
            "issued": f"{now:%Y-%m-%d %H:%M}",
            "_": lambda text: self.coverage.printable(translate(text, content.locale)),
            "end_anchor": END_ANCHOR,
        }

    def html(self, content: SlipContent, layout: Layout, now: datetime | None = None,
             source: str | None = None) -> str:
        """The slip's HTML; ``source`` renders a template text instead of the kind's file
        (it may ``{% extends "base.html" %}``)."""
        # A service with no template of its own prints its confirmation on the common one.
        template = self.env.from_string(source) if source else \
            self.env.select_template([f"{content.kind}.html", "confirmation.html"])
        # Every unit (1203室, 主治医师, 服药) whole on its line: the engine breaks CJK anywhere.
        return keep_units(template.render(**self.context(content, layout, now)))

    # -- PDF ----------------------------------------------------------------------------
    def render(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None = None,
               layout: str = "80mm", *, locale: str = "zh_CN", now: datetime | None = None) -> Slip:
        """A finished slip for a request or alarm record; raises :class:`SlipError`."""
        if not record or not record.get("id"):
            raise SlipError("bad_record", N_("这张单子的信息不全，没法打印。"))
        chosen = layout_named(layout)
        content = self.content(record, elder, locale)
        return self.render_html(self.html(content, chosen, now), chosen, record_id=content.record_id,
                                kind=content.kind, key=slip_key(record, chosen.name, locale), now=now)

    def render_html(self, html: str, layout: Layout | str, *, record_id: str = "", kind: str = "",
                    key: str = "", now: datetime | None = None) -> Slip:
        chosen = layout_named(layout) if isinstance(layout, str) else layout
        started = time.perf_counter()
        try:
            document, fit = self.fitted(html, chosen)
        except SlipDoesNotFit as exc:
            raise SlipError(exc.code, exc.message) from None
        pdf = document.write_pdf()
        url = reopen_url(self.config.h5_base, record_id, self.config.secret, now) if record_id else ""
        return Slip(pdf=pdf, layout=chosen.name, record_id=record_id, kind=kind, key=key,
                    width_mm=chosen.width_mm, height_mm=fit.height_mm, pages=len(document.pages),
                    qr_url=url, rendered_at=datetime.now(self.tz),
                    seconds=time.perf_counter() - started, scale=fit.scale)

    def fitted(self, html: str, layout: Layout):
        """The laid-out document cut to its paper (see ``fitting``), and how it was fitted."""
        scale, tried = 1.0, []
        for _ in range(MAX_PASSES):
            document = self._layout(html, layout, scale)
            if fits(document, layout):
                return document, cut(document, layout, scale)
            if scale <= MIN_SCALE:
                break
            tried.append((scale, content_height_px(document, layout)))
            scale = next_scale(tried, layout)
        # Too long for one sheet even at the smallest size: flow onto more sheets, never clip.
        log.warning("slip does not fit one %s sheet at scale %.2f; printing %s", layout.name, scale, "more sheets")
        document = self._layout(html, layout, scale, flow=True)
        return document, Fit(layout.height_mm, scale, layout.height_mm * len(document.pages))

    def _layout(self, html: str, layout: Layout, scale: float, flow: bool = False):
        return HTML(string=html, base_url=str(self.assets) + "/", url_fetcher=self.fetcher) \
            .render(font_config=self.font_config, stylesheets=self.stylesheets(layout, scale, flow))
