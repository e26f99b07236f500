"""A throw-away PostgreSQL server for tests: ``initdb`` in a temporary directory, started on a
random loopback port, stopped and deleted afterwards.

``./onekey`` installs Debian's ``postgresql``, so a missing binary is a broken machine, not a
reason to skip: the fixture fails and says so.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root without runuser: cannot start PostgreSQL as its own user")
    return [runuser, "-u", "postgres", "--", *cmd]


@dataclass
class PostgresServer:
    root: Path
    port: int
    proc: subprocess.Popen

    def url(self, database: str = "onekey") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        # "fast" shutdown: do not wait for idle pooled clients.
        subprocess.run(_as_postgres([pg_bin("pg_ctl") or "pg_ctl", "stop", "-D", str(self.root / "data"),
                                     "-m", "fast", "-w"]), capture_output=True, timeout=30)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(durable: bool = False) -> PostgresServer:
    """``durable``: fsync on, as production runs (benchmarks); tests run with fsync off."""
    initdb, postgres = pg_bin("initdb"), pg_bin("postgres")
    if not initdb or not postgres:
        pytest.fail("PostgreSQL's binaries are missing: ./onekey installs Debian's postgresql")
    # Not under pytest's tmp dir: that is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="onekey-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(_as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(_as_postgres([
        postgres, "-D", str(data), "-p", str(port), "-k", str(data),
        "-c", "listen_addresses=127.0.0.1", "-c", f"fsync={'on' if durable else 'off'}",
        "-c", "max_connections=200"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = PostgresServer(root, port, proc)
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                                 autocommit=True):
                return server
        except psycopg.OperationalError:
            if time.monotonic() > deadline or proc.poll() is not None:
                server.stop()
                pytest.fail("PostgreSQL did not start within 30 s")
            time.sleep(0.1)
