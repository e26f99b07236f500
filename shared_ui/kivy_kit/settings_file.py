"""A device's own small JSON file (token, who it serves, cached profile): written atomically,
readable only by the device's user (0600), and a damaged file reads as empty."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class SettingsFile:
    def __init__(self, path: Path):
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: the device starts as new (a TV shows a pairing code)
        return data if isinstance(data, dict) else {}

    def save(self, **values: Any) -> dict[str, Any]:
        data = {**self.load(), **values}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.stem}-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return data

    def forget(self) -> None:
        """Remove the file (a kiosk wiping what it kept about a person)."""
        self.path.unlink(missing_ok=True)
