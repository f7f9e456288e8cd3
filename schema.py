"""The data contract: one Pandera model per table, with the rules a table checks on its own.

Every column of the dataset is defined here and only here. Each ``Field``'s
``description`` is the data dictionary: README.md, the Parquet field metadata
and every other description of a column are generated from it.

Rules are named functions with a one-line docstring, registered in ``RULES``
under their table with a name unique across the dataset, so that a message
can only ever carry its own rule's description:

* per table, here: types, closed sets, patterns, and row rules (``@row_rule``)
  that need only the row itself;
* between tables and against the article texts, in ``pipeline/rules.py``:
  foreign keys, spans that must match the text, coverage of the article.

``pipeline.validation.validate`` runs both, lazily, and returns every problem.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

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
# The checks that do not confirm the attribution: listed in the findings, never endorsed by a ClaimReview.
UNCONFIRMED_CHECKS = ["differs", "not_found"]
# How far an article has come: annotated (statements done; reviews may be missing), then reviewed (all done).
ARTICLE_STATUSES = ["annotated", "reviewed"]
REVIEW_STATUSES = ["reviewed", "not_yet_reviewed", "not_checkworthy"]
MAX_SUMMARY_WORDS, MAX_QUOTE_WORDS, MAX_CLAIM_REVIEWED_CHARS = 40, 20, 75
JUSTIFICATION_SENTENCES = (2, 4)

# `python draft.py` marks each entry it writes `drafted = true`; a curator confirms the entry by deleting the key. A
# curated entry leaves it out, and the build fills in false (pipeline.load.DEFAULTS).
DRAFTED_CLAIM = ("Whether the statement's annotation was drafted by draft.py and is not yet confirmed by a "
                 "curator (its values are a machine's guesses); never true in a reviewed article.")
DRAFTED_SOURCE = ("Whether the source was proposed by draft.py and is not yet confirmed by a curator (its "
                  "name, kind and description are a machine's guesses); never true for a source a reviewed article "
                  "cites.")

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLAIM_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}$"
QUANTITY_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}-q[0-9]+$"
EVIDENCE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}-e[0-9]+$"
# An evidence id where a justification cites it. Not EVIDENCE_ID unanchored: its nested repetition backtracks at
# every word of the text (three times slower over a million justifications); a cited id that is not a valid
# EVIDENCE_ID is not any evidence's id, so the rule that looks it up still rejects it.
CITED_EVIDENCE_ID = r"(?<![a-z0-9-])[a-z0-9][a-z0-9-]*-[0-9]{3}-e[0-9]+"
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

# The physical units: a quantity in one of them is normalised, unit as curated -> (standard unit, factor). The keys
# are the only spellings: the build looks the curated unit up exactly, so "MPH" or "miles per hour" would go
# unnormalised; ``physical_unit_is_standard`` rejects them (with "did you mean 'mph'?"). Every other unit (a count
# noun: "railcar", "passenger"; or a unit with no conversion yet: "minute", "euro") is free text, never normalised.
UNIT_CONVERSIONS = {
    "mph": ("km/h", 1.609344),
    "km/h": ("km/h", 1.0),
    "mi": ("km", 1.609344),
    "km": ("km", 1.0),
}
# Other ways to write each physical unit, compared after ``_unit_key`` (lower case, without spaces, dots or hyphens);
# each unit's own key in another case or spacing ("MPH", "Km", "km / h") is one of them too.
UNIT_SPELLINGS = {
    "mph": ["mile per hour", "miles per hour", "mile an hour", "miles an hour", "mi/h", "mi/hr",
            "mile/h", "mile/hr", "mile/hour", "miles/h", "miles/hr", "miles/hour", "mphs"],
    "km/h": ["kmh", "kph", "kmph", "kmhr", "km/hr", "km/hour", "kms/h", "kms/hr", "km per hour", "kms per hour",
             "kilometre per hour", "kilometres per hour", "kilometer per hour", "kilometers per hour",
             "kilometre an hour", "kilometres an hour", "kilometer an hour", "kilometers an hour",
             "kilometre/hour", "kilometres/hour", "kilometer/hour", "kilometers/hour"],
    "mi": ["mile", "miles", "mis"],
    "km": ["kms", "kilometre", "kilometres", "kilometer", "kilometers", "klick", "klicks"],
}


def _unit_key(unit: str) -> str:
    """A unit as it is compared with the spellings above: lower case, without whitespace, dots or hyphens."""
    return re.sub(r"[\s.\-]", "", unit.casefold())


_STANDARD_UNITS = {_unit_key(spelling): unit for unit, spellings in UNIT_SPELLINGS.items()
                   for spelling in [unit, *spellings]}


def standard_unit(unit: object) -> str | None:
    """The physical unit (a key of ``UNIT_CONVERSIONS``) that ``unit`` writes, whatever its case, spacing or
    spelling ("MPH", "miles per hour" -> "mph"); None for a count noun or any other unit."""
    return _STANDARD_UNITS.get(_unit_key(unit)) if isinstance(unit, str) else None


def closed_set(values: list[str], description: str, **kwargs):
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


def free_text(description: str, nullable: bool = False, max_chars: int | None = None, **kwargs):
    """A free-text column: never the empty string (missing is null), one line, not padded with spaces."""
    str_length = {"min_value": 1}  # no "max_value": unbounded, as Check.str_length's default None
    if max_chars is not None:
        str_length["max_value"] = max_chars
    return pa.Field(
        description=description, nullable=nullable, str_length=str_length,
        trimmed_line={"pattern": TRIMMED_LINE}, **kwargs,
    )


@dataclass(frozen=True)
class Rule:
    """A named rule: the table and column whose cell it blames, and what it demands (its docstring's first line)."""

    name: str
    table: str
    column: str
    doc: str


RULES: dict[str, Rule] = {}


def register(name: str, table: str, column: str, function: Callable) -> None:
    """Add a rule to ``RULES``; a name may be registered once, whatever its table."""
    if name in RULES:
        raise ValueError(f"rule {name!r} of table {table} is already registered for table {RULES[name].table}")
    RULES[name] = Rule(name, table, column, (function.__doc__ or "").strip().splitlines()[0])


def row_rule(column: str):
    """Mark a model's row rule (a Pandera dataframe check) and the column it blames; ``_register_row_rules``
    registers it under its model's table once the models exist."""

    def mark(check: Callable) -> classmethod:  # Pandera turns the check into a classmethod of the model
        check.blamed_column = column  # type: ignore[attr-defined]
        return pa.dataframe_check(name=check.__name__)(check)

    return mark


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

    class Config:
        name = "articles"

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
    status: Series[pd.CategoricalDtype] = closed_set(
        ARTICLE_STATUSES,
        "How far the article has come: annotated (its statements are done; some check-worthy claims may not be "
        "reviewed yet) or reviewed (every check-worthy claim has a review).",
    )


class Sources(Table):
    """One row per entity that asserts something: publishers and whoever an article attributes a statement to."""

    class Config:
        name = "sources"

    source_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Source identifier, a lowercase slug.")
    name: Series[str] = free_text("The source's name, as a reader would write it.", unique=True)
    kind: Series[pd.CategoricalDtype] = closed_set(SOURCE_KINDS, "What sort of entity the source is.")
    country: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of the source's country; null where unknown or not applicable.",
    )
    description: Series[str] = free_text("One line: who the source is, as the articles present it.")
    drafted: Series[bool] = pa.Field(description=DRAFTED_SOURCE)


