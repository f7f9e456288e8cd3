"""Problems: one thing wrong with the data each, named by file:line, table, row, column, rule and value.

A problem's first line keeps one format, so that greps keep working::

    claims/x.toml:12: table claims, row x-003, column statement: statement_in_article (…); value '…'

Lines below it, indented, help with the fix: where a statement stops matching
its article, "did you mean …?", the line of a syntax error with a caret.

Folding: one mistake often breaks more than one rule (a statement not found in
its article drops its claim, so the claim's reviews point at nothing and its
text is left uncovered). Each problem says what it ``affects`` (rows it made
absent or misdirected, a table it left missing, its own cell) and what it
``needs`` (the rows a foreign key or rule looked for, its own row and cell).
``fold`` makes a problem a follow-on of the earliest-stage problem that affects
something it needs, and prints it indented under that root, so the real cause
comes first and nothing is lost. Stages order causes: a problem can only follow
from one found at an earlier stage (or earlier in the same stage), so folding
has no cycles.

Keys are tuples: ``("cell", table, row_id, column)`` and ``("row", table,
row_id)`` name a cell or row exactly; ``(table, column, value)`` names the rows
of ``table`` whose ``column`` is ``value``, where ``column`` may be ``"*"`` (any
key column) and ``value`` may be ``"@<article_id>"`` (any value of that
article's rows) or ``"@*"`` (any value).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

import schema

# The stage a problem is found at; a problem follows only from one of an earlier stage (or earlier in its stage).
READING, NAMES, ENTRIES, REFERENCES, RULES = range(5)
ANY = "*"  # any key column, in a key
ALL = "@*"  # any value, in a key
EXACT = {"cell", "row", "table", "key"}  # keys that name one thing: ("table", file, name), ("key", file, name)
GAP = "gap"  # ("claims", GAP, row id): the article text left uncovered at that claim (or in that article)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, reported on one line (and helped by the indented ``detail`` lines below it)."""

    table: str
    row_id: str | None
    column: str | None
    rule: str
    value: object = None
    where: str = ""  # "claims/x.toml:12" where the row comes from a curated file
    unreadable: bool = False  # the input could not be read at all (exit code 2)
    detail: tuple[str, ...] = ()  # lines printed indented below the problem: where it differs, a hint
    stage: int = field(default=RULES, compare=False, repr=False)  # READING … RULES: what may cause what
    affects: frozenset = field(default=frozenset(), compare=False, repr=False)  # keys it makes absent or wrong
    needs: frozenset = field(default=frozenset(), compare=False, repr=False)  # keys whose absence would explain it
    follows: Problem | None = field(default=None, compare=False, repr=False)  # the root problem it follows from (see ``fold``)

    def __post_init__(self) -> None:
        """A missing row id (a row without its key) is None, never NaN."""
        if self.row_id is not None and is_null(self.row_id):
            object.__setattr__(self, "row_id", None)

    def __str__(self) -> str:
        value = "null" if is_null(self.value) else repr(getattr(self.value, "item", lambda: self.value)())
        if len(value) > 80:
            value = value[:77] + "..."
        where = f"{self.where}: " if self.where else ""
        return (f"{where}table {self.table}, row {self.row_id or '-'}, column {self.column or '-'}: "
                f"{self.rule}; value {value}")

    def file_line(self) -> tuple[str, int]:
        file, _, line = self.where.rpartition(":")
        return (file, int(line)) if line.isdigit() else (self.where, 0)

    def cell(self) -> tuple | None:
        """The key of this problem's cell, if it is about a row of a table."""
        return ("cell", self.table, self.row_id, self.column) if self.row_id is not None and self.table != "-" else None


def is_null(value: object) -> bool:
    """Whether a scalar is missing (None, NaN, NA); containers are never null."""
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]  # pandas-stubs: any scalar is accepted at run time
    except (TypeError, ValueError):
        return False


def describe(rule: str) -> str:
    """A rule's name with its one-line docstring, e.g. "cue_is_in_statement (The cue's words appear …)"."""
    known = schema.RULES.get(rule)
    return f"{rule} ({known.doc})" if known else rule


# --- Folding ------------------------------------------------------------------


