"""The build, stage by stage: claims/ → load → tables → validate → render → exports/.

* ``load``: read the curated files in claims/ and compute every positional column (``pipeline.load``);
* tables: typed DataFrames, one per model of ``schema.py`` (``pipeline.tables`` for their Arrow, Parquet and CSV);
* validate: each table's model, then the rules between tables (``pipeline.validation``, ``pipeline.rules``);
* render: every export file's bytes (``pipeline.render``);
* exports/: replaced in one atomic step (``pipeline.exports``).

Problems found on the way are ``pipeline.problems.Problem``s, each naming file:line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import load, metadata, problems, validation


@dataclass
class Build:
    """What one build of claims/ produced: the validated tables, the article texts, the card and every problem."""

    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    card: metadata.Card | None
    problems: list[problems.Problem]


def build(claims_dir: Path) -> Build:
    """Load the curated files and validate the tables built from them."""
    curated = load.load(claims_dir)
    tables, found = validation.validate(curated.tables(), curated.texts, skip_null=load.COMPUTED)
    reported = {(p.table, p.row_id, p.column) for p in curated.problems}
    found = curated.problems + [
        problems.Problem(p.table, p.row_id, p.column, p.rule, p.value, curated.where(p.table, p.row_id, p.column))
        for p in found if (p.table, p.row_id, p.column) not in reported
    ]
    return Build(tables, curated.texts, curated.card, sorted(found, key=problems.Problem.sort_key))
