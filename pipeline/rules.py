"""The rules between tables and against the article texts, and the joins they share.

Each rule is a function of the ``Data`` under validation that returns the bad
rows of one table; ``@relation(table, column)`` registers it in
``schema.RULES`` with the column it blames. A rule may put the offending
value in that column of the rows it returns (the text a gap leaves uncovered,
rather than the statement before it). Joins along a foreign key are
found once per validation and shared by the rules that need them (hashing a
million keys again for each rule took 2 s at a million statements).

``needs=`` says which rows a rule looked for (as ``pipeline.problems`` keys,
from the bad row's id and value): a problem whose rows went missing because of
an earlier problem (a claim dropped, a file unreadable) is folded under it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

import pandas as pd
import pyarrow
import pyarrow.compute as pc

import schema
from pipeline.problems import GAP, REFERENCES, Problem, closest

Tables = dict[str, pd.DataFrame]
Texts = Mapping[str, str]


class Data:
    """The tables and texts one validation checks, and the foreign-key joins between them, each found once."""

    def __init__(self, tables: Tables, texts: Texts):
        self.tables, self.texts = tables, texts
        self._positions: dict[tuple[str, str, str], pyarrow.Array] = {}
        self._claims_in_text_order: pd.DataFrame | None = None

    def claims_in_text_order(self) -> pd.DataFrame:
        """The claims sorted by article and start (sorted once, shared by the coverage rules)."""
        if self._claims_in_text_order is None:
            self._claims_in_text_order = self.tables["claims"].sort_values(["article_id", "char_start"], kind="stable")
        return self._claims_in_text_order

    def via(self, table: str, column: str, target: str, target_column: str) -> pd.Series:
        """For each row of ``table``, ``target_column`` of the ``target`` row its ``column`` refers to (null where
        none)."""
        key = (table, column, target)
        if key not in self._positions:
            self._positions[key] = _positions(self.tables[target][schema.PRIMARY_KEYS[target]],
                                              self.tables[table][column])
        return _take(self.tables[target][target_column], self._positions[key], self.tables[table].index)

    def lookup(self, target: str, target_column: str, keys: pd.Series) -> pd.Series:
        """``target_column`` of the ``target`` row whose primary key is each of ``keys`` (not cached)."""
        found = _positions(self.tables[target][schema.PRIMARY_KEYS[target]], keys)
        return _take(self.tables[target][target_column], found, keys.index)


def _positions(primary_keys: pd.Series, keys: pd.Series) -> pyarrow.Array:
    """The position in ``primary_keys`` of each of ``keys`` (null where none); a duplicated key resolves to its
    first row (the duplicate is reported elsewhere)."""
    return pc.index_in(_strings(keys), value_set=_strings(primary_keys))


def _take(values: pd.Series, positions: pyarrow.Array, index: pd.Index) -> pd.Series:
    if not len(values):
        return pd.Series(None, index=index, dtype=values.dtype)
    taken = values.iloc[positions.fill_null(0).to_numpy(zero_copy_only=False)].set_axis(index)
    return taken.where(positions.is_valid().to_numpy(zero_copy_only=False))


RELATIONS: list[tuple[Callable[[Data], pd.DataFrame], str, str]] = []
Needs = Callable[[str, object], list[tuple]]  # (bad row's id, its value) -> the keys it looked for
NEEDS: dict[str, Needs] = {}  # rule name -> what its problems need (relations, and the schema's row rules below)


def relation(table: str, column: str, needs: Needs | None = None):
    """Register a rule that needs several tables or the texts; it returns the bad rows of ``table``."""

    def register(rule: Callable[[Data], pd.DataFrame]) -> Callable[[Data], pd.DataFrame]:
        schema.register(rule.__name__, table, column, rule)
        RELATIONS.append((rule, table, column))
        if needs is not None:
            NEEDS[rule.__name__] = needs
        return rule

    return register


def _gap(row_id: str, value: object) -> list[tuple]:
    """A gap in an article's coverage: explained by a claim dropped next to that row."""
    return [("claims", GAP, row_id)]


# The schema's row rules that read a cell other than the one they blame.
NEEDS["evidence_id_starts_with_claim_id"] = lambda row_id, value: [("cell", "evidence", row_id, "claim_id")]