def print_order(files: Iterable[str] = ()) -> Callable[[Problem], tuple]:
    """The order roots are printed in: unreadable inputs first, then by file (in ``files``' order, the order the build
    reads them; any other file after them, by name) and line."""
    rank = {file: number for number, file in enumerate(files)}

    def key(problem: Problem) -> tuple:
        file, line = problem.file_line()
        return (not problem.unreadable, rank.get(file, len(rank)), file, line, problem.table, problem.row_id or "",
                problem.column or "", problem.rule)

    return key


def scopes(article_ids: Iterable[str]) -> Callable[[str], str | None]:
    """The article an id belongs to (its longest prefix that is an article id: ids carry their parent's id)."""
    known = set(article_ids)

    def scope(value: object) -> str | None:
        if not isinstance(value, str):
            return None
        candidate = value
        while candidate:
            if candidate in known:
                return candidate
            candidate = candidate.rpartition("-")[0]
        return None

    return scope


def expand(key: tuple, scope: Callable[[str], str | None]) -> list[tuple]:
    """The keys a problem's ``needs`` entry matches: a cell or row exactly; rows by value also as any value of the
    value's article, any value, and any column of those."""
    if len(key) != 3 or key[0] in EXACT:
        return [key]
    table, column, value = key
    article = scope(value)
    values = [value] + ([f"@{article}"] if article else []) + [ALL]
    return [(table, column, v) for v in values] + [(table, ANY, v) for v in values[1:]]


def fold(problems: list[Problem], scope: Callable[[str], str | None] = lambda value: None,
         order: Callable[[Problem], tuple] | None = None) -> list[Problem]:
    """Every problem, each root followed by the problems that follow from it (``follows`` set to their root).

    Costs nothing without problems. A problem follows from the best-ranked problem (earliest stage, then print order)
    that affects one of the keys it needs, if that one is ranked before it; its root is the end of that chain.
    """
    if not problems:
        return []
    order = order or print_order()
    printed = sorted(problems, key=order)
    rank = {id(p): (p.stage, number) for number, p in enumerate(printed)}
    best: dict[tuple, Problem] = {}
    for problem in sorted(problems, key=lambda p: rank[id(p)]):
        cell = problem.cell()
        for key in problem.affects | ({cell} if cell and problem.stage < RULES else set()):
            best.setdefault(key, problem)
    parent: dict[int, Problem] = {}
    for problem in problems:
        own = [k for k in (problem.cell(), problem.row_id is not None and problem.table != "-"
                           and ("row", problem.table, problem.row_id)) if k]
        for need in [*own, *problem.needs]:
            for key in expand(need, scope):
                cause = best.get(key)
                if cause is not None and rank[id(cause)] < rank[id(problem)] and (
                        id(problem) not in parent or rank[id(cause)] < rank[id(parent[id(problem)])]):
                    parent[id(problem)] = cause

    def root(problem: Problem) -> Problem:
        while id(problem) in parent:
            problem = parent[id(problem)]
        return problem

    groups: dict[int, list[Problem]] = {}
    for problem in printed:
        groups.setdefault(id(root(problem)), [])
        if id(problem) in parent:
            groups[id(root(problem))].append(problem)
    folded = []
    for problem in printed:
        if id(problem) not in parent:
            # ``follows`` is set in place (it takes no part in equality or hashing): copying a flood of a hundred
            # thousand problems (a sources.toml that cannot be parsed) would cost seconds.
            object.__setattr__(problem, "follows", None)
            folded.append(problem)
            for follow_on in groups[id(problem)]:
                object.__setattr__(follow_on, "follows", problem)
                folded.append(follow_on)
    return folded


def report(problems: list[Problem]) -> list[str]:
    """The lines to print: each root, its detail indented, then "and N follow-on problems:" and each of them below."""
    lines = []
    count = 0  # follow-ons of the root being printed, counted ahead of them
    for number, problem in enumerate(problems):
        if problem.follows is None:
            lines.append(str(problem))
            lines += [f"  {line}" for line in problem.detail]
            count = 0
            while number + count + 1 < len(problems) and problems[number + count + 1].follows is not None:
                count += 1
            if count:
                lines.append(f"  and {count} follow-on problem{'s' if count > 1 else ''}:")
        else:
            lines.append(f"    {problem}")
            lines += [f"      {line}" for line in problem.detail]
    return lines


# --- Hints --------------------------------------------------------------------


