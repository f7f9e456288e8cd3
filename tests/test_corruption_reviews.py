"""Corruption suite, evidence and reviews: each rule rejects the bad review data it exists for."""

from __future__ import annotations

from conftest import ARTICLE, edit, problems, rejected

REVIEWS = f"{ARTICLE}.reviews.toml"
C = f"{ARTICLE}-"  # claim id prefix



def remove_review(path, claim: str) -> None:
    """Delete one [[reviews]] entry (up to the next header)."""
    content = path.read_text()
    start = content.index(f'[[reviews]]\nclaim_id = "{C}{claim}"')
    end = content.index("[[", start + 2)
    path.write_text(content[:start] + content[end:])


def append(path, text: str) -> None:
    with path.open("a") as out:
        out.write(text)


def test_checkworthy_claim_without_review(claims):
    path = claims / REVIEWS
    remove_review(path, "005")
    content = path.read_text()
    start = content.index(f'[[evidence]]\nevidence_id = "{C}005-e1"')
    end = content.index("# --- 006")
    path.write_text(content[:start] + content[end:])
    found = problems(claims)
    assert rejected(found, f"claims/{ARTICLE}.toml:", f"{C}005", "checkworthy", "checkworthy_claim_is_reviewed")


def test_review_of_a_claim_that_is_not_checkworthy(claims):
    append(claims / REVIEWS, f'\n[[reviews]]\nclaim_id = "{C}009"\nclaim_reviewed = "A video of the train"\n'
           'verdict = "Not Enough Evidence"\njustification = "We searched for the video. It was not found."\n'
           "reviewed = 2026-11-24\n")
    assert rejected(problems(claims), f"{C}009", "claim_id", "review_is_for_checkworthy_claim")


def test_duplicate_review(claims):
    append(claims / REVIEWS, f'\n[[reviews]]\nclaim_id = "{C}016"\nclaim_reviewed = "Again"\n'
           'verdict = "Not Enough Evidence"\njustification = "We searched again. Nothing more was found."\n'
           "reviewed = 2026-11-24\n")
    assert rejected(problems(claims), f"{C}016", "claim_id", "unique")


def test_review_of_unknown_claim(claims):
    edit(claims / REVIEWS, f'claim_id = "{C}016"\nclaim_reviewed', f'claim_id = "{C}099"\nclaim_reviewed')
    assert rejected(problems(claims), f"{C}099", "claim_id", "foreign_key")


def test_supported_verdict_without_supporting_evidence(claims):
    edit(claims / REVIEWS, f'claim_id = "{C}010"\nclaim_reviewed = "The Independent: Kim\'s train has about 90 railcars"\n'
         'verdict = "Conflicting Evidence/Cherrypicking"',
         f'claim_id = "{C}010"\nclaim_reviewed = "The Independent: Kim\'s train has about 90 railcars"\n'
         'verdict = "Supported"')
    found = problems(claims)
    assert rejected(found, f"{C}010", "verdict", "verdict_backed_by_evidence")


def test_refuted_verdict_without_refuting_evidence(claims):
    edit(claims / REVIEWS, 'claim_reviewed = "Kim\'s train is outfitted with bulletproof materials"\nverdict = "Supported"',
         'claim_reviewed = "Kim\'s train is outfitted with bulletproof materials"\nverdict = "Refuted"')
    assert rejected(problems(claims), f"{C}006", "verdict", "verdict_backed_by_evidence")


def test_not_enough_evidence_must_say_what_was_searched(claims):
    edit(claims / REVIEWS, "We searched the stored coverage for", "We looked in the stored coverage for")
    assert rejected(problems(claims), f"{C}016", "justification", "not_enough_evidence_says_what_was_searched")


def test_justification_with_one_sentence(claims):
    edit(claims / REVIEWS, f'justification = "Al Jazeera and The Times both report the nickname \\"Moving Fortress\\" for '
         f'Kim\'s train ({C}005-e1, {C}005-e2). That it is \\"anything but ordinary\\" is an opinion and was not checked."',
         f'justification = "Al Jazeera reports the nickname ({C}005-e1)."')
    assert rejected(problems(claims), f"{C}005", "justification", "justification_has_two_to_four_sentences")


def test_justification_citing_another_claims_evidence(claims):
    edit(claims / REVIEWS, f"for Kim's train ({C}005-e1, {C}005-e2)", f"for Kim's train ({C}006-e1, {C}005-e2)")
    assert rejected(problems(claims), f"{C}005", "justification", "justification_cites_own_evidence")


def test_correction_on_a_supported_verdict(claims):
    edit(claims / REVIEWS, 'verdict = "Supported"\njustification = "Al Jazeera and The Times both report',
         'verdict = "Supported"\ncorrected_claim = "Something else."\njustification = "Al Jazeera and The Times both report')
    assert rejected(problems(claims), f"{C}005", "corrected_claim", "correction_only_for_refuted_or_conflicting")


def test_attribution_check_missing_for_attributed_claim(claims):
    edit(claims / REVIEWS, 'attribution_check = "not_found"\n', "")
    assert rejected(problems(claims), f"{C}011", "attribution_check", "attribution_checked_for_attributed_claims")


