"""schema.org ClaimReview objects for the reviewed claims, as fact-checking tools exchange them.

Rating scale (documented in the README): 1 = Refuted, 2 = Conflicting
Evidence/Cherrypicking, 3 = Supported. Not Enough Evidence has no place on a
true-false scale, so its rating carries only the label (``alternateName``).

Google asks for ``url``, the page hosting the fact check. The dataset has no
such page yet and we do not invent one, so ``url`` is omitted until it does.
"""

from __future__ import annotations

import json

import pandas as pd
import pyarrow

from pipeline import metadata

RATING_SCALE = {"Refuted": 1, "Conflicting Evidence/Cherrypicking": 2, "Supported": 3}


def _entity(kind: str, name: str) -> dict:
    """A source as a schema.org Person or Organization."""
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def _rating(verdict: str) -> dict:
    rating: dict[str, str | int] = {"@type": "Rating", "alternateName": verdict, "name": verdict}
    if verdict in RATING_SCALE:
        rating |= {"ratingValue": RATING_SCALE[verdict], "bestRating": max(RATING_SCALE.values()),
                   "worstRating": min(RATING_SCALE.values())}
    return rating


def documents(tables: dict[str, pd.DataFrame], card: metadata.Card) -> list[dict]:
    """One ClaimReview per review, in claim order (one pass over plain records, no per-row lookups).

    A claim not yet reviewed has no review row, so it has no ClaimReview.
    """
    author = {"@type": "Organization", "name": f"{metadata.NAME} ({card.title})"}
    claims = tables["claims"][["claim_id", "claim", "source_id", "article_id"]]
    sources = tables["sources"][["source_id", "kind", "name"]].astype({"kind": "str"})
    articles = tables["articles"][["article_id", "url", "publisher", "published"]]
    rows = (tables["reviews"].astype({"verdict": "str"}).merge(claims, on="claim_id", how="left")
            .merge(sources, on="source_id", how="left").merge(articles, on="article_id", how="left"))
    result = []
    columns = ["claim_id", "claim_reviewed", "verdict", "justification", "reviewed", "claim", "kind", "name", "url",
               "publisher", "published"]
    for row in pyarrow.Table.from_pandas(rows[columns], preserve_index=False).to_pylist():  # plain values, null as None
        item = {"@type": "Claim", "text": row["claim"], "author": _entity(row["kind"], row["name"]),
                "appearance": {"@type": "NewsArticle", "url": row["url"],
                               "publisher": {"@type": "Organization", "name": row["publisher"]}}}
        if row["published"] is not None:
            item["datePublished"] = row["published"].isoformat()
        result.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": row["claim_id"],
            "claimReviewed": row["claim_reviewed"],
            "itemReviewed": item,
            "reviewRating": _rating(row["verdict"]),
            "reviewBody": row["justification"],
            "author": author,
            "datePublished": row["reviewed"].isoformat(),
        })
    return result


def render(tables: dict[str, pd.DataFrame], card: metadata.Card) -> bytes:
    """The ClaimReview file's bytes: a JSON array with one compact object per line, UTF-8, final newline."""
    lines = [json.dumps(document, ensure_ascii=False) for document in documents(tables, card)]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
