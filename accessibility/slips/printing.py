"""Send a slip to paper through CUPS ``lp`` — or say clearly why not and what else to do.

The printer is ``ONEKEY_PRINTER`` (via :class:`SlipConfig`) or CUPS's default destination
(``lpstat -d``). Without one, the outcome is a sentence the kiosk shows and speaks, which
offers the QR code on screen and the family's download instead (DESIGN.md §2.3 "prints
slips"; seed 004: keep an offline way for elders who have no phone).
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from .content import N_
from .layouts import layout_named
from .renderer import Slip

log = logging.getLogger(__name__)

NO_PRINTER = N_("这里没有连接打印机。请用手机扫一扫屏幕上的二维码保存这张单子，"
              "也可以请家人在小程序里下载。")
PRINT_FAILED = N_("打印没有成功。请找工作人员帮忙，或者扫一扫屏幕上的二维码保存这张单子。")
PRINTING = N_("单子正在打印，请在出纸口取走。")
_DEFAULT_RE = re.compile(r"system default destination:\s*(\S+)")
_JOB_RE = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class PrintOutcome:
    """``ok``, a machine ``code`` and a ``message`` to show and speak."""

    ok: bool
    code: str
    message: str
    printer: str | None = None
    job: str | None = None


class SlipPrinter:
    def __init__(self, printer: str | None = None, *, lp: str = "lp", lpstat: str = "lpstat",
                 timeout: float = 20):
        if printer is None:
            printer = os.environ.get("ONEKEY_PRINTER") or None
        self.printer = printer
        self.lp = lp
        self.lpstat = lpstat
        self.timeout = timeout

    def destination(self) -> str | None:
        """The configured printer, else CUPS's default destination, else None."""
        if self.printer:
            return self.printer
        if not shutil.which(self.lpstat):
            return None
        try:
            out = subprocess.run([self.lpstat, "-d"], capture_output=True, text=True,
                                 timeout=self.timeout, env={**os.environ, "LC_ALL": "C"})
        except (OSError, subprocess.TimeoutExpired):
            return None
        match = _DEFAULT_RE.search(out.stdout)
        return match.group(1) if match else None

    def command(self, slip: Slip, destination: str, copies: int = 1) -> list[str]:
        layout = layout_named(slip.layout)
        return [self.lp, "-d", destination, "-n", str(copies), "-t", f"onekey-slip {slip.record_id}",
                "-o", f"media={layout.media_for(slip.height_mm)}", "-o", "fit-to-page=false", "-"]

    def print(self, slip: Slip, copies: int = 1) -> PrintOutcome:
        destination = self.destination()
        if not destination or not shutil.which(self.lp):
            return PrintOutcome(False, "no_printer", NO_PRINTER)
        try:
            done = subprocess.run(self.command(slip, destination, copies), input=slip.pdf,
                                  capture_output=True, timeout=self.timeout,
                                  env={**os.environ, "LC_ALL": "C"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.error("lp failed for %s: %s", slip.record_id, exc)
            return PrintOutcome(False, "print_failed", PRINT_FAILED, destination)
        if done.returncode != 0:
            log.error("lp exited %s: %s", done.returncode, done.stderr.decode(errors="replace").strip())
            return PrintOutcome(False, "print_failed", PRINT_FAILED, destination)
        match = _JOB_RE.search(done.stdout.decode(errors="replace"))
        return PrintOutcome(True, "printed", PRINTING, destination, match.group(1) if match else None)

