"""QR codes for slips, drawn as 1-bit PNGs with one pixel per module.

The PNG stays a few hundred bytes (well under the fetcher's data-URI bound) and the slip
CSS scales it with ``image-rendering: pixelated`` to a whole number of printer dots per
module, so a 203 dpi thermal head prints sharp, equal modules a phone reads at once.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@dataclass(frozen=True)
class QRImage:
    data_uri: str
    modules: int  # modules per side, quiet zone included

    def width_mm(self, dots_per_module: int, dpi: int = 203) -> float:
        """Printed width that gives each module exactly ``dots_per_module`` printer dots."""
        return self.modules * dots_per_module * 25.4 / dpi


@lru_cache(maxsize=512)
def qr_image(text: str, quiet_zone: int = 2) -> QRImage:
    """A QR code of ``text``; medium error correction survives a crumpled thermal slip."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=quiet_zone)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image().convert("1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return QRImage(f"data:image/png;base64,{encoded}", image.size[0])
