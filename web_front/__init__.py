"""Serving a Flask app so that no slow or stalled client costs a thread.

The centre and the mini-program back end are Flask apps run on threads. A thread given a
request before the request is whole waits for the client: under gunicorn's gthread a client
that sent its headers and then its body slowly (or never) held one each, and ~32 of them left
a family's SOS and every H5 page waiting for ever. Here uvicorn reads each request on its
event loop — the head bounded in time and size (:mod:`.heads`), the body read whole or refused
(:mod:`.front`, :mod:`.bodies`) — and hands the app only whole requests, on a pool of threads
(a2wsgi). A refusal (408, 413) is the app's own answer (:mod:`.refusals`).

A bottom layer beside ``personal_data``: it imports no project package, so the centre and the
mini-program back end — which must not import each other (DESIGN.md §2) — both serve through
it. The centre adds its device event stream on the loop (``call_center.push.asgi``).

- :class:`.front.FlaskFront` — the ASGI app (``native`` for what a subclass serves itself)
- :func:`.serving.serve`, :func:`.serving.run_gunicorn`, :func:`.serving.uvicorn_worker`
- :data:`.front.BODY_WAIT_S` (30 s), :data:`.heads.HEAD_WAIT_S` (20 s), :data:`.heads.HEAD_MOST`
- :mod:`.rate_counts` — Flask-Limiter's counts in the app's own database, shared by its workers
"""
from .front import BODY_WAIT_S, FlaskFront
from .heads import HEAD_MOST, HEAD_WAIT_S
from .serving import run_gunicorn, serve, uvicorn_worker

__all__ = ["BODY_WAIT_S", "FlaskFront", "HEAD_MOST", "HEAD_WAIT_S", "run_gunicorn", "serve",
           "uvicorn_worker"]
