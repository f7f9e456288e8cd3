"""Draft, by rules, what a curator then confirms.

    python draft.py claims/<article_id>.txt --publisher SOURCE_ID --url URL [--title T] [--published YYYY-MM-DD]
    python draft.py --attributions OUT_DIR FILE...

The first writes claims/<article_id>.toml (never over an existing one), appends any source it proposes to
claims/sources.toml and lists the article in claims/dataset.toml; every drafted entry carries
`drafted = true` until a curator has checked it (docs/curating.md, "Drafting an article"). Exit codes: 0
written, 2 usage error or refusal.

The second writes, for each text, OUT_DIR/<stem>.json in Citron's JSON format: who (source) says or thinks
what (content) through which words (cue), offsets in code points. One process drafts every file.
pipeline/draft/attribution.py holds the patterns; benchmarks/attribution.py measures them.
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


def main_attributions(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="draft.py --attributions", description="Draft attributions only.")
    parser.add_argument("--attributions", type=Path, metavar="OUT_DIR", required=True, help="where the JSON goes")
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="article texts (UTF-8)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    return write_attributions(args.attributions, args.files)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    if any(a == "--attributions" or a.startswith("--attributions=") for a in argv):
        return main_attributions(argv)
    from pipeline.draft.article import main_article  # the whole-article draft, only for this mode

    return main_article(argv)


if __name__ == "__main__":
    sys.exit(main())
