"""Corruption suite, evidence and reviews: each rule rejects the bad review data it exists for.

Every test corrupts one thing in a copy of the fixture corpus; most in the
reviews of its reviewed article, whose claims cover every verdict.
"""

from __future__ import annotations

from conftest import REVIEWED, append, edit, line_of, problems, rejected, remove_entry

REVIEWS = f"{REVIEWED}.reviews.toml"
C = f"{REVIEWED}-"  # claim id prefix


def review(claim: str, verdict: str, justification: str, extra: str = "") -> str:
    """A [[reviews]] entry to append, for claim ``C + claim``."""
    return (f'\n[[reviews]]\nclaim_id = "{C}{claim}"\nclaim_reviewed = "A fictional claim"\nverdict = "{verdict}"\n'
            f'{extra}justification = "{justification}"\nreviewed = 2026-11-24\n')


def test_checkworthy_claim_without_review(claims):
    remove_entry(claims / REVIEWS, "reviews", "claim_id", f"{C}005")
    remove_entry(claims / REVIEWS, "evidence", "evidence_id", f"{C}005-e1")
    lines = (claims / f"{REVIEWED}.toml").read_text().splitlines()
    entry = line_of(claims / f"{REVIEWED}.toml", f'claim_id = "{C}005"')
    line = next(n for n in range(entry, len(lines) + 1) if lines[n - 1].startswith("checkworthy ="))
    assert rejected(problems(claims), f"claims/{REVIEWED}.toml:{line}:", f"row {C}005,", "column checkworthy",
                    "checkworthy_claim_is_reviewed")


def test_review_of_a_claim_that_is_not_checkworthy(claims):
    append(claims / REVIEWS, review("009", "Not Enough Evidence", "We searched for a ranking of ferries. None exists."))
    assert rejected(problems(claims), f"row {C}009,", "column claim_id", "review_is_for_checkworthy_claim")


def test_duplicate_review(claims):
    append(claims / REVIEWS, review("003", "Not Enough Evidence", "We searched again. Nothing more was found.",
                                    'attribution_check = "not_found"\n'))
    assert rejected(problems(claims), "table reviews", f"row {C}003,", "column claim_id", "unique")


def test_review_of_unknown_claim(claims):
    edit(claims / REVIEWS, f'claim_id = "{C}003"\nclaim_reviewed', f'claim_id = "{C}099"\nclaim_reviewed')
    assert rejected(problems(claims), f"row {C}099,", "column claim_id", "foreign_key")


def test_supported_verdict_without_supporting_evidence(claims):
    edit(claims / REVIEWS, 'verdict = "Conflicting Evidence/Cherrypicking"', 'verdict = "Supported"')
    assert rejected(problems(claims), f"row {C}004,", "column verdict", "verdict_backed_by_evidence")


def test_refuted_verdict_without_refuting_evidence(claims):
    edit(claims / REVIEWS, 'carried 240 passengers"\nverdict = "Supported"', 'carried 240 passengers"\nverdict = "Refuted"')
    assert rejected(problems(claims), f"row {C}001,", "column verdict", "verdict_backed_by_evidence")


def test_not_enough_evidence_must_say_what_was_searched(claims):
    edit(claims / REVIEWS, "We searched the port's notices", "We read the port's notices")
    assert rejected(problems(claims), f"row {C}003,", "column justification",
                    "not_enough_evidence_says_what_was_searched")


def test_justification_with_one_sentence(claims):
    edit(claims / REVIEWS, f'justification = "The harbour office\'s notice gives a crossing time of 25 minutes '
         f'({C}007-e1). The timetable agrees."', f'justification = "The harbour office gives 25 minutes ({C}007-e1)."')
    assert rejected(problems(claims), f"row {C}007,", "column justification", "justification_has_two_to_four_sentences")


def test_justification_with_five_sentences(claims):
    edit(claims / REVIEWS, "The timetable agrees.", "The timetable agrees. So does the port. So do we. Again.")
    assert rejected(problems(claims), f"row {C}007,", "column justification", "justification_has_two_to_four_sentences")


def test_justification_citing_another_claims_evidence(claims):
    edit(claims / REVIEWS, f"on the first crossing ({C}001-e1)", f"on the first crossing ({C}002-e1)")
    assert rejected(problems(claims), f"row {C}001,", "column justification", "justification_cites_own_evidence")


def test_justification_citing_no_evidence(claims):
    edit(claims / REVIEWS, f"a crossing time of 25 minutes ({C}007-e1).", "a crossing time of 25 minutes.")
    assert rejected(problems(claims), f"row {C}007,", "column justification", "justification_cites_own_evidence")


def test_correction_on_a_supported_verdict(claims):
    edit(claims / REVIEWS, 'around 30 mph"\nverdict = "Supported"',
         'around 30 mph"\nverdict = "Supported"\ncorrected_claim = "Something else."')
    assert rejected(problems(claims), f"row {C}005,", "column corrected_claim",
                    "correction_only_for_refuted_or_conflicting")


