"""The data contract: one Pandera model per table, the rules between tables, and a typed loader.

Every column of the dataset is defined here and only here. Each ``Field``'s
``description`` is the data dictionary: README.md, the Parquet field metadata
and every other description of a column are generated from it.

Rules come in two layers, each a named function with a one-line docstring:

* per table, in the models: types, closed sets, patterns, and row rules
  (``@row_rule``) that need only the row itself;
* between tables and against the article texts (``@relation``): foreign keys,
  spans that must match the text, coverage of the article.

``validate(tables, texts)`` runs both, lazily, and returns every problem at once.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa
import pyarrow as pya
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from pandera.typing import Series

import spreadsheet

# --- Closed sets --------------------------------------------------------------

SOURCE_KINDS = [
    "newspaper",
    "news_website",
    "news_agency",
    "broadcaster",
    "government_agency",
    "state_media",
    "person",
    "book",
    "organization",
]
ATTRIBUTIONS = ["explicit", "implicit", "none"]
CLAIM_TYPES = [
    "event",
    "property",
    "numerical",
    "quote",
    "causal",
    "prediction",
    "opinion",
    "not_a_claim",
]
NOT_CHECKWORTHY = {"not_a_claim", "opinion"}
STANCES = ["supports", "refutes", "partially_supports", "unrelated_but_relevant"]
# AVeriTeC's verdict labels.
VERDICTS = ["Supported", "Refuted", "Not Enough Evidence", "Conflicting Evidence/Cherrypicking"]
# The stance a verdict needs at least one evidence row of.
VERDICT_NEEDS_STANCE = {"Supported": "supports", "Refuted": "refutes"}
CORRECTABLE_VERDICTS = {"Refuted", "Conflicting Evidence/Cherrypicking"}
ATTRIBUTION_CHECKS = ["confirmed", "differs", "not_found"]
MAX_SUMMARY_WORDS, MAX_QUOTE_WORDS, MAX_CLAIM_REVIEWED_CHARS = 40, 20, 75
JUSTIFICATION_SENTENCES = (2, 4)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLAIM_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}$"
QUANTITY_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}-q[0-9]+$"
EVIDENCE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}-e[0-9]+$"
HTTP_URL = r"^https?://[^\s/]+\.[^\s/]+/\S*$"
# BCP 47: language, optional script, optional region (the subset this dataset uses).
BCP47 = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$"

# Number words a quantity's text may use instead of digits.
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen"
        " fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}

# Units a quantity may be normalised to: unit as curated -> (standard unit, factor).
UNIT_CONVERSIONS = {
    "mph": ("km/h", 1.609344),
    "km/h": ("km/h", 1.0),
    "mi": ("km", 1.609344),
    "km": ("km", 1.0),
}


def closed_set(values: list[str], description: str, **kwargs) -> pa.Field:
    """A categorical column whose categories are exactly ``values``."""
    return pa.Field(
        dtype_kwargs={"categories": values, "ordered": False},
        description=f"{description} One of: {', '.join(values)}.",
        **kwargs,
    )


# One line, neither starting nor ending with whitespace: what ``trimmed_line`` checks, as a pattern for Frictionless.
TRIMMED_LINE = r"^\S(?:.*\S)?$"


@pa.extensions.register_check_method(statistics=["pattern"], supported_types=pd.Series)
def trimmed_line(series: pd.Series, *, pattern: str) -> pd.Series:
    """A free text is one line, without leading or trailing whitespace.

    ``pattern`` says the same for Frictionless. Computed by Arrow's trim, whose whitespace is exactly Python's ``\\s``: the
    pattern itself has ``\\S``, which pandas can only match one value at a time.
    Unlike the pattern under ``re.match``, a trailing "\\n" fails too.
    """
    return (series.str.strip() == series) & ~series.str.contains("\n", regex=False)


def free_text(description: str, nullable: bool = False, max_chars: int | None = None, **kwargs) -> pa.Field:
    """A free-text column: never the empty string (missing is null), one line, not padded with spaces."""
    return pa.Field(
        description=description, nullable=nullable, str_length={"min_value": 1, "max_value": max_chars},
        trimmed_line={"pattern": TRIMMED_LINE}, **kwargs,
    )


_BLAMED_COLUMN: dict[str, str] = {}


def row_rule(column: str):
    """Register a model's row rule (a Pandera dataframe check) and the column it blames."""

    def register(check: Callable) -> Callable:
        _BLAMED_COLUMN[check.__name__] = column
        return pa.dataframe_check(name=check.__name__)(check)

    return register


def _child_ids(ids: pd.Series, parents: pd.Series, suffix: str) -> pd.Series:
    """Whether each id is its parent's id followed by ``suffix`` (a regex), computed column-wise by Arrow."""
    stripped = ids.astype("str").str.replace(suffix, "", regex=True)
    return (stripped == parents.astype("str")) & ids.astype("str").str.contains(suffix, regex=True)


def _contains_in_order(haystacks: pd.Series, needles: pd.Series) -> pd.Series:
    """Whether each needle's parts ("said … as reported by") appear in order in its haystack (null needles pass)."""
    ok = [True] * len(haystacks)
    present = needles.notna().to_numpy()
    for row, haystack, needle in zip(present.nonzero()[0].tolist(), haystacks[present].tolist(),
                                     needles[present].tolist()):
        position = 0
        for part in (p.strip() for p in needle.split("…")):
            position = haystack.find(part, position) if isinstance(haystack, str) else -1
            if position < 0:
                break
            position += len(part)
        ok[row] = position >= 0
    return pd.Series(ok, index=haystacks.index)