def _meant_unit(unit: object) -> str | None:
    """The physical unit a unit spelled otherwise means ("MPH": "did you mean 'mph'?")."""
    meant = schema.standard_unit(unit)
    return f"did you mean {meant!r}?" if meant else None


# rule name -> the fix for one of its bad values, printed under the problem (None: no hint).
HINTS: dict[str, Callable[[object], str | None]] = {"physical_unit_is_standard": _meant_unit}


def _strings(values) -> pyarrow.Array:
    """Any Series (str or categorical) or iterable of str as an Arrow string array, without a Python loop over a Series."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="str")
    return pyarrow.array(series.astype("str")).cast(pyarrow.string())


def isin(values: pd.Series, allowed) -> pd.Series:
    """``values.isin(allowed)`` computed by Arrow (pandas' isin on Arrow strings loops in Python); null is False."""
    mask = pc.is_in(_strings(values), value_set=_strings(allowed))
    return pd.Series(mask.to_numpy(zero_copy_only=False), index=values.index).fillna(False).astype(bool)


def foreign_key_problems(tables: Tables) -> list[Problem]:
    """Every foreign key value exists in the table it references."""
    problems = []
    for (table, column), (target, key) in schema.FOREIGN_KEYS.items():
        frame = tables[table]
        values = frame[column]
        bad = frame[values.notna() & ~isin(values, tables[target][key])]
        problems += [
            Problem(table, row_id, column, f"foreign_key (no {target} row has {key} = this value)", value,
                    stage=REFERENCES, needs=frozenset({(target, key, value)}))
            for row_id, value in zip(bad[schema.PRIMARY_KEYS[table]].tolist(), bad[column].tolist())
        ]
    return problems


# Foreign keys whose row's own id carries the id they refer to (evidence_id_starts_with_claim_id, …).
CARRY_THEIR_PARENT = {("evidence", "claim_id"), ("quantities", "claim_id")}
MAX_SUGGESTIONS = 100  # foreign keys given a "did you mean": the rest of a flood of them would cost seconds


def suggest_references(problems: list, tables: Tables, scope: Callable[[str], str | None]) -> list[Problem]:
    """Each root foreign-key problem with "did you mean …?": the id its row's own id carries (an evidence id
    carries its claim id), else the closest id of the same article (difflib), else the closest id. Its row then
    stands for the row it was meant to be (a review of the suggested claim), so what misses that row follows from it.
    A problem of a rule in ``HINTS`` gets its hint the same way.

    Run on the folded problems only: a foreign key that follows from a dropped row gets no suggestion.
    """
    known: dict[tuple[tuple[str, str], tuple[str, str]], set[str]] = {}  # (target, source) -> the target's ids
    near: dict[tuple[tuple[str, str], str | None], list[str]] = {}
    suggested, count = [], 0
    for problem in problems:
        hint = HINTS.get(problem.rule.partition(" (")[0])
        if hint is not None and (line := hint(problem.value)):
            problem = replace(problem, detail=problem.detail + (line,))
        target = schema.FOREIGN_KEYS.get((problem.table, problem.column))
        if (target is None or problem.follows is not None or problem.stage != REFERENCES
                or not isinstance(problem.value, str) or count >= MAX_SUGGESTIONS):
            suggested.append(problem)
            continue
        count += 1
        source = (problem.table, problem.column)
        if (target, source) not in known:
            keys = set(_strings(tables[target[0]][target[1]].dropna()).to_pylist())
            if problem.column == schema.PRIMARY_KEYS[problem.table]:  # unique: not a key another row has
                keys -= set(_strings(tables[problem.table][problem.column].dropna()).to_pylist())
            known[(target, source)] = keys
        keys = known[(target, source)]
        own = problem.row_id if source in CARRY_THEIR_PARENT else None
        while own and own not in keys:
            own = own.rpartition("-")[0]
        meant = own or None
        if meant is None:
            article = scope(problem.value)
            if (source, article) not in near:
                near[(source, article)] = sorted(k for k in keys if k.startswith(article)) if article else []
            meant = closest(problem.value, near[(source, article)]) or closest(problem.value, sorted(keys))
        suggested.append(problem if meant is None else replace(
            problem, detail=problem.detail + (f"did you mean {meant!r}?",),
            affects=problem.affects | {(problem.table, problem.column, meant)}))
    return suggested


def _with_text_spans(frame: pd.DataFrame, article_ids: pd.Series, texts: Texts) -> list[str | None]:
    """text[char_start:char_end] for every row, in one pass over plain lists (no per-row pandas access)."""
    return [
        texts[a][s:e] if a in texts and pd.notna(s) and pd.notna(e) else None
        for a, s, e in zip(article_ids.tolist(), frame["char_start"].tolist(), frame["char_end"].tolist())
    ]


@relation("articles", "text_sha256")
def text_matches_sha256(data: Data) -> pd.DataFrame:
    """The article text's SHA-256 is the one recorded for it."""
    articles = data.tables["articles"]
    actual = [hashlib.sha256(data.texts[a].encode("utf-8")).hexdigest() if a in data.texts else None
              for a in articles["article_id"].tolist()]
    return articles[articles["text_sha256"] != pd.Series(actual, index=articles.index, dtype="str")]


@relation("articles", "n_chars")
def n_chars_matches_text(data: Data) -> pd.DataFrame:
    """n_chars is the length of the article text."""
    articles = data.tables["articles"]
    lengths = [len(data.texts[a]) if a in data.texts else None for a in articles["article_id"].tolist()]
    return articles[articles["n_chars"] != pd.Series(lengths, index=articles.index, dtype="Int32")]


@relation("articles", "publisher")
def publisher_name_matches_source(data: Data) -> pd.DataFrame:
    """publisher is the name of the publisher_id source."""
    articles = data.tables["articles"]
    names = data.via("articles", "publisher_id", "sources", "name")
    return articles[names.notna() & (articles["publisher"] != names)]


@relation("claims", "source")
def source_name_matches_source(data: Data) -> pd.DataFrame:
    """source is the name of the source_id source."""
    claims = data.tables["claims"]
    names = data.via("claims", "source_id", "sources", "name")
    return claims[names.notna() & (claims["source"] != names)]


@relation("claims", "source_id", needs=lambda row_id, value: [("articles", "publisher_id", value)])
def unattributed_is_publisher(data: Data) -> pd.DataFrame:
    """A statement with attribution none is asserted by its article's publisher."""
    claims = data.tables["claims"]
    publisher = data.via("claims", "article_id", "articles", "publisher_id")
    return claims[(claims["attribution"] == "none") & publisher.notna() & (claims["source_id"] != publisher)]


@relation("claims", "source_id")
def attributed_is_not_publisher(data: Data) -> pd.DataFrame:
    """A statement attributed explicitly or implicitly names a source other than its publisher."""
    claims = data.tables["claims"]
    publisher = data.via("claims", "article_id", "articles", "publisher_id")
    return claims[(claims["attribution"] != "none") & (claims["source_id"] == publisher)]


@relation("claims", "speaker_id")
def speaker_is_a_person(data: Data) -> pd.DataFrame:
    """A speaker is a source of kind person."""
    claims = data.tables["claims"]
    kind = data.via("claims", "speaker_id", "sources", "kind").astype("str")
    return claims[kind.notna() & (kind != "person")]


@relation("sources", "source_id", needs=lambda row_id, value: [
    ("claims", "source_id", row_id), ("claims", "speaker_id", row_id), ("articles", "publisher_id", row_id)])
def source_is_referenced(data: Data) -> pd.DataFrame:
    """Every source publishes an article or asserts or speaks in a statement."""
    sources = data.tables["sources"]
    used = pd.concat([data.tables["articles"]["publisher_id"], data.tables["claims"]["source_id"],
                      data.tables["claims"]["speaker_id"].dropna()])
    return sources[~isin(sources["source_id"], used)]


@relation("claims", "statement")
def statement_matches_text(data: Data) -> pd.DataFrame:
    """statement is exactly text[char_start:char_end] of its article."""
    claims = data.tables["claims"]
    spans = pd.Series(_with_text_spans(claims, claims["article_id"], data.texts), index=claims.index, dtype="str")
    return claims[isin(claims["article_id"], data.texts) & (spans != claims["statement"]).fillna(True)]


@relation("claims", "char_end")
def span_within_article(data: Data) -> pd.DataFrame:
    """A statement's span ends within its article text."""
    claims = data.tables["claims"]
    n_chars = data.via("claims", "article_id", "articles", "n_chars")
    return claims[n_chars.notna() & (claims["char_end"] > n_chars)]


@relation("claims", "paragraph")
def paragraph_matches_text(data: Data) -> pd.DataFrame:
    """paragraph counts the line breaks before the statement, plus one."""
    claims = data.tables["claims"]
    newlines = {a: [m.start() for m in re.finditer("\n", data.texts[a])]
                for a in claims["article_id"].unique().tolist() if a in data.texts}
    expected = [bisect.bisect_left(newlines[a], s) + 1 if a in newlines and pd.notna(s) else None
                for a, s in zip(claims["article_id"].tolist(), claims["char_start"].tolist())]
    return claims[claims["paragraph"] != pd.Series(expected, index=claims.index, dtype="Int32")]


@relation("claims", "seq")
def seq_is_contiguous(data: Data) -> pd.DataFrame:
    """seq numbers each article's statements 1..N in the order they appear in the text."""
    claims = data.claims_in_text_order()
    expected = claims.groupby("article_id", sort=False).cumcount() + 1
    return claims[claims["seq"] != expected.astype("Int32")]


@relation("claims", "statement", needs=_gap)
def statements_tile_article(data: Data) -> pd.DataFrame:
    """Only whitespace lies before an article's first statement and between statements (the value: the text left).

    Blames the statement whose end leaves the gap (the first statement for text before it), with the uncovered
    text as the value; two statements that overlap blame the first, with the text they share.
    """
    claims = data.claims_in_text_order()
    articles = claims["article_id"].tolist()
    starts, ends = claims["char_start"].tolist(), claims["char_end"].tolist()
    bad: dict[object, str] = {}
    for number, (row, article, start, end) in enumerate(zip(claims.index.tolist(), articles, starts, ends)):
        text = data.texts.get(article)
        if text is None or pd.isna(start) or pd.isna(end):
            continue
        first = number == 0 or articles[number - 1] != article
        if first and text[:start].strip():
            bad[row] = text[:start].strip()
        following = number + 1 < len(articles) and articles[number + 1] == article and pd.notna(starts[number + 1])
        if following and row not in bad:
            after = starts[number + 1]
            if after < end:
                bad[row] = text[after:end]
            elif text[end:after].strip():
                bad[row] = text[end:after].strip()
    return claims.loc[list(bad)].assign(statement=pd.Series(list(bad.values()), index=list(bad), dtype="str"))


@relation("claims", "statement", needs=_gap)
def last_statement_reaches_end(data: Data) -> pd.DataFrame:
    """Nothing but whitespace follows an article's last statement (the value: the text left after it)."""
    last = data.claims_in_text_order().groupby("article_id", sort=False).tail(1)
    bad: dict[object, str] = {}
    for row, article, end in zip(last.index.tolist(), last["article_id"].tolist(), last["char_end"].tolist()):
        if article in data.texts and pd.notna(end) and data.texts[article][end:].strip():
            bad[row] = data.texts[article][end:].strip()
    return last.loc[list(bad)].assign(statement=pd.Series(list(bad.values()), index=list(bad), dtype="str"))


@relation("articles", "n_chars", needs=_gap)
def article_has_statements(data: Data) -> pd.DataFrame:
    """An article has at least one statement."""
    articles = data.tables["articles"]
    return articles[isin(articles["article_id"], data.texts) & ~isin(articles["article_id"],
                                                                     data.tables["claims"]["article_id"])]


@relation("quantities", "char_start")
def quantity_within_statement(data: Data) -> pd.DataFrame:
    """A quantity's span lies inside its claim's statement span."""
    quantities = data.tables["quantities"]
    start = data.via("quantities", "claim_id", "claims", "char_start")
    end = data.via("quantities", "claim_id", "claims", "char_end")
    inside = (quantities["char_start"] >= start) & (quantities["char_end"] <= end)
    return quantities[start.notna() & ~inside.fillna(False)]


@relation("quantities", "text")
def quantity_matches_text(data: Data) -> pd.DataFrame:
    """A quantity's text is exactly text[char_start:char_end] of its article."""
    quantities = data.tables["quantities"]
    article_ids = data.via("quantities", "claim_id", "claims", "article_id")
    spans = pd.Series(_with_text_spans(quantities, article_ids, data.texts), index=quantities.index, dtype="str")
    return quantities[isin(article_ids, data.texts) & (spans != quantities["text"]).fillna(True)]


@relation("claims", "checkworthy", needs=lambda row_id, value: [("reviews", "claim_id", row_id)])
def checkworthy_claim_is_reviewed(data: Data) -> pd.DataFrame:
    """Every check-worthy claim of an article whose status is reviewed has a review."""
    claims = data.tables["claims"]
    done = data.via("claims", "article_id", "articles", "status") == "reviewed"
    return claims[claims["checkworthy"] & done.fillna(False) & ~isin(claims["claim_id"],
                                                                      data.tables["reviews"]["claim_id"])]


@relation("claims", "drafted")
def reviewed_article_has_no_drafted_claim(data: Data) -> pd.DataFrame:
    """A reviewed article has no drafted statement: confirm each (delete its `drafted = true`) before the reviews."""
    claims = data.tables["claims"]
    done = data.via("claims", "article_id", "articles", "status") == "reviewed"
    return claims[claims["drafted"].fillna(False).astype(bool) & done.fillna(False)]


@relation("sources", "drafted")
def reviewed_article_cites_no_drafted_source(data: Data) -> pd.DataFrame:
    """A source that a reviewed article cites, quotes or is published by is not drafted: confirm it first."""
    sources, articles, claims = data.tables["sources"], data.tables["articles"], data.tables["claims"]
    reviewed = articles["article_id"][articles["status"] == "reviewed"]
    cited = claims[isin(claims["article_id"], reviewed)]
    used = pd.concat([articles["publisher_id"][articles["status"] == "reviewed"], cited["source_id"],
                      cited["speaker_id"].dropna()])
    return sources[sources["drafted"].fillna(False).astype(bool) & isin(sources["source_id"], used)]


def review_status(claims: pd.DataFrame, reviews: pd.DataFrame) -> pd.Series:
    """Each claim's review_status: reviewed if it has a review, else not_yet_reviewed if check-worthy, else
    not_checkworthy (the build computes the column with this, and the rule below checks it)."""
    reviewed = isin(claims["claim_id"], reviews["claim_id"])
    status = reviewed.map({True: "reviewed", False: "not_yet_reviewed"}).where(
        reviewed | claims["checkworthy"].fillna(False).astype(bool), "not_checkworthy")
    return pd.Series(status.tolist(), index=claims.index, dtype="str")


@relation("claims", "review_status", needs=lambda row_id, value: [("reviews", "claim_id", row_id)])
def review_status_matches_reviews(data: Data) -> pd.DataFrame:
    """review_status is reviewed for a claim with a review, else not_yet_reviewed if check-worthy, else
    not_checkworthy."""
    claims = data.tables["claims"]
    return claims[claims["review_status"].astype("str") != review_status(claims, data.tables["reviews"])]


@relation("reviews", "claim_id", needs=lambda row_id, value: [("cell", "claims", value, "checkworthy")])
def review_is_for_checkworthy_claim(data: Data) -> pd.DataFrame:
    """Only check-worthy claims have a review."""
    reviews = data.tables["reviews"]
    checkworthy = data.via("reviews", "claim_id", "claims", "checkworthy")
    return reviews[checkworthy.notna() & (checkworthy != True)]  # noqa: E712 (a nullable column)


@relation("reviews", "verdict", needs=lambda row_id, value: [("evidence", "claim_id", row_id)])
def verdict_backed_by_evidence(data: Data) -> pd.DataFrame:
    """A Supported (Refuted) verdict has at least one evidence row that supports (refutes) the claim."""
    reviews = data.tables["reviews"]
    evidence = data.tables["evidence"]
    stances = set(zip(evidence["claim_id"].tolist(), evidence["stance"].astype("str").tolist()))
    needed = reviews["verdict"].astype("str").map(schema.VERDICT_NEEDS_STANCE)
    backed = [stance is None or pd.isna(stance) or (claim, stance) in stances
              for claim, stance in zip(reviews["claim_id"].tolist(), needed.tolist())]
    return reviews[~pd.Series(backed, index=reviews.index, dtype=bool)]


@relation("reviews", "justification", needs=lambda row_id, value: [("evidence", "claim_id", row_id)] + [
    ("evidence", "evidence_id", cited) for cited in re.findall(schema.CITED_EVIDENCE_ID, str(value))])
def justification_cites_own_evidence(data: Data) -> pd.DataFrame:
    """A justification cites only evidence ids of its own claim, and at least one unless Not Enough Evidence."""
    reviews = data.tables["reviews"]
    owner = dict(zip(data.tables["evidence"]["evidence_id"].tolist(), data.tables["evidence"]["claim_id"].tolist()))
    pattern = re.compile(schema.CITED_EVIDENCE_ID)
    good = []
    for claim, verdict, text in zip(reviews["claim_id"].tolist(), reviews["verdict"].astype("str").tolist(),
                                    reviews["justification"].fillna("").tolist()):
        cited = pattern.findall(text)
        good.append(all(owner.get(e) == claim for e in cited) and (bool(cited) or verdict == "Not Enough Evidence"))
    return reviews[~pd.Series(good, index=reviews.index, dtype=bool)]


@relation("reviews", "attribution_check", needs=lambda row_id, value: [("cell", "claims", row_id, "attribution")])
def attribution_checked_for_attributed_claims(data: Data) -> pd.DataFrame:
    """attribution_check is set for attributed claims and null for the publisher's own (attribution none)."""
    reviews = data.tables["reviews"]
    attribution = data.via("reviews", "claim_id", "claims", "attribution").astype("str")
    own = attribution == "none"
    return reviews[attribution.notna() & (own == reviews["attribution_check"].notna())]


@relation("reviews", "claim_reviewed", needs=lambda row_id, value: [
    ("cell", "reviews", row_id, "attribution_check"), ("claims", "claim_id", row_id)])
def unconfirmed_attribution_reviewed_as_the_publishers(data: Data) -> pd.DataFrame:
    """An unconfirmed attribution (differs, not_found) is reviewed as the publisher's: "<publisher>, citing X: …".

    claim_reviewed is what ClaimReview consumers show beside the verdict; starting it with the source's name
    would endorse an attribution the review could not confirm."""
    reviews = data.tables["reviews"]
    unconfirmed = reviews["attribution_check"].astype("str").isin(schema.UNCONFIRMED_CHECKS)
    publisher = data.lookup("articles", "publisher", data.via("reviews", "claim_id", "claims", "article_id"))
    wrong = [isinstance(name, str) and not text.startswith(name)  # no publisher: the missing claim is the problem
             for text, name in zip(reviews["claim_reviewed"].fillna("").tolist(), publisher.tolist())]
    return reviews[unconfirmed & pd.Series(wrong, index=reviews.index, dtype=bool)]


@relation("evidence", "url")
def evidence_is_other_coverage(data: Data) -> pd.DataFrame:
    """Evidence comes from a page other than the article under review."""
    evidence = data.tables["evidence"]
    article = data.via("evidence", "claim_id", "claims", "article_id")
    return evidence[evidence["url"] == data.lookup("articles", "url", article)]


@relation("evidence", "claim_id", needs=lambda row_id, value: [("reviews", "claim_id", value)])
def evidence_claim_is_reviewed(data: Data) -> pd.DataFrame:
    """Evidence is recorded only for claims that have a review."""
    evidence = data.tables["evidence"]
    return evidence[~isin(evidence["claim_id"], data.tables["reviews"]["claim_id"])]


@relation("evidence", "published", needs=lambda row_id, value: [
    ("cell", "reviews", str(row_id).rpartition("-")[0], "reviewed")])  # an evidence id carries its claim id
def evidence_predates_its_review(data: Data) -> pd.DataFrame:
    """A page's published date is no later than the date of its claim's review (reviewed)."""
    evidence = data.tables["evidence"]
    reviewed = data.via("evidence", "claim_id", "reviews", "reviewed")
    late = [pd.notna(published) and pd.notna(review) and published > review
            for published, review in zip(evidence["published"].tolist(), reviewed.tolist())]
    return evidence[pd.Series(late, index=evidence.index, dtype=bool)]
