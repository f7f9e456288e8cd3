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

RATING_SCALE = {"Refuted": 1, "Conflicting Evidence/Cherrypicking": 2, "Supported": 3}
DATASET_AUTHOR = {"@type": "Organization", "name": "kim-train-claims (claim-and-source fact-checking dataset)"}


def _entity(kind: str, name: str) -> dict:
    """A source as a schema.org Person or Organization."""
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def _rating(verdict: str) -> dict:
    rating = {"@type": "Rating", "alternateName": verdict, "name": verdict}
    if verdict in RATING_SCALE:
        rating |= {"ratingValue": RATING_SCALE[verdict], "bestRating": max(RATING_SCALE.values()),
                   "worstRating": min(RATING_SCALE.values())}
    return rating


def documents(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """One ClaimReview per review, in claim order."""
    claims = tables["claims"].set_index("claim_id")
    sources = tables["sources"].set_index("source_id")
    articles = tables["articles"].set_index("article_id")
    result = []
    for review in tables["reviews"].to_dict("records"):
        claim = claims.loc[review["claim_id"]]
        source = sources.loc[claim["source_id"]]
        article = articles.loc[claim["article_id"]]
        item = {"@type": "Claim", "text": claim["claim"], "author": _entity(source["kind"], source["name"]),
                "appearance": {"@type": "NewsArticle", "url": article["url"],
                               "publisher": {"@type": "Organization", "name": article["publisher"]}}}
        if article["published"] is not None and not pd.isna(article["published"]):
            item["datePublished"] = article["published"].isoformat()
        result.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": review["claim_id"],
            "claimReviewed": review["claim_reviewed"],
            "itemReviewed": item,
            "reviewRating": _rating(review["verdict"]),
            "reviewBody": review["justification"],
            "author": DATASET_AUTHOR,
            "datePublished": review["reviewed"].isoformat(),
        })
    return result


def render(tables: dict[str, pd.DataFrame]) -> bytes:
    """The ClaimReview file's bytes: a JSON array, stable key order, UTF-8, final newline."""
    return (json.dumps(documents(tables), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
