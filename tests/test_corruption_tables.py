"""Corruption suite, built tables: rules on computed columns reject exports edited by hand or a faulty build.

The curated files cannot produce these faults (the build computes the columns),
so each test corrupts one cell of the validated tables and validates again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import curation
import schema
import validate
from conftest import ARTICLE, ROOT, rejected

CLAIM = f"{ARTICLE}-010"
QUANTITY = f"{ARTICLE}-010-q1"


@pytest.fixture
def tables():
    tables, _, found = validate.build(ROOT / "claims")
    assert not found
    return {name: frame.copy() for name, frame in tables.items()}


@pytest.fixture(scope="module")
def texts():
    return curation.load(ROOT / "claims").texts


def set_cell(tables, table: str, row_id: str, column: str, value) -> None:
    frame = tables[table]
    frame.loc[frame[schema.PRIMARY_KEYS[table]] == row_id, column] = value


def messages(tables, texts) -> list[str]:
    return [str(p) for p in schema.validate(tables, texts)[1]]


@pytest.mark.parametrize("table, row_id, column, value, rule", [
    ("articles", ARTICLE, "n_chars", 2585, "n_chars_matches_text"),
    ("articles", ARTICLE, "publisher", "Dagbladet", "publisher_name_matches_source"),
    ("claims", CLAIM, "source", "The Independant", "source_name_matches_source"),
    ("claims", CLAIM, "statement", "According to the Independent, the train is estimated to consist of about 80 railcars,",
     "statement_matches_text"),
    ("claims", CLAIM, "paragraph", 5, "paragraph_matches_text"),
    ("claims", CLAIM, "seq", 11, "seq_is_contiguous"),
    ("claims", CLAIM, "char_start", -1, "greater_than_or_equal_to(0)"),
    ("claims", CLAIM, "char_end", 1000, "span_is_not_empty"),
    ("claims", CLAIM, "article_id", "other-article", "foreign_key"),
    ("quantities", QUANTITY, "char_end", 1130, "span_fits_text"),
    ("quantities", QUANTITY, "text", "about 90 railcarz", "quantity_matches_text"),
    ("quantities", QUANTITY, "quantity_id", f"{ARTICLE}-011-q1", "quantity_id_starts_with_claim_id"),
    ("quantities", QUANTITY, "value_normalized", 144.8, "normalized_value_has_unit"),
    ("quantities", QUANTITY, "quantity_id", f"{ARTICLE}-010-x1", "str_matches"),
])
def test_rule_rejects_corrupted_cell(tables, texts, table, row_id, column, value, rule):
    set_cell(tables, table, row_id, column, value)
    reported_id = value if column == schema.PRIMARY_KEYS[table] else row_id
    assert rejected(messages(tables, texts), f"table {table}", f"row {reported_id}", f"column {column}", rule)


def test_quantity_span_outside_its_statement(tables, texts):
    set_cell(tables, "quantities", QUANTITY, "char_start", 0)
    set_cell(tables, "quantities", QUANTITY, "char_end", 17)
    assert rejected(messages(tables, texts), QUANTITY, "char_start", "quantity_within_statement")


def test_statement_span_past_end_of_article(tables, texts):
    last = f"{ARTICLE}-024"
    set_cell(tables, "claims", last, "char_end", 2600)
    assert rejected(messages(tables, texts), last, "char_end", "span_within_article")


def test_quantity_of_unknown_claim(tables, texts):
    set_cell(tables, "quantities", QUANTITY, "claim_id", f"{ARTICLE}-099")
    set_cell(tables, "quantities", QUANTITY, "quantity_id", f"{ARTICLE}-099-q1")
    assert rejected(messages(tables, texts), f"{ARTICLE}-099-q1", "claim_id", "foreign_key")


def test_duplicate_quantity_id(tables, texts):
    set_cell(tables, "quantities", f"{ARTICLE}-012-q1", "quantity_id", QUANTITY)
    assert rejected(messages(tables, texts), QUANTITY, "quantity_id", "unique")


def test_every_rule_has_a_corruption_test():
    """A rule added to schema.py without a test that shows it rejecting bad data fails here."""
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_corruption_*.py"))
    rules = set(schema._RULE_DOCS) | {"foreign_key", "unique", "isin", "str_matches", "str_length"}
    untested = sorted(rule for rule in rules if not re.search(rf"\b{re.escape(rule)}\b", tests))
    assert untested == []
