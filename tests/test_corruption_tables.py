"""Corruption suite, built tables: rules on computed columns reject exports edited by hand or a faulty build.

The curated files cannot produce these faults (the build computes the columns),
so each test corrupts one cell of the fixture corpus's validated tables and
validates again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import schema
from pipeline import rules, validation
from conftest import REVIEWED, rejected

CLAIM = f"{REVIEWED}-005"  # "The ferry travels at around 30 miles per hour"
QUANTITY = f"{REVIEWED}-005-q1"  # "around 30 miles per hour": normalised to km/h
PLAIN_QUANTITY = f"{REVIEWED}-001-q1"  # "240 passengers": a unit with no standard counterpart
LAST_CLAIM = f"{REVIEWED}-010"


@pytest.fixture
def tables(fixture_build):
    return {name: frame.copy() for name, frame in fixture_build.tables.items()}


@pytest.fixture
def texts(fixture_build):
    return fixture_build.texts


def cell(tables, table: str, row_id: str, column: str):
    frame = tables[table]
    return frame.loc[frame[schema.PRIMARY_KEYS[table]] == row_id, column].item()


def set_cell(tables, table: str, row_id: str, column: str, value) -> None:
    frame = tables[table]
    if isinstance(frame[column].dtype, pd.CategoricalDtype):  # as an edited export would hold it: any text
        frame[column] = frame[column].astype("str")
    frame.loc[frame[schema.PRIMARY_KEYS[table]] == row_id, column] = value


def messages(tables, texts) -> list[str]:
    return [str(p) for p in validation.validate(tables, texts)[1]]


def test_the_fixture_tables_validate(tables, texts):
    assert messages(tables, texts) == []


@pytest.mark.parametrize("table, row_id, column, value, rule", [
    ("articles", REVIEWED, "n_chars", 554, "n_chars_matches_text"),
    ("articles", REVIEWED, "publisher", "Example Gazete", "publisher_name_matches_source"),
    ("claims", CLAIM, "source", "Example Gazete", "source_name_matches_source"),
    ("claims", CLAIM, "statement", "The ferry travels at around 40 miles per hour", "statement_matches_text"),
    ("claims", CLAIM, "paragraph", 4, "paragraph_matches_text"),
    ("claims", CLAIM, "seq", 6, "seq_is_contiguous"),
    ("claims", CLAIM, "char_start", -1, "greater_than_or_equal_to(0)"),
    ("claims", CLAIM, "char_end", 1, "statement_span_is_not_empty"),
    ("claims", CLAIM, "article_id", "other-article", "foreign_key"),
    ("claims", CLAIM, "claim", None, "not_nullable"),
    ("claims", CLAIM, "review_status", "pending", "isin"),
    ("claims", CLAIM, "review_status", "not_yet_reviewed", "review_status_matches_reviews"),
    ("quantities", QUANTITY, "char_end", 1, "quantity_span_is_not_empty"),
    ("quantities", QUANTITY, "char_end", 400, "span_fits_text"),
    ("quantities", QUANTITY, "text", "around 30 miles per hours", "quantity_matches_text"),
    ("quantities", QUANTITY, "quantity_id", f"{REVIEWED}-004-q1", "quantity_id_starts_with_claim_id"),
    ("quantities", QUANTITY, "quantity_id", f"{REVIEWED}-005-x1", "str_matches"),
    ("quantities", PLAIN_QUANTITY, "value_normalized", 240.0, "normalized_value_has_unit"),
])
def test_rule_rejects_corrupted_cell(tables, texts, table, row_id, column, value, rule):
    set_cell(tables, table, row_id, column, value)
    reported_id = value if column == schema.PRIMARY_KEYS[table] else row_id
    assert rejected(messages(tables, texts), f"table {table}", f"row {reported_id},", f"column {column}", rule)


def test_quantity_span_outside_its_statement(tables, texts):
    length = len(cell(tables, "quantities", QUANTITY, "text"))
    set_cell(tables, "quantities", QUANTITY, "char_start", 0)
    set_cell(tables, "quantities", QUANTITY, "char_end", length)
    assert rejected(messages(tables, texts), f"row {QUANTITY},", "column char_start", "quantity_within_statement")


def test_statement_span_past_end_of_article(tables, texts):
    set_cell(tables, "claims", LAST_CLAIM, "char_end", len(texts[REVIEWED]) + 10)
    assert rejected(messages(tables, texts), f"row {LAST_CLAIM},", "column char_end", "span_within_article")


def test_quantity_of_unknown_claim(tables, texts):
    set_cell(tables, "quantities", QUANTITY, "claim_id", f"{REVIEWED}-099")
    set_cell(tables, "quantities", QUANTITY, "quantity_id", f"{REVIEWED}-099-q1")
    assert rejected(messages(tables, texts), f"row {REVIEWED}-099-q1,", "column claim_id", "foreign_key")


def test_duplicate_quantity_id(tables, texts):
    set_cell(tables, "quantities", PLAIN_QUANTITY, "quantity_id", QUANTITY)
    assert rejected(messages(tables, texts), f"row {QUANTITY},", "column quantity_id", "unique")


# Rules checked while the curated files are read, before any table exists (pipeline/load.py).
LOAD_RULES = {"statement_in_article", "statements_in_order", "statements_do_not_overlap", "quantity_in_statement"}


def field_checks() -> set[str]:
    """The name of every Pandera check a column of the schema declares, and of the table-level ones."""
    names = {"foreign_key"}
    for model in schema.MODELS.values():
        for column in model.to_schema().columns.values():
            names |= {check.name for check in column.checks}
            names |= {"unique"} if column.unique else set()
            names |= {"not_nullable"} if not column.nullable else set()
    names |= {"isin"}  # every closed set (checked before Pandera casts it)
    return names


def test_every_rule_has_a_corruption_test():
    """A rule added to schema.py or pipeline/rules.py without a test that shows it rejecting bad data fails here."""
    assert rules.RELATIONS  # pipeline.rules registered its rules in schema.RULES
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_corruption_*.py"))
    names = set(schema.RULES) | field_checks() | LOAD_RULES
    untested = sorted(name for name in names if not re.search(rf"\b{re.escape(name)}\b", tests))
    assert untested == []
