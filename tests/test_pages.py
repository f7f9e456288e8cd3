"""The HTML pages: one per article plus an index, the same however they are batched."""

from __future__ import annotations

import sys

import pytest

import pipeline
from conftest import ANNOTATED, ROOT
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
