"""`onekey flow`: the terminal renderer, with the chosen channel's abilities from its host config."""
from __future__ import annotations

import click


@click.command()
@click.option("--center", envvar="ONEKEY_CENTER_URL", default="http://127.0.0.1:8800", show_default=True)
@click.option("--token", envvar="ONEKEY_TOKEN", default="demo-tv-wang", show_default=True)
@click.option("--channel", type=click.Choice(["tv", "kiosk", "miniprogram"]), default="tv", show_default=True,
              help="Which channel's screens the terminal plays (its menus and abilities).")
@click.option("--locale", default="zh_CN", show_default=True, type=click.Choice(["zh_CN", "en"]),
              help="The language of the screens and speech.")
def flow(center: str, token: str, channel: str, locale: str) -> None:
    """Drive the flow engine from the terminal against a running centre (keys: numbers, b, h, r, ?)."""
    from accessibility.hosts import abilities_for
    from shared_ui.terminal import run_terminal

    run_terminal(center, token, channel, locale, abilities_for(channel))
