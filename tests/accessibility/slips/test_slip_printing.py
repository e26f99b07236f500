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
    # Where the slip goes instead is a button the kiosk offers then (发给家人), never a QR code
    # "on the screen" that no screen shows.
    assert "发给家人" in outcome.message and "二维码" not in outcome.message


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
    from personal_data.references import reference

    title = args[args.index("-t") + 1]  # what the queue shows: the paper's 受理号, not the id
    assert reference(slip.record_id).replace(" ", "") in title and slip.record_id not in title
    assert f"media=Custom.80x{slip.height_mm:.0f}mm" in args
    assert (spool / "job.pdf").read_bytes() == slip.pdf


def test_configured_printer_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ONEKEY_PRINTER", "station-printer")
    assert SlipPrinter().destination() == "station-printer"


@pytest.fixture(scope="module")
def cups():
    from tests.print_server import start_print_server

    server = start_print_server()
    yield server
    server.stop()


@pytest.fixture
def on_cups(cups, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", cups.socket)
    monkeypatch.delenv("ONEKEY_PRINTER", raising=False)
    return cups


def test_a_real_print_server_prints_the_slip_and_it_reads_as_the_slip(on_cups, slip):
    import subprocess

    before = on_cups.pdfs()
    outcome = SlipPrinter("slip").print(slip)
    assert outcome.ok and outcome.code == "printed", outcome
    assert "取走" in outcome.message
    printed = on_cups.new_pdf(before)
    # What came out of the real queue still reads as the slip (CUPS's default route to
    # PostScript had turned its CJK font into boxes).
    text = subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True).stdout
    from personal_data.references import reference

    for words in ("挂号成功", "心内科", "服务热线 12345", f"受理号 {reference(slip.record_id)}"):
        assert words in text, (words, text)


def test_paper_out_is_told_and_the_slip_waits_in_the_queue(on_cups, slip):
    outcome = SlipPrinter("slip-empty").print(slip)
    assert not outcome.ok and outcome.code == "paper_out", outcome
    assert "加纸" in outcome.message and "我的服务" in outcome.message
    again = SlipPrinter("slip-empty").print(slip)        # the queue is stopped now: said at once
    assert again.code == "paper_out"
    queued = on_cups.run("lpstat", "-W", "not-completed", "-o", "slip-empty").stdout
    assert outcome.job in queued                          # it prints when the paper is back


def test_a_printer_the_server_does_not_have_is_told(on_cups, slip):
    outcome = SlipPrinter("no-such-printer").print(slip)
    assert not outcome.ok and outcome.code == "printer_missing"
    assert "工作人员" in outcome.message
