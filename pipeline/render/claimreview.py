"""schema.org ClaimReview objects for the reviewed claims, as fact-checking tools exchange them.

Rating scale (documented in the README): 1 = Refuted, 2 = Conflicting
Evidence/Cherrypicking, 3 = Supported. Not Enough Evidence has no place on a
true-false scale, so its rating carries only the label (``alternateName``).

An attribution the review could not confirm (``attribution_check`` differs or
not_found) is not endorsed: the claim's author is then the article's
publisher, who demonstrably made it, and the rating's explanation says what
the check found (the curated ``claim_reviewed`` says the same, by a rule).

Google asks for ``url``, the page hosting the fact check. The dataset has no
such page yet and we do not invent one, so ``url`` is omitted until it does.
"""

from __future__ import annotations

import json

import pandas as pd
import pyarrow

import schema
from pipeline import metadata
from pipeline.cache import Bundle, Cache, of_articles

RATING_SCALE = {"Refuted": 1, "Conflicting Evidence/Cherrypicking": 2, "Supported": 3}


def _entity(kind: str, name: str) -> dict:
    """A source as a schema.org Person or Organization."""
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


# What each attribution check says, for the rating's explanation.
CHECK_EXPLANATIONS = {
    "confirmed": "Coverage confirms that {source} made the claim, as the article says.",
    "differs": "Coverage shows {source} saying something different from what the article attributes to it, so "
               "the claim is reviewed as {publisher}'s.",
    "not_found": "{source} was not found making the claim the article attributes to it, so the claim is reviewed "
                 "as {publisher}'s.",
}


def _author(row: dict) -> dict:
    """Who made the claim: the attributed source, or the publisher where coverage did not confirm the attribution."""
    if row["attribution_check"] in schema.UNCONFIRMED_CHECKS:
        return _entity(row["publisher_kind"], row["publisher"])
    return _entity(row["kind"], row["name"])


def _rating(verdict: str, check: str | None, source: str, publisher: str) -> dict:
    rating: dict[str, str | int] = {"@type": "Rating", "alternateName": verdict, "name": verdict}
    if check is not None:
        rating["ratingExplanation"] = f"{verdict}. " + CHECK_EXPLANATIONS[check].format(
            source=source, publisher=publisher)
    if verdict in RATING_SCALE:
        rating |= {"ratingValue": RATING_SCALE[verdict], "bestRating": max(RATING_SCALE.values()),
                   "worstRating": min(RATING_SCALE.values())}
    return rating


def documents(tables: dict[str, pd.DataFrame], card: metadata.Card) -> list[tuple[str, dict]]:
    """One ClaimReview per review, with its claim's article, in claim order (one pass over plain records, no
    per-row lookups).

    A claim not yet reviewed has no review row, so it has no ClaimReview.
    """
    author = {"@type": "Organization", "name": f"{metadata.NAME} ({card.title})"}
    claims = tables["claims"][["claim_id", "claim", "source_id", "article_id"]]
    sources = tables["sources"][["source_id", "kind", "name"]].astype({"kind": "str"})
    publishers = sources[["source_id", "kind"]].rename(columns={"source_id": "publisher_id", "kind": "publisher_kind"})
    articles = tables["articles"][["article_id", "url", "publisher_id", "publisher", "published"]]
    rows = (tables["reviews"].astype({"verdict": "str", "attribution_check": "str"})
            .merge(claims, on="claim_id", how="left").merge(sources, on="source_id", how="left")
            .merge(articles, on="article_id", how="left").merge(publishers, on="publisher_id", how="left"))
    result = []
    columns = ["article_id", "claim_id", "claim_reviewed", "verdict", "attribution_check", "justification", "reviewed", "claim",
               "kind", "name", "url", "publisher", "publisher_kind", "published"]
    for row in pyarrow.Table.from_pandas(rows[columns], preserve_index=False).to_pylist():  # plain values, null as None
        item = {"@type": "Claim", "text": row["claim"], "author": _author(row),
                "appearance": {"@type": "NewsArticle", "url": row["url"],
                               "publisher": {"@type": "Organization", "name": row["publisher"]}}}
        if row["published"] is not None:
            item["datePublished"] = row["published"].isoformat()
        result.append((row["article_id"], {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": row["claim_id"],
            "claimReviewed": row["claim_reviewed"],
            "itemReviewed": item,
            "reviewRating": _rating(row["verdict"], row["attribution_check"], row["name"], row["publisher"]),
            "reviewBody": row["justification"],
            "author": author,
            "datePublished": row["reviewed"].isoformat(),
        }))
    return result


def render(tables: dict[str, pd.DataFrame], card: metadata.Card, cache: Cache | None = None,
           keys: dict[str, str] | None = None) -> bytes:
    """The ClaimReview file's bytes: a JSON array with one compact object per line, UTF-8, final newline.

    ``cache`` and ``keys`` (``pipeline.cache``): an article's lines are taken from the cache where its key is
    unchanged, and made for the other articles only.
    """
    entries: dict[str, str] = {}  # article id -> the key of its lines
    bundle = Bundle(cache, "claimreview") if cache is not None else None
    if cache is not None:
        entries = {article_id: cache.key("claimreview", key.encode(), card.title.encode())
                   for article_id, key in (keys or {}).items()}
    lines: dict[str, str] = {}  # claim id -> its ClaimReview, one line of JSON
    todo = []
    for article_id in tables["articles"]["article_id"].tolist():
        kept = bundle.get(entries[article_id]) if bundle is not None and article_id in entries else None
        if isinstance(kept, tuple):  # (claim ids, their lines joined by "\n": one string to keep, not thousands)
            lines.update(zip(kept[0], kept[1].split("\n")))
        else:
            todo.append(article_id)
    made: dict[str, dict[str, str]] = {article_id: {} for article_id in todo}
    for article_id, document in documents(of_articles(tables, todo), card):
        made[article_id][document["identifier"]] = json.dumps(document, ensure_ascii=False)  # no raw line break
    for article_id, own in made.items():
        lines |= own
        if bundle is not None and article_id in entries:
            bundle.put(entries[article_id], (tuple(own), "\n".join(own.values())))
    if bundle is not None:
        bundle.close()
    return ("[\n" + ",\n".join(lines[claim_id] for claim_id in tables["reviews"]["claim_id"].tolist())
            + "\n]\n").encode("utf-8")
