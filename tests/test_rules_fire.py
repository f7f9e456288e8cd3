"""Every rule rejects the bad data it exists for: one registry of corruptions, and proof that it covers every rule.

``CORRUPTIONS`` maps each rule to the corruptions that break it, one per clause of the rule (a rule that says two
things, such as "cites only its own claim's evidence, and at least one unless Not Enough Evidence", has one
corruption for each), so that deleting a rule, or half of one, fails a test here. Its rules are every name a
problem can carry for the data (``registered``):

* every rule registered in ``schema.RULES`` (the models' row rules and the rules of ``pipeline/rules.py``);
* the Pandera checks the schema declares: column checks (``str_matches``, ``str_length``,
  ``greater_than_or_equal_to``), ``field_uniqueness`` (unique), ``not_nullable``, ``isin`` (closed sets),
  ``dtype``, and the strict, ordered table's ``column_in_schema``, ``column_in_dataframe`` and ``column_ordered``;
  and ``foreign_key``;
* the named rules the loader checks while it reads ``claims/`` (``statement_in_article``, …), found in its source
  as ``"name (…)"``.

``test_rule_rejects_its_corruption`` applies each corruption to a copy of the fixture corpus (its curated files, or
its validated tables for the columns the build computes) and requires a problem that carries the rule's own name,
at the table, row and column the rule blames (and, where given, the file and line). ``test_every_rule_has_a_
corruption`` requires the registry's rules to be exactly the registered ones: a new rule without a corruption fails,
and so does a corruption left behind by a deleted rule.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import pipeline
import schema
from conftest import ANNOTATED, FIXTURES, REVIEWED, ROOT, append, edit, line_of, remove_entry
from pipeline import rules, validation
from pipeline.problems import Problem

TOML, TEXT, REVIEWS = f"{REVIEWED}.toml", f"{REVIEWED}.txt", f"{REVIEWED}.reviews.toml"
DAM, DAM_REVIEWS = f"{ANNOTATED}.toml", f"{ANNOTATED}.reviews.toml"
SOURCES, CARD = "sources.toml", "dataset.toml"
C = f"{REVIEWED}-"  # claim id prefix
OPINION = 'statement = "It is the finest ferry on the coast."'  # claim 009
OPINION_CLAIM = 'claim = "The Northport harbour ferry is the finest ferry on the coast."'
QUANTITY = f"{C}005-q1"  # "around 30 miles per hour", in mph: normalised to km/h
PLAIN_QUANTITY = f"{C}001-q1"  # "240 passengers": a count, not normalised

Curate = Callable[[Path], None]  # edits a writable copy of the fixture corpus's claims/
Tamper = Callable[[dict, dict], None]  # edits the fixture corpus's validated tables (and texts), as an edited export


@dataclass(frozen=True)
class Corruption:
    """One clause of one rule broken: the rule must report the cell (table, row, column) it blames."""

    rule: str  # the name a problem carries: "cue_is_in_statement", "str_matches", "foreign_key"
    clause: str  # which part of the rule is broken (the test id)
    table: str
    row: str | None
    column: str | None
    curate: Curate | None = None
    tamper: Tamper | None = None
    at: tuple[str, str] | None = None  # (curated file, text on the line the problem must name), after the edit

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.clause}"


def edit_in(file: str, *pairs: str) -> Curate:
    """Replace, in a curated file, each old text with the new one after it (each old text must occur once)."""
    def curate(claims: Path) -> None:
        for old, new in zip(pairs[::2], pairs[1::2]):
            edit(claims / file, old, new)
    return curate


def remove(file: str, header: str, key: str, *values: str) -> Curate:
    """Delete the ``[[header]]`` entries whose first key is ``key`` = each of ``values``."""
    def curate(claims: Path) -> None:
        for value in values:
            remove_entry(claims / file, header, key, value)
    return curate


def add(file: str, text: str) -> Curate:
    return lambda claims: append(claims / file, text)


def both(*steps: Curate) -> Curate:
    def curate(claims: Path) -> None:
        for step in steps:
            step(claims)
    return curate


def swap_claims(first: str, second: str, following: str) -> Curate:
    """Put the [[claims]] entry of ``second`` before that of ``first`` (``following`` comes after both)."""
    def curate(claims: Path) -> None:
        path = claims / TOML
        content = path.read_text(encoding="utf-8")
        a, b, end = (content.index(f'[[claims]]\nclaim_id = "{c}"') for c in (first, second, following))
        path.write_text(content[:a] + content[b:end] + content[a:b] + content[end:], encoding="utf-8")
    return curate


def clear_claims_of_annotated(claims: Path) -> None:
    """The annotated article without statements (and without the reviews of them)."""
    path = claims / DAM
    content = path.read_text(encoding="utf-8")
    path.write_text(content[:content.index("[[claims]]")], encoding="utf-8")
    (claims / DAM_REVIEWS).unlink()


def tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)


def review(claim: str, verdict: str, justification: str, extra: str = "") -> str:
    """A [[reviews]] entry to append, for claim ``C + claim``."""
    return (f'\n[[reviews]]\nclaim_id = "{C}{claim}"\nclaim_reviewed = "A fictional claim"\nverdict = "{verdict}"\n'
            f'{extra}justification = "{justification}"\nreviewed = 2026-11-24\n')


def evidence(claim: str, url: str) -> str:
    """An [[evidence]] entry to append, for claim ``C + claim``."""
    return (f'\n[[evidence]]\nevidence_id = "{C}{claim}-e1"\nclaim_id = "{C}{claim}"\nurl = "{url}"\n'
            'publisher = "Example Rankings"\nstance = "unrelated_but_relevant"\nsummary = "A fictional page."\n')


def value_of(tables: dict, table: str, row_id: str, column: str):
    frame = tables[table]
    return frame.loc[frame[schema.PRIMARY_KEYS[table]] == row_id, column].item()


def cells(*changes: tuple) -> Tamper:
    """Set cells: (table, row id, column, value), the value computed from the tables and texts if callable."""
    def tamper(tables: dict, texts: dict) -> None:
        for table, row_id, column, value in changes:
            if callable(value):
                value = value(tables, texts)
            frame = tables[table]
            if isinstance(frame[column].dtype, pd.CategoricalDtype):  # as an edited export holds it: any text
                frame[column] = frame[column].astype("str")
            frame.loc[frame[schema.PRIMARY_KEYS[table]] == row_id, column] = value
    return tamper


def shifted(table: str, row_id: str, column: str, by: int) -> Callable[[dict, dict], int]:
    """The cell's own value plus ``by``."""
    return lambda tables, texts: value_of(tables, table, row_id, column) + by


