"""An article's status: annotated articles may wait for reviews, and every export says which claims still wait.

The fixture's annotated article has three check-worthy claims, of which only
the first is reviewed; its last statement is not a claim.
"""

from __future__ import annotations

import json
import re

import pytest

import pipeline
from conftest import ANNOTATED, REVIEWED, edit, line_of, problems, rejected
from pipeline import tables as table_files

REVIEWED_CLAIM = f"{ANNOTATED}-001"
WAITING = [f"{ANNOTATED}-002", f"{ANNOTATED}-003"]  # check-worthy, not yet reviewed
NOT_A_CLAIM = f"{ANNOTATED}-004"
EXPECTED_STATUS = {REVIEWED_CLAIM: "reviewed", WAITING[0]: "not_yet_reviewed", WAITING[1]: "not_yet_reviewed",
                   NOT_A_CLAIM: "not_checkworthy"}


def test_annotated_article_with_unreviewed_checkworthy_claims_builds(fixture_build):
    assert fixture_build.problems == []
    articles = fixture_build.tables["articles"].set_index("article_id")
    assert articles.loc[ANNOTATED, "status"] == "annotated"
    reviewed = set(fixture_build.tables["reviews"]["claim_id"])
    claims = fixture_build.tables["claims"]
    assert set(claims.loc[claims["checkworthy"] & (claims["article_id"] == ANNOTATED), "claim_id"]) - reviewed == \
        set(WAITING)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_claims_export_says_which_claims_are_not_yet_reviewed(built_workspace, fmt):
    claims = table_files.load("claims", built_workspace / "exports", fmt=fmt)
    status = dict(zip(claims["claim_id"], claims["review_status"].astype("str")))
    assert {claim_id: status[claim_id] for claim_id in EXPECTED_STATUS} == EXPECTED_STATUS


def test_review_status_of_a_reviewed_article(fixture_build):
    claims = fixture_build.tables["claims"]
    claims = claims[claims["article_id"] == REVIEWED]
    expected = claims["checkworthy"].map({True: "reviewed", False: "not_checkworthy"})
    assert claims["review_status"].astype("str").tolist() == expected.tolist()


def statement_badges(page: str) -> dict[str, str]:
    """The badges after each statement in an article page's text (its verdict, or "not yet reviewed"), by claim id."""
    statements = re.findall(r'<a class="stmt [^"]*" id="s-([^"]+)"[^>]*>(.*?)</a>', page)
    return {claim_id: "".join(re.findall(r'<span class="badge [^"]*">(?:<span[^>]*>[^<]*</span>)?([^<]*)</span>',
                                         inner)) for claim_id, inner in statements}


def table_rows(page: str) -> dict[str, str]:
    """Each row of an article page's claims table, by claim id."""
    return dict(re.findall(r'<tr id="row-([^"]+)"[^>]*>(.*?)</tr>', page))


def verdict_cell(row: str) -> str:
    return re.search(r'<td data-label="Verdict">(.*?)</td>', row).group(1)


def test_article_page_says_not_yet_reviewed_in_the_verdict_column(built_workspace):
    rows = table_rows((built_workspace / "exports" / "articles" / f"{ANNOTATED}.html").read_text(encoding="utf-8"))
    assert all("not yet reviewed</span>" in verdict_cell(rows[claim_id]) for claim_id in WAITING)
    assert "Supported</span>" in verdict_cell(rows[REVIEWED_CLAIM])
    assert "not yet reviewed" not in rows[NOT_A_CLAIM]


def test_article_page_text_says_not_yet_reviewed(built_workspace):
    badges = statement_badges((built_workspace / "exports" / "articles" / f"{ANNOTATED}.html").read_text(encoding="utf-8"))
    assert [badges[claim_id] for claim_id in WAITING] == ["not yet reviewed"] * len(WAITING)
    assert badges[REVIEWED_CLAIM] == "Supported"
    assert badges[NOT_A_CLAIM] == ""


