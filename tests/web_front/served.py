"""A front served by uvicorn on 127.0.0.1 and a random port, in a background thread, with the
options ``onekey center`` and ``onekey miniprogram`` serve it with (``web_front.serving``).
Used by the tests of web_front, of the centre's front and of the mini-program back end."""
from __future__ import annotations

import socket
import threading
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedFront:
    def __init__(self, front: Any, *, timeout_keep_alive: int = 5, **options: Any):
        import uvicorn

        from web_front.serving import uvicorn_options

        self.front = front
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(
            front, host="127.0.0.1", port=self.port, log_level="warning", access_log=False,
            timeout_keep_alive=timeout_keep_alive, **uvicorn_options(**options)))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state(self) -> Any:
        """uvicorn's server state: ``connections`` open and ``tasks`` running."""
        return self.server.server_state

    def start(self) -> "ServedFront":
        self._thread = threading.Thread(target=self.server.run, name=f"front-{self.port}",
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(15)
            self._thread = None
