"""Generated metadata follows schema.py: a column added there reaches every description without hand edits."""

from __future__ import annotations

import json

import pandera.pandas as pa
import pytest
from pandera.typing import Series

import schema
from pipeline.render import croissant, datapackage, readme


class ClaimsWithNote(schema.Claims):
    """One row per statement, with an extra column that only exists in this test."""

    reviewer_note: Series[str] = pa.Field(nullable=True, description="A column added only to test metadata drift.")


@pytest.fixture
def extended_schema(monkeypatch):
    monkeypatch.setitem(schema.MODELS, "claims", ClaimsWithNote)


def fake_parquet() -> dict[str, bytes]:
    return {f"{table}.parquet": b"" for table in schema.MODELS}


def test_new_column_reaches_the_data_package(extended_schema, fixture_build):
    package = datapackage.descriptor(fixture_build.tables, fixture_build.card)
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "reviewer_note")
    assert field["description"] == "A column added only to test metadata drift."
    assert field["constraints"]["required"] is False


def test_new_column_reaches_croissant(extended_schema, fixture_build):
    metadata = croissant.descriptor(fake_parquet(), fixture_build.tables, fixture_build.card)
    record_set = next(r for r in metadata["recordSet"] if r["@id"] == "claims")
    assert "claims/reviewer_note" in [f["@id"] for f in record_set["field"]]


def test_new_column_reaches_the_readme_data_dictionary(extended_schema, fixture_build):
    assert ("| `reviewer_note` | string | yes | A column added only to test metadata drift. |"
            in readme.data_dictionary(fixture_build.tables, fixture_build.card))


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_built_metadata_lists_exactly_the_schema_columns(built_workspace, table):
    columns = list(schema.MODELS[table].to_schema().columns)
    exports = built_workspace / "exports"
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == table)
    assert [f["name"] for f in resource["schema"]["fields"]] == columns
    metadata = json.loads((exports / "croissant.json").read_text(encoding="utf-8"))
    record_set = next(r for r in metadata["recordSet"] if r["@id"] == table)
    assert [f["name"] for f in record_set["field"]] == columns
