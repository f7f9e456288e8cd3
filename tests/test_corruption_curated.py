"""Corruption suite, curated files: each mistake a curator can make is rejected, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLE, edit, problems, rejected

TOML = f"{ARTICLE}.toml"
STATEMENT_6 = 'statement = "It\'s outfitted with bulletproof materials"'



def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_statement_not_in_article(claims):
    edit(claims / TOML, STATEMENT_6, 'statement = "It is outfitted with bulletproof materials"')
    line = line_of(claims / TOML, "It is outfitted")
    found = problems(claims)
    assert rejected(found, f"claims/{TOML}:{line}:", "dagens-kim-train-2023-006", "statement", "statement_in_article")


def test_statements_out_of_order(claims):
    path = claims / TOML
    content = path.read_text()
    first = content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-002"')
    second = content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-003"')
    end = content.index("# --- Paragraph 3")
    path.write_text(content[:first] + content[second:end] + content[first:second] + content[end:])
    assert rejected(problems(claims), "dagens-kim-train-2023-002", "statement", "statements_in_order")


def test_overlapping_statements(claims):
    edit(claims / TOML, 'statement = "and comes with a range of amenities',
         'statement = "bulletproof materials and comes with a range of amenities')
    assert rejected(problems(claims), "dagens-kim-train-2023-007", "statement", "statements_do_not_overlap")


def test_gap_in_coverage(claims):
    edit(claims / TOML, STATEMENT_6 + "\n", "")
    edit(claims / TOML, 'claim = "Kim Jong-un\'s train is outfitted with bulletproof materials."\n', "")
    path = claims / TOML
    content = path.read_text()
    start = content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-006"')
    end = content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-007"')
    path.write_text(content[:start] + content[end:])
    found = problems(claims)
    assert rejected(found, "dagens-kim-train-2023-007", "char_start", "statements_tile_article")


def test_text_after_last_statement_is_uncovered(claims):
    path = claims / TOML
    content = path.read_text()
    path.write_text(content[: content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-024"')])
    assert rejected(problems(claims), f"claims/{TOML}:", ARTICLE, "n_chars", "last_statement_reaches_end")


def test_statement_spanning_two_paragraphs(claims):
    path = claims / TOML
    content = path.read_text()
    start = content.index('[[claims]]\nclaim_id = "dagens-kim-train-2023-002"')
    end = content.index("# --- Paragraph 3")
    content = content[:start] + content[end:]
    content = content.replace(
        'with Russian President Vladimir Putin."\nclaim =',
        'with Russian President Vladimir Putin.\\nThe train journey continues a family tradition started by '
        "Kim's grandfather, Kim Il-sung, the founder of North Korea. Accompanying Kim were high-ranking military "
        "officers, officials from North Korea's arms industry, and the nation's defense minister.\"\nclaim =", 1)
    path.write_text(content)
    assert rejected(problems(claims), "dagens-kim-train-2023-001", "statement", "statement_stays_in_its_paragraph")


def test_edited_article_byte_breaks_sha256(claims):
    path = claims / f"{ARTICLE}.txt"
    path.write_bytes(path.read_bytes().replace(b"about 90 railcars", b"about 80 railcars"))
    assert rejected(problems(claims), ARTICLE, "text_sha256", "text_matches_sha256")


def test_crlf_line_endings_in_article(claims):
    path = claims / f"{ARTICLE}.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    found = problems(claims)
    assert rejected(found, f"claims/{ARTICLE}.txt:1:", "carriage return (CR) at column 181", "LF")
    assert len(found) == 1  # the text is checked as repaired, so nothing else cascades


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
    assert len(found) == 1


def test_decomposed_unicode_is_rejected(claims):
    edit(claims / TOML, "olive-green train to meet", "olive-gre\u0065\u0301n train to meet")
    line = line_of(claims / TOML, "olive-gre\u0065\u0301n")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "not in Unicode NFC", "NFC")


def test_duplicate_claim_id(claims):
    edit(claims / TOML, 'claim_id = "dagens-kim-train-2023-007"', 'claim_id = "dagens-kim-train-2023-006"')
    assert rejected(problems(claims), "dagens-kim-train-2023-006", "claim_id", "unique")


def test_claim_id_pattern(claims):
    edit(claims / TOML, 'claim_id = "dagens-kim-train-2023-007"', 'claim_id = "dagens-kim-train-2023-7"')
    assert rejected(problems(claims), "dagens-kim-train-2023-7", "claim_id", "str_matches")


def test_claim_id_of_another_article(claims):
    edit(claims / TOML, 'claim_id = "dagens-kim-train-2023-007"', 'claim_id = "other-article-007"')
    assert rejected(problems(claims), "other-article-007", "claim_id", "claim_id_starts_with_article_id")


def test_unknown_source(claims):
    edit(claims / TOML, 'source_id = "the-independent"\nattribution = "explicit"',
         'source_id = "the-independant"\nattribution = "explicit"')
    line = line_of(claims / TOML, "the-independant")
    found = problems(claims)
    assert rejected(found, f"claims/{TOML}:{line}:", "dagens-kim-train-2023-010", "source_id", "foreign_key",
                    "'the-independant'")
    assert not rejected(found, "dagens-kim-train-2023-010", "column source:")  # the null name is not a 2nd report


def test_unknown_speaker(claims):
    edit(claims / TOML, 'speaker_id = "ahn-byung-min"', 'speaker_id = "ahn"')
    assert rejected(problems(claims), "dagens-kim-train-2023-013", "speaker_id", "foreign_key")


def test_unknown_publisher(claims):
    edit(claims / TOML, 'publisher_id = "dagens"', 'publisher_id = "dagbladet"')
    assert rejected(problems(claims), f"claims/{TOML}:", ARTICLE, "publisher_id", "foreign_key")


@pytest.mark.parametrize("key, old, new", [
    ("claim_type", 'claim_type = "prediction"', 'claim_type = "forecast"'),
    ("attribution", 'attribution = "implicit"\nclaim_type = "property"\ncheckworthy = true\n\n# --- Paragraph 7',
     'attribution = "implied"\nclaim_type = "property"\ncheckworthy = true\n\n# --- Paragraph 7'),
])
def test_bad_enum_in_claims(claims, key, old, new):
    edit(claims / TOML, old, new)
    assert rejected(problems(claims), "claims", key, "isin", new.split('"')[1])


def test_bad_enum_in_sources(claims):
    edit(claims / "sources.toml", 'kind = "news_agency"', 'kind = "wire"')
    line = line_of(claims / "sources.toml", 'kind = "wire"')
    assert rejected(problems(claims), f"claims/sources.toml:{line}:", "reuters", "kind", "isin", "'wire'")


def test_country_must_be_iso_alpha2(claims):
    edit(claims / "sources.toml", 'country = "GB"', 'country = "UK "')
    assert rejected(problems(claims), "the-independent", "country", "str_matches")


def test_url_must_be_absolute_http(claims):
    edit(claims / TOML, 'url = "https://dagens.com/', 'url = "dagens.com/')
    assert rejected(problems(claims), ARTICLE, "url", "str_matches")


def test_language_must_be_bcp47(claims):
    edit(claims / TOML, 'language = "en"', 'language = "English"')
    assert rejected(problems(claims), ARTICLE, "language", "str_matches")


def test_sha256_must_be_hex(claims):
    edit(claims / TOML, 'text_sha256 = "01bc5f74', 'text_sha256 = "XXbc5f74')
    assert rejected(problems(claims), ARTICLE, "text_sha256", "str_matches")


def test_explicit_attribution_without_cue(claims):
    edit(claims / TOML, 'cue = "states that"\n', "")
    assert rejected(problems(claims), "dagens-kim-train-2023-015", "cue", "explicit_attribution_has_cue")


def test_cue_not_in_statement(claims):
    edit(claims / TOML, 'cue = "states that"', 'cue = "claims that"')
    assert rejected(problems(claims), "dagens-kim-train-2023-015", "cue", "cue_is_in_statement")


def test_hedge_not_in_statement(claims):
    edit(claims / TOML, 'hedge = "usually"', 'hedge = "always"')
    assert rejected(problems(claims), "dagens-kim-train-2023-018", "hedge", "hedge_is_in_statement")


def test_not_a_claim_marked_checkworthy(claims):
    edit(claims / TOML, 'claim_type = "not_a_claim"\ncheckworthy = false', 'claim_type = "not_a_claim"\ncheckworthy = true')
    assert rejected(problems(claims), "dagens-kim-train-2023-009", "checkworthy", "not_a_claim_is_not_checkworthy")


def test_unattributed_statement_with_a_cue(claims):
    edit(claims / TOML, 'attribution = "explicit"\ncue = "describes"', 'attribution = "none"\ncue = "describes"')
    assert rejected(problems(claims), "dagens-kim-train-2023-021", "unattributed_has_no_speaker_or_cue")


def test_unattributed_statement_with_another_source(claims):
    edit(claims / TOML, 'attribution = "explicit"\ncue = "states that"', 'attribution = "none"')
    assert rejected(problems(claims), "dagens-kim-train-2023-015", "source_id", "unattributed_is_publisher")


def test_attributed_statement_credited_to_the_publisher(claims):
    edit(claims / TOML, 'source_id = "ministry-of-unification"\nattribution = "implicit"',
         'source_id = "dagens"\nattribution = "implicit"')
    assert rejected(problems(claims), "dagens-kim-train-2023-016", "source_id", "attributed_is_not_publisher")


def test_speaker_must_be_a_person(claims):
    edit(claims / TOML, 'speaker_id = "ahn-byung-min"', 'speaker_id = "the-independent"')
    assert rejected(problems(claims), "dagens-kim-train-2023-013", "speaker_id", "speaker_is_a_person")


def test_speaker_must_differ_from_source(claims):
    edit(claims / TOML, 'speaker_id = "ahn-byung-min"', 'speaker_id = "reuters"')
    assert rejected(problems(claims), "dagens-kim-train-2023-013", "speaker_id", "speaker_is_not_the_source")


def test_unreferenced_source(claims):
    with (claims / "sources.toml").open("a") as out:
        out.write('\n[[sources]]\nsource_id = "bbc"\nname = "BBC"\nkind = "broadcaster"\ndescription = "Unused."\n')
    assert rejected(problems(claims), "claims/sources.toml:", "bbc", "source_is_referenced")


def test_duplicate_source_name(claims):
    edit(claims / "sources.toml", 'name = "Reuters"', 'name = "The Independent"')
    assert rejected(problems(claims), "sources", "name", "unique")


def test_empty_string_is_not_null(claims):
    edit(claims / TOML, 'hedge = "usually"', 'hedge = ""')
    assert rejected(problems(claims), "dagens-kim-train-2023-018", "hedge", "str_length")


@pytest.mark.parametrize("claim", [
    " Kim Jong-un's train has extensive security measures.",
    "Kim Jong-un's train has extensive security measures.\\n",
    "Kim Jong-un's train has\\nextensive security measures.",
], ids=["padded-with-spaces", "ending-in-a-line-break", "two-lines"])
def test_free_text_must_be_one_trimmed_line(claims, claim):
    edit(claims / TOML, 'claim = "Kim Jong-un\'s train has extensive security measures."', f'claim = "{claim}"')
    assert rejected(problems(claims), "dagens-kim-train-2023-014", "claim", "trimmed_line")


def test_quantity_outside_its_statement(claims):
    edit(claims / TOML, 'text = "two additional trains"', 'text = "Around 100 security agents"')
    assert rejected(problems(claims), "dagens-kim-train-2023-018-q1", "text", "quantity_in_statement")


def test_quantity_value_not_written_in_text(claims):
    edit(claims / TOML, "value = 90", "value = 80")
    line = line_of(claims / TOML, "value = 80")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "dagens-kim-train-2023-010-q1", "value",
                    "value_is_written_in_text")


def test_unknown_key(claims):
    edit(claims / TOML, 'hedge = "usually"', 'hedges = "usually"')
    line = line_of(claims / TOML, "hedges =")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "hedges", "unknown key")


def test_computed_column_is_not_curated(claims):
    edit(claims / TOML, STATEMENT_6, STATEMENT_6 + "\nchar_start = 553")
    assert rejected(problems(claims), "char_start", "unknown key (computed by the build")


def test_wrong_value_type(claims):
    edit(claims / TOML, 'claim_type = "not_a_claim"\ncheckworthy = false', 'claim_type = "not_a_claim"\ncheckworthy = "no"')
    assert rejected(problems(claims), "dagens-kim-train-2023-009", "checkworthy", "wrong type (expected bool)")


def test_missing_required_key(claims):
    edit(claims / TOML, 'claim = "Kim Jong-un\'s train has extensive security measures."\n', "")
    assert rejected(problems(claims), "dagens-kim-train-2023-014", "claim", "missing required key")


def test_toml_syntax_error_names_the_line(claims):
    edit(claims / TOML, 'hedge = "usually"', 'hedge = "usually')
    line = line_of(claims / TOML, 'hedge = "usually')
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "TOML syntax error")


def test_article_not_utf8(claims):
    path = claims / f"{ARTICLE}.txt"
    path.write_bytes(path.read_bytes().replace("—".encode(), b"\x97"))
    assert rejected(problems(claims), f"claims/{ARTICLE}.txt", "not UTF-8")


def test_unexpected_file(claims):
    (claims / "notes.md").write_text("scratch")
    assert rejected(problems(claims), "claims/notes.md", "unexpected file")


def test_article_text_missing(claims):
    (claims / f"{ARTICLE}.txt").unlink()
    assert rejected(problems(claims), f"claims/{ARTICLE}.txt", "unreadable file")


def test_every_problem_is_reported_at_once(claims):
    edit(claims / TOML, 'cue = "states that"\n', "")
    edit(claims / TOML, 'hedge = "usually"', 'hedge = "always"')
    edit(claims / "sources.toml", 'kind = "news_agency"', 'kind = "wire"')
    found = problems(claims)
    assert rejected(found, "explicit_attribution_has_cue")
    assert rejected(found, "hedge_is_in_statement")
    assert rejected(found, "'wire'")


def test_entries_must_be_an_array_of_tables(claims):
    edit(claims / TOML, "[[claims.quantities]]\ntext = \"two additional trains\"\nvalue = 2\nunit = \"train\"\n"
         "approximate = false\n", "")
    edit(claims / TOML, 'hedge = "usually"', 'hedge = "usually"\nquantities = 2')
    line = line_of(claims / TOML, "quantities = 2")
    assert rejected(problems(claims), f"claims/{TOML}:{line}:", "quantities", "must be [[claims.quantities]] entries")
