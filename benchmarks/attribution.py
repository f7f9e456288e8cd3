"""Score drafted attributions against hand-annotated ones (PolNeAR in Citron's JSON format).

    python benchmarks/attribution.py                      # drafts ../shared/polnear-dev in-process
    python benchmarks/attribution.py --gold DIR --pred DIR # scores files written by draft.py --attributions
    python benchmarks/attribution.py --offset 60           # articles 61.. by name order (a check portion)

For each span type (cue, source, content), precision, recall and F1, micro-averaged over the articles:

* exact: the boundaries are equal once whitespace, punctuation and quotation marks are trimmed from
  both ends (a span that is only punctuation, such as a ":" cue, is compared untrimmed);
* overlap: the spans share at least one character.

Within an article the spans of one type are deduplicated first (a span with the same start and end
counted once, however many attributions share it), then predicted spans are matched to gold spans
one-to-one by a maximum bipartite matching (Kuhn's augmenting paths), so that one long predicted
span cannot match several gold spans nor several predictions one gold span.

Whole attributions: a predicted attribution matches a gold one when their cues overlap and some content
of one overlaps some content of the other; also one-to-one by maximum bipartite matching. The same table
also gives the share of matched attributions whose sources overlap as well.

Prints a Markdown table; writes nothing. Exits 0 with a message when the gold directory is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project's modules are at the root
    sys.path.insert(0, str(ROOT))

from pipeline.draft.attribution import Attribution, Span  # noqa: E402
from pipeline.draft.citron import from_json  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "polnear-dev"
TRIMMED = " \t\r\n\u00a0.,;:!?\"'“”‘’«»()[]—–-―`"
KINDS = ("cue", "source", "content")


def trimmed(span: Span) -> tuple[int, int]:
    """The boundaries of ``span`` without whitespace, punctuation and quotation marks at either end."""
    start, end, text = span.start, span.end, span.text
    i, j = 0, len(text)
    while i < j and text[i] in TRIMMED:
        i += 1
    while j > i and text[j - 1] in TRIMMED:
        j -= 1
    return (start, end) if i == j else (start + i, start + j)


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def max_matching(n_pred: int, n_gold: int, fits: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of predictions to gold items, as (pred, gold) pairs."""
    edges = [[g for g in range(n_gold) if fits(p, g)] for p in range(n_pred)]
    owner: list[int | None] = [None] * n_gold

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g not in seen:
                seen.add(g)
                holder = owner[g]
                if holder is None or augment(holder, seen):
                    owner[g] = p
                    return True
        return False

    for p in range(n_pred):
        augment(p, set())
    return [(p, g) for g, p in enumerate(owner) if p is not None]


def unique(spans: Iterable[Span]) -> list[Span]:
    """The spans with distinct (start, end), in order of first appearance."""
    seen: dict[tuple[int, int], Span] = {}
    for s in spans:
        seen.setdefault((s.start, s.end), s)
    return list(seen.values())


def spans_of(attributions: Sequence[Attribution], kind: str) -> list[Span]:
    if kind == "cue":
        return unique(a.cue for a in attributions)
    if kind == "source":
        return unique(s for a in attributions for s in a.sources)
    return unique(c for a in attributions for c in a.contents)


