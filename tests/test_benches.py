"""Every benchmark starts both ways the README names: ``python -m bench.<name>`` from the
repository and ``python bench/<name>.py`` from anywhere (its helpers beside it are found)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHES = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))


@pytest.mark.parametrize("name", BENCHES)
def test_a_benchmark_runs_as_a_module_and_as_a_script(name, tmp_path):
    as_module = subprocess.run([sys.executable, "-m", f"bench.{name}", "--help"], cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
    assert as_module.returncode == 0 and "usage:" in as_module.stdout, as_module.stderr[-600:]
    as_script = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), "--help"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    assert as_script.returncode == 0 and "usage:" in as_script.stdout, as_script.stderr[-600:]
