"""The HTML pages: one per article plus an index, the same however they are batched."""

from __future__ import annotations

import html
import math
import re
import sys

import pytest

import pipeline
from conftest import ANNOTATED, REVIEWED, ROOT, append, edit, oklab
from pipeline.render import viewer

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402 (the benchmark's generator of valid synthetic corpora)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A valid synthetic corpus of ten articles (500 statements: each source used), built and validated."""
    root = bench.generate(tmp_path_factory.mktemp("corpus"), 500)
    built = pipeline.build(root / "claims")
    assert [str(p) for p in built.problems] == []
    return built.tables, built.texts, built.card


def test_one_page_per_article_and_an_index(corpus):
    tables, texts, card = corpus
    names = [name for name, _ in viewer.render(tables, texts, card)]
    assert sorted(names) == sorted(["index.html"] + [f"articles/{a}.html" for a in tables["articles"]["article_id"]])


def test_index_comes_last(corpus):
    names = [name for name, _ in viewer.render(*corpus)]
    assert names[-1] == "index.html"


def test_index_links_every_article_page(corpus):
    index = dict(viewer.render(*corpus))["index.html"].decode()
    for article_id in corpus[0]["articles"]["article_id"]:
        assert f'href="articles/{article_id}.html"' in index


@pytest.mark.parametrize("batch_rows", [1, 60, 70, 10_000])
def test_pages_do_not_depend_on_the_batch_size(corpus, monkeypatch, batch_rows):
    """Batches hold whole articles: a batch boundary inside an article, or none at all, changes no byte."""
    expected = dict(viewer.render(*corpus))
    monkeypatch.setattr(viewer, "BATCH_ROWS", batch_rows)
    assert dict(viewer.render(*corpus)) == expected


def test_each_page_holds_only_its_articles_statements(corpus):
    tables = corpus[0]
    pages = dict(viewer.render(*corpus))
    for article_id, claims in tables["claims"].groupby("article_id"):
        page = pages[f"articles/{article_id}.html"].decode()
        assert page.count('class="stmt ') == len(claims)
        assert all(f'id="s-{claim_id}"' in page for claim_id in claims["claim_id"])


def test_article_without_a_headline_is_titled_by_publisher_and_url(built_workspace):
    """The fixture's annotated article records no headline: its page and index row never show its id as title."""
    page = (built_workspace / "exports" / "articles" / f"{ANNOTATED}.html").read_text(encoding="utf-8")
    assert "<h1>Valley Herald article at https://example.com/valley/alder-dam</h1>" in page


def fixture_build_args(built: pipeline.Build):
    """What viewer.render takes, from a build, with copies of its tables (the session's build is shared)."""
    return {name: table.copy() for name, table in built.tables.items()}, built.texts, built.card


def test_two_renders_are_byte_identical(fixture_build):
    assert dict(viewer.render(*fixture_build_args(fixture_build))) == dict(viewer.render(*fixture_build_args(fixture_build)))


PALETTE = re.compile(r"\.(s\d+) \{ --c: (#[0-9a-f]{6}); --t: (#[0-9a-f]{6}); \}")
LEGEND = re.compile(r'<li><span class="swatch (s\d+)"></span>([^<]*) \(')


def colours(page: str) -> dict[str, str]:
    """Each source's underline colour on a page, by source name (the legend ties names to classes)."""
    palette = {css: line for css, line, _ in PALETTE.findall(page)}
    return {html.unescape(name): palette[css] for css, name in LEGEND.findall(page)}


def test_adding_a_source_recolours_no_other_source(claims):
    """A new source (a person, speaking in the annotated article) changes no colour: a colour comes from the
    source's id, not from its place in sources.toml."""
    before = {name: page.decode() for name, page in viewer.render(*fixture_build_args(pipeline.build(claims)))}
    append(claims / "sources.toml", '\n[[sources]]\nsource_id = "aaa-first-in-order"\nname = "Aaa First"\n'
                                    'kind = "person"\ndescription = "Fictional reporter, new in the sources."\n')
    edit(claims / f"{ANNOTATED}.toml", 'source_id = "valley-radio"\n',
         'source_id = "valley-radio"\nspeaker_id = "aaa-first-in-order"\n')
    built = pipeline.build(claims)
    assert [str(p) for p in built.problems] == []
    after = {name: page.decode() for name, page in viewer.render(*fixture_build_args(built))}
    assert after[f"articles/{REVIEWED}.html"] == before[f"articles/{REVIEWED}.html"]
    assert "Aaa First" in after[f"articles/{ANNOTATED}.html"]  # the page did change: the speaker shows
    assert colours(after[f"articles/{ANNOTATED}.html"]) == colours(before[f"articles/{ANNOTATED}.html"])


def test_a_source_keeps_its_colour_on_every_page_where_no_other_source_is_near_it(corpus):
    """On the synthetic corpus (ten articles sharing ten agencies), a source's colour is its home colour on every
    page where no other source of the page has a home hue within the page's gap; the sources of a page are always
    that gap apart."""
    tables = corpus[0]
    names = dict(zip(tables["sources"]["name"], tables["sources"]["source_id"]))
    seen = 0
    for name, page in viewer.render(*corpus):
        if name == "index.html":
            continue
        shown = {names[source]: colour for source, colour in colours(page.decode()).items()}
        hues = viewer.page_hues(shown)
        gap = min(viewer.MIN_HUE_GAP, 0.7 * 360 / len(hues))
        assert min(abs((a - b + 180) % 360 - 180) for a in hues.values() for b in hues.values() if a != b) >= gap
        for source_id, colour in shown.items():
            assert colour == viewer.oklch_hex(*viewer.LINE, hues[source_id])
            home = viewer.home_hue(source_id)
            if all(abs((home - viewer.home_hue(other) + 180) % 360 - 180) >= gap for other in shown if other != source_id):
                assert colour == viewer.oklch_hex(*viewer.LINE, home)
                seen += 1
    assert seen > 0


@pytest.mark.parametrize("article", [REVIEWED, ANNOTATED])
def test_the_colours_of_a_page_are_far_apart(fixture_build, article):
    page = dict(viewer.render(*fixture_build_args(fixture_build)))[f"articles/{article}.html"].decode()
    lab = [oklab(tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))) for colour in colours(page).values()]
    assert len(lab) == fixture_build.tables["claims"].query("article_id == @article")["source_id"].nunique()
    assert min(math.dist(a, b) for i, a in enumerate(lab) for b in lab[i + 1:]) >= 0.06


