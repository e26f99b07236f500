"""`onekey tv`: run the set-top-box app."""
from __future__ import annotations

from pathlib import Path

import click


def _size(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter("use WIDTHxHEIGHT, e.g. 1920x1080") from None
    return width, height


def keys_on_a_pc() -> str:
    """The remote's keys on a PC keyboard, from the key map itself (one place to change)."""
    from .keymap import PC_KEYBOARD

    words = {"ok": "OK (确定)", "back": "Back (返回)", "home": "Home (首页)", "sos": "the red SOS key",
             "repeat": "repeat (重听)", "help": "a person (找人工)"}
    keys: dict[str, list[str]] = {}
    for key in PC_KEYBOARD:
        if key.action in words:
            keys.setdefault(key.action, []).append(key.name)
    lines = [f"{words[action]}: {', '.join(labels)}" for action, labels in keys.items()]
    return "\b\nThe remote on a PC keyboard: arrows move; digits 1–9 choose.\n" + "\n".join(lines)


@click.command(epilog=keys_on_a_pc())
@click.option("--center", "center_url", help="Base URL of the centre (default: the stored one, else "
                                             "http://127.0.0.1:8800).")
@click.option("--token", help="A device token (skips pairing; not stored). One the centre refuses "
              "is set aside: the box pairs and keeps the token it paired with.")
@click.option("--fullscreen/--windowed", default=False, show_default=True)
@click.option("--size", default="1920x1080", show_default=True, callback=_size,
              help="Window size; everything scales from the 1920×1080 design.")
@click.option("--locale", default="zh_CN", show_default=True, type=click.Choice(["zh_CN", "en"]))
@click.option("--theme", default="standard", show_default=True,
              type=click.Choice(["standard", "high_contrast", "dark"]))
@click.option("--font-scale", default="1.0", show_default=True, type=click.Choice(["1.0", "1.25", "1.5"]),
              help="The box's text size; an elder's own preference from the centre wins.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Per-box file for the device token (default ~/.config/onekey/tv.json).")
@click.option("--name", "box_name", help="The box's name shown to the agent when pairing.")
@click.option("--speech/--no-speech", default=True, show_default=True)
def tv(center_url: str | None, token: str | None, fullscreen: bool, size: tuple[int, int], locale: str,
       theme: str, font_scale: str, config_path: Path | None, box_name: str | None,
       speech: bool) -> None:
    """Run the TV app: the remote is the only input; the box is bound to one household."""
    from shared_ui.kivy_kit.startup import prepare

    prepare(size, fullscreen)

    from .app import TvApp
    from .config import TvSettings

    settings = TvSettings.from_env(center_url=center_url, token=token, fullscreen=fullscreen, size=size,
                                   locale=locale, theme=theme, font_scale=float(font_scale), config_path=config_path, box_name=box_name,
                                   speech=speech)
    TvApp(settings).run()
