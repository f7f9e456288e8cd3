"""The one table of column types: what each schema dtype is in TOML, Arrow, Frictionless, Croissant, Hugging Face
`datasets`, pandas' CSV reader and the README.

Every other module asks ``of(column)`` rather than keeping its own mapping.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pyarrow


@dataclass(frozen=True)
class Dtype:
    name: str  # as the schema names it: str, category, bool, Int32, Float64, date
    toml: tuple[type, ...]  # the TOML value types a curated key of this dtype accepts (a bool is not an int here)
    arrow: pyarrow.DataType  # the type of the column in the Parquet exports
    frictionless: str
    croissant: str
    # The Hugging Face `datasets` feature dtype the README's front matter declares. A closed set is "string", not a
    # ClassLabel: its Parquet column is dictionary-encoded (so that pandas reads a Categorical), and `datasets` 5.2
    # cannot cast a dictionary column to a ClassLabel (ClassLabel.cast_storage decodes only plain strings), so a
    # class_label feature would make every load fail.
    hf: str
    pandas: str  # the dtype ``pd.read_csv`` gives the column (dates: ``parse_dates``; a nullable bool: "boolean")
    readme: str  # as the data dictionary shows it


_DTYPES = [
    Dtype("str", (str,), pyarrow.string(), "string", "sc:Text", "string", "str", "string"),
    Dtype("category", (str,), pyarrow.dictionary(pyarrow.int8(), pyarrow.string()), "string", "sc:Text",
          "string", "category", "categorical"),
    Dtype("bool", (bool,), pyarrow.bool_(), "boolean", "sc:Boolean", "bool", "bool", "bool"),
    Dtype("Int32", (int,), pyarrow.int32(), "integer", "sc:Integer", "int32", "Int32", "int32"),
    Dtype("Float64", (int, float), pyarrow.float64(), "number", "sc:Float", "float64", "Float64", "double"),
    Dtype("date", (datetime.date,), pyarrow.date32(), "date", "sc:Date", "date32", "string", "date32[day]"),
]
DTYPES = {dtype.name: dtype for dtype in _DTYPES}


def name(dtype) -> str:
    """A pandas or Pandera dtype as one of the names above (every text dtype is "str")."""
    text = str(dtype)
    return "str" if text.startswith("string") else text


def of(column) -> Dtype:
    """The Dtype of a Pandera column (or of a pandas/Pandera dtype)."""
    return DTYPES[name(getattr(column, "dtype", column))]
