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
import time
from dataclasses import dataclass

from personal_data.references import reference

from .content import N_
from .layouts import layout_named
from .renderer import Slip

log = logging.getLogger(__name__)

# Where the slip goes instead: 发给家人 (offered after a failed or impossible print, paper.py)
# puts it in the family's mini-program; no screen here shows a QR code to scan.
NO_PRINTER = N_("这里没有连接打印机。可以按“发给家人”，把单子发到家人的手机上；"
              "也可以请工作人员帮忙。")
PRINT_FAILED = N_("打印没有成功。可以按“发给家人”，把单子发到家人的手机上；也可以请工作人员帮忙。")
PRINTING = N_("单子正在打印，请在出纸口取走。")
PRINTED = N_("单子打好了，请在出纸口取走。")
PAPER_OUT = N_("打印机没有纸了。请告诉工作人员加纸，加好后单子会自动打出来；以后也可以在“我的服务”里再打印。")
PRINTER_STOPPED = N_("打印机暂停了。请告诉工作人员看一下，恢复后单子会自动打出来；以后也可以在“我的服务”里再打印。")
PRINTER_MISSING = N_("找不到打印机。请告诉工作人员；以后也可以在“我的服务”里再打印，或请家人在小程序里下载。")
PAPER_REASONS = ("media-empty", "media-needed", "media-jam", "paper-out")
_DEFAULT_RE = re.compile(r"system default destination:\s*(\S+)")
_JOB_RE = re.compile(r"request id is (\S+)")
_STATE_RE = re.compile(r"^printer (\S+) (?:is (\w+)|(disabled))", re.M)
_ALERTS_RE = re.compile(r"^\s*Alerts:\s*(.*)$", re.M)


@dataclass(frozen=True)
class PrinterState:
    """What CUPS says of a queue: whether it takes jobs now, and its alerts (IPP reasons)."""

    name: str
    ready: bool
    reasons: tuple[str, ...]

    @property
    def out_of_paper(self) -> bool:
        return any(r.startswith(PAPER_REASONS) for r in self.reasons)


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
                 timeout: float = 20, watch_s: float = 6.0):
        """``watch_s``: how long a sent job is followed, so paper running out mid-slip is
        told to the person at the kiosk, not discovered by the next one."""
        self.none = printer == ""   # a place with no printer: never ask CUPS for a default
        if printer is None:
            printer = os.environ.get("ONEKEY_PRINTER") or None
        self.printer = printer or None
        self.lp = lp
        self.lpstat = lpstat
        self.timeout = timeout
        self.watch_s = watch_s

    def destination(self) -> str | None:
        """The configured printer, else CUPS's default destination, else None."""
        if self.none:
            return None
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

    def available(self) -> bool:
        """A queue is here to print to: configured or CUPS's default, and known to CUPS (out of
        paper or stopped still counts: a job waits in it and prints when it is back). Where
        none is, 打印凭条 is not offered (it was, at a station with no printer, and failed)."""
        destination = self.destination()
        return bool(destination) and shutil.which(self.lp) is not None and self.state(destination) is not None

    def _lpstat(self, *args: str) -> subprocess.CompletedProcess | None:
        if not shutil.which(self.lpstat):
            return None
        try:
            return subprocess.run([self.lpstat, *args], capture_output=True, text=True, timeout=self.timeout,
                                  env={**os.environ, "LC_ALL": "C"})
        except (OSError, subprocess.TimeoutExpired):
            return None

    def state(self, destination: str) -> PrinterState | None:
        """The queue's state; None when CUPS cannot be asked or does not know the queue."""
        done = self._lpstat("-l", "-p", destination)
        if done is None or done.returncode != 0:
            return None
        match = _STATE_RE.search(done.stdout)
        if match is None:
            return None
        alerts = _ALERTS_RE.search(done.stdout)
        reasons = tuple(a for a in (alerts.group(1).split() if alerts else ()) if a != "none")
        ready = match.group(3) is None and not any(r.startswith(PAPER_REASONS) for r in reasons)
        return PrinterState(match.group(1), ready, reasons)

    def _job_pending(self, destination: str, job: str) -> bool | None:
        done = self._lpstat("-W", "not-completed", "-o", destination)
        if done is None or done.returncode != 0:
            return None
        return any(line.split()[:1] == [job] for line in done.stdout.splitlines())

    def _held(self, state: PrinterState, destination: str, job: str | None) -> PrintOutcome:
        if state.out_of_paper:
            return PrintOutcome(False, "paper_out", PAPER_OUT, destination, job)
        return PrintOutcome(False, "printer_stopped", PRINTER_STOPPED, destination, job)

    def command(self, slip: Slip, destination: str, copies: int = 1) -> list[str]:
        layout = layout_named(slip.layout)
        # pdftocairo, not CUPS's default Ghostscript route to PostScript: that one turns the
        # slip's subset CJK font into boxes (seen through a real queue; raster drivers ignore it).
        # The job's title is what a volunteer reads in the queue (lpstat, the printer's panel):
        # the 受理号 printed on the slip, not the centre's internal id.
        title = f"一键通回执 受理号{reference(slip.record_id).replace(' ', '')}"
        return [self.lp, "-d", destination, "-n", str(copies), "-t", title,
                "-o", f"media={layout.media_for(slip.height_mm)}", "-o", "fit-to-page=false",
                "-o", "pdftops-renderer=pdftocairo", "-"]

    def print(self, slip: Slip, copies: int = 1) -> PrintOutcome:
        """Send the slip, then follow it a few seconds: printed, or why not (no paper, a
        stopped printer, none at all) — said so the volunteer can act. A job sent to a queue
        that stopped stays in it and prints when the printer is back."""
        destination = self.destination()
        if not destination or not shutil.which(self.lp):
            return PrintOutcome(False, "no_printer", NO_PRINTER)
        before = self.state(destination)
        if before is None and self._lpstat("-r") is not None and "scheduler is running" in (
                self._lpstat("-r").stdout or ""):
            return PrintOutcome(False, "printer_missing", PRINTER_MISSING, destination)
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
        job = match.group(1) if match else None
        if before is not None and not before.ready:
            return self._held(before, destination, job)
        return self._follow(destination, job)

    def _follow(self, destination: str, job: str | None) -> PrintOutcome:
        if job is None or self.watch_s <= 0:
            return PrintOutcome(True, "printed", PRINTING, destination, job)
        deadline = time.monotonic() + self.watch_s
        while time.monotonic() < deadline:
            pending = self._job_pending(destination, job)
            if pending is None:
                break
            if not pending:
                return PrintOutcome(True, "printed", PRINTED, destination, job)
            state = self.state(destination)
            if state is not None and not state.ready:
                return self._held(state, destination, job)
            time.sleep(0.2)
        return PrintOutcome(True, "printed", PRINTING, destination, job)   # still going: a slow printer

