"""The real dataset: it validates, its exports are current, and its rows say what the article says."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pandas as pd
import pytest

import schema
import validate
from conftest import ARTICLE, ROOT


@pytest.fixture(scope="module")
def built():
    return validate.build(ROOT / "claims")


def test_curated_data_has_no_problems(built):
    _, _, found = built
    assert [str(p) for p in found] == []


def test_committed_exports_are_a_fresh_build(built):
    tables, texts, _ = built
    import exports

    files, _ = exports.render(tables, texts)
    assert exports.stale(files, ROOT / "exports") == []


def test_article_text_is_the_seed_byte_for_byte():
    data = (ROOT / "claims" / f"{ARTICLE}.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == "01bc5f74a66fc73f24db235918028deafdff2172d22c8cd69ed1eec3fb7ed26b"


def test_every_non_whitespace_character_belongs_to_exactly_one_statement(built):
    tables, _, _ = built
    text = (ROOT / "claims" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    owner = [0] * len(text)
    for start, end in zip(tables["claims"]["char_start"], tables["claims"]["char_end"]):
        for i in range(start, end):
            owner[i] += 1
    assert all(count == 1 for ch, count in zip(text, owner) if not ch.isspace())
    assert all(count <= 1 for count in owner)


def test_exported_claims_load_with_schema_dtypes():
    claims = pd.read_parquet(ROOT / "exports" / "claims.parquet")
    assert claims["attribution"].dtype == pd.CategoricalDtype(schema.ATTRIBUTIONS)
    assert claims["claim_type"].dtype == pd.CategoricalDtype(schema.CLAIM_TYPES)
    assert claims["char_start"].dtype == "Int32"
    assert claims["checkworthy"].dtype == bool
    assert pd.api.types.is_string_dtype(claims["statement"])


def test_readme_example_counts_checkworthy_claims_per_source():
    claims = pd.read_parquet(ROOT / "exports" / "claims.parquet")
    counts = claims[claims.checkworthy].groupby("source").size()
    assert counts.sum() == claims["checkworthy"].sum() > 0


def test_sources_named_by_the_project_are_attributed(built):
    tables, _, _ = built
    claims = tables["claims"]
    attributed = set(claims.loc[claims["attribution"] != "none", "source_id"]) | set(claims["speaker_id"].dropna())
    assert {"the-independent", "reuters", "ahn-byung-min", "ministry-of-unification", "orient-express-book",
            "north-korean-state-media"} <= attributed


def test_ahn_is_the_speaker_reported_by_reuters(built):
    tables, _, _ = built
    claims = tables["claims"]
    row = claims[claims["statement"].str.contains("Ahn Byung-min", regex=False)].iloc[0]
    assert (row["source_id"], row["speaker_id"], row["attribution"]) == ("reuters", "ahn-byung-min", "explicit")


def test_video_teaser_is_not_a_claim(built):
    tables, _, _ = built
    row = tables["claims"].set_index("statement").loc["Take a look at his armored train in the video below"]
    assert row["claim_type"] == "not_a_claim" and not row["checkworthy"]


def test_speed_is_normalised_to_kilometres_per_hour(built):
    tables, _, _ = built
    speed = tables["quantities"].set_index("unit").loc["mph"]
    assert (speed["value"], speed["value_normalized"], speed["unit_normalized"]) == (55, 88.51392, "km/h")


def test_number_words_become_numbers(built):
    tables, _, _ = built
    assert tables["quantities"].set_index("text").loc["two additional trains", "value"] == 2


def test_readme_data_dictionary_matches_schema():
    import readme as generated

    tables, _, _ = validate.build(ROOT / "claims")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert generated.update(readme, tables) == readme
    for table, model in schema.MODELS.items():
        for name in model.to_schema().columns:
            assert f"| `{name}` |" in readme, f"{table}.{name} missing from the README"


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_git_never_converts_the_line_ends_of_exports_or_article_texts():
    """Every export (article pages included) and article text is -text, so a checkout keeps its exact bytes."""
    files = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "exports").rglob("*")) if p.is_file()]
    files += [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "claims").glob("*.txt"))]
    result = subprocess.run(["git", "check-attr", "text", "--", *files], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines() == [f"{name}: text: unset" for name in files]
