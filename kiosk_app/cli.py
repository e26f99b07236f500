"""`onekey kiosk`: run the community kiosk app, kept running by its supervisor."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click


@click.command()
@click.option("--center", "center_url", help="Base URL of the centre (default http://127.0.0.1:8800).")
@click.option("--token", help="The kiosk's device token (a kiosk is registered at the centre with its station).")
@click.option("--orientation", default="portrait", show_default=True, type=click.Choice(["portrait", "landscape"]),
              help="A standing kiosk (1080×1920) or one on its side.")
@click.option("--fullscreen/--windowed", default=True, show_default=True)
@click.option("--preview", default=1.0, show_default=True, type=click.FloatRange(0.2, 1.0),
              help="Windowed: a preview of the panel at this share of its size.")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Where the kiosk keeps its outbox (0600).")
@click.option("--printer", help="CUPS queue for slips (default: CUPS's default; '' for none: 发给家人 instead).")
@click.option("--locale", default="zh_CN", show_default=True, type=click.Choice(["zh_CN", "en"]))
@click.option("--simulated-reader", is_flag=True, help="The demo's ID-card reader (F5 reads the demo card).")
@click.option("--demo-card", help="With --simulated-reader: the card F5 lays on the reader.")
@click.option("--speech/--no-speech", default=True, show_default=True)
@click.option("--once", is_flag=True, help="Run the app once, without the supervisor that restarts it.")
def kiosk(center_url: str | None, token: str | None, orientation: str, fullscreen: bool, preview: float,
          data_dir: Path | None, printer: str | None, locale: str, simulated_reader: bool,
          demo_card: str | None, speech: bool, once: bool) -> None:
    """Run the touch kiosk: identification first, then the services; restarted after a crash."""
    if not once:
        from .supervisor import supervise

        logging.basicConfig(level=logging.INFO, format="%(asctime)s kiosk-supervisor %(message)s")
        args = sys.argv[sys.argv.index("kiosk") + 1:] if "kiosk" in sys.argv else []
        sys.exit(supervise([sys.executable, "-m", "onekey_cli", "kiosk", "--once", *args]))
    # A signal stops the app (the supervisor, a service manager); SDL would turn it into a
    # window-close request, which a kiosk refuses.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    from shared_ui.kivy_kit.startup import prepare

    from .config import KioskSettings

    settings = KioskSettings.from_env(center_url=center_url, token=token, orientation=orientation,
                                      fullscreen=fullscreen, data_dir=data_dir, printer=printer, locale=locale,
                                      simulated_reader=simulated_reader, speech=speech)
    panel = settings.panel_size
    size = panel if fullscreen else (round(panel[0] * preview), round(panel[1] * preview))
    settings.size = size
    prepare(size, fullscreen, borderless=fullscreen)

    from .app import KioskApp

    app = KioskApp(settings)
    app.demo_card = demo_card
    app.run()
    sys.exit(0 if app.admin_exit else 3)   # closed any other way: the supervisor starts it again