def test_attribution_check_missing_for_attributed_claim(claims):
    edit(claims / REVIEWS, 'attribution_check = "not_found"\n', "")
    assert rejected(problems(claims), f"row {C}003,", "column attribution_check",
                    "attribution_checked_for_attributed_claims")


def test_attribution_check_on_publishers_own_claim(claims):
    edit(claims / REVIEWS, 'around 30 mph"\nverdict = "Supported"',
         'around 30 mph"\nverdict = "Supported"\nattribution_check = "confirmed"')
    assert rejected(problems(claims), f"row {C}005,", "column attribution_check",
                    "attribution_checked_for_attributed_claims")


def test_bad_verdict_label(claims):
    edit(claims / REVIEWS, 'verdict = "Refuted"', 'verdict = "False"')
    line = line_of(claims / REVIEWS, 'verdict = "False"')
    assert rejected(problems(claims), f"claims/{REVIEWS}:{line}:", f"row {C}002,", "column verdict", "isin", "'False'")


def test_bad_attribution_check_label(claims):
    edit(claims / REVIEWS, 'attribution_check = "not_found"', 'attribution_check = "missing"')
    assert rejected(problems(claims), f"row {C}003,", "column attribution_check", "isin", "'missing'")


def test_claim_reviewed_too_long(claims):
    edit(claims / REVIEWS, 'claim_reviewed = "The Northport ferry travels at around 30 mph"',
         'claim_reviewed = "' + "The Northport ferry travels at around 30 mph " * 2 + 'indeed"')
    assert rejected(problems(claims), f"row {C}005,", "column claim_reviewed", "str_length")


def test_evidence_from_the_article_itself(claims):
    edit(claims / REVIEWS, 'url = "https://example.org/builder/ferry-data"',
         'url = "https://example.org/news/northport-ferry"')
    assert rejected(problems(claims), f"row {C}005-e1,", "column url", "evidence_is_other_coverage")


def test_evidence_for_an_unreviewed_claim(claims):
    append(claims / REVIEWS, f'\n[[evidence]]\nevidence_id = "{C}009-e1"\nclaim_id = "{C}009"\n'
           'url = "https://example.org/ranking"\npublisher = "Example Rankings"\nstance = "unrelated_but_relevant"\n'
           'summary = "A fictional ranking page."\n')
    assert rejected(problems(claims), f"row {C}009-e1,", "column claim_id", "evidence_claim_is_reviewed")


def test_evidence_of_unknown_claim(claims):
    append(claims / REVIEWS, f'\n[[evidence]]\nevidence_id = "{C}099-e1"\nclaim_id = "{C}099"\n'
           'url = "https://example.org/x"\npublisher = "Example"\nstance = "supports"\nsummary = "Nothing."\n')
    assert rejected(problems(claims), f"row {C}099-e1,", "column claim_id", "foreign_key")


def test_evidence_id_of_another_claim(claims):
    edit(claims / REVIEWS, f'evidence_id = "{C}001-e1"', f'evidence_id = "{C}002-e9"')
    assert rejected(problems(claims), f"row {C}002-e9,", "column evidence_id", "evidence_id_starts_with_claim_id")


def test_evidence_id_pattern(claims):
    edit(claims / REVIEWS, f'evidence_id = "{C}001-e1"', f'evidence_id = "{C}001-1"')
    assert rejected(problems(claims), f"row {C}001-1,", "column evidence_id", "str_matches")


def test_duplicate_evidence_id(claims):
    edit(claims / REVIEWS, f'evidence_id = "{C}001-e2"', f'evidence_id = "{C}001-e1"')
    assert rejected(problems(claims), f"row {C}001-e1,", "column evidence_id", "unique")


def test_evidence_url_must_be_absolute_http(claims):
    edit(claims / REVIEWS, 'url = "https://example.org/island/preparations"', 'url = "example.org/island/preparations"')
    assert rejected(problems(claims), f"row {C}001-e2,", "column url", "str_matches")


def test_bad_stance(claims):
    edit(claims / REVIEWS, 'stance = "unrelated_but_relevant"', 'stance = "neutral"')
    assert rejected(problems(claims), f"row {C}001-e2,", "column stance", "isin", "'neutral'")


def test_summary_too_long(claims):
    edit(claims / REVIEWS, 'summary = "The data sheet gives a service speed of 48 km/h."',
         'summary = "' + "The data sheet describes the ferry at length " * 6 + 'indeed."')
    assert rejected(problems(claims), f"row {C}005-e1,", "column summary", "summary_is_short")


def test_quote_too_long(claims):
    edit(claims / REVIEWS, 'quote = "Return: 15 euros"', 'quote = "' + "word " * 25 + 'end"')
    assert rejected(problems(claims), f"row {C}002-e1,", "column quote", "quote_is_short")


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
