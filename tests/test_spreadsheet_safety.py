"""No text cell of a CSV export can start a spreadsheet formula; the CSV loader gives the true values back."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import exports
import schema
import validate
from conftest import ARTICLE, ROOT, edit

RISKY = ["=", "+", "-", "@", "\t", "\r"]
CLAIM = f"{ARTICLE}-001"
TEXTS = {ARTICLE: (ROOT / "claims" / f"{ARTICLE}.txt").read_text(encoding="utf-8")}


@pytest.fixture
def tables():
    tables, _, found = validate.build(ROOT / "claims")
    assert not found
    return {name: frame.copy() for name, frame in tables.items()}


def csv_cell(content: bytes, row_id: str, column: str) -> str:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    return next(r for r in rows if r["claim_id"] == row_id)[column]


def render(tables) -> tuple[dict[str, bytes], list[str]]:
    files, notices = exports.render(tables, TEXTS)
    return dict(files), notices


@pytest.mark.parametrize("start", RISKY, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_risky_first_character_is_neutralised_in_csv(tables, start):
    value = f"{start}HYPERLINK(\"http://example.org\")"
    tables["claims"].loc[tables["claims"]["claim_id"] == CLAIM, "claim"] = value
    files, notices = render(tables)
    assert csv_cell(files["claims.csv"], CLAIM, "claim") == "'" + value
    assert any(f"row {CLAIM}, column claim" in n for n in notices)


@pytest.mark.parametrize("start", RISKY + ["'"], ids=["equals", "plus", "minus", "at", "tab", "cr", "quote"])
def test_csv_loader_restores_the_original_text(tables, start, tmp_path):
    value = f"{start}SUM(A1:A9)"
    tables["claims"].loc[tables["claims"]["claim_id"] == CLAIM, "claim"] = value
    files, _ = render(tables)
    (tmp_path / "claims.csv").write_bytes(files["claims.csv"])
    loaded = schema.read_csv(tmp_path / "claims.csv", "claims")
    assert loaded.set_index("claim_id").loc[CLAIM, "claim"] == value


def test_no_text_cell_of_any_export_starts_like_a_formula():
    for path in sorted((ROOT / "exports").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            assert not any(cell[:1] in RISKY for cell in row if not _is_number(cell)), (path.name, row)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_negative_numbers_are_left_as_numbers(tables):
    tables["quantities"]["value"] = tables["quantities"]["value"] * -1
    files, notices = render(tables)
    assert ",-90," in files["quantities.csv"].decode() and not notices


def test_curator_is_told_when_a_cell_is_neutralised(workspace):
    edit(workspace / "claims" / f"{ARTICLE}.toml", 'claim = "Kim Jong-un\'s train has extensive security measures."',
         'claim = "=Kim Jong-un\'s train has extensive security measures."')
    from conftest import run

    result = run(workspace)
    assert result.returncode == 0, result.stderr
    assert f"notice: claims.csv: row {ARTICLE}-014, column claim: text starts like a spreadsheet formula" in result.stdout
    loaded = schema.load("claims", workspace / "exports", fmt="csv")
    assert loaded.set_index("claim_id").loc[f"{ARTICLE}-014", "claim"].startswith("=Kim")
    pd.testing.assert_frame_equal(loaded, schema.load("claims", workspace / "exports"))
