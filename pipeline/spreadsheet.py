"""CSV cells a spreadsheet would run as a formula, made safe on write and restored on read.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (OWASP's "CSV injection").
The CSV writer prefixes such text cells with ``'``, which every spreadsheet
shows as text. Cells that already begin with ``'`` get the prefix too, so the
change is reversible: ``schema.load(..., fmt="csv")`` strips exactly one
leading ``'`` and gives back the Parquet values. Numbers and closed-set
columns are never touched.
"""

from __future__ import annotations

import pyarrow
import pyarrow.compute as pc

RISKY_START = r"^[=+\-@\t\r']"


def _text_columns(table: pyarrow.Table) -> list[str]:
    return [field.name for field in table.schema if pyarrow.types.is_string(field.type)]


def neutralise(table: pyarrow.Table) -> tuple[pyarrow.Table, list[tuple[str, int]]]:
    """The table with risky text cells prefixed by ``'``, and the (column, row) of each changed cell."""
    changed = []
    for name in _text_columns(table):
        column = table[name]
        risky = pc.fill_null(pc.match_substring_regex(column, RISKY_START), False)
        rows = pc.indices_nonzero(risky).to_pylist()
        if rows:
            changed += [(name, row) for row in rows]
            prefixed = pc.binary_join_element_wise("'", column, "")
            table = table.set_column(table.schema.get_field_index(name), table.schema.field(name),
                                     pc.if_else(risky, prefixed, column))
    return table, changed


def restore(table: pyarrow.Table) -> pyarrow.Table:
    """Undo ``neutralise``: drop one leading ``'`` from every text cell that has one."""
    for name in _text_columns(table):
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(name),
                                 pc.replace_substring_regex(table[name], "^'", "", max_replacements=1))
    return table
