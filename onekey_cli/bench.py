"""`onekey bench`: every benchmark in bench/, then one summary beside the floors."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from .testing import TEST_ENV

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def benchmarks() -> list[str]:
    """``bench/bench_*.py`` by name: alarms, center, escalation, morning, push, slips, …"""
    return sorted(p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py"))


@click.command()
@click.argument("names", nargs=-1)
@click.option("--summary-only", is_flag=True, help="Only rebuild the summary from the JSON.")
def bench(names: tuple[str, ...], summary_only: bool) -> None:
    """Run every benchmark (or the NAMES given, e.g. `onekey bench push alarms`) and write
    bench/results/summary.md and summary.json. Loopback only; each benchmark stops by
    itself. Best run on a quiet machine (`uptime`)."""
    known = benchmarks()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.BadParameter(f"no bench/bench_{unknown[0]}.py (have: {', '.join(known)})")
    env = {**os.environ, **TEST_ENV}
    failed = []
    for name in [] if summary_only else (names or known):
        click.echo(f"== bench_{name} (load average {os.getloadavg()[0]:.2f})")
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(BENCH / f"bench_{name}.py")], cwd=BENCH,
                               env=env)
        click.echo(f"== bench_{name}: {'ok' if code == 0 else f'exit {code}'} "
                   f"in {time.monotonic() - started:.0f} s\n")
        if code != 0:
            failed.append(name)
    subprocess.check_call([sys.executable, str(BENCH / "summary.py")], cwd=BENCH, env=env)
    if failed:
        raise click.ClickException("goals not met or failed: " + ", ".join(failed))