def test_attribution_check_on_publishers_own_claim(claims):
    edit(claims / REVIEWS, 'claim_reviewed = "Kim\'s train has extensive security measures"\nverdict = "Supported"',
         'claim_reviewed = "Kim\'s train has extensive security measures"\nverdict = "Supported"\n'
         'attribution_check = "confirmed"')
    assert rejected(problems(claims), f"{C}014", "attribution_check", "attribution_checked_for_attributed_claims")


def test_bad_verdict_label(claims):
    edit(claims / REVIEWS, 'verdict = "Refuted"', 'verdict = "False"')
    assert rejected(problems(claims), f"{C}012", "verdict", "isin", "'False'")


def test_bad_attribution_check_label(claims):
    edit(claims / REVIEWS, 'attribution_check = "not_found"', 'attribution_check = "missing"')
    assert rejected(problems(claims), f"{C}011", "attribution_check", "isin", "'missing'")


def test_claim_reviewed_too_long(claims):
    edit(claims / REVIEWS, 'claim_reviewed = "Kim\'s train has extensive security measures"',
         'claim_reviewed = "' + "Kim's train has extensive security measures " * 3 + 'indeed"')
    assert rejected(problems(claims), f"{C}014", "claim_reviewed", "str_length")


def test_evidence_from_the_article_itself(claims):
    edit(claims / REVIEWS, 'url = "https://efe.com/en/latest-news/2023-09-12/kim-travels-in-armored-train-to-meet-putin-in-russia/"\n'
         'publisher = "EFE"\nstance = "supports"\nsummary = "The armoured',
         'url = "https://dagens.com/news/kim-jong-un-arrives-for-meeting-with-putin-in-his-moving-fortress-take-a-look-inside-his-armored-train"\n'
         'publisher = "EFE"\nstance = "supports"\nsummary = "The armoured')
    assert rejected(problems(claims), f"{C}001-e1", "url", "evidence_is_other_coverage")


def test_evidence_for_an_unreviewed_claim(claims):
    append(claims / REVIEWS, f'\n[[evidence]]\nevidence_id = "{C}009-e1"\nclaim_id = "{C}009"\n'
           'url = "https://example.org/video"\npublisher = "Example"\nstance = "unrelated_but_relevant"\n'
           'summary = "A video page."\n')
    assert rejected(problems(claims), f"{C}009-e1", "claim_id", "evidence_claim_is_reviewed")


def test_evidence_of_unknown_claim(claims):
    append(claims / REVIEWS, f'\n[[evidence]]\nevidence_id = "{C}099-e1"\nclaim_id = "{C}099"\n'
           'url = "https://example.org/x"\npublisher = "Example"\nstance = "supports"\nsummary = "Nothing."\n')
    assert rejected(problems(claims), f"{C}099-e1", "claim_id", "foreign_key")


def test_evidence_id_of_another_claim(claims):
    edit(claims / REVIEWS, f'evidence_id = "{C}001-e1"', f'evidence_id = "{C}002-e9"')
    assert rejected(problems(claims), f"{C}002-e9", "evidence_id", "evidence_id_starts_with_claim_id")


def test_duplicate_evidence_id(claims):
    edit(claims / REVIEWS, f'evidence_id = "{C}001-e2"', f'evidence_id = "{C}001-e1"')
    assert rejected(problems(claims), f"{C}001-e1", "evidence_id", "unique")


def test_evidence_url_must_be_absolute_http(claims):
    edit(claims / REVIEWS, 'url = "http://en.people.cn/n3/2023/0913/c90000-20071375.html"',
         'url = "en.people.cn/n3/2023/0913/c90000-20071375.html"')
    assert rejected(problems(claims), f"{C}001-e2", "url", "str_matches")


def test_bad_stance(claims):
    edit(claims / REVIEWS, 'stance = "unrelated_but_relevant"\nsummary = "On Kim Jong-il',
         'stance = "neutral"\nsummary = "On Kim Jong-il')
    assert rejected(problems(claims), f"{C}016-e2", "stance", "isin", "'neutral'")


def test_summary_too_long(claims):
    edit(claims / REVIEWS, 'summary = "Describes Kim Jong-un\'s train as having 21 carriages."',
         'summary = "' + "Describes the train at length " * 10 + 'indeed."')
    assert rejected(problems(claims), f"{C}010-e3", "summary", "summary_is_short")


def test_quote_too_long(claims):
    edit(claims / REVIEWS, 'quote = "consists of around 90 carriages"', 'quote = "' + "word " * 25 + 'end"')
    assert rejected(problems(claims), f"{C}010-e1", "quote", "quote_is_short")


def test_published_must_be_a_date_not_text(claims):
    edit(claims / REVIEWS, "published = 2023-09-13", 'published = "13 September 2023"')
    assert rejected(problems(claims), f"{C}001-e2", "published", "wrong type (expected date)")


def test_impossible_date_is_rejected(claims):
    edit(claims / REVIEWS, "published = 2023-09-13", "published = 2023-02-30")
    assert rejected(problems(claims), f"claims/{REVIEWS}", "TOML syntax error")
