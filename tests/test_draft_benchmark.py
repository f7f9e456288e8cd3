"""benchmarks/draft_seed.py still runs (on the fixture corpus, never on claims/), so it cannot rot."""

from __future__ import annotations

import importlib.util

from conftest import FIXTURES, REVIEWED, ROOT, snapshot


def test_draft_benchmark_reports_agreement_without_touching_the_corpus(capsys):
    spec = importlib.util.spec_from_file_location("draft_seed", ROOT / "benchmarks" / "draft_seed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = snapshot(FIXTURES / "claims")
    module.main([REVIEWED, "--claims", str(FIXTURES / "claims")])
    output = capsys.readouterr().out
    assert f"{REVIEWED}: draft builds" in output and "curated spans drafted exactly" in output
    assert snapshot(FIXTURES / "claims") == before