# --- Tables -------------------------------------------------------------------


class Table(pa.DataFrameModel):
    """Settings every table shares: exactly the declared columns, in the declared order."""

    class Config:
        strict = True
        ordered = True


class Articles(Table):
    """One row per article; the text itself is claims/<article_id>.txt."""

    article_id: Series[str] = pa.Field(
        unique=True, str_matches=SLUG,
        description="Article identifier, a lowercase slug; the curated files are claims/<article_id>.toml and .txt.",
    )
    title: Series[str] = free_text("Headline as published; null where no stored copy shows one.", nullable=True)
    publisher_id: Series[str] = pa.Field(
        str_matches=SLUG, description="source_id of the outlet that published the article (a row of sources).",
    )
    publisher: Series[str] = free_text("Name of the publisher, copied from sources for convenience.")
    url: Series[str] = pa.Field(str_matches=HTTP_URL, description="Absolute http(s) URL where the article was published.")
    published: Series[pa.typing.Date] = pa.Field(
        nullable=True, description="Publication date (ISO 8601); null unless a stored copy of the page supports the day.",
    )
    language: Series[str] = pa.Field(str_matches=BCP47, description="Language of the article text, as a BCP 47 tag.")
    text_sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the article text file's bytes (UTF-8, \\n line ends).",
    )
    n_chars: Series[pd.Int32Dtype] = pa.Field(
        ge=1, description="Length of the article text in Unicode code points (the unit of every offset).",
    )


class Sources(Table):
    """One row per entity that asserts something: publishers and whoever an article attributes a statement to."""

    source_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Source identifier, a lowercase slug.")
    name: Series[str] = free_text("The source's name, as a reader would write it.", unique=True)
    kind: Series[pd.CategoricalDtype] = closed_set(SOURCE_KINDS, "What sort of entity the source is.")
    country: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of the source's country; null where unknown or not applicable.",
    )
    description: Series[str] = free_text("One line: who the source is, as the articles present it.")


class Claims(Table):
    """One row per statement of an article, in article order; together the statements tile the article."""

    claim_id: Series[str] = pa.Field(
        unique=True, str_matches=CLAIM_ID,
        description="Permanent identifier <article_id>-NNN; never renumbered (seq gives the order).",
    )
    article_id: Series[str] = pa.Field(str_matches=SLUG, description="The article the statement belongs to.")
    seq: Series[pd.Int32Dtype] = pa.Field(ge=1, description="Position of the statement in its article, 1..N.")
    paragraph: Series[pd.Int32Dtype] = pa.Field(
        ge=1, description="1-based paragraph of the article (paragraphs are separated by \\n).",
    )
    char_start: Series[pd.Int32Dtype] = pa.Field(
        ge=0, description="Start offset of the statement in the article text (Unicode code points, inclusive).",
    )
    char_end: Series[pd.Int32Dtype] = pa.Field(
        ge=1, description="End offset of the statement in the article text (exclusive): text[char_start:char_end].",
    )
    statement: Series[str] = free_text(
        "The statement exactly as written in the article; never spans two paragraphs.",
    )
    claim: Series[str] = free_text(
        "The statement rewritten to stand alone: references resolved, hedges kept, nothing added.",
    )
    source_id: Series[str] = pa.Field(
        str_matches=SLUG,
        description="Who asserts the statement according to the article (a row of sources); the publisher when nothing is attributed.",
    )
    source: Series[str] = free_text("The source's name, copied from sources for convenience.")
    speaker_id: Series[str] = pa.Field(
        nullable=True, str_matches=SLUG,
        description="The person whose words the source reports (a row of sources), when the source quotes someone.",
    )
    attribution: Series[pd.CategoricalDtype] = closed_set(
        ATTRIBUTIONS,
        "How the article attributes the statement: explicit (a cue in the statement names the source), "
        "implicit (the surrounding statements carry the attribution), none (the publisher's own assertion).",
    )
    cue: Series[str] = free_text(
        "The attribution cue as written in the statement (\"According to\", \"said … as reported by\"); "
        "… joins parts that are apart.", nullable=True,
    )
    claim_type: Series[pd.CategoricalDtype] = closed_set(CLAIM_TYPES, "What kind of claim the statement makes.")
    checkworthy: Series[bool] = pa.Field(
        description="Whether a fact-checker could and should check it; false for not_a_claim and opinion.",
    )
    hedge: Series[str] = free_text(
        "The hedging words as written (\"estimated … about\", \"usually\"); null when the statement is unhedged.",
        nullable=True,
    )

    @row_rule("char_end")
    def span_is_not_empty(cls, df: pd.DataFrame) -> Series[bool]:
        """A statement's span starts before it ends."""
        return df["char_start"] < df["char_end"]

    @row_rule("statement")
    def statement_stays_in_its_paragraph(cls, df: pd.DataFrame) -> Series[bool]:
        """A statement never contains a line break."""
        return ~df["statement"].str.contains("\n", regex=False)

    @row_rule("claim_id")
    def claim_id_starts_with_article_id(cls, df: pd.DataFrame) -> Series[bool]:
        """A claim_id is its article_id, a hyphen and a three-digit number."""
        return _child_ids(df["claim_id"], df["article_id"], r"-[0-9]{3}$")

    @row_rule("checkworthy")
    def not_a_claim_is_not_checkworthy(cls, df: pd.DataFrame) -> Series[bool]:
        """Statements of type not_a_claim or opinion are never check-worthy."""
        return ~(df["claim_type"].isin(NOT_CHECKWORTHY) & df["checkworthy"])

    @row_rule("cue")
    def explicit_attribution_has_cue(cls, df: pd.DataFrame) -> Series[bool]:
        """An explicit attribution records its cue."""
        return (df["attribution"] != "explicit") | df["cue"].notna()

    @row_rule("cue")
    def cue_is_in_statement(cls, df: pd.DataFrame) -> Series[bool]:
        """The cue's words appear in the statement, in order."""
        return _contains_in_order(df["statement"], df["cue"])

    @row_rule("hedge")
    def hedge_is_in_statement(cls, df: pd.DataFrame) -> Series[bool]:
        """The hedge's words appear in the statement, in order."""
        return _contains_in_order(df["statement"], df["hedge"])

    @row_rule("speaker_id")
    def unattributed_has_no_speaker_or_cue(cls, df: pd.DataFrame) -> Series[bool]:
        """The publisher's own assertions (attribution none) have neither speaker nor cue."""
        return (df["attribution"] != "none") | (df["speaker_id"].isna() & df["cue"].isna())

    @row_rule("speaker_id")
    def speaker_is_not_the_source(cls, df: pd.DataFrame) -> Series[bool]:
        """A speaker is someone the source reports, not the source itself."""
        return df["speaker_id"].isna() | (df["speaker_id"] != df["source_id"])


