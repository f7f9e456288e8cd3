"""Corruption suite, curated files: what the loader reports as it reads claims/, naming file and line.

Every test corrupts one thing in a copy of the fixture corpus (tests/fixtures/claims). That each rule rejects
the data it exists for is shown, clause by clause, by the registry in tests/test_rules_fire.py; the tests here
are about the rest: unreadable files and encodings, unknown, computed, mistyped and missing keys, how a problem
is worded and where it points, and the spellings of physical units.
"""

from __future__ import annotations

import pytest

import pipeline
import schema
from conftest import ANNOTATED, REVIEWED, edit, headlines, line_of, problems, rejected

TOML = f"{REVIEWED}.toml"
TEXT = f"{REVIEWED}.txt"
C = f"{REVIEWED}-"  # claim id prefix
OPINION = 'statement = "It is the finest ferry on the coast."'  # claim 009
OPINION_CLAIM = 'claim = "The Northport harbour ferry is the finest ferry on the coast."'
SPEED = f"{C}005-q1"  # "around 30 miles per hour", unit = "mph"


def test_crlf_line_endings_in_article(claims):
    path = claims / TEXT
    first_line = path.read_bytes().split(b"\n")[0].decode()
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    found = problems(claims)
    assert rejected(found, f"claims/{TEXT}:1:", f"carriage return (CR) at column {len(first_line) + 1}", "LF")
    assert len(headlines(found)) == 1  # the text is checked as repaired, so nothing else cascades


def test_lone_cr_in_curated_file_names_its_line(claims):
    path = claims / "sources.toml"
    path.write_bytes(path.read_bytes().replace(b'kind = "news_agency"\n', b'kind = "news_agency"\r'))
    line = next(n for n, text in enumerate(path.read_bytes().split(b"\n"), 1) if b'"news_agency"\r' in text)
    assert rejected(problems(claims), f"claims/sources.toml:{line}:", "carriage return (CR) at column 21")


def test_byte_order_mark_is_rejected(claims):
    path = claims / TOML
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    found = problems(claims)
    assert rejected(found, f"claims/{TOML}:1:", "byte-order mark", "without BOM")
    assert len(headlines(found)) == 1


def test_decomposed_unicode_is_rejected(claims):
    edit(claims / TOML, OPINION_CLAIM, 'claim = "The Northport harbour ferry is the finest cafe\u0301 on the coast."')
    line = line_of(claims / TOML, "cafe\u0301")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "not in Unicode NFC", "NFC")


def test_unknown_source_is_reported_once(claims):
    edit(claims / TOML, 'source_id = "northport-courier"\nattribution = "explicit"',
         'source_id = "northport-courrier"\nattribution = "explicit"')
    line = line_of(claims / TOML, "northport-courrier")
    found = problems(claims)
    assert rejected(found, f"claims/{TOML}:{line}:", f"row {C}002,", "column source_id", "foreign_key",
                    "'northport-courrier'")
    assert not rejected(found, f"row {C}002,", "column source:")  # the null name is not a second report


def test_unknown_key(claims):
    edit(claims / TOML, 'hedge = "around"', 'hedges = "around"')
    line = line_of(claims / TOML, "hedges =")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "column hedges", "unknown key")


def test_computed_column_is_not_curated(claims):
    edit(claims / TOML, OPINION, OPINION + "\nchar_start = 0")
    line = line_of(claims / TOML, "char_start = 0")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "column char_start",
                    "unknown key (computed by the build")


def test_computed_review_status_is_not_curated(claims):
    edit(claims / TOML, OPINION, OPINION + '\nreview_status = "not_checkworthy"')
    assert rejected(problems(claims), f"row {C}009,", "column review_status", "unknown key (computed by the build")


def test_wrong_value_type(claims):
    edit(claims / TOML, 'claim_type = "not_a_claim"\ncheckworthy = false', 'claim_type = "not_a_claim"\ncheckworthy = "no"')
    assert rejected(problems(claims), f"row {C}010,", "column checkworthy", "wrong type (expected bool)")


def test_missing_required_key(claims):
    edit(claims / TOML, OPINION_CLAIM + "\n", "")
    assert rejected(problems(claims), f"row {C}009,", "column claim", "missing required key")


def test_toml_syntax_error_names_the_line(claims):
    edit(claims / TOML, 'hedge = "around"', 'hedge = "around')
    line = line_of(claims / TOML, 'hedge = "around')
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "TOML syntax error")


