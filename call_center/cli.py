"""`onekey center`: serve the central API — by default the event stream on asyncio and the rest
on threads (uvicorn; gunicorn with --workers > 1), see docs/scaling.md."""
from __future__ import annotations

from pathlib import Path

import click

# X-Forwarded-For is believed from the proxies of --forwarded-allow-ips only (uvicorn's rule,
# by address): the caller's address counts for token-less rate limits, kept refusals and the
# console's audit log, so a caller must not choose it with a header.
PROXY_HEADERS = True
LOCAL_PROXY = "127.0.0.1,::1"


def database_url(given: str) -> str:
    """``--db``: a URL as it is (sqlite:///…, postgresql+psycopg://…), else a SQLite file path."""
    if "://" in given:
        return given
    if given.startswith("sqlite:"):
        raise click.BadParameter("a SQLite URL is sqlite:///path (three slashes)", param_hint="--db")
    return f"sqlite:///{Path(given).resolve()}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8800, show_default=True, type=int)
@click.option("--db", "db_path", default=None,
              help="A SQLite file path or a database URL (sqlite:///…, postgresql+psycopg://…); default "
                   "var/center.db, or ONEKEY_DB_URL.")
@click.option("--seed-demo", is_flag=True, help="Load the demo elders, devices and catalog.")
@click.option("--workers", default=1, show_default=True, type=int,
              help="More than 1 runs gunicorn with that many worker processes.")
@click.option("--threads", default=32, show_default=True, type=click.IntRange(1, 1000),
              help="Threads per worker process for API requests (with gthread, every device "
                   "waiting on the event stream holds one too).")
@click.option("--worker-class", "worker_class", default="asgi", show_default=True,
              type=click.Choice(["gthread", "gevent", "asgi"]),
              help="How requests are served: gthread holds a thread per waiting device; gevent "
                   "a greenlet; asgi serves the event stream on asyncio and the rest on "
                   "--threads threads (docs/scaling.md).")
@click.option("--worker/--no-worker", default=True, show_default=True,
              help="Run the alarm escalation worker in the server (one per gunicorn worker).")
@click.option("--worker-only", is_flag=True, help="Run only the escalation worker (no HTTP).")
@click.option("--forwarded-allow-ips", "forwarded_allow_ips", default=LOCAL_PROXY,
              envvar="FORWARDED_ALLOW_IPS", show_default=True,
              help="The proxies (load balancers) whose X-Forwarded-For names the caller: "
                   "comma-separated addresses or networks; '*' only behind a proxy that is the "
                   "sole way in. With --worker-class asgi (the default).")
@click.option("--api-docs", is_flag=True, envvar="ONEKEY_API_DOCS",
              help="Serve Swagger UI at /docs (from this package, never a CDN); off in production.")
def center(host: str, port: int, db_path: str | None, seed_demo: bool, workers: int,
           threads: int, worker_class: str, worker: bool, worker_only: bool,
           forwarded_allow_ips: str, api_docs: bool) -> None:
    """Serve the central one-key API (reference platform)."""
    import os

    from .alarms import EXTENSION as ALARMS, hosting
    from .app import create_app
    from .console.demo import banner as console_banner
    from .demo_data import seed

    config: dict = {"alarm_worker": False}  # started below, never in a process that forks
    if api_docs:
        config["api_docs"] = True
    if db_path is not None:
        config["db_url"] = database_url(db_path)
    # Migrate (and seed) once here, before any worker starts.
    app = create_app(config)
    centre = app.extensions["onekey"]
    demo = seed(centre.db) if seed_demo else None
    if demo is not None:  # the demo's showcases (一件事 part-way, 回访 and 投诉, 巡视探访): the demo only
        from .elder_services.demo import seed_showcase

        seed_showcase(centre.db, demo.elders["wang"])
        from .patrols.demo import seed_showcase as seed_patrols
        from .satisfaction.demo import seed_showcase as seed_return_visits

        seed_return_visits(centre.db, demo.elders)  # 回访 waiting, 投诉 in the queue
        seed_patrols(centre.db, demo.elders)  # 巡视探访: named visitors, a visit done, the next ones
    if worker_only:
        return hosting.serve(app.extensions[ALARMS])
    url = f"http://{host}:{port}"
    click.echo(f"一键通 central API on {url}/v1  (database: {centre.db.engine.url.render_as_string(hide_password=True)})")
    click.echo(f"OpenAPI: {url}/openapi.json" + (f"   docs: {url}/docs" if centre.settings.api_docs else ""))
    click.echo(console_banner(url) if demo is not None else f"Agent console: {url}/console/")
    if demo is not None:
        click.echo("Demo tokens (Authorization: Bearer <token>):")
        for key, token in demo.tokens.items():
            click.echo(f"  {key:<10} {token}")
        click.echo("Demo elders: " + ", ".join(f"{k}={v}" for k, v in demo.elders.items()))
        click.echo("Demo households: " + ", ".join(f"{k}={v}" for k, v in demo.households.items()))
    config["alarm_worker"] = worker  # gunicorn: each worker process runs one (atomic claims)
    if workers > 1 or worker_class == "gevent":
        _gunicorn(config, host, port, workers, threads, worker_class, forwarded_allow_ips)
    elif worker_class == "asgi":
        from web_front import serve

        from .push.asgi import CentreFront

        if worker:
            hosting.start_thread(app.extensions[ALARMS])
        serve(CentreFront(app, threads), host, port, proxy_headers=PROXY_HEADERS,
              forwarded_allow_ips=forwarded_allow_ips)
    else:
        if worker:
            hosting.start_thread(app.extensions[ALARMS])
        app.run(host=host, port=port, threaded=True, debug=False, use_reloader=False)


def _gunicorn(config: dict, host: str, port: int, workers: int, threads: int,
              worker_class: str, forwarded_allow_ips: str = LOCAL_PROXY) -> None:
    from web_front import run_gunicorn, uvicorn_worker

    def load():  # type: ignore[no-untyped-def]
        from .app import create_app

        app = create_app(config)
        if worker_class == "asgi":
            from .push.asgi import CentreFront

            return CentreFront(app, threads)
        return app

    run_gunicorn(load, host, port, workers, uvicorn_worker(
        proxy_headers=PROXY_HEADERS, forwarded_allow_ips=forwarded_allow_ips)
                 if worker_class == "asgi" else worker_class, threads=threads,
                 worker_connections=20_000)
