"""The dataset opened by the clients its users already have: Frictionless, mlcroissant, DuckDB, Hugging Face.

Each client is called as its users call it (the CLI where there is one), offline, on the fixture corpus's
build (its exports/ and the README whose front matter is the Hugging Face dataset card).
"""

from __future__ import annotations

import csv
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import rtoml

from conftest import FIXTURES


def cli(name: str) -> str:
    """A console script installed beside this Python (the venv's bin/ may not be on PATH)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name) or name


def frictionless(directory: Path) -> dict:
    result = subprocess.run([cli("frictionless"), "validate", "--json", str(directory / "datapackage.json")],
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout)


def errors(report: dict) -> list[tuple]:
    return [(task["name"], error["type"], error.get("rowNumber"), error.get("fieldName"))
            for task in report["tasks"] for error in task["errors"]]


@pytest.fixture(scope="module")
def root(built_workspace) -> Path:
    return built_workspace


@pytest.fixture(scope="module")
def exports(built_workspace) -> Path:
    return built_workspace / "exports"


@pytest.fixture
def package_copy(tmp_path: Path, exports: Path) -> Path:
    shutil.copytree(exports, tmp_path, dirs_exist_ok=True)
    return tmp_path


def rewrite_claims_csv(directory: Path, change) -> None:
    path = directory / "claims.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC).writerows(rows)


def test_frictionless_validates_the_exports(exports):
    report = frictionless(exports)
    assert report["valid"], errors(report)
    assert {task["name"] for task in report["tasks"]} == {"articles", "sources", "claims", "quantities",
                                                           "evidence", "reviews"}


def test_frictionless_names_row_and_field_of_a_corrupted_cell(package_copy):
    def corrupt(rows):
        rows[3][rows[0].index("seq")] = "three"
    rewrite_claims_csv(package_copy, corrupt)
    assert ("claims", "type-error", 4, "seq") in errors(frictionless(package_copy))


def test_frictionless_rejects_a_duplicate_primary_key(package_copy):
    appended = []

    def duplicate_first_row(rows):
        rows.append(list(rows[1]))
        appended.append(len(rows))  # the new row's number, the header being row 1
    rewrite_claims_csv(package_copy, duplicate_first_row)
    found = errors(frictionless(package_copy))
    assert ("claims", "primary-key", appended[0], None) in found
    assert ("claims", "unique-error", appended[0], "claim_id") in found


def test_frictionless_rejects_a_broken_foreign_key(package_copy):
    def corrupt(rows):
        rows[5][rows[0].index("source_id")] = "no-such-source"
    rewrite_claims_csv(package_copy, corrupt)
    assert ("claims", "foreign-key", 6, None) in errors(frictionless(package_copy))


def test_mlcroissant_validates_the_metadata_offline(exports):
    result = subprocess.run([cli("mlcroissant"), "validate", "--jsonld", str(exports / "croissant.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in result.stderr.lower().replace("0 error", "")


def test_mlcroissant_iterates_the_claims_records(exports):
    import mlcroissant

    logging.disable(logging.WARNING)
    try:
        records = list(mlcroissant.Dataset(jsonld=str(exports / "croissant.json")).records("claims"))
    finally:
        logging.disable(logging.NOTSET)
    claims = pd.read_parquet(exports / "claims.parquet")
    assert [r["claims/claim_id"].decode() for r in records] == claims["claim_id"].tolist()
    assert [r["claims/char_start"] for r in records] == claims["char_start"].tolist()


def test_croissant_checksums_match_the_parquet_files(exports):
    import hashlib

    metadata = json.loads((exports / "croissant.json").read_text(encoding="utf-8"))
    for file_object in metadata["distribution"]:
        content = (exports / file_object["contentUrl"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == file_object["sha256"]


def test_duckdb_join_counts_claims_per_source_like_pandas(exports):
    import duckdb

    query = (f"SELECT s.name, count(*) AS n FROM '{exports / 'claims.parquet'}' c "
             f"JOIN '{exports / 'sources.parquet'}' s USING (source_id) GROUP BY s.name ORDER BY s.name")
    from_duckdb = dict(duckdb.sql(query).fetchall())
    claims = pd.read_parquet(exports / "claims.parquet")
    sources = pd.read_parquet(exports / "sources.parquet")
    from_pandas = claims.merge(sources, on="source_id").groupby("name").size().to_dict()
    assert from_duckdb == from_pandas and sum(from_duckdb.values()) == len(claims)


@pytest.fixture
def offline_hf(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_hf_parquet_loader_reads_the_claims(offline_hf, exports):
    from datasets import load_dataset

    loaded = load_dataset("parquet", data_files=str(exports / "claims.parquet"), split="train")
    claims = pd.read_parquet(exports / "claims.parquet")
    assert (loaded.num_rows, loaded.column_names) == (len(claims), list(claims.columns))


def test_hf_loads_every_config_named_in_the_card(offline_hf, root, exports):
    from datasets import load_dataset

    for table in ("claims", "reviews"):
        loaded = load_dataset(str(root), table, split="train")
        assert loaded.num_rows == len(pd.read_parquet(exports / f"{table}.parquet"))


def test_dataset_card_header_parses_with_huggingface_hub(root):
    from huggingface_hub import DatasetCard

    data = DatasetCard.load(root / "README.md").data.to_dict()
    licence = rtoml.load(FIXTURES / "claims" / "dataset.toml")["licence"]["data_licence"]
    assert data["language"] == ["en"] and data["license"] == licence.lower()
    configs = {c["config_name"]: c["data_files"][0]["path"] for c in data["configs"]}
    assert all((root / path).exists() for path in configs.values())