def test_article_not_utf8(claims):
    path = claims / TEXT
    path.write_bytes(path.read_bytes().replace(b"Monday", b"Mon\x97day"))
    assert rejected(problems(claims), f"claims/{TEXT}", "not UTF-8")


def test_unexpected_file(claims):
    (claims / "notes.md").write_text("scratch")
    assert rejected(problems(claims), "claims/notes.md", "unexpected file")


def test_article_text_without_its_toml(claims):
    (claims / "stray-article.txt").write_text("A text with no annotations.")
    assert rejected(problems(claims), "claims/stray-article.txt", "unexpected file", "needs its .toml")


def test_article_text_missing(claims):
    (claims / TEXT).unlink()
    assert rejected(problems(claims), f"claims/{TEXT}", "unreadable file")


def test_every_problem_is_reported_at_once(claims):
    edit(claims / TOML, 'cue = "states that"\n', "")
    edit(claims / TOML, 'hedge = "around"', 'hedge = "always"')
    edit(claims / "sources.toml", 'kind = "news_agency"', 'kind = "wire"')
    found = problems(claims)
    assert rejected(found, "explicit_attribution_has_cue")
    assert rejected(found, "hedge_is_in_statement")
    assert rejected(found, "'wire'")


def test_entries_must_be_an_array_of_tables(claims):
    edit(claims / TOML, '[[claims.quantities]]\ntext = "two stages"\nvalue = 2\nunit = "stage"\napproximate = false\n', "")
    edit(claims / TOML, 'claim_type = "property"\ncheckworthy = false',
         'claim_type = "property"\ncheckworthy = false\nquantities = 2')
    line = line_of(claims / TOML, "quantities = 2")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "column quantities",
                    "must be [[claims.quantities]] entries")


@pytest.mark.parametrize("unit, meant", [
    ("MPH", "mph"), ("Mph", "mph"), ("miles per hour", "mph"), ("m.p.h.", "mph"), ("KM/H", "km/h"), ("km / h", "km/h"),
    ("kmh", "km/h"), ("kph", "km/h"), ("kilometres per hour", "km/h"), ("miles", "mi"), ("Kilometres", "km"),
])
def test_physical_unit_spelled_otherwise_says_which_is_meant(claims, unit, meant):
    curated = f'unit = "{unit}"'
    edit(claims / TOML, 'unit = "mph"', curated)
    found = [p for p in pipeline.build(claims).problems if p.rule.startswith("physical_unit_is_standard")]
    assert [(p.where, p.row_id, p.column, p.value, p.detail) for p in found] == [
        (f"claims/{TOML}:{line_of(claims / TOML, curated)}", SPEED, "unit", unit, (f"did you mean {meant!r}?",))]


@pytest.mark.parametrize("unit", ["passenger", "Passenger", "security agent", "minute", "euro", "milestone", "kmart"])
def test_other_units_are_free_text(claims, unit):
    """Count nouns and units without a conversion are not physical units: any spelling is kept, never normalised."""
    edit(claims / TOML, 'unit = "passenger"', f'unit = "{unit}"')
    built = pipeline.build(claims)
    assert [str(p) for p in built.problems] == []
    quantities = built.tables["quantities"].set_index("quantity_id")
    assert quantities.loc[f"{C}001-q1", ["value_normalized", "unit_normalized"]].isna().all()


def test_physical_units_are_normalised(fixture_build):
    quantities = fixture_build.tables["quantities"].set_index("quantity_id")
    assert quantities.loc[SPEED, ["value_normalized", "unit_normalized"]].tolist() == [48.28032, "km/h"]
    assert quantities.loc[f"{ANNOTATED}-003-q1", ["value_normalized", "unit_normalized"]].tolist() == [3.0, "km"]


def test_every_physical_unit_is_documented_and_spelled_only_one_way():
    """The rule's message and the unit column's description name every physical unit; every other spelling of one
    means exactly that unit, and is not itself a physical unit."""
    documented = schema.RULES["physical_unit_is_standard"].doc + schema.Quantities.to_schema().columns["unit"].description
    assert all(f"{unit}" in documented for unit in schema.UNIT_CONVERSIONS)
    assert set(schema.UNIT_SPELLINGS) == set(schema.UNIT_CONVERSIONS)
    for unit, spellings in schema.UNIT_SPELLINGS.items():
        assert schema.standard_unit(unit) == unit
        assert {schema.standard_unit(spelling) for spelling in spellings} == {unit}
        assert not set(spellings) & set(schema.UNIT_CONVERSIONS)
