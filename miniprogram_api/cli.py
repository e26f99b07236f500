"""`onekey miniprogram`: serve the back end on gunicorn (threaded workers that share nothing
but the database); ``--dev`` runs werkzeug's development server in one process instead."""
from __future__ import annotations

from pathlib import Path

import click


def database_url(given: str) -> str:
    """``--db``: a URL as it is (sqlite:///…, postgresql+psycopg://…), else a SQLite file path."""
    if "://" in given:
        return given
    if given.startswith("sqlite:"):
        raise click.BadParameter("a SQLite URL is sqlite:///path (three slashes)", param_hint="--db")
    return f"sqlite:///{Path(given).resolve()}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8810, show_default=True, type=int)
@click.option("--db", "db", default=None,
              help="A SQLite file or a database URL; default var/miniprogram.db, or ONEKEY_MP_DB_URL.")
@click.option("--center", "centre_url", envvar="ONEKEY_CENTER_URL", default="http://127.0.0.1:8800",
              show_default=True, help="The central API.")
@click.option("--service-token", envvar="ONEKEY_MP_SERVICE_TOKEN", default=None,
              help="The centre's service token for this back end (ONEKEY_MP_SERVICE_TOKEN).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 1000),
              help="Threads in each worker.")
@click.option("--trusted-proxies", type=click.IntRange(0, 10), default=None,
              help="Proxies in front that set X-Forwarded-For (ONEKEY_MP_TRUSTED_PROXIES; default 0).")
@click.option("--dev", is_flag=True, help="Werkzeug's development server in one process, not gunicorn.")
@click.option("--sandbox", is_flag=True,
              help="Start the fake WeChat and 随申办 (demo) and sign in through them.")
@click.option("--no-alerts", is_flag=True, help="Do not follow the centre's events (no alerts).")
def miniprogram(host: str, port: int, db: str | None, centre_url: str, service_token: str | None,
                workers: int, threads: int, trusted_proxies: int | None, dev: bool, sandbox: bool,
                no_alerts: bool) -> None:
    """Serve the WeChat / 随申办 mini-program back end and its H5 pages."""
    config: dict = {"centre_url": centre_url, "public_url": f"http://{host}:{port}"}
    if db:
        config["db_url"] = database_url(db)
    if service_token:
        config["service_token"] = service_token
    if no_alerts:
        config["alerts"] = False
    if trusted_proxies is not None:
        config["trusted_proxies"] = trusted_proxies
    box = None
    if sandbox:
        from .sandbox.running import start_sandbox

        box = start_sandbox(host)
        config.update(box.settings())
    from .app import create_app, stop
    from .settings import Settings

    settings = Settings.load(config)
    if not settings.service_token:
        raise click.ClickException("give the centre's service token: --service-token or ONEKEY_MP_SERVICE_TOKEN")
    click.echo(f"一键通 mini-program back end on http://{host}:{port}  (H5: http://{host}:{port}/h5/, "
               f"OpenAPI: /openapi.json; centre: {centre_url})")
    if box is not None:
        click.echo(f"  sandbox WeChat {box.wechat_server.url}  sandbox 随申办 {box.ssb_server.url}")
    try:
        if not dev:
            _gunicorn(config, host, port, workers, threads)
        else:
            app = create_app(config)  # migrates first
            try:
                app.run(host=host, port=port, threaded=True, debug=False, use_reloader=False)
            finally:
                stop(app)
    finally:
        if box is not None:
            box.stop()


def _gunicorn(config: dict, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from .app import create_app, stop

    stop(create_app({**config, "alerts": False}))  # migrate once, before the workers start

    class MiniprogramServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", None)
            self.cfg.set("graceful_timeout", 5)

        def load(self):  # type: ignore[no-untyped-def]
            return create_app(config)

    MiniprogramServer().run()
