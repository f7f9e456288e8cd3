"""Problems: one thing wrong with the data each, named by file:line, table, row, column, rule and value."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import schema


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
    """A rule's name with its one-line docstring, e.g. "cue_is_in_statement (The cue's words appear …)"."""
    known = schema.RULES.get(rule)
    return f"{rule} ({known.doc})" if known else rule
