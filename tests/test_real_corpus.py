"""The repository's own claims/ and exports/, checked only by invariants that hold for any article.

No test here names an article, quotes its text or counts its rows: adding,
rewording or removing an article in claims/ must break no test. What the
articles say is checked by `python validate.py --check` and by the rules
themselves, which the other modules test on the fixture corpus.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pandas as pd
import pytest

import pipeline
import schema
from conftest import RISKY_STARTS, ROOT, is_number
from pipeline import exports, render
from pipeline import tables as table_files
from pipeline.render import readme

CLAIMS, EXPORTS = ROOT / "claims", ROOT / "exports"


@pytest.fixture(scope="module")
def built() -> pipeline.Build:
    return pipeline.build(CLAIMS)


def test_curated_data_has_no_problems(built):
    assert [str(p) for p in built.problems] == []
    assert built.card is not None


def test_committed_exports_are_a_fresh_build(built):
    files, _ = render.render(built.tables, built.texts, built.card)
    assert exports.stale(files, EXPORTS) == []


def test_committed_readme_blocks_are_a_fresh_build(built):
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.update(current, built.tables, built.card) == current


def test_every_article_has_statements(built):
    assert set(built.tables["claims"]["article_id"]) == set(built.tables["articles"]["article_id"])


def test_every_non_whitespace_character_belongs_to_exactly_one_statement(built):
    claims = built.tables["claims"]
    for article_id, text in built.texts.items():
        owner = [0] * len(text)
        rows = claims[claims["article_id"] == article_id]
        for start, end in zip(rows["char_start"].tolist(), rows["char_end"].tolist()):
            for i in range(start, end):
                owner[i] += 1
        assert all(count == 1 for ch, count in zip(text, owner) if not ch.isspace()), article_id
        assert all(count <= 1 for count in owner), article_id


def test_every_statement_is_its_span_of_the_text(built):
    claims = built.tables["claims"]
    for claim_id, article_id, start, end, statement in zip(*(claims[c].tolist() for c in (
            "claim_id", "article_id", "char_start", "char_end", "statement"))):
        assert built.texts[article_id][start:end] == statement, claim_id


def test_every_quantity_is_its_span_of_the_text(built):
    article_of = dict(zip(built.tables["claims"]["claim_id"], built.tables["claims"]["article_id"]))
    quantities = built.tables["quantities"]
    for quantity_id, claim_id, start, end, text in zip(*(quantities[c].tolist() for c in (
            "quantity_id", "claim_id", "char_start", "char_end", "text"))):
        assert built.texts[article_of[claim_id]][start:end] == text, quantity_id


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
@pytest.mark.parametrize("table", list(schema.MODELS))
def test_every_export_loads_with_its_schema_dtypes_and_validates(table, fmt):
    frame = table_files.load(table, EXPORTS, fmt=fmt)  # raises if a rule of the table is broken
    expected = table_files.empty(table).dtypes
    assert list(frame.columns) == list(expected.index)
    for column, dtype in expected.items():
        if isinstance(dtype, pd.CategoricalDtype):
            assert frame[column].dtype == dtype, column
        else:
            assert str(frame[column].dtype) == str(dtype), column


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_csv_and_parquet_load_to_equal_frames(table):
    pd.testing.assert_frame_equal(table_files.load(table, EXPORTS, fmt="csv"), table_files.load(table, EXPORTS))


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_exports_hold_the_built_tables(built, table):
    pd.testing.assert_frame_equal(table_files.load(table, EXPORTS), built.tables[table])


def test_no_csv_text_cell_starts_like_a_formula():
    for path in sorted(EXPORTS.glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            assert not any(cell[:1] in RISKY_STARTS for cell in row if not is_number(cell)), \
                path.name


def test_one_page_per_article(built):
    pages = sorted(p.name for p in (EXPORTS / "articles").glob("*.html"))
    assert pages == sorted(f"{article_id}.html" for article_id in built.tables["articles"]["article_id"])


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_git_never_converts_the_line_ends_of_exports_or_article_texts():
    """Every export (article pages included) and article text is -text, so a checkout keeps its exact bytes."""
    files = [p.relative_to(ROOT).as_posix() for p in sorted(EXPORTS.rglob("*")) if p.is_file()]
    files += [p.relative_to(ROOT).as_posix() for p in sorted(CLAIMS.glob("*.txt"))]
    result = subprocess.run(["git", "check-attr", "text", "--", *files], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines() == [f"{name}: text: unset" for name in files]
