"""The checks: themes (contrast), host configs (sizes, targets, focus, timing), the UI spec (menus).

Each check returns findings instead of raising, so one run lists everything that is wrong.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from accessibility.hosts.models import HostConfig
from accessibility.themes.models import Palette, Theme
from shared_ui.spec.models import wordings

from . import rules as R
from .contrast import contrast_ratio
from .findings import Finding, shown_path


def _schema_findings(path: Path, exc: Exception) -> list[Finding]:
    if isinstance(exc, ValidationError):
        return [Finding(shown_path(path), ".".join(map(str, e["loc"])) or "(root)", e.get("input"), R.SCHEMA, e["msg"])
                for e in exc.errors()]
    return [Finding(shown_path(path), "(file)", None, R.SCHEMA, str(exc))]


def load_yaml_model(path: Path, model):
    """(model instance, []) or (None, findings)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return model.model_validate(data), []
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        return None, _schema_findings(path, exc)


def check_palette(file: str, where: str, palette: Palette, theme: Theme,
                  only_roles: set[str] | None = None) -> list[Finding]:
    """Every pair the theme uses; with `only_roles`, only pairs touching those roles."""
    findings = []
    text_min, text_rule = ((R.HIGH_TEXT_CONTRAST_MIN, R.HIGH_CONTRAST) if theme.contrast == "high"
                           else (R.TEXT_CONTRAST_MIN, R.TEXT_CONTRAST))
    for pairs, minimum, rule in ((theme.text_pairs, text_min, text_rule), (theme.ui_pairs, R.UI_CONTRAST_MIN, R.UI_CONTRAST)):
        for fg, bg in pairs:
            if only_roles is not None and fg not in only_roles and bg not in only_roles:
                continue
            ratio = contrast_ratio(palette[fg], palette[bg])
            if ratio < minimum:
                findings.append(Finding(file, f"{where}{fg} on {bg}", f"{palette[fg]} on {palette[bg]}", rule,
                                        f"{ratio:.2f}:1 < {minimum:g}:1"))
    return findings


def check_theme(path: Path) -> tuple[Theme | None, list[Finding]]:
    theme, findings = load_yaml_model(path, Theme)
    if theme is None:
        return None, findings
    return theme, check_palette(shown_path(path), "colours.", theme.colours, theme)


def _check_text(file: str, prefix: str, host: HostConfig, styles: dict) -> list[Finding]:
    findings = []
    for role, style in styles.items():
        dp = host.dp(style.size)
        if dp < R.MAIN_TEXT_MIN_DP:
            findings.append(Finding(file, f"{prefix}{role}.size", style.size, R.TEXT_SIZE, f"{dp:.1f} dp"))
        if style.line_height < R.LINE_HEIGHT_MIN:
            findings.append(Finding(file, f"{prefix}{role}.line_height", style.line_height, R.LINE_HEIGHT))
    headline = styles.get("headline")
    if headline is not None and host.dp(headline.size) < R.HEADLINE_MIN_DP:
        findings.append(Finding(file, f"{prefix}headline.size", headline.size, R.HEADLINE_SIZE,
                                f"{host.dp(headline.size):.1f} dp"))
    return findings


SLIP_SHEETS = Path(__file__).resolve().parents[2] / "assets" / "slips"
# A slip role and the layout sheet's custom property that sets it.
PRINTED_AS = {"headline": "title", "body": "body", "caption": "small"}
_CSS_PT = re.compile(r"--([\w-]+)\s*:\s*([\d.]+)pt\b")