@dataclass
class Count:
    """True positives, predictions and gold items, added up over articles."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    """Counts per row of the table: ``(kind, "exact"|"overlap")`` and ``("attribution", "cue+content")``."""

    counts: dict[tuple[str, str], Count] = field(default_factory=dict)
    with_source: int = 0  # matched attributions whose sources overlap too
    articles: int = 0

    def count(self, kind: str, mode: str) -> Count:
        return self.counts.setdefault((kind, mode), Count())


def attributions_match(a: Attribution, b: Attribution) -> bool:
    return overlaps(a.cue, b.cue) and any(overlaps(x, y) for x in a.contents for y in b.contents)


def sources_match(a: Attribution, b: Attribution) -> bool:
    """Both without a source, or some source of each overlapping."""
    if not a.sources and not b.sources:
        return True
    return any(overlaps(x, y) for x in a.sources for y in b.sources)


def span_matches(pred: list[Span], gold: list[Span]) -> tuple[int, int]:
    """How many predicted spans match gold ones one-to-one: exactly (after trimming), and by overlap."""
    exact = max_matching(len(pred), len(gold), lambda i, j: trimmed(pred[i]) == trimmed(gold[j]))
    shared = max_matching(len(pred), len(gold), lambda i, j: overlaps(pred[i], gold[j]))
    return len(exact), len(shared)


def score_article(scores: Scores, pred: Sequence[Attribution], gold: Sequence[Attribution]) -> None:
    """Add one article's matches to ``scores``."""
    scores.articles += 1
    for kind in KINDS:
        p, g = spans_of(pred, kind), spans_of(gold, kind)
        exact, shared = span_matches(p, g)
        scores.count(kind, "exact").add(exact, len(p), len(g))
        scores.count(kind, "overlap").add(shared, len(p), len(g))
    pairs = max_matching(len(pred), len(gold), lambda i, j: attributions_match(pred[i], gold[j]))
    scores.count("attribution", "cue+content").add(len(pairs), len(pred), len(gold))
    scores.with_source += sum(sources_match(pred[i], gold[j]) for i, j in pairs)


def table(scores: Scores) -> str:
    """The scores as a Markdown table, figures in percent."""
    lines = ["| span | match | precision | recall | F1 | predicted | gold |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for (kind, mode), count in scores.counts.items():
        p, r, f = count.prf()
        lines.append(f"| {kind} | {mode} | {100 * p:.1f} | {100 * r:.1f} | {100 * f:.1f} | {count.pred} | {count.gold} |")
    matched = scores.count("attribution", "cue+content").tp
    share = 100 * scores.with_source / matched if matched else 0.0
    lines.append(f"\n{scores.articles} articles; of the matched attributions, {share:.1f}% have overlapping sources too.")
    return "\n".join(lines)


def read(path: Path) -> tuple[str | None, list[Attribution]]:
    """The text (when the file has one) and the attributions of a Citron JSON file."""
    document = json.loads(path.read_text(encoding="utf-8"))
    text = document.get("text")
    return text, from_json(document, text)


def article_text(gold_dir: Path, path: Path, text: str | None) -> str:
    """An article's text: in its gold file, or ``text/<stem>.txt`` beside the gold directory."""
    if text is not None:
        return text
    return (gold_dir.parent / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")


def gold_files(gold: Path) -> list[Path]:
    """The gold JSON files: ``gold`` itself if it holds them, else its ``gold/`` folder (PolNeAR's layout)."""
    folder = gold / "gold" if (gold / "gold").is_dir() else gold
    return sorted(folder.glob("*.json"))


def run(files: Sequence[Path], pred_dir: Path | None, drafter: Callable[[str], list[Attribution]]) -> tuple[Scores, float]:
    """Score every gold file against its prediction (read from ``pred_dir``, or drafted); and the drafting time."""
    scores = Scores()
    drafting = 0.0
    for path in files:
        text, gold = read(path)
        if pred_dir is not None:
            pred = read(pred_dir / path.name)[1]
        else:
            body = article_text(path.parent, path, text)
            started = time.perf_counter()
            pred = drafter(body)
            drafting += time.perf_counter() - started
        score_article(scores, pred, gold)
    return scores, drafting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON files, or a folder with gold/ (default: %(default)s)")
    parser.add_argument("--pred", type=Path, help="predicted JSON files of the same names (default: draft in-process)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many articles (by name order)")
    parser.add_argument("--limit", type=int, help="score at most this many articles")
    args = parser.parse_args(argv)
    files = gold_files(args.gold) if args.gold.is_dir() else []
    if not files:
        print(f"skipped: no gold attributions at {args.gold} (PolNeAR's dev split is read from ../shared/polnear-dev)")
        return 0
    end = None if args.limit is None else args.offset + args.limit
    files = files[args.offset : end]
    from pipeline.draft.attribution import attributions

    started = time.perf_counter()
    scores, drafting = run(files, args.pred, attributions)
    print(table(scores))
    if args.pred is None:
        print(f"Drafting took {drafting:.2f} s for {len(files)} articles; scoring included, {time.perf_counter() - started:.2f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
