"""How far `python draft.py` agrees with the curated annotations of the real articles.

    python benchmarks/draft_seed.py                       # every article of claims/
    python benchmarks/draft_seed.py dagens-kim-train-2023 --show

For each article it copies claims/ into a temporary directory without the article's annotations and reviews (the
curated file is never touched), drafts there, builds the result, and compares the draft with the curated
claims/<article_id>.toml:

* statements: curated statements whose span the draft has exactly, and drafted statements that are curated ones;
* for the statements with the same span: source_id, speaker_id, attribution, cue, claim_type, checkworthy, hedge
  and quantities (text, value, unit, approximate) that agree;
* sources by character: for every curated statement, whether the drafted statement holding its first character
  names the same source (so a boundary disagreement does not hide a source that is right);
* whether the draft builds (0 problems) and the notice the build prints.

``--show`` lists every disagreement. Exit code 1 if a drafted article does not build, else 0: agreement is
reported, not enforced.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import rtoml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.draft import article  # noqa: E402

FIELDS = ["source_id", "speaker_id", "attribution", "cue", "claim_type", "checkworthy", "hedge", "quantities"]


def spans(text: str, claims: list[dict]) -> list[tuple[int, int]]:
    """Each statement's span, found in order as the build finds it."""
    found, cursor = [], 0
    for claim in claims:
        start = text.find(claim["statement"], cursor)
        found.append((start, start + len(claim["statement"])))
        cursor = found[-1][1]
    return found


def quantities(claim: dict) -> list[tuple]:
    return [(q["text"], float(q["value"]), q["unit"], q["approximate"]) for q in claim.get("quantities", [])]


def compare(article_id: str, claims_dir: Path, show: bool) -> tuple[Counter, bool]:
    """Draft one article in a temporary copy and count what agrees with the curated file."""
    counts: Counter = Counter()
    curated = rtoml.load(claims_dir / f"{article_id}.toml")
    text = (claims_dir / f"{article_id}.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(shutil.copytree(claims_dir, Path(temporary) / "claims"))
        for name in (f"{article_id}.toml", f"{article_id}.reviews.toml"):  # the article as if never annotated
            (work / name).unlink(missing_ok=True)
        result = article.write(work / f"{article_id}.txt", publisher=curated["article"]["publisher_id"],
                               url=curated["article"]["url"], language=curated["article"]["language"])
        built = pipeline.build(work)
        drafted = rtoml.load(work / f"{article_id}.toml")["claims"]
        for line in [str(p).splitlines()[0] for p in built.problems] + built.notices:
            print(f"  build: {line}")
    counts["proposed sources"] = len(result.proposed)
    builds = not built.problems
    mine, theirs = spans(text, drafted), spans(text, curated["claims"])
    counts["curated statements"], counts["drafted statements"] = len(theirs), len(mine)
    by_span = dict(zip(mine, drafted))
    for span, claim in zip(theirs, curated["claims"]):
        if span not in by_span:
            if show:
                print(f"  boundary: curated {claim['claim_id']} {claim['statement'][:70]!r} has no drafted twin")
            continue
        counts["same span"] += 1
        twin = by_span[span]
        for name in FIELDS:
            ours = quantities(twin) if name == "quantities" else twin.get(name)
            wanted = quantities(claim) if name == "quantities" else claim.get(name)
            counts[f"same {name}"] += ours == wanted
            if show and ours != wanted:
                print(f"  {name}: {claim['claim_id']}: drafted {ours!r}, curated {wanted!r}")
    for (start, _), claim in zip(theirs, curated["claims"]):
        holding = next((d for (s, e), d in zip(mine, drafted) if s <= start < e), None)
        counts["source by character"] += holding is not None and holding["source_id"] == claim["source_id"]
    return counts, builds


def report(article_id: str, counts: Counter, builds: bool) -> list[str]:
    same = counts["same span"]
    lines = [f"{article_id}: draft {'builds' if builds else 'DOES NOT BUILD'}; "
             f"{counts['proposed sources']} source(s) proposed",
             f"  statements: {same}/{counts['curated statements']} curated spans drafted exactly; "
             f"{same}/{counts['drafted statements']} drafted spans curated",
             f"  sources by character: {counts['source by character']}/{counts['curated statements']} curated "
             "statements' first character lies in a drafted statement with the same source"]
    lines += [f"  same {name}: {counts['same ' + name]}/{same}" for name in FIELDS]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article ids (default: every article of claims/)")
    parser.add_argument("--claims", type=Path, default=ROOT / "claims")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    ids = args.articles or sorted(p.stem for p in args.claims.glob("*.toml")
                                  if p.name not in ("sources.toml", "dataset.toml")
                                  and not p.name.endswith(".reviews.toml"))
    all_build = True
    for article_id in ids:
        counts, builds = compare(article_id, args.claims, args.show)
        all_build &= builds
        print("\n".join(report(article_id, counts, builds)))
    return 0 if all_build else 1


if __name__ == "__main__":
    sys.exit(main())
