"""The benchmark still runs (at a small size, untimed), so it cannot rot: every scenario, on a real-shaped corpus
that the build accepts; its corpora reach every verdict and attribution check; and a build that fails is reported
at once, however much it prints. No test here times anything."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import schema
from conftest import FIXTURES, ROOT, run

BENCH = ROOT / "benchmarks" / "bench.py"


def _bench():
    """benchmarks/bench.py as a module (benchmarks/ is not a package; dataclasses need it in sys.modules)."""
    if "bench" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench", BENCH)
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench"]


def test_benchmark_runs_every_scenario_on_a_small_corpus():
    """Every scenario on the real-shaped corpus (built from claims/ as it is) and on its one-article floor, the real
    dataset and the synthetic corpus: each build must succeed, or the benchmark fails."""
    result = subprocess.run([sys.executable, str(BENCH), "--size", "1000", "--repeat", "1", "--no-frictionless"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout.split("\nMachine: ", 1)[1]
    for _, label in _bench().SCENARIOS:
        assert re.search(rf"\| [\d,]+ \([\d,]+\) \| {re.escape(label)} \| [\d.]+ \| \d+ \| [\d.]+ \(floor ", report), label
    assert "## The real dataset" in report and "| clean build (" in report
    assert "| 1,000 |" in report and "× import floor" in report


def _read(claims: Path) -> dict[str, list[dict]]:
    """Every entry of every table of a claims/ directory, by table."""
    tables: dict[str, list[dict]] = {}
    for path in sorted(claims.glob("*.toml")):
        for table, entries in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(entries, list):
                tables.setdefault(table, []).extend(entries)
    return tables


def test_real_shaped_corpus_copies_any_articles_as_curated(tmp_path):
    """Copies of the fixture corpus's two articles (the generator takes whichever articles a claims/ holds): texts
    byte for byte, every entry as curated but for the rewritten ids, and a corpus the build accepts."""
    bench = _bench()
    source = FIXTURES / "claims"
    corpus = bench.replicate(tmp_path, 40, source=source)
    originals = sorted(p.stem for p in source.glob("*.txt"))
    assert corpus.statements >= 40 and len(corpus.copies) >= 3
    assert {copy.rsplit("-r", 1)[0] for copy in corpus.copies} == set(originals)
    card = tomllib.loads((corpus.claims / "dataset.toml").read_text(encoding="utf-8"))
    assert card["dataset"]["articles"] == corpus.copies
    assert (corpus.claims / "sources.toml").read_bytes() == (source / "sources.toml").read_bytes()
    for copy in corpus.copies:
        original = copy.rsplit("-r", 1)[0]
        assert re.fullmatch(r"[a-z0-9-]+-r\d{6}", copy)
        assert (corpus.claims / f"{copy}.txt").read_bytes() == (source / f"{original}.txt").read_bytes()
        for suffix in (".toml", ".reviews.toml"):
            copied = (corpus.claims / f"{copy}{suffix}").read_text(encoding="utf-8")
            curated = (source / f"{original}{suffix}").read_text(encoding="utf-8")
            assert re.sub(rf"{re.escape(copy)}(?=-\d{{3}})", original, copied) == curated
            assert not re.search(rf"{re.escape(original)}-\d{{3}}", copied)  # every id, and every cited id, rewritten
    copied, curated = _read(corpus.claims), _read(source)
    n = len(corpus.copies) / len(originals)
    for key in ("verdict", "attribution_check"):
        assert Counter(r.get(key) for r in copied["reviews"]) == Counter(
            {v: c * n for v, c in Counter(r.get(key) for r in curated["reviews"]).items()})
    assert len(copied["evidence"]) == n * len(curated["evidence"])
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr


def test_one_article_corpus_keeps_only_its_sources(tmp_path):
    """The one-article floor: a copy of one article, with the sources it uses (the build rejects an unused one)."""
    corpus = _bench().replicate(tmp_path, 1, source=FIXTURES / "claims")
    assert len(corpus.copies) == 1
    sources = _read(corpus.claims)["sources"]
    assert 0 < len(sources) < len(_read(FIXTURES / "claims")["sources"])
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr


def test_scenario_edits_keep_the_corpus_valid(tmp_path):
    """Each edit the benchmark times changes what it says and leaves a corpus the build accepts."""
    corpus = _bench().replicate(tmp_path, 1, source=FIXTURES / "claims")
    before = (tmp_path / "claims").joinpath(f"{corpus.copies[0]}.toml").read_text(encoding="utf-8")
    corpus.edit_claim(1)
    corpus.edit_claim(2)  # from the curated value, not on top of edit 1
    after = (tmp_path / "claims").joinpath(f"{corpus.copies[0]}.toml").read_text(encoding="utf-8")
    assert after.count(" (edit 2)") == 1 and " (edit 1)" not in after and len(after) == len(before) + len(" (edit 2)")
    corpus.edit_source(1)
    assert (tmp_path / "claims" / "sources.toml").read_text(encoding="utf-8").count(" (edit 1)\"") == 1
    corpus.add_article()
    assert len(corpus.copies) == 2
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 articles" in result.stdout


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
    for corpus in ("real-shaped", "synthetic"):
        result = subprocess.run([sys.executable, str(BENCH), "--size", "1000", "--repeat", "1", "--no-frictionless",
                                 "--corrupt", "--corpus", corpus], capture_output=True, text=True, timeout=120)
        assert result.returncode != 0
        assert re.search(rf"validate.py rejected the {corpus} corpus of [\d,]+ statements \(exit 1\)", result.stderr)
        assert "problem(s); exports/ left unchanged." in result.stderr  # the tail of the build's report is shown


def test_measure_reads_a_megabyte_of_stderr():
    """``measure`` on a command that writes 1 MiB to stderr and fails: its exit code, not a hang."""
    child = "import sys; sys.stderr.write('x' * (1 << 20) + 'the end'); sys.exit(3)"
    script = (f"import importlib.util, sys\nspec = importlib.util.spec_from_file_location('bench', {str(BENCH)!r})\n"
              "bench = importlib.util.module_from_spec(spec); sys.modules['bench'] = bench\n"
              "spec.loader.exec_module(bench)\n"
              f"print(bench.measure([sys.executable, '-c', {child!r}])[2])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "3"
    assert result.stderr.endswith("the end") and len(result.stderr) <= 2000  # only the tail is shown


def test_the_two_core_parse_measurement_runs_on_the_fixture_corpus():
    """benchmarks/parse_cores.py parses a corpus both ways, checks they agree, and prints both times."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "parse_cores.py"), "--claims",
                             str(FIXTURES / "claims")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"2 articles parsed: one process [\d.]+ s; two processes, parts sent back [\d.]+ s\n",
                        result.stdout)