class Quantities(Table):
    """One row per number in a statement."""

    quantity_id: Series[str] = pa.Field(
        unique=True, str_matches=QUANTITY_ID, description="<claim_id>-qN, N counting the statement's quantities from 1.",
    )
    claim_id: Series[str] = pa.Field(str_matches=CLAIM_ID, description="The claim whose statement contains the number.")
    text: Series[str] = free_text("The number with its unit and hedge, as written (\"about 90 railcars\").")
    char_start: Series[pd.Int32Dtype] = pa.Field(ge=0, description="Start offset of text in the article (inclusive).")
    char_end: Series[pd.Int32Dtype] = pa.Field(ge=1, description="End offset of text in the article (exclusive).")
    value: Series[pd.Float64Dtype] = pa.Field(description="The number as a number (number words become numbers).")
    unit: Series[str] = free_text("What is counted or measured, singular (\"railcar\", \"mph\").")
    approximate: Series[bool] = pa.Field(description="Whether the text hedges the number (\"about\", \"around\").")
    value_normalized: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="value in unit_normalized; null where the unit has no standard counterpart.",
    )
    unit_normalized: Series[str] = free_text(
        "The standard unit value_normalized is in (a speed in km/h); null with value_normalized.", nullable=True,
    )

    @row_rule("char_end")
    def span_is_not_empty(cls, df: pd.DataFrame) -> Series[bool]:
        """A quantity's span starts before it ends."""
        return df["char_start"] < df["char_end"]

    @row_rule("char_end")
    def span_fits_text(cls, df: pd.DataFrame) -> Series[bool]:
        """A quantity's span is as long as its text."""
        return (df["char_end"] - df["char_start"]) == df["text"].str.len()

    @row_rule("quantity_id")
    def quantity_id_starts_with_claim_id(cls, df: pd.DataFrame) -> Series[bool]:
        """A quantity_id is its claim_id followed by -qN."""
        return _child_ids(df["quantity_id"], df["claim_id"], r"-q[0-9]+$")

    @row_rule("value")
    def value_is_written_in_text(cls, df: pd.DataFrame) -> Series[bool]:
        """The value appears in the text, in digits or as a number word."""
        return pd.Series(
            [_writes_number(t, v) for t, v in zip(df["text"].tolist(), df["value"].tolist())], index=df.index,
        )

    @row_rule("value_normalized")
    def normalized_value_has_unit(cls, df: pd.DataFrame) -> Series[bool]:
        """value_normalized and unit_normalized are both set or both null."""
        return df["value_normalized"].isna() == df["unit_normalized"].isna()


