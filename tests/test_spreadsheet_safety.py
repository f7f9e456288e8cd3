"""No text cell of a CSV export can start a spreadsheet formula; the CSV loader gives the true values back."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from conftest import REVIEWED, RISKY_STARTS, edit, is_number, run
from pipeline import tables as table_files

CLAIM = f"{REVIEWED}-001"


@pytest.fixture
def tables(fixture_build):
    return {name: frame.copy() for name, frame in fixture_build.tables.items()}


def csv_cell(content: bytes, row_id: str, column: str) -> str:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    return next(r for r in rows if r["claim_id"] == row_id)[column]


def set_claim(tables, value: str) -> None:
    tables["claims"].loc[tables["claims"]["claim_id"] == CLAIM, "claim"] = value


@pytest.mark.parametrize("start", RISKY_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_risky_first_character_is_neutralised_in_csv(tables, start):
    value = f"{start}HYPERLINK(\"http://example.org\")"
    set_claim(tables, value)
    files, notices = table_files.render(tables)
    assert csv_cell(files["claims.csv"], CLAIM, "claim") == "'" + value
    assert any(f"row {CLAIM}, column claim" in n for n in notices)


@pytest.mark.parametrize("start", RISKY_STARTS + ["'"], ids=["equals", "plus", "minus", "at", "tab", "cr", "quote"])
def test_csv_loader_restores_the_original_text(tables, start, tmp_path):
    value = f"{start}SUM(A1:A9)"
    set_claim(tables, value)
    files, _ = table_files.render(tables)
    (tmp_path / "claims.csv").write_bytes(files["claims.csv"])
    loaded = table_files.read_csv(tmp_path / "claims.csv", "claims")
    assert loaded.set_index("claim_id").loc[CLAIM, "claim"] == value


def test_parquet_keeps_the_true_text(tables, tmp_path):
    set_claim(tables, "=SUM(A1:A9)")
    files, _ = table_files.render(tables)
    (tmp_path / "claims.parquet").write_bytes(files["claims.parquet"])
    assert pd.read_parquet(tmp_path / "claims.parquet").set_index("claim_id").loc[CLAIM, "claim"] == "=SUM(A1:A9)"


def test_no_text_cell_of_any_export_starts_like_a_formula(built_workspace):
    for path in sorted((built_workspace / "exports").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            assert not any(cell[:1] in RISKY_STARTS for cell in row if not is_number(cell)), (path.name, row)


def test_negative_numbers_are_left_as_numbers(tables):
    tables["quantities"]["value"] = tables["quantities"]["value"] * -1
    files, notices = table_files.render(tables)
    assert ",-240," in files["quantities.csv"].decode()
    assert not notices


def test_curator_is_told_when_a_cell_is_neutralised(workspace):
    edit(workspace / "claims" / f"{REVIEWED}.toml",
         'claim = "The Northport harbour ferry is the finest ferry on the coast."',
         'claim = "=The Northport harbour ferry is the finest ferry on the coast."')
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    assert (f"notice: claims.csv: row {REVIEWED}-009, column claim: text starts like a spreadsheet formula"
            in result.stdout)
    loaded = table_files.load("claims", workspace / "exports", fmt="csv")
    assert loaded.set_index("claim_id").loc[f"{REVIEWED}-009", "claim"].startswith("=The")
    pd.testing.assert_frame_equal(loaded, table_files.load("claims", workspace / "exports"))
