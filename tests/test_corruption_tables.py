"""Corruption suite, built tables: the tables validate on their own, as a reader of the exports loads them.

The columns the build computes cannot be corrupted through the curated files, so the registry in
tests/test_rules_fire.py corrupts them in the fixture corpus's validated tables (as an export edited by hand, or
a faulty build, would hold them). The tests here show that the tables themselves are clean, and that the rules
of each table's own model also hold for a table read back without the article texts (``pipeline.tables.load``).
"""

from __future__ import annotations

import datetime

import pandera.pandas as pa
import pytest

import schema
from pipeline import validation


@pytest.fixture
def tables(fixture_build):
    return {name: frame.copy() for name, frame in fixture_build.tables.items()}


def test_the_fixture_tables_validate(tables, fixture_build):
    assert [str(p) for p in validation.validate(tables, fixture_build.texts)[1]] == []


def tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)


@pytest.mark.parametrize("table, column, value, rule", [
    ("quantities", "unit", lambda: "MPH", "physical_unit_is_standard"),
    ("reviews", "reviewed", tomorrow, "review_is_not_in_the_future"),  # computed when the test runs, not collected
])
def test_an_export_breaking_a_row_rule_does_not_load(tables, table, column, value, rule):
    """What pipeline.tables.load runs on an export: the table's model alone, without texts or other tables."""
    frame = tables[table]
    frame.loc[frame.index[0], column] = value()
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.MODELS[table].validate(frame, lazy=True)
    assert rule in set(raised.value.failure_cases["check"].astype(str))
