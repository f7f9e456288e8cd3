"""The build, stage by stage: claims/ → load → tables → validate → render → exports/.

* ``load``: read the curated files in claims/ and compute every positional column (``pipeline.load``);
* tables: typed DataFrames, one per model of ``schema.py`` (``pipeline.tables`` for their Arrow, Parquet and CSV);
* validate: each table's model, then the rules between tables (``pipeline.validation``, ``pipeline.rules``);
* render: every export file's bytes (``pipeline.render``);
* exports/: replaced in one atomic step (``pipeline.exports``).

With a cache (``pipeline.cache``), each stage takes what an unchanged article gave the last build: its loaded
rows, the certificate that its checks found nothing, its page and its ClaimReviews; the result is byte for byte
a clean build's.

Problems found on the way are ``pipeline.problems.Problem``s, each naming file:line. They
are folded (``pipeline.problems.fold``): a problem that follows from another (the foreign
key of a review whose claim was dropped) is listed under it, so the root cause comes first.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

import schema
from pipeline import load, metadata, problems, rules, validation
from pipeline.cache import Cache


@dataclass
class Build:
    """What one build of claims/ produced: the validated tables, the article texts, the card and every problem."""

    tables: dict[str, pd.DataFrame]
    texts: Mapping[str, str]
    card: metadata.Card | None
    problems: list[problems.Problem]
    notices: list[str] = field(default_factory=list)  # for the curator, not problems: what is still drafted
    keys: dict[str, str] = field(default_factory=dict)  # of each article, for the cache (see ``pipeline.cache``)


def build(claims_dir: Path, cache: Cache | None = None) -> Build:
    """Load the curated files and validate the tables built from them (``cache``: see ``pipeline.cache``)."""
    curated = load.load(claims_dir, cache)
    certificates: dict[str, str] = {}  # article key -> its latest review date: the articles certified valid
    if cache is not None:
        held = cache.get("valid", cache.key("valid"))
        certificates = held if isinstance(held, dict) else {}
    settled = {article_id for article_id, key in curated.keys.items() if _still_valid(certificates.get(key))}
    loaded = curated.tables()
    tables, found = validation.validate(loaded, curated.texts, skip_null=load.COMPUTED,
                                        settled=_rows_of(settled, loaded, curated) if settled else None)
    problems_loading = curated.found()
    reported = {(p.table, p.row_id, p.column) for p in problems_loading}  # a null the loader reported: not again
    found = problems_loading + [replace(p, where=curated.where(p.table, p.row_id, p.column))
                                for p in found if (p.table, p.row_id, p.column) not in reported]
    folded = _fold(found, tables, curated)
    if cache is not None and not folded:
        _certify(settled, certificates, loaded, curated, cache)
        _snapshot(loaded, curated, cache)
    del loaded
    return Build(tables, curated.texts, curated.card, folded, drafted_notices(tables, curated), curated.keys)


def _still_valid(certificate: object) -> bool:
    """Whether a certificate holds today: its article's latest review date ("" if none) is not in the future,
    the one check whose outcome can change with no input changed (``review_is_not_in_the_future``)."""
    return isinstance(certificate, str) and certificate <= datetime.date.today().isoformat()


def _certify(settled: set[str], certificates: dict[str, str], tables: dict[str, pd.DataFrame], curated: load.Curated,
             cache: Cache) -> None:
    """After a build that found nothing wrong: certify every article, each with its latest review date (one entry
    for all: a certificate is a few bytes, and a file each would cost a file system entry each)."""
    keys = curated.keys
    new = [article_id for article_id in keys if article_id not in settled]
    reviews = tables["reviews"]
    owners = _owners("reviews", reviews, tables, curated)
    latest = reviews["reviewed"][rules.isin(owners, new)].groupby(owners).max() if new else pd.Series()
    current = {key: certificates[key] for article_id, key in keys.items() if article_id in settled}
    for article_id in new:
        day = latest.get(article_id)
        current[keys[article_id]] = "" if day is None or pd.isna(day) else day.isoformat()
    if current != certificates:
        cache.put("valid", cache.key("valid"), current)


def _snapshot(loaded: dict[str, pd.DataFrame], curated: load.Curated, cache: Cache) -> None:
    """After a build that found nothing wrong: keep every row as loaded, for the next build to take each unchanged
    article from (``load.Snapshot``). Written again only once more than √n of the n articles were read from their
    parts: it holds every row, so writing it costs what reading every article's part would, and until then reading
    those few parts costs less."""
    keys, kept = curated.keys, curated.kept_articles
    fresh = len(keys) - len(kept)
    if len(keys) != len(loaded["articles"]) or (kept and fresh * fresh <= len(keys)):
        return  # an article not loaded through the cache; or the snapshot read still serves
    files: dict[str | None, list[str]] = {}
    for label in curated.files:
        files.setdefault(load.article_of(label), []).append(label)
    articles = {article_id: load.Kept(key, curated.files_keys[article_id], files.get(article_id, []),
                                      curated.cited[article_id]) for article_id, key in keys.items()}
    owners = {table: _owners(table, frame, loaded, curated) for table, frame in loaded.items() if table != "sources"}
    frames = {table: frame for table, frame in loaded.items() if table != "sources"}
    cache.put("snapshot", cache.key("snapshot"), load.Snapshot(frames, owners, articles))


def _owners(table: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame], curated: load.Curated) -> pd.Series:
    """The article whose files each row of ``table`` came from: its own article_id, its claim's, or (a review or
    evidence entry) that of its claim_id, which the loader keeps only in its article's file
    (``claim_of_this_article``); an entry whose claim_id is malformed is looked up by where it was read."""
    if table in ("articles", "claims"):
        return frame["article_id"].astype("str")
    if table == "quantities":
        return rules.Data(tables, {}).lookup("claims", "article_id", frame["claim_id"]).astype("str")
    claim_ids = frame["claim_id"].astype("str")
    owners = claim_ids.str.replace(r"-[0-9]{3}$", "", regex=True)
    malformed = ~claim_ids.str.fullmatch(schema.CLAIM_ID.strip("^$")).fillna(False).astype(bool)
    key = schema.PRIMARY_KEYS[table]
    read_in = pd.Series([load.article_of(curated.origins[(table, row_id)][0])
                         for row_id in frame.loc[malformed, key].tolist()], index=frame.index[malformed], dtype="str")
    return owners.where(~malformed, read_in)


def _rows_of(articles: set[str], tables: dict[str, pd.DataFrame], curated: load.Curated) -> dict[str, pd.Series]:
    """For each table but sources, whether each row came from the files of one of ``articles``."""
    return {table: rules.isin(_owners(table, frame, tables, curated), articles) for table, frame in tables.items()
            if table != "sources"}


def drafted_notices(tables: dict[str, pd.DataFrame], curated: load.Curated) -> list[str]:
    """One line per curated file that holds drafted entries (``python draft.py``'s guesses): how many, and where
    the first is. A draft is valid data, so this is a notice, not a problem; it lasts until every marker is gone."""
    notices = []
    for table, what, group in (("claims", "statements", "article_id"), ("sources", "sources", None)):
        frame = tables[table]
        if "drafted" not in frame.columns or frame.empty:
            continue
        drafted = frame[frame["drafted"].fillna(False).astype(bool)]
        key = schema.PRIMARY_KEYS[table]
        groups = drafted.groupby(group, sort=True, observed=True) if group else [(None, drafted)]
        for _, rows in groups:
            if rows.empty:
                continue
            wheres = [curated.where(table, row_id, "drafted") for row_id in rows[key].tolist()]
            first = min((w for w in wheres if w), key=_line_number, default=f"claims/{load.SOURCES_FILE}:1")
            notices.append(f"{first}: {len(rows)} {what if len(rows) > 1 else what[:-1]} drafted, not yet confirmed: "
                           "remove `drafted = true` from each once checked")
    return notices


def _line_number(where: str) -> int:
    return int(where.rpartition(":")[2] or 0)


def _fold(found: list[problems.Problem], tables: dict[str, pd.DataFrame], curated: load.Curated
          ) -> list[problems.Problem]:
    """Every problem, roots first (in print order), each followed by the problems that follow from it."""
    if not found:
        return []
    scope = problems.scopes(curated.article_ids)
    order = problems.print_order(curated.files)
    folded = problems.fold(found, scope, order)
    hinted = rules.suggest_references(folded, tables, scope)  # what a misdirected reference was meant to be
    if any(a is not b for a, b in zip(folded, hinted)):
        folded = problems.fold(hinted, scope, order)
    return folded
