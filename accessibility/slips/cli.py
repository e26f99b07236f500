"""`onekey slip render|print`: a request's slip from the central API (or a saved JSON file)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .layouts import LAYOUTS


def _load_json(path: Path) -> tuple[dict, dict | None]:
    """A saved ServiceRequest or alarm, alone or as ``{"request"|"alarm": …, "elder": …}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise click.ClickException(f"{path}: expected a JSON object")
    record = data.get("request") or data.get("alarm") or data
    return record, data.get("elder")


DEFAULT_CENTER = "http://127.0.0.1:8800"  # `onekey center`'s own default


def _fetch(request_id: str) -> tuple[dict, dict | None]:
    """The request and its elder from the centre (ONEKEY_CENTER_URL, by default the local
    ``onekey center`` as every other command; ONEKEY_TOKEN)."""
    from shared_ui.client import CenterClient, CenterError

    base = os.environ.get("ONEKEY_CENTER_URL") or DEFAULT_CENTER
    token = os.environ.get("ONEKEY_TOKEN")
    if not token:
        raise click.ClickException("set ONEKEY_TOKEN (an agent's token, or the household's device "
                                   f"token) to read the request from {base}, or pass --json FILE")
    client = CenterClient(base, token)
    try:
        request = client.get_request(request_id).as_dict()
        elder = client.elder(request["elder_id"]).as_dict() if request.get("elder_id") else None
    except CenterError as exc:
        raise click.ClickException(f"{exc.message} ({exc.code})") from None
    finally:
        client.close()
    return request, elder


def _record(request_id: str | None, json_file: Path | None) -> tuple[dict[str, Any], dict | None]:
    if json_file:
        record, elder = _load_json(json_file)
        if request_id and str(record.get("id")) != request_id:
            raise click.ClickException(f"{json_file} holds {record.get('id')!r}, not {request_id!r}")
        return record, elder
    if not request_id:
        raise click.ClickException("give a REQUEST_ID or --json FILE")
    return _fetch(request_id)


def _render(record, elder, layout: str, locale: str):
    from .renderer import SlipError, SlipRenderer

    try:
        return SlipRenderer().render(record, elder, layout, locale=locale)
    except SlipError as exc:
        raise click.ClickException(f"{exc.message} ({exc.code})") from None


layout_option = click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="80mm",
                             show_default=True, help="58mm / 80mm thermal roll, or A5 large print.")
json_option = click.option("--json", "json_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                           help="Render from a saved request/alarm JSON instead of the central API.")
locale_option = click.option("--locale", default="zh_CN", show_default=True)


@click.group()
def slip() -> None:
    """Confirmation slips: thermal rolls and A5 large print."""


@slip.command()
@click.argument("request_id", required=False)
@layout_option
@json_option
@locale_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the PDF.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the first page as a PNG (pdftoppm), to look at it.")
@click.option("--dpi", type=click.IntRange(50, 600), default=203, show_default=True,
              help="PNG resolution (203 = thermal printer dots).")
def render(request_id, layout, json_file, locale, output, png, dpi) -> None:
    """Render REQUEST_ID's slip to a PDF file."""
    record, elder = _record(request_id, json_file)
    made = _render(record, elder, layout, locale)
    output.write_bytes(made.pdf)
    click.echo(f"{output}: {made.kind}, {made.layout} {made.width_mm:g}×{made.height_mm:g} mm, "
               f"{made.pages} page(s), {len(made.pdf) // 1024} KiB, {made.seconds * 1000:.0f} ms")
    if png:
        import subprocess

        stem = png.with_suffix("")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1",
                        str(output), str(stem)], check=True)
        click.echo(f"{stem}.png")


@slip.command(name="print")
@click.argument("request_id", required=False)
@layout_option
@json_option
@locale_option
@click.option("--printer", help="CUPS destination (default: ONEKEY_PRINTER, then lpstat -d).")
@click.option("--copies", type=click.IntRange(1, 5), default=1, show_default=True)
def print_(request_id, layout, json_file, locale, printer, copies) -> None:
    """Print REQUEST_ID's slip through CUPS lp; without a printer, say so and offer the QR."""
    from .printing import SlipPrinter

    record, elder = _record(request_id, json_file)
    made = _render(record, elder, layout, locale)
    outcome = SlipPrinter(printer).print(made, copies=copies)
    click.echo(outcome.message)
    if outcome.ok:
        click.echo(f"printer {outcome.printer}, job {outcome.job or '?'}")
        return
    click.echo(f"扫码查看 / family link: {made.qr_url}")
    sys.exit(3 if outcome.code == "no_printer" else 1)


@slip.command(name="build-font")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder to write the fonts to (default: assets/fonts/).")
def build_font(output) -> None:
    """Rebuild the slip fonts (GB 2312 and rare-name cuts of Noto Sans CJK SC Bold; ~40 s)."""
    from .fontbuild import build_slip_fonts

    for path in build_slip_fonts(output):
        click.echo(f"{path}: {path.stat().st_size // 1024} KiB")