class Claims(Table):
    """One row per statement of an article, in article order; together the statements tile the article."""

    class Config:
        name = "claims"

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
    review_status: Series[pd.CategoricalDtype] = closed_set(
        REVIEW_STATUSES,
        "Whether the claim has a review: reviewed, not_yet_reviewed (check-worthy, in an article still being "
        "reviewed) or not_checkworthy.",
    )
    drafted: Series[bool] = pa.Field(description=DRAFTED_CLAIM)

    @row_rule("claim_id")
    def claim_id_starts_with_article_id(cls, df: pd.DataFrame) -> pd.Series:
        """A claim_id is its article_id, a hyphen and a three-digit number."""
        return _child_ids(df["claim_id"], df["article_id"], r"-[0-9]{3}$")

    @row_rule("checkworthy")
    def not_a_claim_is_not_checkworthy(cls, df: pd.DataFrame) -> pd.Series:
        """Statements of type not_a_claim or opinion are never check-worthy."""
        return ~(df["claim_type"].isin(NOT_CHECKWORTHY) & df["checkworthy"])

    @row_rule("cue")
    def explicit_attribution_has_cue(cls, df: pd.DataFrame) -> pd.Series:
        """An explicit attribution records its cue."""
        return (df["attribution"] != "explicit") | df["cue"].notna()

    @row_rule("cue")
    def cue_is_in_statement(cls, df: pd.DataFrame) -> pd.Series:
        """The cue's words appear in the statement, in order."""
        return _contains_in_order(df["statement"], df["cue"])

    @row_rule("hedge")
    def hedge_is_in_statement(cls, df: pd.DataFrame) -> pd.Series:
        """The hedge's words appear in the statement, in order."""
        return _contains_in_order(df["statement"], df["hedge"])

    @row_rule("speaker_id")
    def unattributed_has_no_speaker_or_cue(cls, df: pd.DataFrame) -> pd.Series:
        """The publisher's own assertions (attribution none) have neither speaker nor cue."""
        return (df["attribution"] != "none") | (df["speaker_id"].isna() & df["cue"].isna())

    @row_rule("speaker_id")
    def speaker_is_not_the_source(cls, df: pd.DataFrame) -> pd.Series:
        """A speaker is someone the source reports, not the source itself."""
        return df["speaker_id"].isna() | (df["speaker_id"] != df["source_id"])


