"""Files that hold personal data are readable by their owner only.

The centre's database holds elders' records; the mini-program back end's holds families'
accounts and bindings. Both are SQLite files by default, and a file created with the default
umask is readable by every user of the machine.
"""
from __future__ import annotations

import os
from pathlib import Path


def private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite does, and take
    group and other bits off an existing one. SQLite gives its -wal and -shm files the
    database file's mode; existing ones are tightened too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists() and companion.stat().st_mode & 0o077:
            companion.chmod(0o600)
