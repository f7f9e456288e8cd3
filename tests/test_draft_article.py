"""`python draft.py claims/<article_id>.txt` drafts an annotation file the build accepts at once, marked drafted.

Each test drafts tests/fixtures/draft/gull-bridge-2025.txt (fictional, written for these tests) into a copy of the
fixture corpus, whose sources.toml already holds the Northport Courier, the Coastal Wire, Ana Ruiz and the Northport
Harbour Office, and not Tidewater Consulting.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import rtoml

import pipeline
from conftest import FIXTURES, blank_readme, edit, run
from pipeline.draft.article import main_article
from pipeline.render import viewer

ARTICLE = "gull-bridge-2025"
TEXT = FIXTURES / "draft" / f"{ARTICLE}.txt"
PUBLISHER, URL = "example-gazette", "https://example.org/news/gull-bridge"


def draft(claims: Path, *extra: str) -> int:
    """Copy the fixture text into ``claims`` and draft it, as a curator runs draft.py."""
    shutil.copyfile(TEXT, claims / TEXT.name)
    return main_article([str(claims / TEXT.name), "--publisher", PUBLISHER, "--url", URL, *extra])


@pytest.fixture
def drafted(claims: Path) -> Path:
    """A copy of the fixture corpus with the fixture text drafted in it."""
    assert draft(claims) == 0
    return claims


def markers(path: Path) -> list[int]:
    """The lines of ``path`` that are a `drafted = true` key (not a comment that mentions it)."""
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == "drafted = true"]


def entries(claims: Path) -> list[dict]:
    return rtoml.load(claims / f"{ARTICLE}.toml")["claims"]


def entry(claims: Path, statement_start: str) -> dict:
    return next(c for c in entries(claims) if c["statement"].startswith(statement_start))


def test_drafted_article_validates_at_once_as_annotated(drafted):
    built = pipeline.build(drafted)
    assert [str(p) for p in built.problems] == []
    article = built.tables["articles"].set_index("article_id").loc[ARTICLE]
    assert article["status"] == "annotated" and article["publisher_id"] == PUBLISHER and article["url"] == URL


def test_build_reports_the_drafted_statements_at_the_first_marker(drafted, tmp_path):
    (tmp_path / "README.md").write_text(blank_readme(), encoding="utf-8")
    result = run(tmp_path)  # validate.py, as the curator runs it (drafted is tmp_path / "claims")
    first = markers(drafted / f"{ARTICLE}.toml")[0]
    assert result.returncode == 0, result.stderr
    assert (f"notice: claims/{ARTICLE}.toml:{first}: {len(entries(drafted))} statements drafted, not yet confirmed: "
            "remove `drafted = true` from each once checked") in result.stdout.splitlines()



def test_article_page_marks_each_drafted_statement_until_confirmed(drafted):
    """The page says "drafted, not yet confirmed" on every drafted statement, and not once its marker is gone."""
    def badges(built) -> int:  # statements in the article text (a[id^=s-]) that carry the badge
        page = dict(viewer.render(built.tables, built.texts, built.card))[f"articles/{ARTICLE}.html"].decode()
        return sum(viewer.DRAFTED in statement for statement in re.findall(r'<a [^>]*id="s-.*?</a>', page))

    assert badges(pipeline.build(drafted)) == len(entries(drafted))
    toml = drafted / f"{ARTICLE}.toml"
    first = markers(toml)[0]
    lines = toml.read_text(encoding="utf-8").splitlines(keepends=True)
    toml.write_text("".join(lines[:first - 1] + lines[first:]), encoding="utf-8")
    assert badges(pipeline.build(drafted)) == len(entries(drafted)) - 1

def test_every_character_but_whitespace_is_in_one_statement(drafted):
    text = TEXT.read_text(encoding="utf-8")
    covered = [False] * len(text)
    cursor = 0
    for claim in entries(drafted):
        start = text.index(claim["statement"], cursor)
        assert text[cursor:start].strip() == "", f"uncovered: {text[cursor:start]!r}"
        covered[start:start + len(claim["statement"])] = [True] * len(claim["statement"])
        cursor = start + len(claim["statement"])
    assert text[cursor:].strip() == ""
    assert all(covered[i] for i, c in enumerate(text) if not c.isspace())


def test_sentence_is_split_before_a_clause_that_adds_a_fact(drafted):
    statements = [c["statement"] for c in entries(drafted)]
    assert "According to the Northport Courier, the bridge cost some 40 million euros," in statements
    assert "most of which came from the regional budget." in statements
    assert "and even opens a separate lane to cyclists." in statements


def test_continuing_clause_is_implicitly_attributed_to_the_same_source(drafted):
    continued = entry(drafted, "most of which")
    assert (continued["attribution"], continued["source_id"], continued.get("cue")) == (
        "implicit", "northport-courier", None)


def test_unattributed_statement_is_the_publishers(drafted):
    own = entry(drafted, "The new Gull Island bridge")
    assert (own["attribution"], own["source_id"], own.get("cue")) == ("none", PUBLISHER, None)


def test_outlet_reporting_a_persons_words_is_the_source_and_the_person_the_speaker(drafted):
    quote = entry(drafted, "The mayor, Ana Ruiz, said")
    assert (quote["source_id"], quote["speaker_id"], quote["attribution"], quote["claim_type"]) == (
        "coastal-wire", "ana-ruiz", "explicit", "quote")


def test_existing_source_is_matched_by_its_name_without_the(drafted):
    assert entry(drafted, "According to the Northport Courier")["source_id"] == "northport-courier"


def test_existing_source_is_matched_by_a_description_of_it(drafted):
    assert entry(drafted, "The harbour office states")["source_id"] == "northport-harbour-office"


def test_unknown_source_is_proposed_and_appended_to_sources_marked_drafted(claims):
    before = (claims / "sources.toml").read_bytes()
    assert draft(claims) == 0
    after = (claims / "sources.toml").read_bytes()
    assert after.startswith(before)
    proposed = [s for s in rtoml.load(claims / "sources.toml")["sources"] if s.get("drafted")]
    assert [(s["source_id"], s["name"], s["kind"]) for s in proposed] == [
        ("tidewater-consulting", "Tidewater Consulting", "organization")]
    assert entry(claims, "Engineers at Tidewater Consulting")["source_id"] == "tidewater-consulting"


def test_build_reports_the_proposed_source_as_drafted(drafted):
    line = markers(drafted / "sources.toml")[0]
    assert (f"claims/sources.toml:{line}: 1 source drafted, not yet confirmed: remove `drafted = true` from each once "
            "checked") in pipeline.build(drafted).notices


def test_number_words_become_values(drafted):
    quantities = {q["text"]: q for c in entries(drafted) for q in c.get("quantities", [])}
    assert (quantities["two years"]["value"], quantities["two years"]["unit"]) == (2, "year")
    assert quantities["a dozen minutes"]["value"] == 12
    assert quantities["a hundred years"]["value"] == 100
    assert quantities["some 40 million euros"]["value"] == 40_000_000


def test_hedged_numbers_are_approximate_and_keep_their_hedge(drafted):
    quantities = {q["text"]: q["approximate"] for c in entries(drafted) for q in c.get("quantities", [])}
    assert quantities["about 3,000 cars"] and quantities["some 40 million euros"] and quantities["up to 40 miles per hour"]
    assert not quantities["two years"]


def test_physical_unit_is_written_as_the_standard_one_and_normalised_by_the_build(drafted):
    speed = next(q for c in entries(drafted) for q in c.get("quantities", []) if "miles per hour" in q["text"])
    assert speed["unit"] == "mph" and "value_normalized" not in speed
    quantities = pipeline.build(drafted).tables["quantities"].set_index("text")
    assert quantities.loc["up to 40 miles per hour", "value_normalized"] == pytest.approx(64.37376)
    assert quantities.loc["up to 40 miles per hour", "unit_normalized"] == "km/h"


def test_opinion_and_non_claim_are_not_checkworthy(drafted):
    assert (entry(drafted, "It is the finest")["claim_type"], entry(drafted, "It is the finest")["checkworthy"]) == (
        "opinion", False)
    assert (entry(drafted, "Watch our video")["claim_type"], entry(drafted, "Watch our video")["checkworthy"]) == (
        "not_a_claim", False)


def test_claim_starts_as_the_statement(drafted):
    assert all(c["claim"] == c["statement"] for c in entries(drafted))


def test_every_drafted_statement_is_marked(drafted):
    assert all(c.get("drafted") is True for c in entries(drafted))


def test_article_is_listed_in_the_card(drafted):
    assert ARTICLE in rtoml.load(drafted / "dataset.toml")["dataset"]["articles"]


def test_title_and_published_are_written_only_when_given(claims):
    assert draft(claims, "--title", "Gull Island bridge opens", "--published", "2025-06-02") == 0
    article = rtoml.load(claims / f"{ARTICLE}.toml")["article"]
    assert (article["title"], str(article["published"])) == ("Gull Island bridge opens", "2025-06-02")


def test_article_without_title_or_date_leaves_them_out(drafted):
    assert {"title", "published"}.isdisjoint(rtoml.load(drafted / f"{ARTICLE}.toml")["article"])


def test_drafter_refuses_to_overwrite_an_annotation(drafted, capsys):
    annotation = drafted / f"{ARTICLE}.toml"
    before = {p.name: p.read_bytes() for p in drafted.iterdir()}
    assert draft(drafted) == 2
    assert "already exists" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in drafted.iterdir()} == before and annotation.exists()


def test_publisher_and_url_are_required(claims, capsys):
    shutil.copyfile(TEXT, claims / TEXT.name)
    with pytest.raises(SystemExit) as exit:
        main_article([str(claims / TEXT.name), "--url", URL])
    assert exit.value.code == 2 and "--publisher" in capsys.readouterr().err


def test_unknown_publisher_is_refused(claims, capsys):
    shutil.copyfile(TEXT, claims / TEXT.name)
    assert main_article([str(claims / TEXT.name), "--publisher", "gull-gazette", "--url", URL]) == 2
    assert "no such source_id" in capsys.readouterr().err
    assert not (claims / f"{ARTICLE}.toml").exists()


def test_reviewed_article_with_a_drafted_statement_is_an_error_at_its_marker(drafted):
    edit(drafted / f"{ARTICLE}.toml", 'status = "annotated"', 'status = "reviewed"')
    found = [p for p in pipeline.build(drafted).problems if p.rule.startswith("reviewed_article_has_no_drafted_claim")]
    assert sorted(p.where for p in found) == sorted(f"claims/{ARTICLE}.toml:{line}"
                                                    for line in markers(drafted / f"{ARTICLE}.toml"))


def test_removing_the_markers_silences_the_notice(drafted):
    for name in (f"{ARTICLE}.toml", "sources.toml"):
        path = drafted / name
        path.write_text(re.sub(r"(?m)^drafted = true\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    built = pipeline.build(drafted)
    assert [str(p) for p in built.problems] == [] and built.notices == []
    assert not built.tables["claims"]["drafted"].any() and not built.tables["sources"]["drafted"].any()
