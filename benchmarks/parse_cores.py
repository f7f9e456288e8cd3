"""What a second core would save the loader: every article of a corpus parsed into its part
(``pipeline.load.article_part``) in one process, then in two, with the parts sent back to the parent as a
two-process loader would have to.

    python benchmarks/parse_cores.py --claims /path/to/a/corpus/claims

Measured before choosing (docs/performance.md): the loader stays in one process.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import hashlib
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import load  # noqa: E402 (after the path: benchmarks/ is not a package)


def articles(claims: Path) -> tuple[list[Path], list[bool]]:
    """Each article's annotations file, and whether it has a reviews file."""
    paths = sorted(p for p in claims.glob("*.toml") if p.name not in (load.SOURCES_FILE, load.CARD_FILE)
                   and not p.name.endswith(load.REVIEWS_SUFFIX))
    return paths, [p.with_name(p.stem + load.REVIEWS_SUFFIX).exists() for p in paths]


def _digest(parts: list[load.Part]) -> str:
    return hashlib.sha256(repr([part.rows for part in parts]).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, required=True, help="a corpus's claims/ (e.g. one bench.py made)")
    args = parser.parse_args(argv)
    paths, has_reviews = articles(args.claims)
    for path in paths:  # the files in the file system cache for both runs
        path.read_bytes()
        path.with_suffix(".txt").read_bytes()
    gc.disable()  # as validate.py runs
    start = time.perf_counter()
    one = [load.article_part(path, reviews) for path, reviews in zip(paths, has_reviews)]
    alone = time.perf_counter() - start
    rows = _digest(one)
    del one  # not held while the workers are forked
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        two = list(pool.map(load.article_part, paths, has_reviews, chunksize=32))
    shared = time.perf_counter() - start
    if _digest(two) != rows:
        print("the two ways parsed different rows", file=sys.stderr)
        return 1
    print(f"{len(paths)} articles parsed: one process {alone:.2f} s; two processes, parts sent back {shared:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
