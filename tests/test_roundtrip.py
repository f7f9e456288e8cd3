"""Exports read back into exactly the frames the build validated."""

from __future__ import annotations

import pandas as pd
import pytest

import schema
import validate
from conftest import ROOT


@pytest.fixture(scope="module")
def tables():
    tables, _, found = validate.build(ROOT / "claims")
    assert not found
    return tables


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_parquet_round_trip_gives_the_validated_frame(tables, table):
    pd.testing.assert_frame_equal(schema.load(table, ROOT / "exports"), tables[table])


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_csv_loader_gives_the_same_frame_as_parquet(table):
    pd.testing.assert_frame_equal(schema.load(table, ROOT / "exports", fmt="csv"),
                                  schema.load(table, ROOT / "exports"))


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_parquet_fields_carry_schema_descriptions(table):
    import pyarrow.parquet as pq

    arrow = pq.read_schema(ROOT / "exports" / f"{table}.parquet")
    described = {f.name: f.metadata[b"description"].decode() for f in arrow}
    expected = {name: column.description for name, column in schema.MODELS[table].to_schema().columns.items()}
    assert described == expected


def test_loader_rejects_a_corrupted_export(tmp_path):
    frame = schema.load("claims", ROOT / "exports")
    frame.loc[0, "claim_id"] = "not an id"
    frame.to_parquet(tmp_path / "claims.parquet")
    with pytest.raises(schema.pa.errors.SchemaErrors, match="claim_id"):
        schema.load("claims", tmp_path)
