"""Corruption suite, evidence and reviews: dates, and where a review's problem points.

Every test corrupts one thing in a copy of the fixture corpus; most in the reviews of its reviewed article,
whose claims cover every verdict. That each rule on evidence and reviews rejects the data it exists for is shown,
clause by clause, by the registry in tests/test_rules_fire.py.
"""

from __future__ import annotations

import datetime

import pipeline
from conftest import ANNOTATED, REVIEWED, edit, line_of, problems, rejected, remove_entry

REVIEWS = f"{REVIEWED}.reviews.toml"
C = f"{REVIEWED}-"  # claim id prefix


def test_checkworthy_claim_without_review_names_its_checkworthy_line(claims):
    remove_entry(claims / REVIEWS, "reviews", "claim_id", f"{C}005")
    remove_entry(claims / REVIEWS, "evidence", "evidence_id", f"{C}005-e1")
    lines = (claims / f"{REVIEWED}.toml").read_text().splitlines()
    entry = line_of(claims / f"{REVIEWED}.toml", f'claim_id = "{C}005"')
    line = next(n for n in range(entry, len(lines) + 1) if lines[n - 1].startswith("checkworthy ="))
    assert rejected(problems(claims), f"claims/{REVIEWED}.toml:{line}:", f"row {C}005,", "column checkworthy",
                    "checkworthy_claim_is_reviewed")


def test_published_must_be_a_date_not_text(claims):
    edit(claims / REVIEWS, "published = 2024-05-07", 'published = "7 May 2024"')
    assert rejected(problems(claims), f"row {C}001-e1,", "column published", "wrong type (expected date)")


def test_reviewed_must_be_a_date_not_text(claims):
    content = (claims / REVIEWS).read_text()
    (claims / REVIEWS).write_text(content.replace("reviewed = 2026-11-20", 'reviewed = "last week"', 1))
    assert rejected(problems(claims), f"row {C}001,", "column reviewed", "wrong type (expected date)")


def test_impossible_date_is_rejected(claims):
    edit(claims / REVIEWS, "published = 2024-05-07", "published = 2024-02-30")
    line = line_of(claims / REVIEWS, "2024-02-30")
    assert rejected(problems(claims), f"claims/{REVIEWS}:{line}", "TOML syntax error")


def test_review_dated_today_is_accepted(claims):
    edit(claims / f"{ANNOTATED}.reviews.toml", "reviewed = 2026-11-21", f"reviewed = {datetime.date.today()}")
    assert problems(claims) == []


def test_review_dated_tomorrow_names_its_line(claims):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    path = claims / f"{ANNOTATED}.reviews.toml"
    edit(path, "reviewed = 2026-11-21", f"reviewed = {tomorrow}")
    assert rejected(problems(claims), f"claims/{ANNOTATED}.reviews.toml:{line_of(path, f'= {tomorrow}')}:",
                    f"row {ANNOTATED}-001,", "column reviewed", "review_is_not_in_the_future", repr(tomorrow))


def test_evidence_published_on_its_review_day_is_accepted(claims):
    edit(claims / REVIEWS, "published = 2024-05-07", "published = 2026-11-20")
    assert problems(claims) == []


def test_evidence_published_after_its_review_names_its_line(claims):
    edit(claims / REVIEWS, "published = 2024-05-07", "published = 2026-11-21")
    found = [p for p in pipeline.build(claims).problems if p.rule.startswith("evidence_predates_its_review")]
    assert [(p.where, p.row_id, p.column, p.value) for p in found] == [
        (f"claims/{REVIEWS}:{line_of(claims / REVIEWS, 'published = 2026-11-21')}", f"{C}001-e1", "published",
         datetime.date(2026, 11, 21))]