class Quantities(Table):
    """One row per number in a statement."""

    class Config:
        name = "quantities"

    quantity_id: Series[str] = pa.Field(
        unique=True, str_matches=QUANTITY_ID, description="<claim_id>-qN, N counting the statement's quantities from 1.",
    )
    claim_id: Series[str] = pa.Field(str_matches=CLAIM_ID, description="The claim whose statement contains the number.")
    text: Series[str] = free_text("The number with its unit and hedge, as written (\"about 90 railcars\").")
    char_start: Series[pd.Int32Dtype] = pa.Field(ge=0, description="Start offset of text in the article (inclusive).")
    char_end: Series[pd.Int32Dtype] = pa.Field(ge=1, description="End offset of text in the article (exclusive).")
    value: Series[pd.Float64Dtype] = pa.Field(description="The number as a number (number words become numbers).")
    unit: Series[str] = free_text(
        "What is counted or measured, singular (\"railcar\", \"mph\"). A physical unit is written exactly as "
        f"one of {', '.join(UNIT_CONVERSIONS)} (lower case; \"MPH\", \"miles per hour\" or \"kmh\" is an error) "
        "and is normalised; any other unit (a count noun: \"railcar\", \"passenger\") is free text, not normalised.",
    )
    approximate: Series[bool] = pa.Field(description="Whether the text hedges the number (\"about\", \"around\").")
    value_normalized: Series[pd.Float64Dtype] = pa.Field(
        nullable=True, description="value in unit_normalized; null where the unit has no standard counterpart.",
    )
    unit_normalized: Series[str] = free_text(
        "The standard unit value_normalized is in (a speed in km/h); null with value_normalized.", nullable=True,
    )

    @row_rule("char_end")
    def span_fits_text(cls, df: pd.DataFrame) -> pd.Series:
        """A quantity's span is as long as its text."""
        return (df["char_end"] - df["char_start"]) == df["text"].str.len()

    @row_rule("quantity_id")
    def quantity_id_starts_with_claim_id(cls, df: pd.DataFrame) -> pd.Series:
        """A quantity_id is its claim_id followed by -qN."""
        return _child_ids(df["quantity_id"], df["claim_id"], r"-q[0-9]+$")

    @row_rule("value")
    def value_is_written_in_text(cls, df: pd.DataFrame) -> pd.Series:
        """The value appears in the text, in digits or as a number word."""
        return pd.Series(
            [_writes_number(t, v) for t, v in zip(df["text"].tolist(), df["value"].tolist())], index=df.index,
        )

    @row_rule("value_normalized")
    def normalized_value_has_unit(cls, df: pd.DataFrame) -> pd.Series:
        """value_normalized and unit_normalized are both set or both null."""
        return df["value_normalized"].isna() == df["unit_normalized"].isna()

    @row_rule("unit")
    def physical_unit_is_standard(cls, df: pd.DataFrame) -> pd.Series:
        """A physical unit is written exactly as listed: "mph", "km/h", "mi" or "km" (not "MPH", "miles per hour", "kmh")."""
        return pd.Series([unit in UNIT_CONVERSIONS or standard_unit(unit) is None for unit in df["unit"].tolist()],
                         index=df.index, dtype=bool)


SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _writes_number(text: str, value: float) -> bool:
    """Whether ``text`` writes ``value`` in digits ("1,000", "55.5"), in digits with a scale word ("3 million"), or
    as a number word ("two", "twenty-five")."""
    if pd.isna(value):
        return False
    lower = text.lower()
    digits = {float(d.replace(",", "")) for d in re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?", text)}
    scaled = {float(d.replace(",", "")) * SCALE_WORDS[w]
              for d, w in re.findall(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s+(hundred|thousand|million|billion)\b", lower)}
    words = {NUMBER_WORDS.get(w) for w in re.findall(r"[a-z]+", lower)}
    compounds = {NUMBER_WORDS[tens] + NUMBER_WORDS[unit] for tens, unit in re.findall(r"\b([a-z]+ty)-([a-z]+)\b", lower)
                 if tens in NUMBER_WORDS and NUMBER_WORDS.get(unit, 10) < 10}
    return value in digits or value in scaled or value in words or value in compounds


def _word_counts(texts: pd.Series) -> pd.Series:
    """Words (whitespace-separated) in each text; 0 for null."""
    return texts.fillna("").str.count(r"\S+")


def sentences(text: str) -> list[str]:
    """The sentences of a text: split after . ! ? followed by space and a capital, digit or quote."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip()) if s]


class Evidence(Table):
    """One row per (claim, piece of evidence): what another public source says on the claim."""

    class Config:
        name = "evidence"

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
    def evidence_id_starts_with_claim_id(cls, df: pd.DataFrame) -> pd.Series:
        """An evidence_id is its claim_id followed by -eN."""
        return _child_ids(df["evidence_id"], df["claim_id"], r"-e[0-9]+$")

    @row_rule("summary")
    def summary_is_short(cls, df: pd.DataFrame) -> pd.Series:
        """A summary has at most 40 words (MAX_SUMMARY_WORDS)."""
        return _word_counts(df["summary"]) <= MAX_SUMMARY_WORDS

    @row_rule("quote")
    def quote_is_short(cls, df: pd.DataFrame) -> pd.Series:
        """A quote has at most 20 words (MAX_QUOTE_WORDS)."""
        return _word_counts(df["quote"]) <= MAX_QUOTE_WORDS


class Reviews(Table):
    """One row per check-worthy claim: the verdict on it and whether its cited source really said it."""

    class Config:
        name = "reviews"

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
    def justification_has_two_to_four_sentences(cls, df: pd.DataFrame) -> pd.Series:
        """A justification has two to four sentences."""
        low, high = JUSTIFICATION_SENTENCES
        return pd.Series([low <= len(sentences(j)) <= high for j in df["justification"].fillna("").tolist()],
                         index=df.index)

    @row_rule("justification")
    def not_enough_evidence_says_what_was_searched(cls, df: pd.DataFrame) -> pd.Series:
        """A Not Enough Evidence justification says what was searched, using the word "searched" (e.g. "We searched … for …")."""
        return (df["verdict"] != "Not Enough Evidence") | df["justification"].str.contains("searched", case=False)

    @row_rule("corrected_claim")
    def correction_only_for_refuted_or_conflicting(cls, df: pd.DataFrame) -> pd.Series:
        """Only a Refuted or Conflicting verdict carries a corrected claim."""
        return df["corrected_claim"].isna() | df["verdict"].isin(CORRECTABLE_VERDICTS)

    @row_rule("reviewed")
    def review_is_not_in_the_future(cls, df: pd.DataFrame) -> pd.Series:
        """A review is dated today or earlier (a later date is a typo)."""
        today = datetime.date.today()
        return pd.Series([pd.isna(day) or day <= today for day in df["reviewed"].tolist()], index=df.index, dtype=bool)



MODELS: dict[str, type[pa.DataFrameModel]] = {
    model.Config.name: model for model in (Articles, Sources, Claims, Quantities, Evidence, Reviews)
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


def closed_sets(table: str) -> dict[str, list[str]]:
    """The closed set of every categorical column of ``table``."""
    return {
        name: list(column.dtype.type.categories)
        for name, column in MODELS[table].to_schema().columns.items()
        if isinstance(column.dtype.type, pd.CategoricalDtype) and column.dtype.type.categories is not None
    }


def _register_row_rules() -> None:
    """Register every model's row rules under its table, and the Field checks named by the schema."""
    for table, model in MODELS.items():
        for name, member in vars(model).items():
            column = getattr(getattr(member, "__func__", None), "blamed_column", None)
            if column is not None:
                register(name, table, column, member.__func__)
    register("trimmed_line", "*", "*", trimmed_line)


_register_row_rules()
