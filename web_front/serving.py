"""Serving a front: uvicorn in one process, or gunicorn with uvicorn workers, alike.

Both run uvicorn with :mod:`.heads` (a head must come whole, soon and small), no ``server``
header, a graceful shutdown that waits ``graceful_s`` for requests in progress, and
X-Forwarded-* taken from nobody unless ``proxy_headers`` (then from the proxies at
``forwarded_allow_ips``: uvicorn's FORWARDED_ALLOW_IPS, 127.0.0.1 by default) — an app that
counts its callers by address decides whom to trust itself (the centre: by address, its
``--forwarded-allow-ips``; the mini-program back end: by count, werkzeug's ProxyFix).
"""
from __future__ import annotations

from typing import Any, Callable

from .heads import HEAD_MOST, HEAD_WAIT_S, timed_heads

GRACEFUL_S = 5


def uvicorn_options(head_wait_s: float = HEAD_WAIT_S, head_most: int = HEAD_MOST,
                    proxy_headers: bool = False, graceful_s: int = GRACEFUL_S,
                    forwarded_allow_ips: str | None = None) -> dict[str, Any]:
    """uvicorn's settings for a front (``uvicorn.Config`` keywords)."""
    chosen = {"http": timed_heads(head_wait_s, head_most), "proxy_headers": proxy_headers,
              "server_header": False, "timeout_graceful_shutdown": graceful_s}
    if forwarded_allow_ips is not None:
        chosen["forwarded_allow_ips"] = forwarded_allow_ips
    return chosen


def serve(front: Any, host: str, port: int, **options: Any) -> None:
    """One process: uvicorn on ``host:port`` until SIGINT or SIGTERM."""
    import uvicorn

    uvicorn.run(front, host=host, port=port, log_level="warning", access_log=False,
                **uvicorn_options(**options))


def uvicorn_worker(**options: Any) -> type:
    """gunicorn's ``worker_class`` for a front: uvicorn's worker with :func:`uvicorn_options`."""
    from uvicorn_worker import UvicornWorker  # uvicorn's own uvicorn.workers is deprecated

    return type("FrontWorker", (UvicornWorker,), {
        "CONFIG_KWARGS": {**UvicornWorker.CONFIG_KWARGS, **uvicorn_options(**options)}})


def run_gunicorn(load: Callable[[], Any], host: str, port: int, workers: int,
                 worker_class: Any, **settings: Any) -> None:
    """gunicorn with ``workers`` processes, each serving what ``load()`` returns (called in the
    worker, after the fork); ``settings`` are more of gunicorn's (``threads`` …)."""
    from gunicorn.app.base import BaseApplication

    chosen = {"bind": f"{host}:{port}", "workers": workers, "worker_class": worker_class,
              "accesslog": None, "graceful_timeout": GRACEFUL_S, **settings}

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in chosen.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return load()

    Server().run()