def _check_printed(file: str, prefix: str, page, sheets: Path) -> list[Finding]:
    """The sizes the audit checks must be the sizes that print: read the layout's sheet."""
    sheet = sheets / page.css
    if not sheet.is_file():
        return [Finding(file, f"{prefix}css", page.css, R.REFERENCE, f"no {shown_path(sheet)}")]
    printed = {name: float(size) for name, size in _CSS_PT.findall(sheet.read_text(encoding="utf-8"))}
    findings = []
    for role, style in page.text.items():
        var = PRINTED_AS.get(role)
        if var is not None and printed.get(var) != style.size:
            findings.append(Finding(file, f"{prefix}text.{role}.size", style.size, R.PRINTED,
                                    f"{page.css} prints --{var}: {printed.get(var)}pt"))
    return findings


def _check_targets(file: str, host: HostConfig) -> list[Finding]:
    findings = []
    if host.targets is None:
        return findings
    for name, minimum, rule in (("primary", R.PRIMARY_TARGET_MIN_DP, R.PRIMARY_TARGET),
                                ("secondary", R.SECONDARY_TARGET_MIN_DP, R.SECONDARY_TARGET)):
        size = getattr(host.targets, name)
        for axis in ("width", "height"):
            value = getattr(size, axis)
            if host.dp(value) < minimum:
                findings.append(Finding(file, f"targets.{name}.{axis}", value, rule, f"{host.dp(value):.1f} dp"))
    return findings


def _check_tv(file: str, host: HostConfig) -> list[Finding]:
    findings = []
    if host.viewport is None or (host.viewport.width, host.viewport.height) != R.TV_VIEWPORT:
        findings.append(Finding(file, "viewport", host.viewport and host.viewport.model_dump(), R.TV_TEXT,
                                "the TV is designed at 1920×1080"))
    if host.text["body"].size < R.TV_BODY_MIN_PX:
        findings.append(Finding(file, "text.body.size", host.text["body"].size, R.TV_TEXT))
    if host.text["headline"].size < R.TV_HEADLINE_MIN_PX:
        findings.append(Finding(file, "text.headline.size", host.text["headline"].size, R.TV_TEXT))
    safe = host.safe_area
    if safe is None:
        findings.append(Finding(file, "safe_area", None, R.TV_SAFE))
    elif host.viewport is not None:
        need_x = R.TV_SAFE_FRACTION * host.viewport.width
        need_y = R.TV_SAFE_FRACTION * host.viewport.height
        for side, need in (("left", need_x), ("right", need_x), ("top", need_y), ("bottom", need_y)):
            if getattr(safe, side) < need - 1e-9:
                findings.append(Finding(file, f"safe_area.{side}", getattr(safe, side), R.TV_SAFE, f"needs ≥ {need:g}"))
    if host.focus is None:
        findings.append(Finding(file, "focus", None, R.FOCUS, "a remote-driven screen needs a visible focus"))
    return findings


def _check_focus(file: str, host: HostConfig) -> list[Finding]:
    focus = host.focus
    if focus is None:
        return []
    findings = []
    if host.dp(focus.ring_width) < R.FOCUS_RING_MIN_DP:
        findings.append(Finding(file, "focus.ring_width", focus.ring_width, R.FOCUS, f"{host.dp(focus.ring_width):.1f} dp"))
    low, high = R.FOCUS_SCALE_RANGE
    if not low <= focus.scale <= high:
        findings.append(Finding(file, "focus.scale", focus.scale, R.FOCUS, f"keep within {low}–{high}"))
    return findings


