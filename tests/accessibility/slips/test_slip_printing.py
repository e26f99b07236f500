"""Printing through CUPS `lp`, and a clear spoken alternative when there is no printer."""
from __future__ import annotations

import socket
import stat
import sys

import pytest

from accessibility.slips.printing import NO_PRINTER, SlipPrinter

from .conftest import NOW, load_sample


@pytest.fixture
def no_cups(monkeypatch):
    """Point the real CUPS tools at a closed local port: no server, no default printer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{port}")
    monkeypatch.delenv("ONEKEY_PRINTER", raising=False)
    monkeypatch.delenv("PRINTER", raising=False)
    monkeypatch.delenv("LPDEST", raising=False)


@pytest.fixture
def slip(renderer):
    record, elder = load_sample("registration")
    return renderer.render(record, elder, "80mm", now=NOW)


def test_without_a_printer_the_elder_hears_what_to_do(no_cups, slip):
    printer = SlipPrinter()
    assert printer.destination() is None  # the real `lpstat -d` finds no default
    outcome = printer.print(slip)
    assert not outcome.ok and outcome.code == "no_printer"
    assert outcome.message == NO_PRINTER
    assert "二维码" in outcome.message and "家人" in outcome.message


def test_a_printer_that_cannot_be_reached_fails_with_a_sentence(no_cups, slip):
    outcome = SlipPrinter("kiosk-thermal").print(slip)  # the real `lp`, no server behind it
    assert not outcome.ok and outcome.code == "print_failed"
    assert "工作人员" in outcome.message


def test_lp_gets_the_pdf_the_roll_length_and_no_scaling(tmp_path, slip, monkeypatch):
    """A stand-in `lp` (a script that records its arguments and input, as CUPS would receive
    them) checks the command line; the real `lp` is exercised by the test above."""
    spool = tmp_path / "spool"
    spool.mkdir()
    fake = tmp_path / "lp"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        f"spool = pathlib.Path({str(spool)!r})\n"
        "(spool / 'args').write_text('\\n'.join(sys.argv[1:]))\n"
        "(spool / 'job.pdf').write_bytes(sys.stdin.buffer.read())\n"
        "print('request id is kiosk-thermal-42 (1 file(s))')\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    outcome = SlipPrinter("kiosk-thermal", lp=str(fake)).print(slip, copies=2)
    assert outcome.ok and outcome.code == "printed" and outcome.job == "kiosk-thermal-42"
    assert "取走" in outcome.message
    args = (spool / "args").read_text().split("\n")
    assert args[args.index("-d") + 1] == "kiosk-thermal"
    assert args[args.index("-n") + 1] == "2"
    assert f"media=Custom.80x{slip.height_mm:.0f}mm" in args
    assert (spool / "job.pdf").read_bytes() == slip.pdf


def test_configured_printer_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ONEKEY_PRINTER", "station-printer")
    assert SlipPrinter().destination() == "station-printer"