def closest(value: object, known: Iterable[str]) -> str | None:
    """The known name closest to ``value`` (difflib), for "did you mean …?"; None when nothing is close, or when two
    are equally close (a guess between "…-006" and "…-010" would mislead)."""
    if not isinstance(value, str):
        return None
    matches = difflib.get_close_matches(value, known if isinstance(known, list) else list(known), n=2)
    if len(matches) == 2 and _similarity(matches[0], value) == _similarity(matches[1], value):
        return None
    return matches[0] if matches else None


def _similarity(candidate: str, value: str) -> float:
    return difflib.SequenceMatcher(None, candidate, value).ratio()  # as difflib.get_close_matches scores it


QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
          "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
_SHOWN = {"\n": "\u21b5", "\t": "\u2192", "\r": "\u240d"}  # one visible character each, so the caret stays aligned


def _name(char: str) -> str:
    """A character as a reader can tell it apart: 'e', or ' ' (U+00A0 NO-BREAK SPACE) where it looks like another."""
    if char.isascii() and char.isprintable():
        return repr(char)
    name = unicodedata.name(char, None) or {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}.get(char, "CONTROL")
    return f"{char!r} (U+{ord(char):04X} {name})"


def difference_hint(mine: str, theirs: str) -> str:
    """What kind of difference one character of a statement is from the article's: quotes, spaces, case."""
    if not theirs:
        return "hint: the article text ends here: the statement is longer than what is left of the article"
    if not mine:
        return "hint: the statement ends here, where the article goes on"
    if QUOTES.get(mine) == theirs:
        return f"hint: the statement has a curly quote or apostrophe {mine} where the article has a straight {theirs}"
    if QUOTES.get(theirs) == mine:
        return f"hint: the statement has a straight {mine} where the article has a curly {theirs}"
    if {mine, theirs} == {"\u00a0", " "}:
        which = "a non-breaking space (U+00A0)" if mine == "\u00a0" else "a space"
        other = "a space" if mine == "\u00a0" else "a non-breaking space (U+00A0)"
        return f"hint: the statement has {which} where the article has {other}"
    if mine.isspace() and theirs.isspace():
        return f"hint: whitespace differs: the statement has {_name(mine)} where the article has {_name(theirs)}"
    if mine.isspace():
        return f"hint: whitespace differs: the statement has {_name(mine)} where the article has none"
    if theirs.isspace():
        return f"hint: whitespace differs: the article has {_name(theirs)} where the statement has none"
    if mine.lower() == theirs.lower():
        return f"hint: letter case differs: the statement has {mine!r} where the article has {theirs!r}"
    return f"hint: the statement has {_name(mine)} where the article has {_name(theirs)}"


def statement_difference(statement: str, text: str, cursor: int) -> tuple[str, ...]:
    """Detail lines for a statement not found in its article: the best candidate place (its longest prefix found at
    or after ``cursor``, or the next words after it), the first differing character under a caret, and a hint.

    Runs only for a statement already found missing: a binary search on the prefix length (a prefix found implies
    every shorter one is found), one ``find`` per step.
    """
    low, high = 0, len(statement)  # the longest found prefix has a length in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if text.find(statement[:middle], cursor) >= 0:
            low = middle
        else:
            high = middle - 1
    start = text.find(statement[:low], cursor) if low else -1
    expected = cursor + len(text[cursor:]) - len(text[cursor:].lstrip())  # where the next statement would start
    matched = next((i for i, (a, b) in enumerate(zip(statement, text[expected:])) if a != b),
                   min(len(statement), len(text) - expected))
    if start < 0 or matched >= low:
        start, low = expected, matched
    at = start + low
    before = 30
    shown_from = max(0, low - before)
    mine = statement[shown_from:low + 40]
    theirs = text[start + shown_from:at + 40]
    ellipsis = "\u2026" if shown_from else ""
    show = lambda s: "".join(_SHOWN.get(c, c) for c in s)  # noqa: E731
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return (
        f"the statement differs from the article text at its character {low + 1} "
        f"(article line {line}, column {column}):",
        f"  statement: {ellipsis}{show(mine)}",
        f"  article:   {ellipsis}{show(theirs)}",
        f"             {' ' * (len(ellipsis) + low - shown_from)}^",
        difference_hint(statement[low:low + 1], text[at:at + 1]),
    )


def caret_lines(source: str, line: int, column: int) -> tuple[str, ...]:
    """The source line ``line`` and a caret under ``column`` (1-based), for a syntax error."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return ()
    text = "".join(_SHOWN.get(c, c) for c in lines[line - 1])
    return (f"  {text}", f"  {' ' * (column - 1)}^")