def check_host(path: Path, themes_dir: Path, themes: dict[str, Theme]) -> list[Finding]:
    host, findings = load_yaml_model(path, HostConfig)
    if host is None:
        return findings
    file = shown_path(path)
    if host.channel != Path(path).stem:
        findings.append(Finding(file, "channel", host.channel, R.REFERENCE, f"file is {Path(path).name}"))
    findings += _check_text(file, "text.", host, host.text)
    if host.spacing.paragraph < R.PARAGRAPH_SPACING_MIN:
        findings.append(Finding(file, "spacing.paragraph", host.spacing.paragraph, R.PARAGRAPH))
    for name, page in host.layouts.items():
        findings += _check_text(file, f"layouts.{name}.text.", host, page.text)
        if page.css is not None:
            findings += _check_printed(file, f"layouts.{name}.", page, SLIP_SHEETS)
    findings += _check_targets(file, host)
    findings += _check_focus(file, host)
    if host.channel == "tv":
        findings += _check_tv(file, host)
    bad_scales = [s for s in host.font_scales if s not in R.ALLOWED_FONT_SCALES]
    if bad_scales or 1.0 not in host.font_scales:
        findings.append(Finding(file, "font_scales", host.font_scales, R.FONT_SCALE))
    if host.timing is not None:
        if host.timing.idle_warning_lead_s < R.IDLE_WARNING_LEAD_MIN_S:
            findings.append(Finding(file, "timing.idle_warning_lead_s", host.timing.idle_warning_lead_s, R.TIME_LIMIT))
        if not host.timing.extendable:
            findings.append(Finding(file, "timing.extendable", False, R.TIME_LIMIT))
    for name in host.themes:
        theme = themes.get(name)
        if theme is None:
            findings.append(Finding(file, "themes", name, R.REFERENCE, f"no theme {name!r} in {shown_path(themes_dir)}"))
            continue
        palette = theme.colours.with_overrides(dict(host.colours))
        # The theme file itself is audited on its own; here only what this host overrides.
        findings += check_palette(file, f"{name}: ", palette, theme, only_roles=set(host.colours))
        if host.focus is not None and host.focus.ring_offset == 0:
            # A ring drawn flush against a tile must also stand out from the tile's colour.
            for tile in ("primary", "danger", "success", "warning"):
                ratio = contrast_ratio(palette["focus_ring"], palette[tile])
                if ratio < R.UI_CONTRAST_MIN:
                    findings.append(Finding(file, f"{name}: focus_ring on {tile}", palette["focus_ring"], R.UI_CONTRAST,
                                            f"{ratio:.2f}:1 with ring_offset 0"))
    return findings


def check_spec(spec_dir: Path | None, theme_roles: set[str]) -> list[Finding]:
    """Menus ≤ 6 items, every service and menu speakable, service colours are theme roles."""
    try:
        from shared_ui.spec import DEFAULT_DIR, SpecError, load_spec_from
    except ImportError as exc:
        return [Finding("shared_ui/spec", "(package)", None, R.REFERENCE, f"the UI spec cannot be loaded: {exc}")]
    directory = Path(spec_dir or DEFAULT_DIR)
    try:
        spec = load_spec_from(directory)
    except SpecError as exc:
        return [Finding(shown_path(directory / p.file), p.path, None,
                        R.MENU_ITEMS if "per screen" in p.reason else R.SCHEMA, p.reason) for p in exc.problems]
    findings = []
    menus_file = shown_path(directory / "menus.yaml")
    for channel, cm in spec.menus.items():
        for mid, menu in cm.menus.items():
            if len(menu.items) > R.MENU_ITEMS_MAX:
                findings.append(Finding(menus_file, f"{channel}.menus.{mid}.items", len(menu.items), R.MENU_ITEMS))
            if not menu.speak.strip():
                findings.append(Finding(menus_file, f"{channel}.menus.{mid}.speak", menu.speak, R.SPEECH))
    for sid, service in spec.services.items():
        file = shown_path(directory / "services" / f"{sid}.yaml")
        if not all(text.strip() for text in wordings(service.speak)):
            findings.append(Finding(file, "speak", service.speak, R.SPEECH))
        if service.colour not in theme_roles:
            findings.append(Finding(file, "colour", service.colour, R.REFERENCE, "not a theme colour role"))
    for fid, form in spec.forms.items():
        file = shown_path(directory / "forms" / f"{fid}.yaml")
        for i, field in enumerate(form.fields):
            if len(field.options) > R.MENU_ITEMS_MAX:
                findings.append(Finding(file, f"fields.{i}.options", len(field.options), R.MENU_ITEMS))
    return findings
