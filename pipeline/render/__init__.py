"""Every export file rendered from the validated tables: tables, metadata, ClaimReview and the HTML pages."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from pipeline import metadata
from pipeline import tables as table_files
from pipeline.cache import Cache
from pipeline.render import claimreview, croissant, datapackage, viewer


def render(tables: dict[str, pd.DataFrame], texts: Mapping[str, str], card: metadata.Card,
           cache: Cache | None = None, keys: dict[str, str] | None = None, exported: Path | None = None
           ) -> tuple[Iterator[tuple[str, bytes]], list[str]]:
    """Every export file's name and exact bytes (deterministic for the same input), and notices for the curator.

    The files come one at a time and the HTML pages are built as they are
    consumed, so that a large dataset's pages never sit in memory together
    (``cache``, ``keys`` and ``exported``, the exports/ of an earlier build: where an article's page and
    ClaimReviews are kept from an earlier build, see ``pipeline.cache``).
    """
    files, notices = table_files.render(tables)
    files |= {
        "claimreview.jsonld": claimreview.render(tables, card, cache, keys),
        "datapackage.json": datapackage.render(tables, card),
        "croissant.json": croissant.render(files, tables, card),
    }
    return itertools.chain(files.items(), viewer.render(tables, texts, card, cache, keys, exported)), notices
