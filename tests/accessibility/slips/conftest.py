"""Shared fixtures for the slip tests: one warm renderer, the sample records, PDF tools."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "assets" / "slips" / "samples"
KINDS = ("registration", "taxi", "escort", "discharge_transport", "special_vehicle", "refill", "device_application", "consultation", "receipt",
         "alarm")
NOW = datetime(2026, 11, 24, 10, 3, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="session")
def slip_config():
    from accessibility.slips.config import SlipConfig

    return SlipConfig(hotline="12345", h5_base="https://h5.onekey.test/r/", secret="test-secret")


@pytest.fixture(scope="session")
def renderer(slip_config):
    from accessibility.slips.renderer import SlipRenderer

    return SlipRenderer(slip_config)


def load_sample(kind: str) -> tuple[dict, dict]:
    data = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data.get("request") or data["alarm"]), copy.deepcopy(data["elder"])


@pytest.fixture
def sample():
    return load_sample


def pdf_text(pdf: bytes, tmp_path: Path, layout: bool = False) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed"
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_pages_png(pdf: bytes, tmp_path: Path, dpi: int, antialias: bool = True) -> list[Path]:
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is needed"
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    aa = [] if antialias else ["-aa", "no", "-aaVector", "no"]
    subprocess.run(["pdftoppm", "-r", str(dpi), *aa, "-png", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page*.png"))
