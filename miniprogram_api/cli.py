"""`onekey miniprogram`: serve the back end through the shared front (``web_front``): uvicorn
reads every request on its event loop and hands the app only whole ones, on threads, so a slow
or stalled client holds no thread (a body still not whole after ``--body-wait`` is a 408).
One process with ``--workers 1``; more run gunicorn with uvicorn workers that share nothing
but the database. ``--dev`` runs werkzeug's development server in one process instead."""
from __future__ import annotations

from pathlib import Path

import click

from web_front import BODY_WAIT_S, HEAD_WAIT_S, FlaskFront, run_gunicorn, serve, uvicorn_worker


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
              help="Processes: 1 serves in this one (uvicorn); more run gunicorn with that many "
                   "uvicorn workers.")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 1000),
              help="Threads in each process for the app (a request reaches one only when it is whole).")
@click.option("--body-wait", "body_wait_s", default=BODY_WAIT_S, show_default=True,
              type=click.FloatRange(0.1, 3600), envvar="ONEKEY_MP_BODY_WAIT_S",
              help="Seconds a request's body may take after its headers; then 408 and the connection "
                   "is closed (ONEKEY_MP_BODY_WAIT_S).")
@click.option("--head-wait", "head_wait_s", default=HEAD_WAIT_S, show_default=True,
              type=click.FloatRange(0.1, 3600), envvar="ONEKEY_MP_HEAD_WAIT_S",
              help="Seconds a new or idle connection may take to send a request's head; then it is "
                   "closed (ONEKEY_MP_HEAD_WAIT_S).")
@click.option("--trusted-proxies", type=click.IntRange(0, 10), default=None,
              help="Proxies in front that set X-Forwarded-For (ONEKEY_MP_TRUSTED_PROXIES; default 0).")
@click.option("--dev", is_flag=True, help="Werkzeug's development server in one process (no front).")
@click.option("--sandbox", is_flag=True,
              help="Start the fake WeChat and 随申办 (demo) and sign in through them.")
@click.option("--no-alerts", is_flag=True, help="Do not follow the centre's events (no alerts).")
def miniprogram(host: str, port: int, db: str | None, centre_url: str, service_token: str | None,
                workers: int, threads: int, body_wait_s: float, head_wait_s: float,
                trusted_proxies: int | None, dev: bool, sandbox: bool, no_alerts: bool) -> None:
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
        if dev:
            app = create_app(config)  # migrates first
            try:
                app.run(host=host, port=port, threaded=True, debug=False, use_reloader=False)
            finally:
                stop(app)
        elif workers > 1:
            _gunicorn(config, host, port, workers, threads, body_wait_s, head_wait_s)
        else:
            app = create_app(config)
            serve(FlaskFront(app, threads, body_wait_s, on_shutdown=lambda: stop(app)), host, port,
                  head_wait_s=head_wait_s)
    finally:
        if box is not None:
            box.stop()


def _gunicorn(config: dict, host: str, port: int, workers: int, threads: int,
              body_wait_s: float, head_wait_s: float) -> None:
    from .app import create_app, prepare, stop

    prepare(config)  # migrate once, before the workers start (and start no thread here)

    def load() -> FlaskFront:  # in each worker (the alert worker's lease keeps one following events)
        app = create_app(config)
        return FlaskFront(app, threads, body_wait_s, on_shutdown=lambda: stop(app))

    run_gunicorn(load, host, port, workers, uvicorn_worker(head_wait_s=head_wait_s))