def _writes_number(text: str, value: float) -> bool:
    """Whether ``text`` writes ``value`` in digits ("1,000", "55.5") or as a number word ("two")."""
    if pd.isna(value):
        return False
    digits = {float(d.replace(",", "")) for d in re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?", text)}
    words = {NUMBER_WORDS.get(w) for w in re.findall(r"[a-z]+", text.lower())}
    return value in digits or value in words


def _word_counts(texts: pd.Series) -> pd.Series:
    """Words (whitespace-separated) in each text; 0 for null."""
    return texts.fillna("").str.split().str.len()


def sentences(text: str) -> list[str]:
    """The sentences of a text: split after . ! ? followed by space and a capital, digit or quote."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip()) if s]


class Evidence(Table):
    """One row per (claim, piece of evidence): what another public source says on the claim."""

    evidence_id: Series[str] = pa.Field(
        unique=True, str_matches=EVIDENCE_ID,
        description="Permanent identifier <claim_id>-eN; justifications cite it.",
    )
    claim_id: Series[str] = pa.Field(str_matches=CLAIM_ID, description="The claim this evidence bears on.")
    url: Series[str] = pa.Field(
        str_matches=HTTP_URL, description="Absolute http(s) URL of the page read, exactly as it was stored.",
    )
    publisher: Series[str] = free_text("Who published the page (and whose copy it carries, e.g. \"PerthNow (Reuters)\").")
    published: Series[pa.typing.Date] = pa.Field(
        nullable=True, description="Publication date shown in the page's own text; null where the page shows none.",
    )
    stance: Series[pd.CategoricalDtype] = closed_set(STANCES, "What the page says of the claim.")
    summary: Series[str] = free_text(
        f"Our paraphrase, at most {MAX_SUMMARY_WORDS} words, of what the page says on this claim and whom it credits.",
    )
    quote: Series[str] = free_text(
        f"At most {MAX_QUOTE_WORDS} words copied exactly from the page, where the wording matters "
        "(a number, a unit, a quotation); null otherwise.", nullable=True,
    )

    @row_rule("evidence_id")
    def evidence_id_starts_with_claim_id(cls, df: pd.DataFrame) -> Series[bool]:
        """An evidence_id is its claim_id followed by -eN."""
        return _child_ids(df["evidence_id"], df["claim_id"], r"-e[0-9]+$")

    @row_rule("summary")
    def summary_is_short(cls, df: pd.DataFrame) -> Series[bool]:
        """A summary has at most MAX_SUMMARY_WORDS words."""
        return _word_counts(df["summary"]) <= MAX_SUMMARY_WORDS

    @row_rule("quote")
    def quote_is_short(cls, df: pd.DataFrame) -> Series[bool]:
        """A quote has at most MAX_QUOTE_WORDS words."""
        return _word_counts(df["quote"]) <= MAX_QUOTE_WORDS


class Reviews(Table):
    """One row per check-worthy claim: the verdict on it and whether its cited source really said it."""

    claim_id: Series[str] = pa.Field(unique=True, str_matches=CLAIM_ID, description="The reviewed claim.")
    claim_reviewed: Series[str] = free_text(
        f"The claim in short (at most {MAX_CLAIM_REVIEWED_CHARS} characters), as ClaimReview's claimReviewed.",
        max_chars=MAX_CLAIM_REVIEWED_CHARS,
    )
    verdict: Series[pd.CategoricalDtype] = closed_set(VERDICTS, "The verdict, in AVeriTeC's labels.")
    attribution_check: Series[pd.CategoricalDtype] = closed_set(
        ATTRIBUTION_CHECKS,
        "For an attributed claim: whether coverage shows that source saying it. Null for the publisher's own claims.",
        nullable=True,
    )
    justification: Series[str] = free_text(
        f"{JUSTIFICATION_SENTENCES[0]} to {JUSTIFICATION_SENTENCES[1]} sentences a reader can follow, citing "
        "evidence ids; for Not Enough Evidence, what was searched.",
    )
    corrected_claim: Series[str] = free_text(
        "What the evidence supports instead (the right figure and unit), for Refuted and Conflicting verdicts; "
        "null otherwise.", nullable=True,
    )
    reviewed: Series[pa.typing.Date] = pa.Field(description="Date the review was made (ISO 8601).")

    @row_rule("justification")
    def justification_has_two_to_four_sentences(cls, df: pd.DataFrame) -> Series[bool]:
        """A justification has two to four sentences."""
        low, high = JUSTIFICATION_SENTENCES
        return pd.Series([low <= len(sentences(j)) <= high for j in df["justification"].fillna("").tolist()],
                         index=df.index)

    @row_rule("justification")
    def not_enough_evidence_says_what_was_searched(cls, df: pd.DataFrame) -> Series[bool]:
        """A Not Enough Evidence verdict says in its justification what was searched."""
        return (df["verdict"] != "Not Enough Evidence") | df["justification"].str.contains("searched", case=False)

    @row_rule("corrected_claim")
    def correction_only_for_refuted_or_conflicting(cls, df: pd.DataFrame) -> Series[bool]:
        """Only a Refuted or Conflicting verdict carries a corrected claim."""
        return df["corrected_claim"].isna() | df["verdict"].isin(CORRECTABLE_VERDICTS)



MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": Articles,
    "sources": Sources,
    "claims": Claims,
    "quantities": Quantities,
    "evidence": Evidence,
    "reviews": Reviews,
}
PRIMARY_KEYS = {"articles": "article_id", "sources": "source_id", "claims": "claim_id", "quantities": "quantity_id",
                "evidence": "evidence_id", "reviews": "claim_id"}
SORT_KEYS = {"articles": ["article_id"], "sources": ["source_id"], "claims": ["article_id", "seq"],
             "quantities": ["claim_id", "char_start"], "evidence": ["claim_id", "evidence_id"],
             "reviews": ["claim_id"]}
# (table, column) -> (referenced table, referenced column)
FOREIGN_KEYS = {
    ("articles", "publisher_id"): ("sources", "source_id"),
    ("claims", "article_id"): ("articles", "article_id"),
    ("claims", "source_id"): ("sources", "source_id"),
    ("claims", "speaker_id"): ("sources", "source_id"),
    ("quantities", "claim_id"): ("claims", "claim_id"),
    ("evidence", "claim_id"): ("claims", "claim_id"),
    ("reviews", "claim_id"): ("claims", "claim_id"),
}


# --- Problems -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, reported on one line."""

    table: str
    row_id: str | None
    column: str | None
    rule: str
    value: object = None
    where: str = ""  # "claims/x.toml:12" where the row comes from a curated file
    unreadable: bool = False  # the input could not be read at all (exit code 2)

    def __post_init__(self) -> None:
        """A missing row id (a row without its key) is None, never NaN."""
        if self.row_id is not None and _is_null(self.row_id):
            object.__setattr__(self, "row_id", None)

    def __str__(self) -> str:
        value = "null" if _is_null(self.value) else repr(getattr(self.value, "item", lambda: self.value)())
        if len(value) > 80:
            value = value[:77] + "..."
        where = f"{self.where}: " if self.where else ""
        return (f"{where}table {self.table}, row {self.row_id or '-'}, column {self.column or '-'}: "
                f"{self.rule}; value {value}")

    def sort_key(self) -> tuple:
        file, _, line = self.where.partition(":")
        return (file, int(line) if line.isdigit() else 0, self.table, self.row_id or "", self.column or "", self.rule)


def _is_null(value: object) -> bool:
    """Whether a scalar is missing (None, NaN, NA); containers are never null."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def describe(rule: str) -> str:
    """A rule's name with its one-line docstring, e.g. "span_is_not_empty (A statement's span …)"."""
    doc = _RULE_DOCS.get(rule)
    return f"{rule} ({doc})" if doc else rule


