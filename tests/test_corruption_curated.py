"""Corruption suite, curated files: each mistake a curator can make is rejected, naming file and line.

Every test corrupts one thing in a copy of the fixture corpus (tests/fixtures/claims).
"""

from __future__ import annotations

import pytest

from conftest import ANNOTATED, REVIEWED, append, edit, headlines, line_of, problems, rejected, remove_entry

TOML = f"{REVIEWED}.toml"
TEXT = f"{REVIEWED}.txt"
C = f"{REVIEWED}-"  # claim id prefix
OPINION = 'statement = "It is the finest ferry on the coast."'  # claim 009
OPINION_CLAIM = 'claim = "The Northport harbour ferry is the finest ferry on the coast."'


def test_statement_not_in_article(claims):
    edit(claims / TOML, OPINION, 'statement = "It\'s the finest ferry on the coast."')
    line = line_of(claims / TOML, "It's the finest")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", f"row {C}009,", "column statement",
                    "statement_in_article")


def test_statements_out_of_order(claims):
    path = claims / TOML
    content = path.read_text()
    first = content.index(f'[[claims]]\nclaim_id = "{C}002"')
    second = content.index(f'[[claims]]\nclaim_id = "{C}003"')
    end = content.index(f'[[claims]]\nclaim_id = "{C}004"')
    path.write_text(content[:first] + content[second:end] + content[first:second] + content[end:])
    assert rejected(problems(claims), f"row {C}002,", "column statement", "statements_in_order")


def test_overlapping_statements(claims):
    edit(claims / TOML, 'statement = "most of which goes to the port authority."',
         'statement = "9 euros, most of which goes to the port authority."')
    assert rejected(problems(claims), f"row {C}003,", "column statement", "statements_do_not_overlap")


def test_gap_in_coverage(claims):
    remove_entry(claims / TOML, "claims", "claim_id", f"{C}006")
    assert rejected(problems(claims), f"claims/{TOML}:", "table claims", "statements_tile_article")


def test_text_after_last_statement_is_uncovered(claims):
    remove_entry(claims / TOML, "claims", "claim_id", f"{C}010")
    assert rejected(problems(claims), f"claims/{TOML}:", "last_statement_reaches_end")


def test_article_without_statements(claims):
    path = claims / f"{ANNOTATED}.toml"
    content = path.read_text(encoding="utf-8")
    path.write_text(content[:content.index("[[claims]]")], encoding="utf-8")
    (claims / f"{ANNOTATED}.reviews.toml").unlink()
    assert rejected(problems(claims), f"claims/{ANNOTATED}.toml:", f"row {ANNOTATED},", "article_has_statements")


def test_statement_spanning_two_paragraphs(claims):
    remove_entry(claims / TOML, "claims", "claim_id", f"{C}002")
    remove_entry(claims / TOML, "claims", "claim_id", f"{C}003")
    edit(claims / TOML, 'carrying 240 passengers to Gull Island."\nclaim = "The',
         'carrying 240 passengers to Gull Island.\\nAccording to the Northport Courier, a return ticket costs about '
         '9 euros, most of which goes to the port authority."\nclaim = "The')
    assert rejected(problems(claims), f"row {C}001,", "column statement", "statement_stays_in_its_paragraph")


def test_edited_article_byte_breaks_sha256(claims):
    path = claims / TEXT
    path.write_bytes(path.read_bytes().replace(b"240 passengers", b"250 passengers"))
    assert rejected(problems(claims), f"row {REVIEWED},", "column text_sha256", "text_matches_sha256")


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


def test_duplicate_claim_id(claims):
    edit(claims / TOML, f'claim_id = "{C}007"', f'claim_id = "{C}006"')
    assert rejected(problems(claims), f"row {C}006,", "column claim_id", "unique")


def test_claim_id_pattern(claims):
    edit(claims / TOML, f'claim_id = "{C}007"', f'claim_id = "{REVIEWED}-7"')
    assert rejected(problems(claims), f"row {REVIEWED}-7,", "column claim_id", "str_matches")


def test_claim_id_of_another_article(claims):
    edit(claims / TOML, f'claim_id = "{C}007"', 'claim_id = "other-article-007"')
    assert rejected(problems(claims), "row other-article-007,", "column claim_id", "claim_id_starts_with_article_id")


