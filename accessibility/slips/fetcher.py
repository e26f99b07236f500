"""WeasyPrint's door to the outside, locked to the slip assets shipped with the product.

A slip carries text from many hands (an elder's name, an agent's note, a hospital's
address). Jinja escapes it, and this fetcher is the second lock: whatever ends up in the
HTML, WeasyPrint can load only packaged files under the asset roots and small inline
images. ``http(s)``, ``ftp``, ``file:`` anywhere else (``/etc/passwd``, a symlink out of
the tree) and oversized ``data:`` URIs are refused, logged and counted — never fetched.
"""
from __future__ import annotations

import base64
import logging
import mimetypes
from collections import deque
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

ASSET_SUFFIXES = frozenset({".css", ".png", ".svg", ".jpg", ".jpeg", ".gif", ".otf", ".ttf", ".woff", ".woff2"})
DATA_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
DEFAULT_MAX_DATA_URI = 64 * 1024


class SlipURLRefused(ValueError):
    """A resource the slip is not allowed to load; WeasyPrint logs it and leaves it out."""


class LockedURLFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``roots`` and small image ``data:`` URIs; refuses all else.

    ``refused`` keeps the most recent refused URLs (for tests and the audit log).
    """

    def __init__(self, roots: Iterable[Path], *, max_data_uri: int = DEFAULT_MAX_DATA_URI, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.max_data_uri = max_data_uri
        self.refused: deque[str] = deque(maxlen=64)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        self._refuse(url, "scheme not allowed")

    def _refuse(self, url: str, reason: str):
        shown = url if len(url) <= 120 else url[:117] + "..."
        self.refused.append(shown)
        log.warning("slip resource refused (%s): %s", reason, shown)
        raise SlipURLRefused(f"{reason}: {shown}")

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > self.max_data_uri:
            self._refuse(url, f"data URI larger than {self.max_data_uri} bytes")
        header, sep, payload = url[5:].partition(",")
        if not sep:
            self._refuse(url, "malformed data URI")
        parts = [p.strip() for p in header.split(";")]
        mime = (parts[0] or "text/plain").lower()
        if mime not in DATA_TYPES:
            self._refuse(url, f"data URI of type {mime}")
        try:
            body = base64.b64decode(payload, validate=True) if "base64" in parts[1:] else unquote_to_bytes(payload)
        except ValueError:
            self._refuse(url, "malformed data URI")
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "remote file URL")
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError):
            self._refuse(url, "no such asset")
        if path.suffix.lower() not in ASSET_SUFFIXES:
            self._refuse(url, "not an asset type")
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            self._refuse(url, "outside the packaged assets")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
