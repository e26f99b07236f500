"""Synthesized audio on disk, keyed by (engine, voice, rate, normalised text).

Prebuilt prompts (`onekey speech prebuild`) are pinned and never evicted; everything else
lives under a size bound with least-recently-used eviction (a hit refreshes the file's
mtime). Files are written under `tmp/` and moved into place with `os.replace`, so a reader
in another process never sees half a WAV.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1  # bump when the meaning of a key changes


@dataclass(frozen=True)
class CacheStats:
    pinned_files: int
    pinned_bytes: int
    lru_files: int
    lru_bytes: int
    max_bytes: int


class AudioCache:
    def __init__(self, root: Path, max_bytes: int = 256 * 1024 * 1024, *, lru_root: Path | None = None):
        """``lru_root``: where sentences made on the fly are kept, apart from the prebuilt
        prompts — on a kiosk a private temporary folder, emptied after each person
        (:meth:`forget_unpinned`): a spoken name or booking must not stay on its disk."""
        self.root = Path(root)
        self.lru_root = Path(lru_root) if lru_root is not None else self.root / "lru"
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._lru_bytes: int | None = None  # counted on first write, then kept up to date

    @staticmethod
    def key(engine: str, voice: str, rate: str, text: str) -> str:
        blob = json.dumps([FORMAT, engine, voice, rate, text], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, tier: str, key: str) -> Path:
        base = self.lru_root if tier == "lru" else self.root / tier
        return base / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        pinned = self._path("pinned", key)
        if pinned.exists():
            return pinned
        path = self._path("lru", key)
        try:
            os.utime(path)  # mark as recently used
        except FileNotFoundError:
            return None
        return path

    def forget_unpinned(self) -> int:
        """Delete every sentence made on the fly (prebuilt prompts stay); how many went."""
        with self._lock:
            gone = 0
            for entry in self._lru_files():
                try:
                    os.unlink(entry.path)
                    gone += 1
                except FileNotFoundError:
                    pass
            self._lru_bytes = 0
        tmp = self.lru_root / "tmp"
        if tmp.is_dir():
            for leftover in tmp.iterdir():
                leftover.unlink(missing_ok=True)
        return gone

    def staging_path(self) -> Path:
        """A fresh path on the cache's filesystem for an engine to write into."""
        tmp = (self.lru_root if self.lru_root != self.root / "lru" else self.root) / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        return tmp / f"{uuid.uuid4().hex}.wav"

    def put(self, key: str, staged: Path, *, pinned: bool = False) -> Path:
        dest = self._path("pinned" if pinned else "lru", key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        size = staged.stat().st_size
        os.replace(staged, dest)
        if pinned:
            stale = self._path("lru", key)
            if stale.exists():
                self._forget(stale)
        else:
            with self._lock:
                if self._lru_bytes is None:
                    self._lru_bytes = self._scan_lru_bytes()
                else:
                    self._lru_bytes += size
            self.evict()
        return dest

    def pin(self, key: str) -> Path:
        """Move an entry into the pinned tier (prebuild found it already synthesized)."""
        pinned = self._path("pinned", key)
        if pinned.exists():
            return pinned
        lru = self._path("lru", key)
        size = lru.stat().st_size
        pinned.parent.mkdir(parents=True, exist_ok=True)
        os.replace(lru, pinned)
        with self._lock:
            if self._lru_bytes is not None:
                self._lru_bytes -= size
        return pinned

    def _forget(self, path: Path) -> None:
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            return
        with self._lock:
            if self._lru_bytes is not None:
                self._lru_bytes -= size

    def _lru_files(self) -> list[os.DirEntry]:
        files = []
        base = self.lru_root
        if not base.is_dir():
            return files
        for sub in os.scandir(base):
            if sub.is_dir():
                files.extend(e for e in os.scandir(sub.path) if e.name.endswith(".wav"))
        return files

    def _scan_lru_bytes(self) -> int:
        return sum(e.stat().st_size for e in self._lru_files())

    def evict(self) -> int:
        """Once over the bound, delete least-recently-used files down to 90% of it (so the
        next few writes do not each rescan the directory); return how many were deleted."""
        with self._lock:
            if self._lru_bytes is not None and self._lru_bytes <= self.max_bytes:
                return 0
            entries = sorted(self._lru_files(), key=lambda e: e.stat().st_mtime_ns)
            total = sum(e.stat().st_size for e in entries)
            if total <= self.max_bytes:
                self._lru_bytes = total
                return 0
            target = self.max_bytes * 0.9
            removed = 0
            for entry in entries:
                if total <= target:
                    break
                size = entry.stat().st_size
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    pass
                total -= size
                removed += 1
            self._lru_bytes = total
            return removed

    def stats(self) -> CacheStats:
        pinned = [p for p in (self.root / "pinned").glob("*/*.wav")]
        lru = self._lru_files()
        return CacheStats(len(pinned), sum(p.stat().st_size for p in pinned),
                          len(lru), sum(e.stat().st_size for e in lru), self.max_bytes)