# --- Rules between tables and against the texts --------------------------------

Tables = dict[str, pd.DataFrame]
Texts = dict[str, str]
_RELATIONS: list[tuple[Callable, str, str]] = []


def relation(table: str, column: str):
    """Register a rule that needs several tables or the texts; it returns the bad rows of ``table``."""

    def register(rule: Callable[[Tables, Texts], pd.DataFrame]) -> Callable:
        _RELATIONS.append((rule, table, column))
        return rule

    return register


def _strings(values) -> pya.Array:
    """Any Series (str or categorical) or iterable of str as an Arrow string array, without a Python loop over a Series."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="str")
    return pya.array(series.astype("str")).cast(pya.string())


def isin(values: pd.Series, allowed) -> pd.Series:
    """``values.isin(allowed)`` computed by Arrow (pandas' isin on Arrow strings loops in Python); null is False."""
    mask = pc.is_in(_strings(values), value_set=_strings(allowed))
    return pd.Series(mask.to_numpy(zero_copy_only=False), index=values.index).fillna(False).astype(bool)


# The row positions _lookup found during one validate(), by the ids of the key and target arrays (kept alive with
# the entry, so that neither id can be reused meanwhile). Several rules join the same foreign key to the same table;
# hashing a million keys again for each took 2 s at a million statements.
_POSITIONS: dict[tuple[int, int], tuple[object, object, pya.Array]] = {}


def _row_positions(primary_keys: pd.Series, keys: pd.Series) -> pya.Array:
    """The position in ``primary_keys`` of each of ``keys`` (null where none), found once per validate()."""
    cache_key = (id(primary_keys.array), id(keys.array))
    if cache_key not in _POSITIONS:
        found = pc.index_in(_strings(keys), value_set=_strings(primary_keys))
        _POSITIONS[cache_key] = (primary_keys.array, keys.array, found)
    return _POSITIONS[cache_key][2]


def _lookup(tables: Tables, table: str, column: str, keys: pd.Series) -> pd.Series:
    """``column`` of the ``table`` row whose primary key is each of ``keys`` (null where none), joined by Arrow.

    A duplicated primary key (reported elsewhere) resolves to its first row.
    """
    frame = tables[table]
    found = _row_positions(frame[PRIMARY_KEYS[table]], keys)
    if not len(frame):
        return pd.Series(None, index=keys.index, dtype=frame[column].dtype)
    values = frame[column].iloc[found.fill_null(0).to_numpy(zero_copy_only=False)].set_axis(keys.index)
    return values.where(found.is_valid().to_numpy(zero_copy_only=False))


def _foreign_key_problems(tables: Tables) -> list[Problem]:
    """Every foreign key value exists in the table it references."""
    problems = []
    for (table, column), (target, key) in FOREIGN_KEYS.items():
        frame = tables[table]
        values = frame[column]
        bad = frame[values.notna() & ~isin(values, tables[target][key])]
        problems += [
            Problem(table, row_id, column, f"foreign_key (no {target} row has {key} = this value)", value)
            for row_id, value in zip(bad[PRIMARY_KEYS[table]].tolist(), bad[column].tolist())
        ]
    return problems


def _with_text_spans(frame: pd.DataFrame, article_ids: pd.Series, texts: Texts) -> list[str | None]:
    """text[char_start:char_end] for every row, in one pass over plain lists (no per-row pandas access)."""
    return [
        texts[a][s:e] if a in texts and pd.notna(s) and pd.notna(e) else None
        for a, s, e in zip(article_ids.tolist(), frame["char_start"].tolist(), frame["char_end"].tolist())
    ]


@relation("articles", "text_sha256")
def text_matches_sha256(tables: Tables, texts: Texts) -> pd.DataFrame:
    """The article text's SHA-256 is the one recorded for it."""
    articles = tables["articles"]
    actual = [hashlib.sha256(texts[a].encode("utf-8")).hexdigest() if a in texts else None
              for a in articles["article_id"].tolist()]
    return articles[articles["text_sha256"] != pd.Series(actual, index=articles.index, dtype="str")]


@relation("articles", "n_chars")
def n_chars_matches_text(tables: Tables, texts: Texts) -> pd.DataFrame:
    """n_chars is the length of the article text."""
    articles = tables["articles"]
    lengths = [len(texts[a]) if a in texts else None for a in articles["article_id"].tolist()]
    return articles[articles["n_chars"] != pd.Series(lengths, index=articles.index, dtype="Int32")]


@relation("articles", "publisher")
def publisher_name_matches_source(tables: Tables, texts: Texts) -> pd.DataFrame:
    """publisher is the name of the publisher_id source."""
    articles = tables["articles"]
    names = _lookup(tables, "sources", "name", articles["publisher_id"])
    return articles[names.notna() & (articles["publisher"] != names)]


@relation("claims", "source")
def source_name_matches_source(tables: Tables, texts: Texts) -> pd.DataFrame:
    """source is the name of the source_id source."""
    claims = tables["claims"]
    names = _lookup(tables, "sources", "name", claims["source_id"])
    return claims[names.notna() & (claims["source"] != names)]


@relation("claims", "source_id")
def unattributed_is_publisher(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A statement with attribution none is asserted by its article's publisher."""
    claims = tables["claims"]
    publisher = _lookup(tables, "articles", "publisher_id", claims["article_id"])
    return claims[(claims["attribution"] == "none") & publisher.notna() & (claims["source_id"] != publisher)]


@relation("claims", "source_id")
def attributed_is_not_publisher(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A statement attributed explicitly or implicitly names a source other than its publisher."""
    claims = tables["claims"]
    publisher = _lookup(tables, "articles", "publisher_id", claims["article_id"])
    return claims[(claims["attribution"] != "none") & (claims["source_id"] == publisher)]


@relation("claims", "speaker_id")
def speaker_is_a_person(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A speaker is a source of kind person."""
    claims = tables["claims"]
    kind = _lookup(tables, "sources", "kind", claims["speaker_id"]).astype("str")
    return claims[kind.notna() & (kind != "person")]


@relation("sources", "source_id")
def source_is_referenced(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Every source publishes an article or asserts or speaks in a statement."""
    sources = tables["sources"]
    used = pd.concat([tables["articles"]["publisher_id"], tables["claims"]["source_id"],
                      tables["claims"]["speaker_id"].dropna()])
    return sources[~isin(sources["source_id"], used)]


@relation("claims", "statement")
def statement_matches_text(tables: Tables, texts: Texts) -> pd.DataFrame:
    """statement is exactly text[char_start:char_end] of its article."""
    claims = tables["claims"]
    spans = pd.Series(_with_text_spans(claims, claims["article_id"], texts), index=claims.index, dtype="str")
    return claims[isin(claims["article_id"], texts) & (spans != claims["statement"]).fillna(True)]


@relation("claims", "char_end")
def span_within_article(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A statement's span ends within its article text."""
    claims = tables["claims"]
    n_chars = _lookup(tables, "articles", "n_chars", claims["article_id"])
    return claims[n_chars.notna() & (claims["char_end"] > n_chars)]


@relation("claims", "paragraph")
def paragraph_matches_text(tables: Tables, texts: Texts) -> pd.DataFrame:
    """paragraph counts the line breaks before the statement, plus one."""
    claims = tables["claims"]
    newlines = {a: [m.start() for m in re.finditer("\n", t)] for a, t in texts.items()}
    expected = [bisect.bisect_left(newlines[a], s) + 1 if a in newlines and pd.notna(s) else None
                for a, s in zip(claims["article_id"].tolist(), claims["char_start"].tolist())]
    return claims[claims["paragraph"] != pd.Series(expected, index=claims.index, dtype="Int32")]


@relation("claims", "seq")
def seq_is_contiguous(tables: Tables, texts: Texts) -> pd.DataFrame:
    """seq numbers each article's statements 1..N in the order they appear in the text."""
    claims = tables["claims"].sort_values(["article_id", "char_start"], kind="stable")
    expected = claims.groupby("article_id", sort=False).cumcount() + 1
    return claims[claims["seq"] != expected.astype("Int32")]


@relation("claims", "char_start")
def statements_tile_article(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Statements do not overlap and only whitespace lies between them, before the first and after the last."""
    claims = tables["claims"].sort_values(["article_id", "char_start"], kind="stable")
    previous_end = claims.groupby("article_id", sort=False)["char_end"].shift(1).fillna(0).astype("Int32")
    bad = []
    for row, a, start, prev in zip(claims.index.tolist(), claims["article_id"].tolist(),
                                   claims["char_start"].tolist(), previous_end.tolist()):
        if a in texts and (start < prev or texts[a][prev:start].strip()):
            bad.append(row)
    return claims.loc[bad]


@relation("articles", "n_chars")
def last_statement_reaches_end(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Nothing but whitespace follows an article's last statement (an article with no statements fails)."""
    articles = tables["articles"]
    last_end = tables["claims"].groupby("article_id")["char_end"].max()
    bad = [row for row, a in zip(articles.index.tolist(), articles["article_id"].tolist())
           if a in texts and texts[a][int(last_end.get(a, 0)):].strip()]
    return articles.loc[bad]


@relation("quantities", "char_start")
def quantity_within_statement(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A quantity's span lies inside its claim's statement span."""
    quantities = tables["quantities"]
    start = _lookup(tables, "claims", "char_start", quantities["claim_id"])
    end = _lookup(tables, "claims", "char_end", quantities["claim_id"])
    inside = (quantities["char_start"] >= start) & (quantities["char_end"] <= end)
    return quantities[start.notna() & ~inside.fillna(False)]


@relation("quantities", "text")
def quantity_matches_text(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A quantity's text is exactly text[char_start:char_end] of its article."""
    quantities = tables["quantities"]
    article_ids = _lookup(tables, "claims", "article_id", quantities["claim_id"])
    spans = pd.Series(_with_text_spans(quantities, article_ids, texts), index=quantities.index, dtype="str")
    return quantities[isin(article_ids, texts) & (spans != quantities["text"]).fillna(True)]


@relation("claims", "checkworthy")
def checkworthy_claim_is_reviewed(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Every check-worthy claim has a review."""
    claims = tables["claims"]
    return claims[claims["checkworthy"] & ~isin(claims["claim_id"], tables["reviews"]["claim_id"])]


@relation("reviews", "claim_id")
def review_is_for_checkworthy_claim(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Only check-worthy claims have a review."""
    reviews = tables["reviews"]
    checkworthy = _lookup(tables, "claims", "checkworthy", reviews["claim_id"])
    return reviews[checkworthy.notna() & (checkworthy != True)]  # noqa: E712 (a nullable column)


@relation("reviews", "verdict")
def verdict_backed_by_evidence(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A Supported (Refuted) verdict has at least one evidence row that supports (refutes) the claim."""
    reviews = tables["reviews"]
    evidence = tables["evidence"]
    stances = set(zip(evidence["claim_id"].tolist(), evidence["stance"].astype("str").tolist()))
    needed = reviews["verdict"].astype("str").map(VERDICT_NEEDS_STANCE)
    backed = [stance is None or pd.isna(stance) or (claim, stance) in stances
              for claim, stance in zip(reviews["claim_id"].tolist(), needed.tolist())]
    return reviews[~pd.Series(backed, index=reviews.index, dtype=bool)]


@relation("reviews", "justification")
def justification_cites_own_evidence(tables: Tables, texts: Texts) -> pd.DataFrame:
    """A justification cites only evidence ids of its own claim, and at least one unless Not Enough Evidence."""
    reviews = tables["reviews"]
    owner = dict(zip(tables["evidence"]["evidence_id"].tolist(), tables["evidence"]["claim_id"].tolist()))
    pattern = re.compile(EVIDENCE_ID.strip("^$"))
    good = []
    for claim, verdict, text in zip(reviews["claim_id"].tolist(), reviews["verdict"].astype("str").tolist(),
                                    reviews["justification"].fillna("").tolist()):
        cited = pattern.findall(text)
        good.append(all(owner.get(e) == claim for e in cited) and (bool(cited) or verdict == "Not Enough Evidence"))
    return reviews[~pd.Series(good, index=reviews.index, dtype=bool)]


@relation("reviews", "attribution_check")
def attribution_checked_for_attributed_claims(tables: Tables, texts: Texts) -> pd.DataFrame:
    """attribution_check is set for attributed claims and null for the publisher's own (attribution none)."""
    reviews = tables["reviews"]
    attribution = _lookup(tables, "claims", "attribution", reviews["claim_id"]).astype("str")
    own = attribution == "none"
    return reviews[attribution.notna() & (own == reviews["attribution_check"].notna())]


@relation("evidence", "url")
def evidence_is_other_coverage(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Evidence comes from a page other than the article under review."""
    evidence = tables["evidence"]
    article = _lookup(tables, "claims", "article_id", evidence["claim_id"])
    return evidence[evidence["url"] == _lookup(tables, "articles", "url", article)]


@relation("evidence", "claim_id")
def evidence_claim_is_reviewed(tables: Tables, texts: Texts) -> pd.DataFrame:
    """Evidence is recorded only for claims that have a review."""
    evidence = tables["evidence"]
    return evidence[~isin(evidence["claim_id"], tables["reviews"]["claim_id"])]


_RULE_DOCS = {
    name: (fn.__doc__ or "").strip().splitlines()[0]
    for name, fn in [(r.__name__, r) for r, _, _ in _RELATIONS]
    + [(n, getattr(m, n)) for m in MODELS.values() for n in _BLAMED_COLUMN if hasattr(m, n)]
    + [("trimmed_line", trimmed_line)]
}


# --- Validation ---------------------------------------------------------------


def _categories(model: type[pa.DataFrameModel]) -> dict[str, list[str]]:
    """The closed set of every categorical column of ``model``."""
    return {
        name: list(column.dtype.type.categories)
        for name, column in model.to_schema().columns.items()
        if isinstance(column.dtype.type, pd.CategoricalDtype) and column.dtype.type.categories is not None
    }


def as_categoricals(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Cast closed-set columns to their categorical dtype, reporting values outside the set.

    Done before Pandera sees the frame, because a cast turns an unknown value
    into a silent null and the bad value would be lost from the message.
    """
    frame = frame.copy()
    problems = []
    key = PRIMARY_KEYS[table]
    for column, categories in _categories(MODELS[table]).items():
        values = frame[column].astype("str")
        bad = values.notna() & ~isin(values, categories)
        problems += [
            Problem(table, row_id, column, f"isin({categories})", value)
            for row_id, value in zip(frame.loc[bad, key].tolist(), values[bad].tolist())
        ]
        frame[column] = pd.Categorical(values.where(~bad), categories=categories)
    return frame, problems


def _pandera_problems(table: str, frame: pd.DataFrame, skip_null: set[str]) -> list[Problem]:
    """Run the table's model lazily; one problem per (row, column, rule)."""
    try:
        MODELS[table].validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    except pa.errors.SchemaError as error:  # raised eagerly for some schema-level failures
        cases = pd.DataFrame([{"column": error.schema.name, "check": str(error.check), "failure_case": str(error),
                               "index": None}])
    key = PRIMARY_KEYS[table]
    problems, seen = [], set()
    for case in cases.to_dict("records"):
        check, index = str(case["check"]), case["index"]
        if check.partition("(")[0] in _RULE_DOCS:  # a registered check with arguments: its name says enough
            check = check.partition("(")[0]
        column = _BLAMED_COLUMN.get(check, case["column"])
        has_row = index is not None and not pd.isna(index) and index in frame.index
        row_id = frame.at[index, key] if has_row else None
        if (check == "not_nullable" and column in skip_null) or (row_id, column, check) in seen:
            continue
        seen.add((row_id, column, check))
        value = frame.at[index, column] if has_row and column in frame.columns else case["failure_case"]
        problems.append(Problem(table, row_id, column if column != table else None, describe(check), value))
    return problems


def validate_table(table: str, frame: pd.DataFrame, skip_null: set[str] = frozenset()) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate one table on its own (types, closed sets, patterns, row rules).

    ``skip_null`` names computed columns whose nulls are the echo of a problem
    reported elsewhere (an unknown source leaves its name null).
    """
    frame, problems = as_categoricals(table, frame)
    reported = {(p.row_id, p.column) for p in problems}  # a value outside its set was nulled by the cast
    return frame, problems + [p for p in _pandera_problems(table, frame, skip_null)
                              if not (p.rule == "not_nullable" and (p.row_id, p.column) in reported)]


def validate(tables: Tables, texts: Texts, skip_null: dict[str, set[str]] | None = None) -> tuple[Tables, list[Problem]]:
    """Validate every table, then the rules between tables and against the texts; return all problems."""
    skip_null = skip_null or {}
    validated, problems = {}, []
    for table in MODELS:
        validated[table], found = validate_table(table, tables[table], skip_null.get(table, set()))
        problems += found
    problems += _foreign_key_problems(validated)
    try:
        for rule, table, column in _RELATIONS:
            bad = rule(validated, texts)
            key = PRIMARY_KEYS[table]
            problems += [Problem(table, row_id, column, describe(rule.__name__), value)
                         for row_id, value in zip(bad[key].tolist(), bad[column].tolist())]
    finally:
        _POSITIONS.clear()
    return validated, problems


# --- Arrow schema, exports and the typed loader --------------------------------


def dtype_name(dtype) -> str:
    """A column's dtype as one of: str, category, bool, Int32, Float64, date."""
    name = str(dtype)
    return "str" if name.startswith("string") else name


def _arrow_type(dtype) -> pya.DataType:
    """The Arrow type a column of this Pandera dtype is exported as."""
    name = dtype_name(dtype)
    if name == "category":
        return pya.dictionary(pya.int8(), pya.string())
    return {"str": pya.string(), "bool": pya.bool_(), "Int32": pya.int32(), "Float64": pya.float64(),
            "date": pya.date32()}[name]


def arrow_schema(table: str) -> pya.Schema:
    """The explicit Arrow schema of a table's exports, with each field's description as metadata."""
    schema = MODELS[table].to_schema()
    return pya.schema([
        pya.field(name, _arrow_type(column.dtype), nullable=column.nullable,
                  metadata={"description": column.description})
        for name, column in schema.columns.items()
    ], metadata={"description": schema.description or ""})


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({
        name: pd.Series([], dtype=column.dtype.type) for name, column in MODELS[table].to_schema().columns.items()
    })


def read_csv(path: Path, table: str) -> pd.DataFrame:
    """Read a CSV export into the same dtypes as its Parquet twin (an empty cell is null, a formula guard is undone)."""
    schema = arrow_schema(table)
    types = {f.name: pya.string() if pya.types.is_dictionary(f.type) else f.type for f in schema}
    arrow = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types=types, null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False,
        include_columns=list(types),
    ))
    arrow = spreadsheet.restore(arrow)
    frame = arrow.to_pandas(types_mapper={pya.int32(): pd.Int32Dtype(), pya.float64(): pd.Float64Dtype()}.get)
    for column, categories in _categories(MODELS[table]).items():
        frame[column] = pd.Categorical(frame[column], categories=categories)
    return frame


def load(table: str, directory: str | Path = "exports", fmt: str = "parquet") -> pd.DataFrame:
    """Load an exported table (Parquet or CSV) as a validated DataFrame with the schema's dtypes.

    Raises ``pandera.errors.SchemaErrors`` if the export breaks a rule of its table.
    """
    path = Path(directory) / f"{table}.{fmt}"
    frame = pd.read_parquet(path) if fmt == "parquet" else read_csv(path, table)
    return MODELS[table].validate(frame, lazy=True)