def frame(table: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Tamper:
    """Replace a whole table with ``change`` of it."""
    return lambda tables, texts: tables.__setitem__(table, change(tables[table]))


CORRUPTIONS = [
    # --- Loaded from the curated files ----------------------------------------------------------------------------
    Corruption("statement_in_article", "not-in-text", "claims", f"{C}009", "statement",
               edit_in(TOML, OPINION, 'statement = "It\'s the finest ferry on the coast."'),
               at=(TOML, "It's the finest")),
    Corruption("statements_in_order", "found-only-before-the-one-above", "claims", f"{C}002", "statement",
               swap_claims(f"{C}002", f"{C}003", f"{C}004")),
    Corruption("statements_do_not_overlap", "overlaps-the-one-above", "claims", f"{C}003", "statement",
               edit_in(TOML, 'statement = "most of which goes to the port authority."',
                       'statement = "9 euros, most of which goes to the port authority."')),
    Corruption("quantity_in_statement", "not-in-its-statement", "quantities", f"{C}006-q1", "text",
               edit_in(TOML, 'text = "two stages"', 'text = "240 passengers"')),
    Corruption("field_uniqueness", "claim-id-copied", "claims", f"{C}006", "claim_id",
               edit_in(TOML, f'claim_id = "{C}007"', f'claim_id = "{C}006"')),
    Corruption("field_uniqueness", "source-id-copied", "sources", "northport-courier", "source_id",
               edit_in(SOURCES, 'source_id = "coastal-wire"', 'source_id = "northport-courier"')),
    Corruption("field_uniqueness", "source-name-copied", "sources", "coastal-wire", "name",
               edit_in(SOURCES, 'name = "Coastal Wire"', 'name = "Northport Courier"')),
    Corruption("field_uniqueness", "second-review-of-a-claim", "reviews", f"{C}003", "claim_id",
               add(REVIEWS, review("003", "Not Enough Evidence", "We searched again. Nothing more was found.",
                                   'attribution_check = "not_found"\n'))),
    Corruption("field_uniqueness", "evidence-id-copied", "evidence", f"{C}001-e1", "evidence_id",
               edit_in(REVIEWS, f'evidence_id = "{C}001-e2"', f'evidence_id = "{C}001-e1"')),
    Corruption("claim_of_this_article", "review-in-another-articles-file", "reviews", f"{C}003", "claim_id",
               add(DAM_REVIEWS, review("003", "Supported", "The port says so. The timetable agrees.")),
               at=(DAM_REVIEWS, f'claim_id = "{C}003"')),
    Corruption("card_describes_the_articles", "lists-an-absent-article", "-", None, "articles",
               edit_in(CARD, 'articles = ["alder-dam-2025", "northport-ferry-2024"]',
                       'articles = ["alder-dam-2025", "northport-ferry-2024", "harbour-fire-2023"]')),
    Corruption("card_describes_the_articles", "omits-a-present-article", "-", None, "articles",
               edit_in(CARD, 'articles = ["alder-dam-2025", "northport-ferry-2024"]',
                       'articles = ["northport-ferry-2024"]')),

    # --- Articles and sources ---------------------------------------------------------------------------------------
    Corruption("text_matches_sha256", "text-edited", "articles", REVIEWED, "text_sha256",
               lambda claims: (claims / TEXT).write_bytes(
                   (claims / TEXT).read_bytes().replace(b"240 passengers", b"250 passengers")),
               at=(TOML, "text_sha256 =")),
    Corruption("str_matches", "articles.url", "articles", REVIEWED, "url",
               edit_in(TOML, 'url = "https://example.org/news/', 'url = "example.org/news/')),
    Corruption("str_matches", "articles.language", "articles", REVIEWED, "language",
               edit_in(TOML, 'language = "en"', 'language = "English"')),
    Corruption("str_matches", "articles.text_sha256", "articles", REVIEWED, "text_sha256",
               edit_in(TOML, 'text_sha256 = "ea835a2f', 'text_sha256 = "XX835a2f')),
    Corruption("isin", "articles.status", "articles", REVIEWED, "status",
               edit_in(TOML, 'status = "reviewed"', 'status = "finished"')),
    Corruption("foreign_key", "articles.publisher_id", "articles", REVIEWED, "publisher_id",
               edit_in(TOML, 'publisher_id = "example-gazette"', 'publisher_id = "example-gazete"')),
    Corruption("str_matches", "sources.country", "sources", "northport-courier", "country",
               edit_in(SOURCES, 'country = "XX"', 'country = "XX "')),
    Corruption("isin", "sources.kind", "sources", "coastal-wire", "kind",
               edit_in(SOURCES, 'kind = "news_agency"', 'kind = "wire"'), at=(SOURCES, 'kind = "wire"')),
    Corruption("source_is_referenced", "used-by-nothing", "sources", "unused-radio", "source_id",
               add(SOURCES, '\n[[sources]]\nsource_id = "unused-radio"\nname = "Unused Radio"\nkind = "broadcaster"\n'
                            'description = "Fictional; no article uses it."\n'),
               at=(SOURCES, 'source_id = "unused-radio"')),

    # --- Claims -----------------------------------------------------------------------------------------------------
    Corruption("str_matches", "claims.claim_id", "claims", f"{REVIEWED}-7", "claim_id",
               edit_in(TOML, f'claim_id = "{C}007"', f'claim_id = "{REVIEWED}-7"')),
    Corruption("claim_id_starts_with_article_id", "another-articles-id", "claims", "other-article-007", "claim_id",
               edit_in(TOML, f'claim_id = "{C}007"', 'claim_id = "other-article-007"')),
    Corruption("foreign_key", "claims.source_id", "claims", f"{C}002", "source_id",
               edit_in(TOML, 'source_id = "northport-courier"\nattribution = "explicit"',
                       'source_id = "northport-courrier"\nattribution = "explicit"'),
               at=(TOML, "northport-courrier")),
    Corruption("foreign_key", "claims.speaker_id", "claims", f"{C}004", "speaker_id",
               edit_in(TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "ana"')),
    Corruption("isin", "claims.claim_type", "claims", f"{C}009", "claim_type",
               edit_in(TOML, 'claim_type = "opinion"', 'claim_type = "comment"')),
    Corruption("isin", "claims.attribution", "claims", f"{C}008", "attribution",
               edit_in(TOML, 'source_id = "northport-harbour-office"\nattribution = "implicit"',
                       'source_id = "northport-harbour-office"\nattribution = "implied"')),
    Corruption("str_length", "empty-string-is-not-null", "claims", f"{C}005", "hedge",
               edit_in(TOML, 'hedge = "around"', 'hedge = ""')),
    Corruption("trimmed_line", "padded-with-spaces", "claims", f"{C}009", "claim",
               edit_in(TOML, OPINION_CLAIM, 'claim = " The Northport harbour ferry is the finest ferry on the coast."')),
    Corruption("trimmed_line", "ending-in-a-line-break", "claims", f"{C}009", "claim",
               edit_in(TOML, OPINION_CLAIM, 'claim = "The Northport harbour ferry is the finest ferry on the coast.\\n"')),
    Corruption("trimmed_line", "two-lines", "claims", f"{C}009", "claim",
               edit_in(TOML, OPINION_CLAIM, 'claim = "The Northport harbour ferry is\\nthe finest ferry on the coast."')),
    Corruption("trimmed_line", "statement-across-two-paragraphs", "claims", f"{C}001", "statement",
               both(remove(TOML, "claims", "claim_id", f"{C}002", f"{C}003"),
                    edit_in(TOML, 'carrying 240 passengers to Gull Island."\nclaim = "The',
                            'carrying 240 passengers to Gull Island.\\nAccording to the Northport Courier, a return '
                            'ticket costs about 9 euros, most of which goes to the port authority."\nclaim = "The'))),
    Corruption("explicit_attribution_has_cue", "explicit-without-cue", "claims", f"{C}007", "cue",
               edit_in(TOML, 'cue = "states that"\n', "")),
    Corruption("cue_is_in_statement", "words-not-in-statement", "claims", f"{C}007", "cue",
               edit_in(TOML, 'cue = "states that"', 'cue = "claims that"')),
    Corruption("cue_is_in_statement", "parts-out-of-order", "claims", f"{C}004", "cue",
               edit_in(TOML, 'cue = "said … as reported by"', 'cue = "as reported by … said"')),
    Corruption("hedge_is_in_statement", "words-not-in-statement", "claims", f"{C}005", "hedge",
               edit_in(TOML, 'hedge = "around"', 'hedge = "always"')),
    Corruption("hedge_is_in_statement", "parts-out-of-order", "claims", f"{C}005", "hedge",
               edit_in(TOML, 'hedge = "around"', 'hedge = "hour … around"')),
    Corruption("not_a_claim_is_not_checkworthy", "not_a_claim", "claims", f"{C}010", "checkworthy",
               edit_in(TOML, 'claim_type = "not_a_claim"\ncheckworthy = false',
                       'claim_type = "not_a_claim"\ncheckworthy = true')),
    Corruption("not_a_claim_is_not_checkworthy", "opinion", "claims", f"{C}009", "checkworthy",
               edit_in(TOML, 'claim_type = "opinion"\ncheckworthy = false', 'claim_type = "opinion"\ncheckworthy = true')),
    Corruption("unattributed_has_no_speaker_or_cue", "cue", "claims", f"{C}007", "speaker_id",
               edit_in(TOML, 'attribution = "explicit"\ncue = "states that"', 'attribution = "none"\ncue = "states that"')),
    Corruption("unattributed_has_no_speaker_or_cue", "speaker", "claims", f"{C}004", "speaker_id",
               edit_in(TOML, 'source_id = "coastal-wire"\nspeaker_id = "ana-ruiz"\nattribution = "explicit"\n'
                             'cue = "said … as reported by"',
                       'source_id = "example-gazette"\nspeaker_id = "ana-ruiz"\nattribution = "none"')),
    Corruption("unattributed_is_publisher", "another-source", "claims", f"{C}007", "source_id",
               edit_in(TOML, 'attribution = "explicit"\ncue = "states that"', 'attribution = "none"')),
    Corruption("attributed_is_not_publisher", "implicit", "claims", f"{C}008", "source_id",
               edit_in(TOML, 'source_id = "northport-harbour-office"\nattribution = "implicit"',
                       'source_id = "example-gazette"\nattribution = "implicit"')),
    Corruption("attributed_is_not_publisher", "explicit", "claims", f"{C}002", "source_id",
               edit_in(TOML, 'source_id = "northport-courier"\nattribution = "explicit"',
                       'source_id = "example-gazette"\nattribution = "explicit"')),
    Corruption("speaker_is_a_person", "an-organisation", "claims", f"{C}004", "speaker_id",
               edit_in(TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "northport-courier"')),
    Corruption("speaker_is_not_the_source", "same-as-source", "claims", f"{C}004", "speaker_id",
               edit_in(TOML, 'speaker_id = "ana-ruiz"', 'speaker_id = "coastal-wire"')),
    Corruption("statements_tile_article", "text-before-the-first", "claims", f"{C}002", "statement",
               remove(TOML, "claims", "claim_id", f"{C}001")),
    Corruption("statements_tile_article", "gap-between-two", "claims", f"{C}005", "statement",
               remove(TOML, "claims", "claim_id", f"{C}006")),
    Corruption("last_statement_reaches_end", "text-after-the-last", "claims", f"{C}009", "statement",
               remove(TOML, "claims", "claim_id", f"{C}010")),
    Corruption("article_has_statements", "no-statements", "articles", ANNOTATED, "n_chars", clear_claims_of_annotated),

    # --- Quantities -------------------------------------------------------------------------------------------------
    Corruption("value_is_written_in_text", "digits", "quantities", PLAIN_QUANTITY, "value",
               edit_in(TOML, "value = 240", "value = 250"), at=(TOML, "value = 250")),
    Corruption("value_is_written_in_text", "number-word", "quantities", f"{C}006-q1", "value",
               edit_in(TOML, "value = 2\n", "value = 3\n")),
    Corruption("physical_unit_is_standard", "upper-case", "quantities", QUANTITY, "unit",
               edit_in(TOML, 'unit = "mph"', 'unit = "MPH"'), at=(TOML, 'unit = "MPH"')),
    Corruption("physical_unit_is_standard", "spelled-out", "quantities", QUANTITY, "unit",
               edit_in(TOML, 'unit = "mph"', 'unit = "miles per hour"')),
    Corruption("physical_unit_is_standard", "with-dots", "quantities", QUANTITY, "unit",
               edit_in(TOML, 'unit = "mph"', 'unit = "m.p.h."')),
    Corruption("physical_unit_is_standard", "plural", "quantities", f"{ANNOTATED}-003-q1", "unit",
               edit_in(DAM, 'unit = "km"', 'unit = "kilometres"')),

    # --- Reviews ----------------------------------------------------------------------------------------------------
    Corruption("checkworthy_claim_is_reviewed", "reviewed-article-without-the-review", "claims", f"{C}005",
               "checkworthy", both(remove(REVIEWS, "reviews", "claim_id", f"{C}005"),
                                   remove(REVIEWS, "evidence", "evidence_id", f"{C}005-e1"))),
    Corruption("reviewed_article_has_no_drafted_claim", "drafted-claim-in-reviewed-article", "claims", f"{C}004",
               "drafted", edit_in(TOML, f'claim_id = "{C}004"\n', f'claim_id = "{C}004"\ndrafted = true\n'),
               at=(TOML, "drafted = true")),
    Corruption("reviewed_article_cites_no_drafted_source", "drafted-source-cited-by-reviewed-article", "sources",
               "coastal-wire", "drafted",
               edit_in(SOURCES, 'source_id = "coastal-wire"\n', 'source_id = "coastal-wire"\ndrafted = true\n'),
               at=(SOURCES, "drafted = true")),
    Corruption("review_is_for_checkworthy_claim", "opinion-reviewed", "reviews", f"{C}009", "claim_id",
               add(REVIEWS, review("009", "Not Enough Evidence", "We searched for a ranking of ferries. None exists."))),
    Corruption("foreign_key", "reviews.claim_id", "reviews", f"{C}099", "claim_id",
               edit_in(REVIEWS, f'claim_id = "{C}003"\nclaim_reviewed', f'claim_id = "{C}099"\nclaim_reviewed')),
    Corruption("isin", "reviews.verdict", "reviews", f"{C}002", "verdict",
               edit_in(REVIEWS, 'verdict = "Refuted"', 'verdict = "False"'), at=(REVIEWS, 'verdict = "False"')),
    Corruption("isin", "reviews.attribution_check", "reviews", f"{C}003", "attribution_check",
               edit_in(REVIEWS, 'attribution_check = "not_found"', 'attribution_check = "missing"')),
    Corruption("str_length", "too-long", "reviews", f"{C}005", "claim_reviewed",
               edit_in(REVIEWS, 'claim_reviewed = "The Northport ferry travels at around 30 mph"',
                       'claim_reviewed = "' + "The Northport ferry travels at around 30 mph " * 2 + 'indeed"')),
    Corruption("verdict_backed_by_evidence", "supported-without-supporting-evidence", "reviews", f"{C}004", "verdict",
               edit_in(REVIEWS, 'verdict = "Conflicting Evidence/Cherrypicking"', 'verdict = "Supported"')),
    Corruption("verdict_backed_by_evidence", "refuted-without-refuting-evidence", "reviews", f"{C}001", "verdict",
               edit_in(REVIEWS, 'carried 240 passengers"\nverdict = "Supported"',
                       'carried 240 passengers"\nverdict = "Refuted"')),
    Corruption("not_enough_evidence_says_what_was_searched", "no-searched", "reviews", f"{C}003", "justification",
               edit_in(REVIEWS, "We searched the port's notices", "We read the port's notices")),
    Corruption("justification_has_two_to_four_sentences", "one-sentence", "reviews", f"{C}007", "justification",
               edit_in(REVIEWS, f'justification = "The harbour office\'s notice gives a crossing time of 25 minutes '
                                f'({C}007-e1). The timetable agrees."',
                       f'justification = "The harbour office gives 25 minutes ({C}007-e1)."')),
    Corruption("justification_has_two_to_four_sentences", "five-sentences", "reviews", f"{C}007", "justification",
               edit_in(REVIEWS, "The timetable agrees.", "The timetable agrees. So does the port. So do we. Again.")),
    Corruption("justification_cites_own_evidence", "cites-another-claims-evidence", "reviews", f"{C}001",
               "justification", edit_in(REVIEWS, f"on the first crossing ({C}001-e1)",
                                        f"on the first crossing ({C}002-e1)")),
    Corruption("justification_cites_own_evidence", "cites-an-unknown-id", "reviews", f"{C}001", "justification",
               edit_in(REVIEWS, f"on the first crossing ({C}001-e1)", f"on the first crossing ({C}001-e9)")),
    Corruption("justification_cites_own_evidence", "cites-nothing-without-not-enough-evidence", "reviews", f"{C}007",
               "justification", edit_in(REVIEWS, f"a crossing time of 25 minutes ({C}007-e1).",
                                        "a crossing time of 25 minutes.")),
    Corruption("correction_only_for_refuted_or_conflicting", "supported", "reviews", f"{C}005", "corrected_claim",
               edit_in(REVIEWS, 'around 30 mph"\nverdict = "Supported"',
                       'around 30 mph"\nverdict = "Supported"\ncorrected_claim = "Something else."')),
    Corruption("correction_only_for_refuted_or_conflicting", "not-enough-evidence", "reviews", f"{C}003",
               "corrected_claim", edit_in(REVIEWS, 'verdict = "Not Enough Evidence"',
                                          'verdict = "Not Enough Evidence"\ncorrected_claim = "Something else."')),
    Corruption("attribution_checked_for_attributed_claims", "missing-for-an-attributed-claim", "reviews", f"{C}003",
               "attribution_check", edit_in(REVIEWS, 'attribution_check = "not_found"\n', "")),
    Corruption("attribution_checked_for_attributed_claims", "set-for-the-publishers-own", "reviews", f"{C}005",
               "attribution_check", edit_in(REVIEWS, 'around 30 mph"\nverdict = "Supported"',
                                            'around 30 mph"\nverdict = "Supported"\nattribution_check = "confirmed"')),
    Corruption("unconfirmed_attribution_reviewed_as_the_publishers", "not-found-as-the-sources-own", "reviews",
               f"{C}003", "claim_reviewed", edit_in(REVIEWS, "Example Gazette, citing the Courier: most",
                                                    "Northport Courier: most")),
    Corruption("review_is_not_in_the_future", "dated-tomorrow", "reviews", f"{ANNOTATED}-001", "reviewed",
               lambda claims: edit(claims / DAM_REVIEWS, "reviewed = 2026-11-21", f"reviewed = {tomorrow()}"),
               at=(DAM_REVIEWS, "reviewed = 20")),

    # --- Evidence ---------------------------------------------------------------------------------------------------
    Corruption("evidence_is_other_coverage", "the-article-itself", "evidence", f"{C}005-e1", "url",
               edit_in(REVIEWS, 'url = "https://example.org/builder/ferry-data"',
                       'url = "https://example.org/news/northport-ferry"')),
    Corruption("evidence_claim_is_reviewed", "claim-without-review", "evidence", f"{C}009-e1", "claim_id",
               add(REVIEWS, evidence("009", "https://example.org/ranking"))),
    Corruption("foreign_key", "evidence.claim_id", "evidence", f"{C}099-e1", "claim_id",
               add(REVIEWS, evidence("099", "https://example.org/x"))),
    Corruption("evidence_id_starts_with_claim_id", "another-claims-id", "evidence", f"{C}002-e9", "evidence_id",
               edit_in(REVIEWS, f'evidence_id = "{C}001-e1"', f'evidence_id = "{C}002-e9"')),
    Corruption("str_matches", "evidence.evidence_id", "evidence", f"{C}001-1", "evidence_id",
               edit_in(REVIEWS, f'evidence_id = "{C}001-e1"', f'evidence_id = "{C}001-1"')),
    Corruption("str_matches", "evidence.url", "evidence", f"{C}001-e2", "url",
               edit_in(REVIEWS, 'url = "https://example.org/island/preparations"',
                       'url = "example.org/island/preparations"')),
    Corruption("isin", "evidence.stance", "evidence", f"{C}001-e2", "stance",
               edit_in(REVIEWS, 'stance = "unrelated_but_relevant"', 'stance = "neutral"')),
    Corruption("summary_is_short", "over-40-words", "evidence", f"{C}005-e1", "summary",
               edit_in(REVIEWS, 'summary = "The data sheet gives a service speed of 48 km/h."',
                       'summary = "' + "The data sheet describes the ferry at length " * 6 + 'indeed."')),
    Corruption("quote_is_short", "over-20-words", "evidence", f"{C}002-e1", "quote",
               edit_in(REVIEWS, 'quote = "Return: 15 euros"', 'quote = "' + "word " * 25 + 'end"')),
    Corruption("evidence_predates_its_review", "published-after-the-review", "evidence", f"{C}001-e1", "published",
               edit_in(REVIEWS, "published = 2024-05-07", "published = 2026-11-21"),
               at=(REVIEWS, "published = 2026-11-21")),

    # --- Built tables: the columns the build computes, as an export edited by hand (or a faulty build) holds them --
    Corruption("n_chars_matches_text", "not-the-texts-length", "articles", REVIEWED, "n_chars",
               tamper=cells(("articles", REVIEWED, "n_chars", shifted("articles", REVIEWED, "n_chars", 1)))),
    Corruption("publisher_name_matches_source", "another-name", "articles", REVIEWED, "publisher",
               tamper=cells(("articles", REVIEWED, "publisher", "Example Gazete"))),
    Corruption("source_name_matches_source", "another-name", "claims", f"{C}005", "source",
               tamper=cells(("claims", f"{C}005", "source", "Example Gazete"))),
    Corruption("statement_matches_text", "not-the-span", "claims", f"{C}005", "statement",
               tamper=cells(("claims", f"{C}005", "statement", "The ferry travels at around 40 miles per hour"))),
    Corruption("statement_matches_text", "empty-span", "claims", f"{C}005", "statement",
               tamper=cells(("claims", f"{C}005", "char_end", lambda tables, texts: value_of(
                   tables, "claims", f"{C}005", "char_start")))),
    Corruption("span_within_article", "past-the-end", "claims", f"{C}010", "char_end",
               tamper=cells(("claims", f"{C}010", "char_end", lambda tables, texts: len(texts[REVIEWED]) + 10))),
    Corruption("paragraph_matches_text", "another-paragraph", "claims", f"{C}005", "paragraph",
               tamper=cells(("claims", f"{C}005", "paragraph", 4))),
    Corruption("seq_is_contiguous", "out-of-text-order", "claims", f"{C}005", "seq",
               tamper=cells(("claims", f"{C}005", "seq", 6))),
    Corruption("statements_tile_article", "overlap", "claims", f"{C}002", "statement",
               tamper=cells(("claims", f"{C}003", "char_start", shifted("claims", f"{C}002", "char_start", 10)))),
    Corruption("greater_than_or_equal_to", "negative-offset", "claims", f"{C}005", "char_start",
               tamper=cells(("claims", f"{C}005", "char_start", -1))),
    Corruption("foreign_key", "claims.article_id", "claims", f"{C}005", "article_id",
               tamper=cells(("claims", f"{C}005", "article_id", "other-article"))),
    Corruption("not_nullable", "required-text-missing", "claims", f"{C}005", "claim",
               tamper=cells(("claims", f"{C}005", "claim", None))),
    Corruption("isin", "claims.review_status", "claims", f"{C}005", "review_status",
               tamper=cells(("claims", f"{C}005", "review_status", "pending"))),
    Corruption("review_status_matches_reviews", "reviewed-as-not-yet", "claims", f"{C}005", "review_status",
               tamper=cells(("claims", f"{C}005", "review_status", "not_yet_reviewed"))),
    Corruption("review_status_matches_reviews", "unreviewed-as-reviewed", "claims", f"{ANNOTATED}-002",
               "review_status", tamper=cells(("claims", f"{ANNOTATED}-002", "review_status", "reviewed"))),
    Corruption("review_status_matches_reviews", "not-checkworthy-as-not-yet", "claims", f"{C}009", "review_status",
               tamper=cells(("claims", f"{C}009", "review_status", "not_yet_reviewed"))),
    Corruption("dtype", "float-for-int32", "claims", None, "seq",
               tamper=frame("claims", lambda claims: claims.assign(seq=claims["seq"].astype("float64")))),
    Corruption("column_in_schema", "unknown-column", "claims", None, None,
               tamper=frame("claims", lambda claims: claims.assign(notes="x"))),
    Corruption("column_in_dataframe", "column-missing", "claims", None, None,
               tamper=frame("claims", lambda claims: claims.drop(columns=["claim"]))),
    Corruption("column_ordered", "columns-reordered", "claims", None, None,
               tamper=frame("claims", lambda claims: claims[list(reversed(claims.columns))])),
    Corruption("span_fits_text", "shorter-than-text", "quantities", QUANTITY, "char_end",
               tamper=cells(("quantities", QUANTITY, "char_end", shifted("quantities", QUANTITY, "char_end", -1)))),
    Corruption("span_fits_text", "empty-span", "quantities", QUANTITY, "char_end",
               tamper=cells(("quantities", QUANTITY, "char_end", lambda tables, texts: value_of(
                   tables, "quantities", QUANTITY, "char_start")))),
    Corruption("quantity_matches_text", "not-the-span", "quantities", QUANTITY, "text",
               tamper=cells(("quantities", QUANTITY, "text", "around 30 miles per hoUr"))),
    Corruption("quantity_within_statement", "starts-before-its-statement", "quantities", QUANTITY, "char_start",
               tamper=cells(("quantities", QUANTITY, "char_start", 0),
                            ("quantities", QUANTITY, "char_end", len("around 30 miles per hour")))),
    Corruption("quantity_within_statement", "ends-after-its-statement", "quantities", QUANTITY, "char_start",
               tamper=cells(("quantities", QUANTITY, "char_start", shifted("claims", f"{C}005", "char_end", -3)),
                            ("quantities", QUANTITY, "char_end",
                             shifted("claims", f"{C}005", "char_end", len("around 30 miles per hour") - 3)))),
    Corruption("quantity_id_starts_with_claim_id", "another-claims-id", "quantities", f"{C}004-q1", "quantity_id",
               tamper=cells(("quantities", QUANTITY, "quantity_id", f"{C}004-q1"))),
    Corruption("str_matches", "quantities.quantity_id", "quantities", f"{C}005-x1", "quantity_id",
               tamper=cells(("quantities", QUANTITY, "quantity_id", f"{C}005-x1"))),
    Corruption("field_uniqueness", "quantity-id-copied", "quantities", QUANTITY, "quantity_id",
               tamper=cells(("quantities", PLAIN_QUANTITY, "quantity_id", QUANTITY))),
    Corruption("foreign_key", "quantities.claim_id", "quantities", f"{C}099-q1", "claim_id",
               tamper=cells(("quantities", QUANTITY, "claim_id", f"{C}099"),
                            ("quantities", QUANTITY, "quantity_id", f"{C}099-q1"))),
    Corruption("normalized_value_has_unit", "value-without-unit", "quantities", PLAIN_QUANTITY, "value_normalized",
               tamper=cells(("quantities", PLAIN_QUANTITY, "value_normalized", 240.0))),
    Corruption("normalized_value_has_unit", "unit-without-value", "quantities", PLAIN_QUANTITY, "value_normalized",
               tamper=cells(("quantities", PLAIN_QUANTITY, "unit_normalized", "km/h"))),
]


def rule_name(problem: Problem) -> str:
    """The name a problem's rule starts with: "foreign_key (…)", "str_matches('…')", "dtype('Int32')"."""
    return re.match(r"\w*", problem.rule).group()


def registered() -> set[str]:
    """Every rule name a problem about the data can carry (see the module's docstring)."""
    names = set(schema.RULES) | ({"foreign_key"} if schema.FOREIGN_KEYS else set())
    for model in schema.MODELS.values():
        table = model.to_schema()
        names |= {"dtype", "column_in_dataframe"}  # every column has a dtype, and is required
        names |= {"column_in_schema"} if table.strict else set()
        names |= {"column_ordered"} if table.ordered else set()
        for column in table.columns.values():
            names |= {check.name for check in column.checks}
            names |= {"field_uniqueness"} if column.unique else set()
            names |= {"not_nullable"} if not column.nullable else set()
        names |= {"isin"} if schema.closed_sets(model.Config.name) else set()
    return names | load_rules()


def load_rules() -> set[str]:
    """The named rules the loader and the foreign keys report: each "name (why)" in their source."""
    source = "".join((ROOT / "pipeline" / name).read_text(encoding="utf-8") for name in ("load.py", "rules.py"))
    return set(re.findall(r'"([a-z]+(?:_[a-z0-9]+)+) \(', source))


def problems_of(corruption: Corruption, tmp_path: Path, built: pipeline.Build) -> list[Problem]:
    if corruption.curate is not None:
        claims = Path(shutil.copytree(FIXTURES / "claims", tmp_path / "claims"))
        corruption.curate(claims)
        return pipeline.build(claims).problems
    tables = {name: table.copy() for name, table in built.tables.items()}
    corruption.tamper(tables, built.texts)
    return validation.validate(tables, built.texts)[1]


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=lambda corruption: corruption.id)
def test_rule_rejects_its_corruption(corruption, tmp_path, fixture_build):
    found = problems_of(corruption, tmp_path, fixture_build)
    own = [p for p in found if rule_name(p) == corruption.rule
           and (p.table, p.row_id, p.column) == (corruption.table, corruption.row, corruption.column)]
    assert own, (f"{corruption.rule} did not report table {corruption.table}, row {corruption.row}, column "
                 f"{corruption.column}; the problems were:\n" + "\n".join(map(str, found)))
    if corruption.at is not None:
        file, text = corruption.at
        claims = tmp_path / "claims"
        assert f"claims/{file}:{line_of(claims / file, text)}" in {p.where for p in own}


def test_every_rule_has_a_corruption():
    """A rule added without a corruption that shows it firing fails here; so does a corruption of a deleted rule."""
    assert rules.RELATIONS and load_rules() >= {"statement_in_article", "foreign_key"}  # the scans found something
    corrupted = {corruption.rule for corruption in CORRUPTIONS}
    assert sorted(registered() - corrupted) == [], "rules without a corruption"
    assert sorted(corrupted - registered()) == [], "corruptions of rules that no longer exist"


def test_each_corruption_is_named_once():
    ids = [corruption.id for corruption in CORRUPTIONS]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_each_corruption_edits_either_the_curated_files_or_the_tables():
    """Each corruption is either of the curated files or of the built tables, never both or neither."""
    assert all((c.curate is None) != (c.tamper is None) for c in CORRUPTIONS)