def test_index_page_counts_claims_not_yet_reviewed(built_workspace):
    index = (built_workspace / "exports" / "index.html").read_text(encoding="utf-8")
    row = re.search(rf'<tr><td[^>]*><a href="articles/{ANNOTATED}.html">.*?</tr>', index).group(0)
    assert f"1 Supported, {len(WAITING)} not yet reviewed" in row
    other = re.search(rf'<tr><td[^>]*><a href="articles/{REVIEWED}.html">.*?</tr>', index).group(0)
    assert "not yet reviewed" not in other


def test_readme_summary_counts_claims_not_yet_reviewed(built_workspace):
    readme = (built_workspace / "README.md").read_text(encoding="utf-8")
    assert f"{len(WAITING)} check-worthy claims are not yet reviewed." in readme


def test_readme_articles_table_shows_status_and_claims_waiting(built_workspace):
    readme = (built_workspace / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| [`{ANNOTATED}`]"))
    assert f"| annotated | 4 | {len(WAITING)} |" in row


def test_claimreview_has_only_reviewed_claims(built_workspace):
    documents = json.loads((built_workspace / "exports" / "claimreview.jsonld").read_text(encoding="utf-8"))
    identifiers = {d["identifier"] for d in documents}
    assert REVIEWED_CLAIM in identifiers
    assert identifiers.isdisjoint(WAITING)


def test_status_reviewed_requires_every_checkworthy_claim_reviewed(claims):
    toml = claims / f"{ANNOTATED}.toml"
    edit(toml, 'status = "annotated"', 'status = "reviewed"')
    found = problems(claims)
    lines = toml.read_text(encoding="utf-8").splitlines()
    for claim_id in WAITING:
        entry = line_of(toml, f'claim_id = "{claim_id}"')
        line = next(n for n in range(entry, len(lines) + 1) if lines[n - 1].startswith("checkworthy ="))
        assert rejected(found, f"claims/{ANNOTATED}.toml:{line}:", f"row {claim_id},", "column checkworthy",
                        "checkworthy_claim_is_reviewed")
    assert not rejected(found, f"row {REVIEWED_CLAIM},")
    assert len([m for m in found if "checkworthy_claim_is_reviewed" in m.splitlines()[0]]) == len(WAITING)


def test_reviewing_the_remaining_claims_lets_the_article_be_reviewed(claims):
    edit(claims / f"{ANNOTATED}.toml", 'status = "annotated"', 'status = "reviewed"')
    with (claims / f"{ANNOTATED}.reviews.toml").open("a", encoding="utf-8") as out:
        for claim_id in WAITING:
            out.write(f'\n[[reviews]]\nclaim_id = "{claim_id}"\nclaim_reviewed = "Valley Herald, citing a source: a fictional claim"\n'
                      'verdict = "Not Enough Evidence"\nattribution_check = "not_found"\n'
                      'justification = "We searched the fictional archive. Nothing was found."\nreviewed = 2026-11-24\n')
    built = pipeline.build(claims)
    assert [str(p) for p in built.problems] == []
    assert set(built.tables["claims"]["review_status"].astype("str")) == {"reviewed", "not_checkworthy"}


def test_unknown_status_is_rejected(claims):
    edit(claims / f"{ANNOTATED}.toml", 'status = "annotated"', 'status = "finished"')
    line = line_of(claims / f"{ANNOTATED}.toml", 'status = "finished"')
    assert rejected(problems(claims), f"claims/{ANNOTATED}.toml:{line}:", "table articles", f"row {ANNOTATED},",
                    "column status", "isin", "'finished'")


def test_status_is_required(claims):
    edit(claims / f"{ANNOTATED}.toml", 'status = "annotated"\n', "")
    line = line_of(claims / f"{ANNOTATED}.toml", "[article]")
    assert rejected(problems(claims), f"claims/{ANNOTATED}.toml:{line}:", f"row {ANNOTATED},", "column status",
                    "missing required key")
