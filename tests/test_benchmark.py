"""The benchmark still runs (at a small size, untimed), so it cannot rot."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_runs_on_a_small_synthetic_corpus():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--size", "2000",
                             "--no-frictionless"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| 2,000 |" in result.stdout and "× import floor" in result.stdout
