"""The attribution scorer (benchmarks/attribution.py): exact and overlap matching, trimming, one-to-one
matching, deduplication and whole attributions, each on tiny made-up gold and predicted files; and a smoke run
on three PolNeAR articles when ../shared/polnear-dev is there."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.draft.attribution import Attribution, Span

SCORER = ROOT / "benchmarks" / "attribution.py"
POLNEAR = ROOT.parent / "shared" / "polnear-dev"
TEXT = "Ann Lee said the dam is safe. “It holds,” Bo Park said."


def _scorer():
    """benchmarks/attribution.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("attribution_scorer", SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


scorer = _scorer()


def at(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def find(text: str, piece: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return at(text, start, start + len(piece))


def one(cue: Span, sources: tuple[Span, ...], contents: tuple[Span, ...]) -> Attribution:
    return Attribution(cue, sources, contents)


def counts(pred: list[Attribution], gold: list[Attribution]):
    scores = scorer.Scores()
    scorer.score_article(scores, pred, gold)
    return scores


def test_exact_match_ignores_punctuation_quotes_and_spaces_at_the_ends():
    gold = [one(find(TEXT, "said", 1), (find(TEXT, "Bo Park"),), (find(TEXT, "“It holds,”"),))]
    pred = [one(find(TEXT, "said", 1), (find(TEXT, " Bo Park"),), (find(TEXT, "It holds"),))]
    scores = counts(pred, gold)
    assert scores.count("content", "exact").tp == 1
    assert scores.count("source", "exact").tp == 1


def test_exact_match_needs_the_same_words():
    gold = [one(find(TEXT, "said"), (find(TEXT, "Ann Lee"),), (find(TEXT, "the dam is safe"),))]
    pred = [one(find(TEXT, "said"), (find(TEXT, "Lee"),), (find(TEXT, "the dam is safe."),))]
    scores = counts(pred, gold)
    assert scores.count("source", "exact").tp == 0
    assert scores.count("source", "overlap").tp == 1
    assert scores.count("content", "exact").tp == 1


def test_a_punctuation_only_cue_is_compared_untrimmed():
    text = "PARK: The dam holds."
    colon = find(text, ":")
    gold = [one(colon, (find(text, "PARK"),), (find(text, "The dam holds"),))]
    assert counts(gold, gold).count("cue", "exact").tp == 1
    assert scorer.trimmed(colon) == (colon.start, colon.end)


def test_overlap_needs_one_shared_character():
    gold = [one(find(TEXT, "said"), (find(TEXT, "Ann Lee"),), (find(TEXT, "the dam is safe"),))]
    touching = [one(find(TEXT, "said"), (find(TEXT, "Ann "),), (find(TEXT, " the dam"),))]
    apart = [one(find(TEXT, "said"), (at(TEXT, 0, 0),), (find(TEXT, "It holds"),))]
    assert counts(touching, gold).count("source", "overlap").tp == 1
    assert counts(apart, gold).count("source", "overlap").tp == 0
    assert counts(apart, gold).count("content", "overlap").tp == 0


def test_one_long_prediction_matches_one_gold_span_only():
    text = "Ann and Bo said so."
    gold = [one(find(text, "said"), (find(text, "Ann"), find(text, "Bo")), (find(text, "so"),))]
    pred = [one(find(text, "said"), (find(text, "Ann and Bo"),), (find(text, "so"),))]
    count = counts(pred, gold).count("source", "overlap")
    assert (count.tp, count.pred, count.gold) == (1, 1, 2)


def test_matching_is_maximal_not_greedy():
    """A greedy pass could give the first prediction the gold span that the second one needs."""
    assert len(scorer.max_matching(2, 2, lambda p, g: (p, g) in {(0, 0), (0, 1), (1, 0)})) == 2


def test_a_span_shared_by_two_attributions_counts_once():
    text = "Ann said A and said B."
    source = find(text, "Ann")
    gold = [one(find(text, "said"), (source,), (find(text, "A"),)), one(find(text, "said", 1), (source,), (find(text, "B"),))]
    count = counts(gold, gold).count("source", "exact")
    assert (count.tp, count.pred, count.gold) == (1, 1, 1)


def test_an_attribution_matches_when_cue_and_content_overlap():
    gold = [one(find(TEXT, "said"), (find(TEXT, "Ann Lee"),), (find(TEXT, "the dam is safe"),))]
    wrong_content = [one(find(TEXT, "said"), (find(TEXT, "Ann Lee"),), (find(TEXT, "It holds"),))]
    no_source = [one(find(TEXT, "said"), (), (find(TEXT, "dam"),))]
    assert counts(wrong_content, gold).count("attribution", "cue+content").tp == 0
    scores = counts(no_source, gold)
    assert scores.count("attribution", "cue+content").tp == 1
    assert scores.with_source == 0


def test_precision_recall_and_f1_are_micro_averaged():
    count = scorer.Count(tp=3, pred=4, gold=6)
    p, r, f = count.prf()
    assert (p, r) == (0.75, 0.5) and f == pytest.approx(0.6)
    assert scorer.Count().prf() == (0.0, 0.0, 0.0)


def _write(folder: Path, name: str, attributions: list[Attribution], text: str | None = None) -> None:
    from pipeline.draft.citron import to_json

    document = to_json(attributions)
    if text is not None:
        document["text"] = text
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = scorer.main(list(args))
    return code, out.getvalue()


def test_scores_prediction_files_against_gold_files(tmp_path):
    gold = [one(find(TEXT, "said"), (find(TEXT, "Ann Lee"),), (find(TEXT, "the dam is safe"),))]
    _write(tmp_path / "gold", "a", gold, TEXT)
    _write(tmp_path / "pred", "a", gold)
    code, out = _run("--gold", str(tmp_path / "gold"), "--pred", str(tmp_path / "pred"))
    assert code == 0
    assert "| cue | exact | 100.0 | 100.0 | 100.0 | 1 | 1 |" in out


def test_absent_gold_is_skipped_with_a_message(tmp_path):
    code, out = _run("--gold", str(tmp_path / "nowhere"))
    assert code == 0 and out.startswith("skipped:")


@pytest.mark.skipif(not (POLNEAR / "gold").is_dir(), reason="PolNeAR dev split not at ../shared/polnear-dev")
def test_smoke_on_three_polnear_articles():
    code, out = _run("--gold", str(POLNEAR), "--limit", "3")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| span | match | precision | recall | F1 |")
    body = [row.split(" | ")[:2] for row in rows[2:]]
    assert body == [["| cue", "exact"], ["| cue", "overlap"], ["| source", "exact"], ["| source", "overlap"],
                    ["| content", "exact"], ["| content", "overlap"], ["| attribution", "cue+content"]]
    assert "3 articles" in out
