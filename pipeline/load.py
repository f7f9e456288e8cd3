"""Load: read the curated files in claims/ and build the dataset's tables from them.

Curators write text; this module computes everything positional: it finds each
statement in the article (in order), derives char offsets, paragraph and seq,
locates each quantity inside its statement, copies names from sources and
normalises units. Every mistake becomes a ``Problem`` naming file and line.

What a mistake leaves out is recorded with it (``Curated.lose``): a file that
cannot be read leaves out every row it holds; an entry dropped (a statement not
found, an entry without its id, a copy of another's id, entries under a misspelt
[[header]]) leaves out its row, its references to sources, and the article text
it covered. ``pipeline.problems.fold`` then lists the problems about those
missing rows under the mistake. Recording costs nothing while the data is valid.

claims/ holds ``dataset.toml`` (what the dataset says about itself),
``sources.toml`` and, per article, ``<article_id>.txt`` (the text,
byte for byte), ``<article_id>.toml`` (its metadata and annotated statements)
and ``<article_id>.reviews.toml`` (the evidence and verdicts for its claims).

claims/ holds regular files only. Anything else in it (a named pipe, a socket,
a device, a directory, and any symbolic link, whether it points inside claims/
or outside it) is refused at ``claims/<name>:1`` before it is opened, as an
unreadable input: reading a named pipe would wait forever, a link to a device
would never end, a link out of claims/ would publish a file that is not part
of the dataset, and a link inside it would give one text two names (and
becomes a plain file holding the target's path on a checkout without
symbolic links). Hidden entries (a name starting with ".") are not part of the
dataset and are never opened. The directory listing says what each entry is:
a check per file, never per byte.
"""

from __future__ import annotations

import bisect
import errno
import functools
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import rtoml

import schema
from pipeline import dtypes, metadata, rules
from pipeline import problems as hints
from pipeline import tables as table_files
from pipeline.cache import Cache
from pipeline.problems import ALL, ANY, ENTRIES, GAP, NAMES, READING, Problem

SOURCES_FILE = "sources.toml"
CARD_FILE = metadata.FILE
REVIEWS_SUFFIX = ".reviews.toml"  # <article_id>.reviews.toml: the evidence and reviews of an article's claims
# Columns the build computes; every other column of a table is a curated key.
COMPUTED = {
    "articles": {"article_id", "publisher", "n_chars"},
    "sources": set(),
    "claims": {"article_id", "seq", "paragraph", "char_start", "char_end", "source", "review_status"},
    "quantities": {"quantity_id", "claim_id", "char_start", "char_end", "value_normalized", "unit_normalized"},
    "evidence": set(),
    "reviews": set(),
}
# Curated keys that may be left out, and the value the build gives them then: the drafter's marker (see draft.py).
DEFAULTS: dict[str, dict[str, object]] = {"claims": {"drafted": False}, "sources": {"drafted": False}}
NESTED = {"claims": "quantities"}  # [[claims.quantities]] entries belong to the [[claims]] entry above
NORMALIZED_DECIMALS = 6  # value_normalized is rounded so that 55 mph is 88.51392, not 88.51392000000001


_COLUMNS = {table: {name: column for name, column in model.to_schema().columns.items() if name not in COMPUTED[table]}
            for table, model in schema.MODELS.items()}
_NAMES = {table: list(model.to_schema().columns) for table, model in schema.MODELS.items()}  # every column, in table order
# The exact TOML value types each curated key accepts (exact: a bool is not an int here).
KEY_TYPES = {table: {name: dtypes.of(column).toml for name, column in columns.items()}
             for table, columns in _COLUMNS.items()}
REQUIRED_KEYS = {table: {name for name, column in columns.items() if not column.nullable} - DEFAULTS.get(table, {}).keys()
                 for table, columns in _COLUMNS.items()}
# The columns a row is found by (its id and its foreign keys): what a dropped row leaves missing.
KEY_COLUMNS = {table: [schema.PRIMARY_KEYS[table]] + [c for (t, c) in schema.FOREIGN_KEYS if t == table and
                                                       c != schema.PRIMARY_KEYS[table]]
               for table in schema.MODELS}


