"""The HTML pages: one per article plus an index, the same however they are batched."""

from __future__ import annotations

import sys

import pytest

import validate
import viewer
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402 (the benchmark's generator of valid synthetic corpora)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A valid synthetic corpus of ten articles (500 statements: each source used), built and validated."""
    root = bench.generate(tmp_path_factory.mktemp("corpus"), 500)
    tables, texts, problems = validate.build(root / "claims")
    assert problems == []
    return tables, texts


def test_one_page_per_article_and_an_index(corpus):
    tables, texts = corpus
    names = [name for name, _ in viewer.render(tables, texts)]
    assert sorted(names) == sorted(["index.html"] + [f"articles/{a}.html" for a in tables["articles"]["article_id"]])


def test_index_links_every_article_page(corpus):
    tables, texts = corpus
    index = dict(viewer.render(tables, texts))["index.html"].decode()
    for article_id in tables["articles"]["article_id"]:
        assert f'href="articles/{article_id}.html"' in index


@pytest.mark.parametrize("batch_rows", [1, 60, 70, 10_000])
def test_pages_do_not_depend_on_the_batch_size(corpus, monkeypatch, batch_rows):
    """Batches hold whole articles: a batch boundary inside an article, or none at all, changes no byte."""
    tables, texts = corpus
    expected = dict(viewer.render(tables, texts))
    monkeypatch.setattr(viewer, "BATCH_ROWS", batch_rows)
    assert dict(viewer.render(tables, texts)) == expected


def test_each_page_holds_only_its_articles_statements(corpus):
    tables, texts = corpus
    pages = dict(viewer.render(tables, texts))
    for article_id, claims in tables["claims"].groupby("article_id"):
        page = pages[f"articles/{article_id}.html"].decode()
        assert page.count('class="stmt ') == len(claims)
        assert all(f'id="s-{claim_id}"' in page for claim_id in claims["claim_id"])
