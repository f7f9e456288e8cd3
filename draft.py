"""Draft annotations for the curator to confirm.

    python draft.py claims/<article_id>.txt --publisher SOURCE_ID --url URL [--title T] [--published YYYY-MM-DD]

writes claims/<article_id>.toml (never over an existing one), appends any source it proposes to
claims/sources.toml and lists the article in claims/dataset.toml; every drafted entry carries `drafted = true`
until a curator has checked it (see docs/curating.md, "Drafting an article"). Exit codes: 0 written, 2 usage
error or refusal.
"""

from __future__ import annotations

import sys

from pipeline.draft.article import main_article


def main(argv: list[str] | None = None) -> int:
    return main_article(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
