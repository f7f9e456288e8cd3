"""Draft, by rules, what a curator then corrects.

    python draft.py --attributions OUT_DIR FILE...   # OUT_DIR/<stem>.json per article, Citron's JSON format
    python draft.py claims/<article_id>.txt          # a whole article's TOML draft (pipeline.draft.article)

Attributions are who (source) says or thinks what (content) through which words (cue); see
pipeline/draft/attribution.py for the patterns and benchmarks/attribution.py for how well they do.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def write_attributions(out_dir: Path, files: list[Path]) -> int:
    """Draft the attributions of every file (one process for all) into ``out_dir/<stem>.json``."""
    from pipeline.draft.attribution import attributions
    from pipeline.draft.citron import to_json

    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        text = path.read_text(encoding="utf-8")
        document = to_json(attributions(text))
        target = out_dir / f"{path.stem}.json"
        target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} article(s) drafted into {out_dir}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attributions", type=Path, metavar="OUT_DIR", help="draft attributions only, into OUT_DIR")
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="article texts (UTF-8)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    if args.attributions is not None:
        return write_attributions(args.attributions, args.files)
    # The whole-article draft lives in its own module, imported only for this mode.
    from pipeline.draft import article

    return int(article.main_article(args) or 0)  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