def test_colours_keep_text_readable():
    """Whatever the hue: underlines stand out from white (3:1, WCAG's minimum for graphics), text on the tint
    stays well above 7:1."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for hue in range(0, 360, 3):
        assert 1.05 / (luminance(viewer.oklch_hex(*viewer.LINE, hue)) + 0.05) >= 3.7
        assert (luminance(viewer.oklch_hex(*viewer.TINT, hue)) + 0.05) / (luminance("#1b1b1b") + 0.05) >= 13


@pytest.mark.parametrize("value, shown", [(88.51392, "88.51392"), (1_000_000, "1000000"), (0.5, "0.5"), (2, "2"),
                                          (48.28032, "48.28032"), (0.1 + 0.2, "0.30000000000000004")])
def test_numbers_are_shown_exactly(value, shown):
    assert viewer.number(float(value)) == shown


def test_quantities_show_exact_values_and_units_as_labelled_pairs(fixture_build):
    tables, texts, card = fixture_build_args(fixture_build)
    quantities = tables["quantities"]
    row = quantities.index[quantities["quantity_id"] == f"{REVIEWED}-005-q1"][0]
    quantities.loc[row, ["value", "value_normalized"]] = [55.0, 88.51392]
    row = quantities.index[quantities["quantity_id"] == f"{REVIEWED}-001-q1"][0]
    quantities.loc[row, "value"] = 1_000_000.0
    page = dict(viewer.render(tables, texts, card))[f"articles/{REVIEWED}.html"].decode()
    assert "“around 30 miles per hour”: value 55, unit mph = 88.51392 km/h, approximate" in page
    assert "“240 passengers”: value 1000000, unit passenger</li>" in page
    assert "“about 9 euros”: value 9, unit euro, approximate" in page
    assert "1e+06" not in page and "88.5139 " not in page and "(s)" not in page


def test_every_text_from_the_data_is_escaped(fixture_build):
    """Markup in any text the details show (justification, corrected claim, evidence, quantities, speaker) is
    text on the page, never markup."""
    tables, texts, card = fixture_build_args(fixture_build)
    mark = "<b onclick=x>&\"'"
    reviews, evidence, quantities, sources = (tables[t] for t in ("reviews", "evidence", "quantities", "sources"))
    for frame, columns in ((reviews, ["justification", "corrected_claim"]),
                           (evidence, ["publisher", "summary", "quote", "url"]),
                           (quantities, ["text", "unit", "unit_normalized"]), (sources, ["name"])):
        for column in columns:
            frame[column] = frame[column].where(frame[column].isna(), frame[column] + mark)
    page = dict(viewer.render(tables, texts, card))[f"articles/{REVIEWED}.html"].decode()
    assert "<b " not in page and "&lt;b onclick=x&gt;&amp;&quot;&#x27;" in page
