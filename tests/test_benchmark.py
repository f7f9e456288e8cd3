"""The benchmark still runs (at a small size, untimed), so it cannot rot; its corpus reaches every verdict and
attribution check; and a build that fails is reported at once, however much it prints."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from collections import Counter

import schema
from conftest import ROOT

BENCH = ROOT / "benchmarks" / "bench.py"


def _bench():
    """benchmarks/bench.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_on_a_small_synthetic_corpus():
    result = subprocess.run([sys.executable, str(BENCH), "--size", "1000", "--no-frictionless"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| 1,000 |" in result.stdout and "× import floor" in result.stdout


def test_synthetic_corpus_has_every_verdict_check_and_stance(tmp_path):
    """As dense as a real reviewed article: most statements reviewed, every verdict and attribution check, each
    verdict backed by the stance it needs."""
    claims = _bench().generate(tmp_path, 500) / "claims"
    reviews, evidence = [], []
    for path in sorted(claims.glob("*.reviews.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        reviews += data.get("reviews", [])
        evidence += data.get("evidence", [])
    assert len(reviews) >= 0.7 * 500 and len(evidence) >= 1.5 * len(reviews)
    verdicts = Counter(review["verdict"] for review in reviews)
    assert set(verdicts) == set(schema.VERDICTS)
    assert verdicts["Supported"] > verdicts["Conflicting Evidence/Cherrypicking"] > verdicts["Not Enough Evidence"]
    assert {review.get("attribution_check") for review in reviews} == {None, *schema.ATTRIBUTION_CHECKS}
    stances = {(e["claim_id"], e["stance"]) for e in evidence}
    assert {stance for _, stance in stances} == set(schema.STANCES)
    for review in reviews:
        needed = schema.VERDICT_NEEDS_STANCE.get(review["verdict"])
        assert needed is None or (review["claim_id"], needed) in stances, review


def test_benchmark_reports_a_rejected_corpus_at_once():
    """A rejected corpus prints far more than a pipe holds (64 KiB): the benchmark must not wait on it for ever."""
    result = subprocess.run([sys.executable, str(BENCH), "--size", "1000", "--no-frictionless", "--corrupt"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "validate.py rejected the synthetic corpus of 1000 statements (exit 1)" in result.stderr
    assert "problem(s); exports/ left unchanged." in result.stderr  # the tail of the build's report is shown


def test_measure_reads_a_megabyte_of_stderr():
    """``measure`` on a command that writes 1 MiB to stderr and fails: its exit code, not a hang."""
    child = "import sys; sys.stderr.write('x' * (1 << 20) + 'the end'); sys.exit(3)"
    script = (f"import importlib.util, sys\nspec = importlib.util.spec_from_file_location('bench', {str(BENCH)!r})\n"
              "bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)\n"
              f"print(bench.measure([sys.executable, '-c', {child!r}])[2])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "3"
    assert result.stderr.endswith("the end") and len(result.stderr) <= 2000  # only the tail is shown
