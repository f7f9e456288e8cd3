"""Exports read back into exactly the frames the build validated (the fixture corpus, built once)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pyarrow.parquet as pq
import pytest

import schema
from pipeline import tables as table_files


@pytest.fixture(scope="module")
def exports(built_workspace):
    return built_workspace / "exports"


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_parquet_round_trip_gives_the_validated_frame(fixture_build, exports, table):
    pd.testing.assert_frame_equal(table_files.load(table, exports), fixture_build.tables[table])


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_csv_loader_gives_the_same_frame_as_parquet(exports, table):
    pd.testing.assert_frame_equal(table_files.load(table, exports, fmt="csv"), table_files.load(table, exports))


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_parquet_fields_carry_schema_descriptions(exports, table):
    arrow = pq.read_schema(exports / f"{table}.parquet")
    described = {f.name: f.metadata[b"description"].decode() for f in arrow}
    expected = {name: column.description for name, column in schema.MODELS[table].to_schema().columns.items()}
    assert described == expected
    assert arrow.metadata[b"description"].decode() == schema.MODELS[table].to_schema().description


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_parquet_schema_is_the_explicit_arrow_schema(exports, table):
    assert pq.read_schema(exports / f"{table}.parquet").remove_metadata().equals(
        table_files.arrow_schema(table).remove_metadata())


def test_loader_rejects_a_corrupted_export(exports, tmp_path):
    frame = table_files.load("claims", exports)
    frame.loc[0, "claim_id"] = "not an id"
    frame.to_parquet(tmp_path / "claims.parquet")
    with pytest.raises(pa.errors.SchemaErrors, match="claim_id"):
        table_files.load("claims", tmp_path)
