"""Build the dataset: load claims/, build the tables, validate them, write exports/.

    python validate.py           build, validate, and (only if valid) write exports/ and the README's generated blocks
    python validate.py --check   build and validate, then fail if exports/ or the README are not up to date
    python validate.py --no-cache   a clean build: read and render every article again (see pipeline/cache.py)

Exit codes: 0 valid (and, with --check, up to date); 1 invalid data or stale
exports; 2 usage error, unreadable input or unwritable output. Every problem is
printed to stderr, on one line, with any help (where a statement stops matching,
"did you mean …?") indented below it, and the problems that follow from it
indented under "and N follow-on problems:"; the root cause is printed first.
Notices (cells made safe for spreadsheets) go to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from pathlib import Path
from types import ModuleType
from typing import cast

if __name__ == "__main__":
    # pandera imports hypothesis, when installed, for data synthesis the build never uses: 0.15 s of a 1.1 s
    # build. Marking it absent makes that import fail fast, as if hypothesis were not installed.
    # (None in sys.modules is documented import-system behaviour that typeshed's dict[str, ModuleType] omits.)
    cast("dict[str, ModuleType | None]", sys.modules).setdefault("hypothesis", None)

import pipeline
from pipeline import cache as build_cache
from pipeline import exports, problems, render
from pipeline.render import readme

ROOT = Path(__file__).resolve().parent


@contextlib.contextmanager
def _without_cycle_collection():
    """Pause Python's cyclic garbage collector for the build.

    The build creates millions of short-lived objects and no garbage cycles of
    note; the collector would re-traverse every live object each time the heap
    grows by a quarter: about 1 s of the build at 100k statements.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    with _without_cycle_collection():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if exports/ or README.md are not up to date")
    parser.add_argument("--no-cache", action="store_true",
                        help="ignore .build-cache/ beside claims/: read every article and render every page again")
    parser.add_argument("--claims", type=Path, default=ROOT / "claims", help="curated data directory")
    parser.add_argument("--exports", type=Path, default=ROOT / "exports", help="export directory")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="README with generated blocks")
    args = parser.parse_args(argv)

    # Reused where its keys prove an article's inputs unchanged; --check reads it and writes nothing.
    cache = None if args.no_cache else build_cache.beside(args.claims, writable=not args.check)
    built = pipeline.build(args.claims, cache)
    for line in problems.report(built.problems):
        print(line, file=sys.stderr)
    if built.problems or built.card is None:
        print(f"{len(built.problems)} problem(s); exports/ left unchanged.", file=sys.stderr)
        return 2 if any(p.unreadable for p in built.problems) else 1

    tables, card = built.tables, built.card  # card: not None (checked above), also in update_readme below
    files, notices = render.render(tables, built.texts, card, cache, built.keys, args.exports)
    for notice in [*built.notices, *notices]:
        print(f"notice: {notice}")
    try:
        current_readme = args.readme.read_text(encoding="utf-8")
        fresh_readme = readme.update(current_readme, tables, card)
    except (OSError, ValueError) as error:
        print(f"{args.readme}: cannot update its generated blocks: {error}", file=sys.stderr)
        return 2

    if args.check:
        out_of_date = [f"{args.exports.name}/{name}" for name in exports.stale(files, args.exports)]
        if fresh_readme != current_readme:
            out_of_date.append(args.readme.name)
        for name in out_of_date:
            print(f"{name}: stale (differs from a fresh build): run `python validate.py` and commit", file=sys.stderr)
        if out_of_date:
            return 1
        print(f"valid and up to date: {summary(tables)}")
        return 0

    def update_readme(text: str) -> str:  # called under the exports lock, with the README as it is then
        return fresh_readme if text == current_readme else readme.update(text, tables, card)

    try:
        written = exports.write(files, args.exports, readme=(args.readme, update_readme))
    except OSError as error:
        print(f"{error.filename or args.exports}: cannot write ({error.strerror or error}); "
              f"{args.exports.name}/ and {args.readme.name} left unchanged", file=sys.stderr)
        return 2
    except ValueError as error:  # the README lost its markers while the build ran
        print(f"{args.readme}: cannot update its generated blocks: {error}", file=sys.stderr)
        return 2
    if cache is not None:
        cache.prune()  # keep the entries of this build only
    print(f"valid: {summary(tables)}; wrote {len(written)} changed file(s)")
    return 0


def summary(tables: dict) -> str:
    return ", ".join(f"{len(frame)} {table}" for table, frame in tables.items())


if __name__ == "__main__":
    sys.exit(main())
