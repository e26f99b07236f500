"""A private CUPS print server for tests: its own cupsd on a Unix socket in a temporary
folder (``CUPS_SERVER`` points the real ``lp``/``lpstat`` at it), with two queues:

- ``slip``: Debian's cups-pdf, so a printed slip becomes a real PDF (in ``$HOME/PDF``: cups-pdf
  reads only /etc/cups/cups-pdf.conf);
- ``slip-empty``: a thermal printer out of paper — its backend reports ``media-empty-error``
  and stops the queue, the way a real printer's backend does; the job waits in the queue.

``./onekey`` installs ``cups`` and ``printer-driver-cups-pdf``; a missing one fails the test.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SERVER_BIN = Path("/usr/lib/cups")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
PAPER_OUT = """#!/bin/sh
# A thermal slip printer with no paper left, as its backend tells CUPS.
if [ $# -eq 0 ]; then echo 'direct paperout "Unknown" "Out of paper"'; exit 0; fi
echo "STATE: +media-empty-error" >&2
echo "ERROR: out of paper" >&2
exit 4
"""


@dataclass
class PrintServer:
    root: Path
    proc: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)

    @property
    def socket(self) -> str:
        return str(self.root / "cups.sock")

    def run(self, *cmd: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(cmd), env={**os.environ, "CUPS_SERVER": self.socket, "LC_ALL": "C"},
                              capture_output=True, text=True, timeout=30)

    @staticmethod
    def pdfs() -> dict[Path, float]:
        """Every PDF cups-pdf has written, with its time (it names them after the document and
        job number, so a new server's job 1 overwrites an old job 1's file)."""
        out = Path(os.environ.get("HOME", "/root")) / "PDF"
        return {p: p.stat().st_mtime for p in out.glob("*.pdf")} if out.is_dir() else {}

    def new_pdf(self, before: dict[Path, float], timeout: float = 15.0) -> Path:
        """The PDF a job printed since ``before`` was taken (waiting for cups-pdf to write it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = [p for p, at in self.pdfs().items() if at != before.get(p) and p.stat().st_size > 0]
            if new:
                time.sleep(0.3)   # cups-pdf may still be closing it
                return max(new, key=lambda p: p.stat().st_mtime)
            time.sleep(0.1)
        raise AssertionError("cups-pdf wrote no PDF")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start_print_server() -> PrintServer:
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    if not Path(cupsd).exists() or not PPD.exists():
        pytest.fail("CUPS or cups-pdf is missing: ./onekey installs cups and printer-driver-cups-pdf")
    root = Path(tempfile.mkdtemp(prefix="onekey-cups-"))
    root.chmod(0o755)   # filters run as CUPS's own user (lp): they must reach bin/
    for sub in ("conf", "spool", "cache", "state", "log", "bin/backend"):
        (root / sub).mkdir(parents=True)
    (root / "tmp").mkdir(mode=0o1777)
    os.chmod(root / "tmp", 0o1777)
    for part in ("cgi-bin", "daemon", "driver", "filter", "monitor", "notifier"):
        (root / "bin" / part).symlink_to(SERVER_BIN / part)
    for backend in (SERVER_BIN / "backend").iterdir():
        (root / "bin" / "backend" / backend.name).symlink_to(backend)
    paper_out = root / "bin" / "backend" / "paperout"
    paper_out.write_text(PAPER_OUT)
    paper_out.chmod(0o700)
    (root / "conf" / "cupsd.conf").write_text(f"""Listen {root}/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    (root / "conf" / "cups-files.conf").write_text(f"""ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
ServerBin {root}/bin
DataDir /usr/share/cups
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
Sandboxing Relaxed
""")
    proc = subprocess.Popen([cupsd, "-f", "-c", str(root / "conf" / "cupsd.conf"),
                             "-s", str(root / "conf" / "cups-files.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = PrintServer(root, proc)
    deadline = time.monotonic() + 20
    while "scheduler is running" not in server.run("lpstat", "-r").stdout:
        if time.monotonic() > deadline or proc.poll() is not None:
            server.stop()
            pytest.fail("the private cupsd did not start")
        time.sleep(0.1)
    for name, uri in (("slip", "cups-pdf:/"), ("slip-empty", "paperout:/")):
        done = server.run("lpadmin", "-p", name, "-E", "-v", uri, "-P", str(PPD))
        if done.returncode != 0:
            server.stop()
            pytest.fail(f"lpadmin {name}: {done.stderr}")
    return server