class LineIndex:
    """Line numbers of the entries and keys of a TOML file (TOML parsers do not report them).

    Built on first use: a valid file never needs it, and scanning every line
    of a large corpus would cost more than parsing it. It re-reads the file
    then rather than holding every file's text for the whole build (a repair
    of BOM, line ends or NFC moves no line).
    """

    HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?\s*(?:#.*)?$")
    KEY = re.compile(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*=""")

    TOP = ""  # the pseudo-header of the keys before the first [header]

    def __init__(self, path: Path):
        self.path = path
        self._entries: dict[str, list[tuple[int, dict[str, int]]]] | None = None

    def _index(self) -> dict[str, list[tuple[int, dict[str, int]]]]:
        keys: dict[str, int] = {}
        entries = {self.TOP: [(1, keys)]}
        source = _regular_bytes(self.path).decode("utf-8", errors="replace")
        for number, line in enumerate(source.splitlines(), start=1):
            if header := self.HEADER.match(line):
                keys = {}
                entries.setdefault(header.group(1), []).append((number, keys))
            elif (key := self.KEY.match(line)) and key.group(1) not in keys:
                keys[key.group(1)] = number
        return entries

    def line(self, header: str, index: int, key: str | None = None) -> int | None:
        """Line of the ``index``-th ``[[header]]`` entry, or of its ``key`` if given and present."""
        if self._entries is None:
            self._entries = self._index()
        entries = self._entries.get(header, [])
        if index >= len(entries):
            return None
        start, keys = entries[index]
        return keys.get(key, start) if key else start

    def key_line(self, header: str, index: int, key: str) -> int | None:
        """Line of ``key`` in the ``index``-th ``[[header]]`` entry; None if that entry has no such key."""
        if self._entries is None:
            self._entries = self._index()
        entries = self._entries.get(header, [])
        return entries[index][1].get(key) if index < len(entries) else None


class Texts(MutableMapping[str, str]):
    """The article texts by article id. The text of an article taken from the last valid build (``defer``) is
    read only when something needs it (a check of its rows, or its page made again)."""

    def __init__(self) -> None:
        self._texts: dict[str, str | Callable[[], str]] = {}

    def defer(self, article_id: str, read: Callable[[], str]) -> None:
        self._texts[article_id] = read

    def __getitem__(self, article_id: str) -> str:
        text = self._texts[article_id]
        if not isinstance(text, str):
            text = self._texts[article_id] = text()
        return text

    def __setitem__(self, article_id: str, text: str) -> None:
        self._texts[article_id] = text

    def __delitem__(self, article_id: str) -> None:
        del self._texts[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class Curated:
    """The rows built from claims/, with where each row came from."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in schema.MODELS})
    texts: Texts = field(default_factory=Texts)
    origins: dict[tuple[str, str], tuple[str, LineIndex, str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    card: metadata.Card | None = None  # None when claims/dataset.toml has a problem (reported)
    files: list[str] = field(default_factory=list)  # the files read, in the order read (problems are printed so)
    article_ids: set[str] = field(default_factory=set)  # every article named by a file in claims/, readable or not
    lost: dict[int, set[tuple]] = field(default_factory=dict)  # id(problem) -> what it left missing (see ``lose``)
    present: set[str] = field(default_factory=set)  # the names in claims/ (not hidden), of whatever kind
    refused: dict[str, str] = field(default_factory=dict)  # name -> what it is, for each entry that is no regular file
    # Of each article loaded through the cache (``pipeline.cache``): its key, the key of its files alone, and the
    # sources it names.
    keys: dict[str, str] = field(default_factory=dict)
    files_keys: dict[str, str] = field(default_factory=dict)
    cited: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The articles taken whole from a snapshot of an earlier valid build (``Snapshot``), and their rows, typed;
    # each one's part (its text and origins) is read only when needed.
    kept_articles: set[str] = field(default_factory=set)
    kept_rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    deferred: dict[str, Callable[[], None]] = field(default_factory=dict)  # article id -> adds its origins

    def where(self, table: str, row_id: str | None, column: str | None) -> str:
        """file:line of a row's key (or of its entry) in the curated files."""
        if row_id is not None and (table, row_id) not in self.origins:
            self._undefer(row_id if table == "articles" else _OWNER.sub("", row_id))
        if row_id is None or (table, row_id) not in self.origins:  # (no origin has a null id)
            return ""
        path, lines, header, index = self.origins[(table, row_id)]
        return f"{path}:{lines.line(header, index, column) or 1}"

    def _undefer(self, article_id: str) -> None:
        """The origins of a kept article's rows (``deferred``), from its part."""
        if article_id in self.deferred:
            self.deferred.pop(article_id)()

    def report(self, problem: Problem) -> Problem:
        self.problems.append(problem)
        return problem

    def lose(self, cause: Problem | None, keys: set[tuple]) -> None:
        """Record that ``cause`` (a problem reported) left the rows named by ``keys`` missing (see
        ``pipeline.problems``): a problem about them then follows from it. Costs nothing when the data is valid."""
        if cause is not None and keys:
            self.lost.setdefault(id(cause), set()).update(keys)

    def found(self) -> list[Problem]:
        """The problems found while loading, each with what it left missing."""
        return [replace(p, affects=p.affects | self.lost[id(p)]) if id(p) in self.lost else p for p in self.problems]

    def add(self, table: str, row: dict) -> None:
        """Keep a row as a tuple of its table's columns (a missing key is null).

        Taken while the parsed entry is fresh in the cache, and far smaller than
        the entry: the parsed file is freed as soon as its rows are taken.
        """
        self.rows[table].append(tuple(map(row.get, _NAMES[table])))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The rows as typed DataFrames, in the exports' row order.

        Consumes the rows: nothing needs them once the frames exist.
        """
        tables = {}
        for table in list(self.rows):
            rows = self.rows.pop(table)
            empty = table_files.empty(table)
            columns = zip(*rows) if rows else ([] for _ in empty.columns)
            if table in DEFAULTS:  # a key left out is null in its row: give it its default, once per column
                columns = (_with_default(values, DEFAULTS[table].get(name)) for name, values in zip(empty.columns,
                                                                                                   columns))
            frame = pd.DataFrame({name: _column(values, dtype)
                                  for (name, dtype), values in zip(empty.dtypes.items(), columns)})
            frame = frame.sort_values(schema.SORT_KEYS[table], kind="stable").reset_index(drop=True)
            if table in self.kept_rows:  # rows taken from the snapshot, in order: the rows read now go in among them
                frame = merged(self.kept_rows.pop(table), frame, schema.SORT_KEYS[table])
            tables[table] = frame
            del rows, columns
        tables["claims"]["review_status"] = rules.review_status(tables["claims"], tables["reviews"])
        return tables


def merged(kept: pd.DataFrame, fresh: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Two frames sorted by ``keys`` as one, as ``pd.concat([kept, fresh])`` stably sorted by them would be.

    The kept rows (a snapshot's) are not copied: each run of them between two places where fresh rows go in is a
    slice, and joining slices of Arrow columns only lists them. Their first keys are found by bisection, so that
    the fresh rows cost what they are, not what the table is.
    """
    if fresh.empty:
        return kept
    first, fresh_first = kept[keys[0]].array, fresh[keys[0]].tolist()
    unordered = kept[keys[0]].hasnans  # a null does not compare: no bisection
    places = [] if unordered else [len(first) if pd.isna(value) else bisect.bisect_left(first, value)
                                   for value in fresh_first]
    if unordered or any(place < len(first) and first[place] == value for place, value in zip(places, fresh_first)):
        # a null kept key, or a first key that is a kept row's too (only in a duplicate, which is reported): sorted
        return pd.concat([kept, fresh], ignore_index=True).sort_values(keys, kind="stable").reset_index(drop=True)
    pieces, start, row = [], 0, 0
    while row < len(places):
        end = row
        while end < len(places) and places[end] == places[row]:
            end += 1
        pieces += [kept.iloc[start:places[row]], fresh.iloc[row:end]]
        start, row = places[row], end
    pieces.append(kept.iloc[start:])
    return pd.concat([piece for piece in pieces if len(piece)], ignore_index=True)


def _with_default(values: Sequence, default: object) -> Sequence:
    """A column's values with each null replaced by the column's default (none: unchanged)."""
    return values if default is None else [default if value is None else value for value in values]


def _column(values: Sequence, dtype) -> pd.Series:
    """One column's values, typed (closed sets stay text until validation casts them).

    Text goes through Arrow: pandas' own conversion of a list of str checks each value in Python, ten times slower.
    """
    if str(dtype) in ("str", "category"):
        return pd.Series(pd.array(pyarrow.array(values, type=pyarrow.string()), dtype="str"))
    if str(dtype) == "object":  # dates: datetime.date or None, never NaN
        return pd.Series(values, dtype="object")
    return pd.Series(values).astype(dtype)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _encoding_problems(text: str, label: str) -> list[Problem]:
    """Where the text breaks the encoding rules: no BOM, "\n" line ends only, NFC."""
    problems = []
    if text.startswith("\ufeff"):
        problems.append(Problem("-", None, None, "starts with a byte-order mark (BOM): save as UTF-8 without BOM",
                                None, f"{label}:1", stage=READING))
    if "\r" in text:
        line, column = _position(text, text.index("\r"))
        problems.append(Problem("-", None, None, f"carriage return (CR) at column {column}: save with \\n (LF) "
                                "line ends", None, f"{label}:{line}", stage=READING))
    normalized = unicodedata.normalize("NFC", text)
    if normalized != text:
        first = next((i for i, (a, b) in enumerate(zip(text, normalized)) if a != b), min(len(text), len(normalized)))
        line, column = _position(text, first)
        problems.append(Problem("-", None, None, f"not in Unicode NFC at column {column} "
                                f"(U+{ord(text[first]):04X}): save with composed characters (NFC)",
                                None, f"{label}:{line}", stage=READING))
    return problems


def _article_keys(article_id: str) -> set[tuple]:
    """What an article's unreadable text or annotations leave missing: its rows, and the sources they referred to."""
    return {(table, ANY, f"@{article_id}") for table in ("articles", "claims", "quantities")} | {
        ("claims", "source_id", ALL), ("claims", "speaker_id", ALL), ("articles", "publisher_id", ALL)}


def _reviews_keys(article_id: str) -> set[tuple]:
    return {("reviews", ANY, f"@{article_id}"), ("evidence", ANY, f"@{article_id}")}


def _row_keys(table: str, row: dict, scope: str) -> set[tuple]:
    """What a dropped row leaves missing: rows of its table found by its id or foreign keys (by article if id-less)."""
    keys = {(table, column, row[column]) for column in KEY_COLUMNS[table] if isinstance(row.get(column), str)}
    key = schema.PRIMARY_KEYS[table]
    if not isinstance(row.get(key), str):
        keys.add((table, key, scope))
    return keys


class NotRegularFile(Exception):
    """A path in claims/ that is not a regular file; the message says what it is ("a named pipe (FIFO)")."""


def _what(mode: int) -> str:
    """What a non-regular file is, from its ``st_mode`` (as returned by ``os.lstat``: a link is not followed)."""
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return what
    return "not a regular file"


def _link_target(path: Path) -> str:
    """A symbolic link in claims/, with where it points, and whether that is inside claims/ or not."""
    try:
        target = os.readlink(path)
    except OSError:
        return "a symbolic link"
    resolved = os.path.realpath(path)
    inside = os.path.commonpath([resolved, os.path.realpath(path.parent)]) == os.path.realpath(path.parent)
    return f"a symbolic link to {target!r} ({'inside' if inside else 'outside'} claims/)"


def _kind(path: Path) -> str | None:
    """None for a regular file; otherwise what the entry is (from ``lstat``: nothing is opened, no link followed)."""
    mode = os.lstat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    return _link_target(path) if stat.S_ISLNK(mode) else _what(mode)


def _regular_bytes(path: Path) -> bytes:
    """The bytes of a regular file; ``NotRegularFile`` if it is anything else (or ``OSError``).

    Callers check the path with ``lstat`` first, so a named pipe is never opened. Opening without following a
    link and without blocking, then checking the open file itself, also refuses whatever replaced a file in
    between, rather than waiting on it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
            raise NotRegularFile(_link_target(path)) from None
        raise
    with open(descriptor, "rb", closefd=True) as file:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_what(mode))
        return file.read()


def _not_regular(label: str, what: str, affects: frozenset) -> Problem:
    """An entry of claims/ that is not a regular file: refused (unreadable input, exit 2), never read."""
    return Problem("-", None, None, f"not a regular file: {what}; claims/ holds regular files only (replace it with "
                   "the file itself, or remove it)", None, f"{label}:1", True, stage=READING, affects=affects)


def _read(path: Path, label: str, curated: Curated, holds: AbstractSet[tuple] = frozenset()) -> str | None:
    """The file's text, or None after reporting why it cannot be read (``holds``: what it would have held).

    Encoding-rule violations are reported, and the text is returned repaired
    (BOM dropped, line ends "\n", NFC) so that the rest of the file is still
    checked and every problem is listed in one run.
    """
    curated.files.append(label)
    try:
        if path.name in curated.refused:  # never opened: it may be a named pipe, which would wait for a writer
            raise NotRegularFile(curated.refused[path.name])
        text = _regular_bytes(path).decode("utf-8")
    except NotRegularFile as error:
        curated.report(_not_regular(label, str(error), frozenset(holds)))
        return None
    except OSError as error:
        curated.report(Problem("-", None, None, f"unreadable file ({error.strerror})", label, f"{label}:1", True,
                               stage=READING, affects=frozenset(holds)))
        return None
    except UnicodeDecodeError as error:
        line, column = _position(error.object.decode("utf-8", errors="replace"), error.start)
        curated.report(Problem("-", None, None, f"not UTF-8 (byte {error.start}, column {column}): "
                               "save it as UTF-8", None, f"{label}:{line}", True, stage=READING,
                               affects=frozenset(holds)))
        return None
    found = _encoding_problems(text, label)
    if not found:
        return text
    curated.problems += found
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


def _parse_toml(path: Path, label: str, curated: Curated, holds: AbstractSet[tuple] = frozenset()
                ) -> tuple[dict, LineIndex] | None:
    """The parsed TOML and its line index, or None after reporting a syntax error."""
    source = _read(path, label, curated, holds)
    if source is None:
        return None
    try:
        return rtoml.loads(source), LineIndex(path)
    except rtoml.TomlParsingError as error:
        position = re.search(r"line (\d+) column (\d+)", str(error)) or re.search(r"line (\d+)", str(error))
        where = f"{label}:{position.group(1)}" if position else f"{label}:1"
        detail = hints.caret_lines(source, *map(int, position.groups())) if position and position.lastindex == 2 else ()
        curated.report(Problem("-", None, None, f"TOML syntax error ({error})", None, where, True, detail,
                               stage=READING, affects=frozenset(holds)))
        return None


# Entry shapes (key names and value types, in order) already found valid, per table. Curated entries come in a
# handful of shapes, so a million entries cost a million tuple builds and lookups rather than key-by-key checks.
_VALID_SHAPES: dict[str, set[tuple]] = {table: set() for table in schema.MODELS}


def _valid_shape(table: str, entry: dict) -> bool:
    """Whether every key of the entry is known and typed right, and every required key is present."""
    shape = (tuple(entry), tuple(map(type, entry.values())))
    if shape in _VALID_SHAPES[table]:
        return True
    types = KEY_TYPES[table]
    nested = NESTED.get(table)
    valid = (REQUIRED_KEYS[table] <= entry.keys()
             and all(key == nested or type(value) in types.get(key, ()) for key, value in entry.items()))
    if valid:
        _VALID_SHAPES[table].add(shape)
    return valid


def _entry(table: str, entry: object, row_id_hint: str, origin: tuple, curated: Curated) -> dict:
    """A curated entry's values, type-checked against the schema; bad values become problems and null.

    A valid entry is returned as it is (not copied): the build adds its computed columns to it.
    """
    if not isinstance(entry, dict):
        path, lines, header, index = origin
        curated.report(Problem(table, row_id_hint, None, "entry must be a table", entry,
                               f"{path}:{lines.line(header, index) or 1}", stage=ENTRIES,
                               affects=frozenset({("row", table, row_id_hint)})))
        return {}
    if _valid_shape(table, entry):
        return entry
    _report_entry_problems(table, entry, row_id_hint, origin, curated)
    types = KEY_TYPES[table]
    return {key: value for key, value in entry.items() if type(value) in types.get(key, ())}


def _report_entry_problems(table: str, entry: dict, row_id_hint: str, origin: tuple, curated: Curated) -> None:
    path, lines, header, index = origin
    key = schema.PRIMARY_KEYS[table]
    if isinstance(entry.get(key), str):
        row_id_hint = entry[key]
    known = [*KEY_TYPES[table], *([NESTED[table]] if table in NESTED else [])]
    for key, value in entry.items():
        if key == NESTED.get(table):
            continue
        where = f"{path}:{lines.line(header, index, key) or 1}"
        if key not in KEY_TYPES[table]:
            if key in COMPUTED[table]:
                curated.report(Problem(table, row_id_hint, key, "unknown key (computed by the build: remove it)",
                                       value, where, stage=NAMES))
                continue
            meant = hints.closest(key, [k for k in known if k not in entry])
            curated.report(Problem(table, row_id_hint, key, "unknown key", value, where,
                                   detail=(f"did you mean {meant!r}?",) if meant else (), stage=NAMES,
                                   affects=frozenset({("cell", table, row_id_hint, meant)} if meant else ())))
        elif type(value) not in KEY_TYPES[table][key]:
            expected = " or ".join(t.__name__ for t in KEY_TYPES[table][key])
            curated.report(Problem(table, row_id_hint, key, f"wrong type (expected {expected})", value, where,
                                   stage=ENTRIES))
    for key in sorted(REQUIRED_KEYS[table] - entry.keys()):
        curated.report(Problem(table, row_id_hint, key, "missing required key", None,
                               f"{path}:{lines.line(header, index) or 1}", stage=ENTRIES))


def _cause(reported: list[Problem], column: str) -> Problem | None:
    """Of the problems just reported about an entry, the one about ``column`` (else the first)."""
    return next((p for p in reported if p.column == column), reported[0] if reported else None)


def _entries(container: dict, key: str, header: str, where: Callable[[], str], curated: Curated) -> list:
    """``container[key]`` as a list of ``[[header]]`` entries; anything else is reported (at ``where()``) as none."""
    entries = container.get(key, [])
    if isinstance(entries, list):
        return entries
    curated.report(Problem("-", None, key, f"must be [[{header}]] entries", entries, where(), stage=ENTRIES))
    return []


def _top_level_line(lines: LineIndex, key: str) -> int:
    return lines.key_line(LineIndex.TOP, 0, key) or lines.line(key, 0) or 1


def _unknown_top_level(data: dict, expected: dict[str, str], label: str, lines: LineIndex, curated: Curated,
                       scope: str = ALL) -> None:
    """Report top-level keys and tables a curated file may not have (``expected``: each allowed name and its header,
    "[article]" or "[[claims]]"), with the name it is closest to. Entries under a misspelt [[header]] are rows of its
    table that went missing; keys of a table written above its header mean the header is missing."""
    allowed = ", ".join(sorted(expected))
    for key in sorted(set(data) - set(expected)):
        meant = hints.closest(key, list(expected))
        detail: tuple[str, ...] = ()
        affects: set[tuple] = set()
        needs: set[tuple] = set()
        value = data[key]
        if meant:
            detail = (f"did you mean {expected[meant]}?",)
            affects.add(("table", label, meant))
            table = _TABLE_OF_HEADER.get(meant)
            if table and isinstance(value, list):
                for entry in value:
                    affects |= _row_keys(table, entry, scope) if isinstance(entry, dict) else set()
                if table == "claims":
                    affects.add(("claims", GAP, scope))
        else:
            owner = next((name for name in expected if key in KEY_TYPES.get(_TABLE_OF_HEADER.get(name, name), ())
                          or key in metadata.KEYS and metadata.KEYS[key][0] == name), None)
            if owner:  # the first such key stands for the others (and for the table found missing)
                detail = (f"{key!r} is a key of {expected[owner]}: is its header missing above it?",)
                affects = needs = {("table", label, owner)}
        curated.report(Problem("-", None, key, f"unknown top-level key or table (expected: {allowed})", None,
                               f"{label}:{_top_level_line(lines, key)}", detail=detail, stage=NAMES,
                               affects=frozenset(affects), needs=frozenset(needs)))


# The table each header of a curated file holds rows of ("article" is one row of articles).
_TABLE_OF_HEADER = {"article": "articles", "claims": "claims", "sources": "sources", "reviews": "reviews",
                    "evidence": "evidence"}


def _missing_table(label: str, name: str, what: str, row: tuple | None = None) -> Problem:
    """A table a file must have and does not (at line 1): its missing keys' problems follow from it."""
    return Problem("-", None, None, f"missing table [{name}] ({what})", None, f"{label}:1", stage=ENTRIES,
                   needs=frozenset({("table", label, name)}),
                   affects=frozenset({("table", label, name)} | ({row} if row else set())))


def _load_tables(path: Path, tables: dict[str, str], curated: Curated, scope: str = ALL,
                 holds: AbstractSet[tuple] = frozenset()) -> None:
    """Read a TOML file of ``[[header]]`` entries, one table each (``tables`` maps header to table)."""
    label = f"claims/{path.name}"
    parsed = _parse_toml(path, label, curated, holds)
    if parsed is None:
        return
    data, lines = parsed
    _unknown_top_level(data, {header: f"[[{header}]]" for header in tables}, label, lines, curated, scope)
    for header, table in tables.items():
        where = lambda header=header: f"{label}:{_top_level_line(lines, header)}"  # noqa: E731 (only on error)
        for index, entry in enumerate(_entries(data, header, header, where, curated)):
            origin = (label, lines, header, index)
            hint = f"{path.name}#{header}{index + 1}"
            reported = len(curated.problems)
            row = _entry(table, entry, hint, origin, curated)
            key = schema.PRIMARY_KEYS[table]
            if key not in row:  # reported by _entry; a row without its id cannot be checked further
                curated.lose(_cause(curated.problems[reported:], key), _row_keys(table, row, scope))
                continue
            if (elsewhere := _claim_of_another_article(row, scope)) is not None:
                curated.lose(curated.report(Problem(
                    table, row[key], "claim_id", f"claim_of_this_article (a claim of article {elsewhere}: its "
                    f"{table} belong in {elsewhere}{REVIEWS_SUFFIX})", row["claim_id"],
                    f"{label}:{lines.line(header, index, 'claim_id') or 1}", stage=ENTRIES)),
                    _row_keys(table, row, scope))
                continue
            if (table, row[key]) in curated.origins:
                curated.report(_duplicate(table, row[key], curated, f"{label}:{lines.line(header, index, key) or 1}"))
                continue
            curated.origins[(table, row[key])] = origin
            curated.add(table, row)


_CLAIM_ID = re.compile(schema.CLAIM_ID)
_OWNER = re.compile(r"-[0-9]{3}(?:-[qe][0-9]+)?$")  # what a row id adds to its article's id


def _claim_of_another_article(row: dict, scope: str) -> str | None:
    """The article whose claim a review or evidence entry of ``<scope>.reviews.toml`` is about, if another.

    Every row then belongs to the files of one article, so what an article's files give, and what is checked
    and shown of it, depends on those files alone (``pipeline.cache`` keys each article by them).
    """
    claim_id = row.get("claim_id")
    if scope == ALL or not isinstance(claim_id, str) or not _CLAIM_ID.match(claim_id):
        return None
    article_id = claim_id.rpartition("-")[0]
    return article_id if article_id != scope[1:] else None


def _duplicate(table: str, row_id: str, curated: Curated, where: str) -> Problem:
    """An entry whose id an earlier entry has: reported at this one (the copy), which is left out of the table."""
    key = schema.PRIMARY_KEYS[table]
    return Problem(table, row_id, key, f"field_uniqueness (not unique: the entry at {curated.where(table, row_id, key)} "
                   f"has this {key} too)", row_id, where, stage=ENTRIES)


def _locate(text: str, statement: str, cursor: int, previous: tuple[int, int] | None
            ) -> tuple[int | None, str, int | None]:
    """Where the statement starts, searching from ``cursor``; else None, why, and where it is found if anywhere."""
    start = text.find(statement, cursor)
    if start >= 0:
        return start, "", None
    earlier = text.find(statement)
    if earlier < 0:
        return None, "statement_in_article (not found in the article text: copy it exactly)", None
    if previous and earlier + len(statement) > previous[0]:
        return None, "statements_do_not_overlap (it overlaps the statement before it)", earlier
    return None, "statements_in_order (found only before the statement above it: keep article order)", earlier


def _load_article(toml_path: Path, curated: Curated, names: Mapping[str | None, str | None]) -> None:
    """Read an article's text and annotations (``names``: each source's name, looked up by a row's source_id, which
    is None where it is missing; a name is None where it is missing)."""
    article_id = toml_path.stem
    label = f"claims/{toml_path.name}"
    text_label = f"claims/{article_id}.txt"
    holds = _article_keys(article_id)
    text = _read(toml_path.with_suffix(".txt"), text_label, curated, holds)
    parsed = _parse_toml(toml_path, label, curated, holds)
    if text is None or parsed is None:
        return
    data, lines = parsed
    curated.texts[article_id] = text
    scope = f"@{article_id}"
    _unknown_top_level(data, {"article": "[article]", "claims": "[[claims]]"}, label, lines, curated, scope)
    origin = (label, lines, "article", 0)
    curated.origins[("articles", article_id)] = origin
    if "article" not in data:
        curated.report(_missing_table(label, "article", "with the article's " + ", ".join(
            sorted(REQUIRED_KEYS["articles"])), ("row", "articles", article_id)))
    article = _entry("articles", data.get("article", {}), article_id, origin, curated)
    article |= {"article_id": article_id, "publisher": names.get(article.get("publisher_id")), "n_chars": len(text)}
    curated.add("articles", article)

    cursor, previous, seq = 0, None, 0
    kept_ends: list[int] = []  # char_end of each claim kept, in text order
    kept_ids: list[str] = []
    pending: list[Problem | None] = []  # claims dropped before any was kept: the gap they leave is blamed on the first kept

    def drop(cause: Problem | None, row: dict, position: int | None = None) -> None:
        """A claim is not added: record what it leaves missing, and which gap (at the kept claim before its place)."""
        keys = _row_keys("claims", row, scope)
        at = bisect.bisect_right(kept_ends, position) if position is not None else len(kept_ends)  # kept before it
        if kept_ids:
            keys.add(("claims", GAP, kept_ids[max(at - 1, 0)]))
        else:
            pending.append(cause)
        curated.lose(cause, keys)

    quantity_index = 0  # counts [[claims.quantities]] headers across the file
    claims_where = lambda: f"{label}:{_top_level_line(lines, 'claims')}"  # noqa: E731 (only on error)
    for index, entry in enumerate(_entries(data, "claims", "claims", claims_where, curated)):
        origin = (label, lines, "claims", index)
        reported = len(curated.problems)
        row = _entry("claims", entry, f"{article_id}#{index + 1}", origin, curated)
        claim_id = row.get("claim_id", f"{article_id}#{index + 1}")
        where = lambda column, index=index: f"{label}:{lines.line('claims', index, column) or 1}"  # noqa: E731
        duplicate = "claim_id" in row and ("claims", claim_id) in curated.origins
        curated.origins.setdefault(("claims", claim_id), origin)
        quantities = (_entries(entry, "quantities", "claims.quantities", partial(where, "quantities"), curated)
                      if isinstance(entry, dict) else [])
        first_quantity, quantity_index = quantity_index, quantity_index + len(quantities)
        statement = row.get("statement")
        if statement is None:
            drop(_cause(curated.problems[reported:], "statement"), row)
            continue
        start, why, found_at = _locate(text, statement, cursor, previous)
        if start is None:
            detail = hints.statement_difference(statement, text, cursor) if found_at is None else (
                "it is found at article line {}, column {}, before the end of the statement above it".format(
                    *_position(text, found_at)),)
            drop(curated.report(Problem("claims", claim_id, "statement", why, statement, where("statement"),
                                        detail=detail, stage=ENTRIES)),
                 row, None if found_at is None else found_at + len(statement) - 1)
            continue
        end = start + len(statement)
        cursor, previous = end, (start, end)
        if "claim_id" not in row:  # reported by _entry; a row without its id cannot be checked further
            drop(_cause(curated.problems[reported:], "claim_id"), row, end - 1)
            continue
        if duplicate:
            drop(curated.report(_duplicate("claims", claim_id, curated, where("claim_id"))), row, end - 1)
            continue
        seq += 1
        row |= {"article_id": article_id, "seq": seq, "paragraph": text.count("\n", 0, start) + 1,
                "char_start": start, "char_end": end, "source": names.get(row.get("source_id"))}
        curated.add("claims", row)
        kept_ends.append(end)
        kept_ids.append(claim_id)
        for cause in pending:  # the text before the first kept claim
            curated.lose(cause, {("claims", GAP, claim_id)})
        pending.clear()
        for number, quantity in enumerate(quantities, start=1):
            _add_quantity(quantity, claim_id, number, (start, end), text,
                          (label, lines, "claims.quantities", first_quantity + number - 1), curated)
    for cause in pending:  # no claim kept: the article has no statement
        curated.lose(cause, {("claims", GAP, article_id)})


def _add_quantity(entry: object, claim_id: str, number: int, span: tuple[int, int], text: str, origin: tuple,
                  curated: Curated) -> None:
    quantity_id = f"{claim_id}-q{number}"
    curated.origins[("quantities", quantity_id)] = origin
    row = _entry("quantities", entry, quantity_id, origin, curated)
    if "text" not in row:
        return
    start = text.find(row["text"], *span)
    if start < 0:
        curated.report(Problem("quantities", quantity_id, "text",
                               "quantity_in_statement (not found in its claim's statement)", row["text"],
                               curated.where("quantities", quantity_id, "text"), stage=ENTRIES))
        return
    unit_normalized, factor = schema.UNIT_CONVERSIONS.get(row.get("unit", ""), (None, None))  # "": no unit
    value = row.get("value")
    row |= {"quantity_id": quantity_id, "claim_id": claim_id, "char_start": start, "char_end": start + len(row["text"]),
            "unit_normalized": unit_normalized,
            "value_normalized": round(value * factor, NORMALIZED_DECIMALS) if factor and value is not None else None}
    curated.add("quantities", row)


def _check_files(directory: Path, curated: Curated) -> list[Path]:
    """The article annotation files; every other file must be an article's text or reviews, or sources.toml."""
    with os.scandir(directory) as entries:  # the listing says which entries are regular files: no call per file
        regular = {entry.name: entry.is_file(follow_symlinks=False) for entry in entries
                   if not entry.name.startswith(".")}
    files = [directory / name for name in sorted(regular)]  # (sorting Paths costs a second a million)
    curated.present.update(regular)
    for path in files:
        if not regular[path.name]:
            try:
                curated.refused[path.name] = _kind(path) or "not a regular file"
            except FileNotFoundError:  # removed since the listing: reported where it is needed
                pass
    articles = [p for p in files if p.suffix == ".toml" and p.name not in (SOURCES_FILE, CARD_FILE)
                and not p.name.endswith(REVIEWS_SUFFIX)]
    expected = {SOURCES_FILE, CARD_FILE} | {name for p in articles
                                 for name in (p.name, p.with_suffix(".txt").name, p.stem + REVIEWS_SUFFIX)}
    kinds = {".txt": "an article text needs its .toml", REVIEWS_SUFFIX: "an article's reviews need its .toml"}
    for path in sorted(files, key=_article_order):
        article_id = _article_order(path)[0]
        curated.article_ids.add(article_id)
        if path.name not in expected:
            kind = next((kind for suffix, kind in kinds.items() if path.name.endswith(suffix)), None)
            label = f"claims/{path.name}"
            curated.files.append(label)
            affects = frozenset(_article_keys(article_id) | _reviews_keys(article_id)
                                if kind else ())  # its article's .toml is missing
            if path.name in curated.refused:  # what it is matters more than its name: it is not even a file
                curated.report(_not_regular(label, curated.refused[path.name], affects))
                continue
            curated.report(Problem("-", None, None, f"unexpected file ({kind or 'not part of the dataset'})",
                                   path.name, f"{label}:1", True, stage=READING, affects=affects))
    return articles


def _article_order(path: Path) -> tuple[str, int]:
    """The article a file belongs to, and its place among the article's files as read: text, annotations, reviews."""
    if path.name.endswith(REVIEWS_SUFFIX):
        return path.name.removesuffix(REVIEWS_SUFFIX), 2
    return path.stem, {".txt": 0, ".toml": 1}.get(path.suffix, 3)


def load(directory: Path, cache: Cache | None = None, use_snapshot: bool = True) -> Curated:
    """Read claims/ and build every table's rows; problems are collected, never raised.

    ``cache`` (a ``pipeline.cache.Cache``): an article whose key is unchanged since the last valid build is taken
    from its ``Snapshot`` (rows only), else its part is taken from the cache where its files are unchanged.
    """
    curated = Curated()
    if not directory.is_dir():
        curated.report(Problem("-", None, None, "curated data directory not found", str(directory),
                               str(directory), True, stage=READING))
        return curated
    articles = _check_files(directory, curated)
    _load_tables(directory / SOURCES_FILE, {"sources": "sources"}, curated, holds={("sources", ANY, ALL)})
    key, name = column_index("sources", "source_id"), column_index("sources", "name")
    sources = {row[key]: row for row in curated.rows["sources"]}
    names = {source_id: row[name] for source_id, row in sources.items()}
    held = cache.get("snapshot", cache.key("snapshot")) if cache is not None and use_snapshot else None
    snapshot = held if isinstance(held, Snapshot) else None
    for path in articles:
        if cache is None or not (snapshot is not None and _keep(path, curated, snapshot, sources, cache)
                                 or _load_cached(path, curated, names, sources, cache)):
            _load_article_files(path, curated, names)
    if snapshot is not None and curated.kept_articles:
        curated.kept_rows = snapshot.rows_of(curated.kept_articles)
        if _taken(curated.rows, curated.kept_rows):  # a row id of an article read now is a kept article's: read all
            return load(directory, cache, use_snapshot=False)
    _load_card(directory / CARD_FILE, [path.stem for path in articles], curated)
    return curated


def _load_article_files(path: Path, curated: Curated, names: Mapping[str | None, str | None]) -> None:
    """Read an article's text, annotations and reviews (if it has any) into ``curated``."""
    _load_article(path, curated, names)
    reviews = path.with_name(path.stem + REVIEWS_SUFFIX)
    if reviews.name in curated.present:  # listed, whatever it is (a dangling link too: refused when read)
        _load_tables(reviews, {"reviews": "reviews", "evidence": "evidence"}, curated, f"@{path.stem}",
                     _reviews_keys(path.stem))


@dataclass
class Part:
    """What one article's files give on their own (see ``pipeline.cache``): its rows (with ``publisher`` and
    ``source`` left empty: they come from sources.toml), its text, each row's origin as (table, row id, file,
    header, index), the problems found reading them with what each left missing (by position), and the files read."""

    article_id: str
    rows: dict[str, list[tuple]]
    text: str | None
    origins: list[tuple[str, str, str, str, int]]
    problems: list[Problem]
    lost: dict[int, set[tuple]]
    files: list[str]


def article_part(path: Path, has_reviews: bool) -> Part:
    """Load one article's files into a ``Curated`` of their own: what they give whatever else claims/ holds."""
    alone = Curated()
    if has_reviews:
        alone.present.add(path.stem + REVIEWS_SUFFIX)
    _load_article_files(path, alone, {})
    positions = {id(problem): index for index, problem in enumerate(alone.problems)}
    return Part(path.stem, {table: rows for table, rows in alone.rows.items() if rows}, alone.texts.get(path.stem),
                [(table, row_id, label, header, index)
                 for (table, row_id), (label, _, header, index) in alone.origins.items()],
                alone.problems, {positions[cause]: keys for cause, keys in alone.lost.items() if cause in positions},
                alone.files)


_FILLED = {"articles": ("publisher", "publisher_id"), "claims": ("source", "source_id")}  # column: name of this id


def merge(part: Part, directory: Path, curated: Curated, names: Mapping[str | None, str | None]) -> bool:
    """Add an article's part to what was loaded before it, as if its files were read now; False (and nothing added)
    if one of its row ids is already taken, since reading its files then would find a duplicate."""
    if any((table, row_id) in curated.origins for table, row_id, *_ in part.origins):
        return False
    _add_origins(part, curated, directory)
    for table, rows in part.rows.items():
        if table in _FILLED:
            name, key = (_NAMES[table].index(column) for column in _FILLED[table])
            rows = [row[:name] + (names.get(row[key]),) + row[name + 1:] for row in rows]
        curated.rows[table] += rows
    if part.text is not None:
        curated.texts[part.article_id] = part.text
    for index, problem in enumerate(part.problems):
        curated.problems.append(problem)
        if index in part.lost:
            curated.lost[id(problem)] = set(part.lost[index])
    curated.files += part.files
    return True


def _add_origins(part: Part, curated: Curated, directory: Path) -> None:
    indexes: dict[str, LineIndex] = {}
    for table, row_id, label, header, index in part.origins:
        if label not in indexes:
            indexes[label] = LineIndex(directory / label.removeprefix("claims/"))
        curated.origins[(table, row_id)] = (label, indexes[label], header, index)


def _files_key(path: Path, curated: Curated, cache: Cache) -> str | None:
    """The key of an article's files: the bytes of its text, annotations and reviews (or the fact that there are
    none); None where one is not a regular file or cannot be read (it is then read against the rest)."""
    files = [path.with_suffix(".txt"), path, path.with_name(path.stem + REVIEWS_SUFFIX)]
    has_reviews = files[2].name in curated.present
    if any(file.name in curated.refused for file in files):
        return None
    try:
        return cache.key("load", path.stem.encode(), *(_regular_bytes(file) for file in files[:2]),
                         _regular_bytes(files[2]) if has_reviews else None)
    except (OSError, NotRegularFile):
        return None


def article_key(cache: Cache, files_key: str, cited: tuple[str, ...], sources: Mapping[str, tuple]) -> str:
    """The key of an article: its files' key and every value of the sources it names, all that is checked or
    shown of the article besides its files (every row comes from one article's files)."""
    return cache.key("article", files_key.encode(), repr([sources.get(source_id) for source_id in cited]).encode())


def _part(path: Path, curated: Curated, files_key: str, cache: Cache) -> Part:
    """An article's part from the cache, else read from its files (and kept when they did not change meanwhile)."""
    part = cache.get("load", files_key)
    if not isinstance(part, Part):
        part = article_part(path, path.stem + REVIEWS_SUFFIX in curated.present)
        if _files_key(path, curated, cache) == files_key:  # unchanged while it was read: what these bytes give
            cache.put("load", files_key, part)
    return part


def _load_cached(path: Path, curated: Curated, names: Mapping[str | None, str | None],
                 sources: Mapping[str, tuple], cache: Cache) -> bool:
    """Load an article from ``cache`` where its files' bytes are unchanged, else from its
    files, keeping the result; False where it must be read against the rest (an entry that is not a regular
    file, or a row id another file took)."""
    files_key = _files_key(path, curated, cache)
    if files_key is None:
        return False
    part = _part(path, curated, files_key, cache)
    if not merge(part, path.parent, curated, names):
        return False
    curated.files_keys[part.article_id] = files_key
    curated.cited[part.article_id] = _cited(part)
    curated.keys[part.article_id] = article_key(cache, files_key, curated.cited[part.article_id], sources)
    return True


@dataclass
class Kept:
    """An article of a ``Snapshot``: its key, its files' key, the labels of its files (as read) and the sources it
    names."""

    key: str
    files_key: str
    files: list[str]
    cited: tuple[str, ...]


@dataclass
class Snapshot:
    """What the last build that found no problem loaded: every row (the typed frames of ``Curated.tables``) with the
    article it came from, and each article's key. An article whose key is unchanged is taken from it whole (its
    rows need neither parsing nor conversion); its part (text and origins) is read only if something needs it."""

    frames: dict[str, pd.DataFrame]
    owners: dict[str, pd.Series]  # table -> the article of each row of its frame
    articles: dict[str, Kept]

    def rows_of(self, article_ids: set[str]) -> dict[str, pd.DataFrame]:
        """The rows of these articles, in order: each run of them a slice of the frame (no row is copied)."""
        if article_ids == set(self.articles):
            return dict(self.frames)
        taken = {}
        for table, frame in self.frames.items():
            keep = rules.isin(self.owners[table], article_ids).to_numpy()
            edges = np.flatnonzero(np.diff(np.concatenate([[False], keep, [False]]).astype(np.int8)))
            runs = [frame.iloc[start:end] for start, end in zip(edges[::2], edges[1::2])]
            taken[table] = pd.concat(runs, ignore_index=True) if runs else frame.iloc[:0]
        return taken


def _keep(path: Path, curated: Curated, snapshot: Snapshot, sources: Mapping[str, tuple], cache: Cache) -> bool:
    """Take an article from the snapshot if its key is the one there; False otherwise."""
    kept = snapshot.articles.get(path.stem)
    if kept is None:
        return False
    files_key = _files_key(path, curated, cache)
    if files_key != kept.files_key or article_key(cache, files_key, kept.cited, sources) != kept.key:
        return False
    article_id = path.stem
    part = functools.cache(partial(_part, path, curated, files_key, cache))  # read once, if ever
    cache.keep("load", files_key)  # its part is not read, but may be needed again
    curated.keys[article_id], curated.files_keys[article_id], curated.cited[article_id] = kept.key, files_key, kept.cited
    curated.kept_articles.add(article_id)
    curated.files += kept.files
    curated.texts.defer(article_id, lambda: part().text or "")
    curated.deferred[article_id] = lambda: _add_origins(part(), curated, path.parent)
    return True


def _taken(rows: dict[str, list[tuple]], kept: dict[str, pd.DataFrame]) -> bool:
    """Whether a row read now has the id of a kept row (a duplicate, which reading every file reports)."""
    for table, frame in kept.items():
        key = column_index(table, schema.PRIMARY_KEYS[table])
        ids = [row[key] for row in rows[table] if isinstance(row[key], str)]
        if ids and rules.isin(frame[schema.PRIMARY_KEYS[table]], ids).any():  # a set of the few ids read now
            return True
    return False


def column_index(table: str, column: str) -> int:
    """The position of ``column`` in the rows of ``table`` (``Curated.rows``)."""
    return _NAMES[table].index(column)


def article_of(label: str) -> str | None:
    """The article a curated file belongs to, by its label ("claims/<id>.reviews.toml"); None for shared files."""
    name = label.removeprefix("claims/")
    for suffix in (REVIEWS_SUFFIX, ".toml", ".txt"):
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            return None if name in (SOURCES_FILE, CARD_FILE) else stem
    return None


_CITING = {"articles": ("publisher_id",), "claims": ("source_id", "speaker_id")}  # the columns naming a source


def _cited(part: Part) -> tuple[str, ...]:
    """The ids of the sources an article's rows name (as publisher, source or speaker), sorted."""
    cited = {row[_NAMES[table].index(column)] for table, columns in _CITING.items() for column in columns
             for row in part.rows.get(table, ())}
    return tuple(sorted(source_id for source_id in cited if isinstance(source_id, str)))


def _load_card(path: Path, article_ids: list[str], curated: Curated) -> None:
    """Read claims/dataset.toml into ``curated.card``, and check that it describes exactly the articles present."""
    label = f"claims/{path.name}"
    parsed = _parse_toml(path, label, curated)
    if parsed is None:
        return
    data, lines = parsed
    _unknown_top_level(data, {table: f"[{table}]" for table in metadata.TABLES}, label, lines, curated)
    values: dict[str, Any] = {}  # each key's value, of the type metadata.KEYS gives (checked below)
    problems: list[Problem] = []
    for table in metadata.TABLES:
        if table not in data:
            problems.append(_missing_table(label, table, "its keys: " + ", ".join(
                key for key, (owner, _) in metadata.KEYS.items() if owner == table)))
    for key, (table, kind) in metadata.KEYS.items():
        section = data.get(table, {})
        value = section.get(key) if isinstance(section, dict) else None
        where = f"{label}:{lines.line(table, 0, key) or 1}"
        if value is None:
            problems.append(Problem("-", None, key, f"missing required key (in [{table}])", None, where,
                                    stage=ENTRIES, needs=frozenset({("table", label, table), ("key", label, key)})))
        elif type(value) is not kind or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            expected = "a list of strings" if kind is list else kind.__name__
            problems.append(Problem("-", None, key, f"wrong type (expected {expected})", value, where,
                                    stage=ENTRIES))
        values[key] = value
    for table in metadata.TABLES:
        section = data.get(table, {})
        own = {key for key, (owner, _) in metadata.KEYS.items() if owner == table}
        unknown = sorted(set(section) - own) if isinstance(section, dict) else []
        for key in unknown:
            elsewhere = metadata.KEYS[key][0] if key in metadata.KEYS else None
            meant = hints.closest(key, [k for k in own if k not in section])
            hint = (f"it belongs in [{elsewhere}]",) if elsewhere else (f"did you mean {meant!r}?",) if meant else ()
            problems.append(Problem("-", None, key, f"unknown key in [{table}]", section[key],
                                    f"{label}:{lines.line(table, 0, key) or 1}",
                                    detail=hint, stage=NAMES,
                                    affects=frozenset({("key", label, meant)} if meant else ())))
    if not problems:
        described, present = set(values["articles"]), set(article_ids)
        if described != present:
            where = f"{label}:{lines.line('dataset', 0, 'articles') or 1}"
            change = "; ".join(part for part in (
                f"claims/ also holds {sorted(present - described)}" if present - described else "",
                f"claims/ no longer holds {sorted(described - present)}" if described - present else "") if part)
            problems.append(Problem("-", None, "articles", "card_describes_the_articles (the dataset's description "
                                    f"was written for other articles: {change}; reread and update the title, "
                                    "description, keywords and [responsible_ai], then the list)", values["articles"],
                                    where, needs=frozenset(("articles", "article_id", article)
                                                           for article in described ^ present)))
    curated.problems += problems
    if not problems:
        curated.card = metadata.Card(**values)
