"""Every SQLite database a service of 一键通 keeps is its owner's alone (trial of 6 December:
the demo's mini-program database, families' accounts and bindings, was created 0644 while the
centre's was 0600). Both services' engines, a new file under a loose umask and an existing
loose one with its -wal and -shm."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from call_center.db import make_engine as centre_engine
from miniprogram_api.db import make_engine as backend_engine


@pytest.mark.parametrize("make_engine", [centre_engine, backend_engine], ids=["centre", "mini-program"])
def test_a_new_database_and_its_companions_are_private(tmp_path: Path, make_engine):
    old_mask = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'data.db'}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        files = [p for p in (tmp_path / "new").iterdir() if p.name.startswith("data.db")]
        assert {p.name for p in files} >= {"data.db", "data.db-wal"}
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: 0o600 for p in files}
        engine.dispose()
    finally:
        os.umask(old_mask)


@pytest.mark.parametrize("make_engine", [centre_engine, backend_engine], ids=["centre", "mini-program"])
def test_an_existing_loose_database_is_tightened(tmp_path: Path, make_engine):
    for suffix in ("", "-wal", "-shm"):
        loose = tmp_path / f"loose.db{suffix}"
        loose.touch()
        loose.chmod(0o644)
    make_engine(f"sqlite:///{tmp_path / 'loose.db'}").dispose()
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE((tmp_path / f"loose.db{suffix}").stat().st_mode) == 0o600, suffix
