"""The build computes what the curated files say: the fixture corpus's rows say what its articles say."""

from __future__ import annotations

import pandas as pd
import pytest

import schema
from conftest import ANNOTATED, REVIEWED
from pipeline import tables as table_files
from pipeline.render import readme as generated


@pytest.fixture(scope="module")
def tables(fixture_build):
    return fixture_build.tables


def claim(tables, claim_id: str) -> pd.Series:
    return tables["claims"].set_index("claim_id").loc[claim_id]


def test_every_non_whitespace_character_belongs_to_exactly_one_statement(fixture_build):
    claims = fixture_build.tables["claims"]
    for article_id, text in fixture_build.texts.items():
        owner = [0] * len(text)
        rows = claims[claims["article_id"] == article_id]
        for start, end in zip(rows["char_start"], rows["char_end"]):
            for i in range(start, end):
                owner[i] += 1
        assert all(count == 1 for ch, count in zip(text, owner) if not ch.isspace()), article_id
        assert all(count <= 1 for count in owner), article_id


def test_offsets_are_computed_from_the_text(fixture_build):
    text = fixture_build.texts[REVIEWED]
    row = claim(fixture_build.tables, f"{REVIEWED}-004")
    assert text[row["char_start"]:row["char_end"]] == row["statement"]
    assert (row["seq"], row["paragraph"]) == (4, 2)
    assert row["char_start"] == text.index("The mayor, Ana Ruiz")


def test_names_are_copied_from_sources(tables):
    assert claim(tables, f"{REVIEWED}-002")["source"] == "Northport Courier"
    assert tables["articles"].set_index("article_id").loc[ANNOTATED, "publisher"] == "Valley Herald"


def test_n_chars_counts_code_points(fixture_build):
    articles = fixture_build.tables["articles"].set_index("article_id")
    assert {a: articles.loc[a, "n_chars"] for a in fixture_build.texts} == {
        a: len(text) for a, text in fixture_build.texts.items()}


def test_exported_claims_load_with_schema_dtypes(built_workspace):
    claims = pd.read_parquet(built_workspace / "exports" / "claims.parquet")
    assert claims["attribution"].dtype == pd.CategoricalDtype(schema.ATTRIBUTIONS)
    assert claims["claim_type"].dtype == pd.CategoricalDtype(schema.CLAIM_TYPES)
    assert claims["review_status"].dtype == pd.CategoricalDtype(schema.REVIEW_STATUSES)
    assert claims["char_start"].dtype == "Int32"
    assert claims["checkworthy"].dtype == bool
    assert pd.api.types.is_string_dtype(claims["statement"])


def test_readme_example_counts_checkworthy_claims_per_source(built_workspace):
    claims = pd.read_parquet(built_workspace / "exports" / "claims.parquet")
    counts = claims[claims.checkworthy].groupby("source").size()
    assert counts.sum() == claims["checkworthy"].sum() > 0
    assert counts["Northport Harbour Office"] == 2


def test_every_kind_of_attribution_is_recorded(tables):
    claims = tables["claims"]
    attributed = set(claims.loc[claims["attribution"] != "none", "source_id"]) | set(claims["speaker_id"].dropna())
    assert {"northport-courier", "coastal-wire", "ana-ruiz", "northport-harbour-office", "alder-water-board",
            "rivers-of-stone-book", "valley-radio"} <= attributed
    assert set(claims["attribution"].astype("str")) == set(schema.ATTRIBUTIONS)


def test_ana_ruiz_is_the_speaker_reported_by_coastal_wire(tables):
    claims = tables["claims"]
    row = claims[claims["statement"].str.contains("Ana Ruiz", regex=False)].iloc[0]
    assert (row["source_id"], row["speaker_id"], row["attribution"]) == ("coastal-wire", "ana-ruiz", "explicit")


def test_implicit_statement_keeps_the_source_of_the_one_before(tables):
    assert claim(tables, f"{REVIEWED}-003")[["source_id", "attribution"]].tolist() == ["northport-courier", "implicit"]


def test_video_teaser_is_not_a_claim(tables):
    row = tables["claims"].set_index("statement").loc["Watch our video report below."]
    assert row["claim_type"] == "not_a_claim" and not row["checkworthy"]
    assert row["review_status"] == "not_checkworthy"


def test_speed_is_normalised_to_kilometres_per_hour(tables):
    speed = tables["quantities"].set_index("unit").loc["mph"]
    assert (speed["value"], speed["value_normalized"], speed["unit_normalized"]) == (30, 48.28032, "km/h")


def test_distance_is_normalised_to_kilometres(tables):
    distance = tables["quantities"].set_index("unit").loc["km"]
    assert (distance["value"], distance["value_normalized"], distance["unit_normalized"]) == (3, 3, "km")


def test_count_without_a_standard_unit_is_not_normalised(tables):
    passengers = tables["quantities"].set_index("unit").loc["passenger"]
    assert pd.isna(passengers["value_normalized"]) and pd.isna(passengers["unit_normalized"])


def test_number_words_become_numbers(tables):
    assert tables["quantities"].set_index("text").loc["two stages", "value"] == 2


def test_quantity_span_and_id_are_computed(fixture_build):
    quantity = fixture_build.tables["quantities"].set_index("quantity_id").loc[f"{REVIEWED}-002-q1"]
    text = fixture_build.texts[REVIEWED]
    assert quantity["claim_id"] == f"{REVIEWED}-002"
    assert text[quantity["char_start"]:quantity["char_end"]] == quantity["text"] == "about 9 euros"
    assert quantity["approximate"]


def test_readme_data_dictionary_matches_schema(built_workspace, fixture_build):
    readme = (built_workspace / "README.md").read_text(encoding="utf-8")
    assert generated.update(readme, fixture_build.tables, fixture_build.card) == readme
    for table, model in schema.MODELS.items():
        for name in model.to_schema().columns:
            assert f"| `{name}` |" in readme, f"{table}.{name} missing from the README"


@pytest.mark.parametrize("table", list(schema.MODELS))
def test_every_table_has_rows(built_workspace, table):
    assert len(table_files.load(table, built_workspace / "exports")) > 0