def test_unknown_source(claims):
    edit(claims / TOML, 'source_id = "northport-courier"\nattribution = "explicit"',
         'source_id = "northport-courrier"\nattribution = "explicit"')
    line = line_of(claims / TOML, "northport-courrier")
    found = problems(claims)
    assert rejected(found, f"claims/{TOML}:{line}:", f"row {C}002,", "column source_id", "foreign_key",
                    "'northport-courrier'")
    assert not rejected(found, f"row {C}002,", "column source:")  # the null name is not a second report


def test_unknown_speaker(claims):
    edit(claims / TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "ana"')
    assert rejected(problems(claims), f"row {C}004,", "column speaker_id", "foreign_key")


def test_unknown_publisher(claims):
    edit(claims / TOML, 'publisher_id = "example-gazette"', 'publisher_id = "example-gazete"')
    assert rejected(problems(claims), f"claims/{TOML}:", f"row {REVIEWED},", "column publisher_id", "foreign_key")


@pytest.mark.parametrize("key, old, new", [
    ("claim_type", 'claim_type = "opinion"', 'claim_type = "comment"'),
    ("attribution", 'source_id = "northport-harbour-office"\nattribution = "implicit"',
     'source_id = "northport-harbour-office"\nattribution = "implied"'),
])
def test_bad_enum_in_claims(claims, key, old, new):
    edit(claims / TOML, old, new)
    assert rejected(problems(claims), "table claims", f"column {key}", "isin", new.split('"')[-2])


def test_bad_enum_in_sources(claims):
    edit(claims / "sources.toml", 'kind = "news_agency"', 'kind = "wire"')
    line = line_of(claims / "sources.toml", 'kind = "wire"')
    assert rejected(problems(claims), f"claims/sources.toml:{line}:", "row coastal-wire,", "column kind", "isin",
                    "'wire'")


def test_country_must_be_iso_alpha2(claims):
    edit(claims / "sources.toml", 'country = "XX"', 'country = "XX "')
    assert rejected(problems(claims), "row northport-courier,", "column country", "str_matches")


def test_url_must_be_absolute_http(claims):
    edit(claims / TOML, 'url = "https://example.org/news/', 'url = "example.org/news/')
    assert rejected(problems(claims), f"row {REVIEWED},", "column url", "str_matches")


def test_language_must_be_bcp47(claims):
    edit(claims / TOML, 'language = "en"', 'language = "English"')
    assert rejected(problems(claims), f"row {REVIEWED},", "column language", "str_matches")


def test_sha256_must_be_hex(claims):
    edit(claims / TOML, 'text_sha256 = "ea835a2f', 'text_sha256 = "XX835a2f')
    assert rejected(problems(claims), f"row {REVIEWED},", "column text_sha256", "str_matches")


def test_explicit_attribution_without_cue(claims):
    edit(claims / TOML, 'cue = "states that"\n', "")
    assert rejected(problems(claims), f"row {C}007,", "column cue", "explicit_attribution_has_cue")


def test_cue_not_in_statement(claims):
    edit(claims / TOML, 'cue = "states that"', 'cue = "claims that"')
    assert rejected(problems(claims), f"row {C}007,", "column cue", "cue_is_in_statement")


def test_cue_parts_must_appear_in_order(claims):
    edit(claims / TOML, 'cue = "said … as reported by"', 'cue = "as reported by … said"')
    assert rejected(problems(claims), f"row {C}004,", "column cue", "cue_is_in_statement")


def test_hedge_not_in_statement(claims):
    edit(claims / TOML, 'hedge = "around"', 'hedge = "always"')
    assert rejected(problems(claims), f"row {C}005,", "column hedge", "hedge_is_in_statement")


def test_not_a_claim_marked_checkworthy(claims):
    edit(claims / TOML, 'claim_type = "not_a_claim"\ncheckworthy = false', 'claim_type = "not_a_claim"\ncheckworthy = true')
    assert rejected(problems(claims), f"row {C}010,", "column checkworthy", "not_a_claim_is_not_checkworthy")


def test_opinion_marked_checkworthy(claims):
    edit(claims / TOML, 'claim_type = "opinion"\ncheckworthy = false', 'claim_type = "opinion"\ncheckworthy = true')
    assert rejected(problems(claims), f"row {C}009,", "column checkworthy", "not_a_claim_is_not_checkworthy")


def test_unattributed_statement_with_a_cue(claims):
    edit(claims / TOML, 'attribution = "explicit"\ncue = "states that"', 'attribution = "none"\ncue = "states that"')
    assert rejected(problems(claims), f"row {C}007,", "unattributed_has_no_speaker_or_cue")


def test_unattributed_statement_with_a_speaker(claims):
    edit(claims / TOML, 'source_id = "coastal-wire"\nspeaker_id = "ana-ruiz"\nattribution = "explicit"\n'
         'cue = "said … as reported by"', 'source_id = "example-gazette"\nspeaker_id = "ana-ruiz"\nattribution = "none"')
    assert rejected(problems(claims), f"row {C}004,", "column speaker_id", "unattributed_has_no_speaker_or_cue")


def test_unattributed_statement_with_another_source(claims):
    edit(claims / TOML, 'attribution = "explicit"\ncue = "states that"', 'attribution = "none"')
    assert rejected(problems(claims), f"row {C}007,", "column source_id", "unattributed_is_publisher")


def test_attributed_statement_credited_to_the_publisher(claims):
    edit(claims / TOML, 'source_id = "northport-harbour-office"\nattribution = "implicit"',
         'source_id = "example-gazette"\nattribution = "implicit"')
    assert rejected(problems(claims), f"row {C}008,", "column source_id", "attributed_is_not_publisher")


def test_speaker_must_be_a_person(claims):
    edit(claims / TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "northport-courier"')
    assert rejected(problems(claims), f"row {C}004,", "column speaker_id", "speaker_is_a_person")


def test_speaker_must_differ_from_source(claims):
    edit(claims / TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "coastal-wire"')
    assert rejected(problems(claims), f"row {C}004,", "column speaker_id", "speaker_is_not_the_source")


def test_unreferenced_source(claims):
    append(claims / "sources.toml", '\n[[sources]]\nsource_id = "unused-radio"\nname = "Unused Radio"\n'
           'kind = "broadcaster"\ndescription = "Fictional; no article uses it."\n')
    line = line_of(claims / "sources.toml", 'source_id = "unused-radio"')
    assert rejected(problems(claims), f"claims/sources.toml:{line}:", "row unused-radio,", "source_is_referenced")


def test_duplicate_source_name(claims):
    edit(claims / "sources.toml", 'name = "Coastal Wire"', 'name = "Northport Courier"')
    assert rejected(problems(claims), "table sources", "column name", "unique")


def test_duplicate_source_id(claims):
    edit(claims / "sources.toml", 'source_id = "coastal-wire"', 'source_id = "northport-courier"')
    assert rejected(problems(claims), "table sources", "row northport-courier,", "column source_id", "unique")


def test_empty_string_is_not_null(claims):
    edit(claims / TOML, 'hedge = "around"', 'hedge = ""')
    assert rejected(problems(claims), f"row {C}005,", "column hedge", "str_length")


@pytest.mark.parametrize("claim", [
    " The Northport harbour ferry is the finest ferry on the coast.",
    "The Northport harbour ferry is the finest ferry on the coast.\\n",
    "The Northport harbour ferry is\\nthe finest ferry on the coast.",
], ids=["padded-with-spaces", "ending-in-a-line-break", "two-lines"])
def test_free_text_must_be_one_trimmed_line(claims, claim):
    edit(claims / TOML, OPINION_CLAIM, f'claim = "{claim}"')
    assert rejected(problems(claims), f"row {C}009,", "column claim", "trimmed_line")


def test_quantity_outside_its_statement(claims):
    edit(claims / TOML, 'text = "two stages"', 'text = "240 passengers"')
    assert rejected(problems(claims), f"row {C}006-q1,", "column text", "quantity_in_statement")


def test_quantity_value_not_written_in_text(claims):
    edit(claims / TOML, "value = 240", "value = 250")
    line = line_of(claims / TOML, "value = 250")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", f"row {C}001-q1,", "column value",
                    "value_is_written_in_text")


def test_quantity_value_not_written_as_a_number_word(claims):
    edit(claims / TOML, "value = 2\n", "value = 3\n")
    assert rejected(problems(claims), f"row {C}006-q1,", "column value", "value_is_written_in_text")


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
