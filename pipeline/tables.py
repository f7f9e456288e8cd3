"""The tables in Arrow, Parquet and CSV: their exact export bytes, and reading an export back, typed and validated."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import schema
from pipeline import dtypes, spreadsheet


def arrow_schema(table: str) -> pyarrow.Schema:
    """The explicit Arrow schema of a table's exports, with each field's description as metadata."""
    model = schema.MODELS[table].to_schema()
    return pyarrow.schema([
        pyarrow.field(name, dtypes.of(column).arrow, nullable=column.nullable,
                      metadata={"description": column.description})
        for name, column in model.columns.items()
    ], metadata={"description": model.description or ""})


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({
        name: pd.Series([], dtype=column.dtype.type)
        for name, column in schema.MODELS[table].to_schema().columns.items()
    })


def render(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, bytes], list[str]]:
    """Each table as Parquet (explicit Arrow schema, zstd) and CSV (UTF-8, header, "\\n", formula-safe), and a
    notice for each CSV cell made safe for spreadsheets."""
    files, notices = {}, []
    for table in schema.MODELS:
        # In one piece per column: Parquet's pages follow a column's pieces, and a table an incremental build
        # assembles from slices (``pipeline.load.merged``) must give a clean build's bytes.
        arrow = pyarrow.Table.from_pandas(tables[table], schema=arrow_schema(table), preserve_index=False
                                          ).combine_chunks()
        parquet = io.BytesIO()
        pq.write_table(arrow, parquet, compression="zstd", write_statistics=True)
        files[f"{table}.parquet"] = parquet.getvalue()
        safe, changed = spreadsheet.neutralise(arrow)
        key = tables[table][schema.PRIMARY_KEYS[table]].tolist()
        notices += [f"{table}.csv: row {key[row]}, column {column}: text starts like a spreadsheet formula; "
                    "written with a leading ' (restored by pipeline.tables.load)" for column, row in changed]
        csv = io.BytesIO()
        pacsv.write_csv(safe, csv, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
        files[f"{table}.csv"] = csv.getvalue()
    return files, notices


def read_csv(path: Path, table: str) -> pd.DataFrame:
    """Read a CSV export into the same dtypes as its Parquet twin (an empty cell is null, a formula guard is undone)."""
    types = {f.name: pyarrow.string() if pyarrow.types.is_dictionary(f.type) else f.type for f in arrow_schema(table)}
    arrow = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types=types, null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False,
        include_columns=list(types),
    ))
    arrow = spreadsheet.restore(arrow)
    frame = arrow.to_pandas(types_mapper={pyarrow.int32(): pd.Int32Dtype(), pyarrow.float64(): pd.Float64Dtype()}.get)
    for column, categories in schema.closed_sets(table).items():
        frame[column] = pd.Categorical(frame[column], categories=categories)
    return frame


def load(table: str, directory: str | Path = "exports", fmt: str = "parquet") -> pd.DataFrame:
    """Load an exported table (Parquet or CSV) as a validated DataFrame with the schema's dtypes.

    Raises ``pandera.errors.SchemaErrors`` if the export breaks a rule of its table.
    """
    path = Path(directory) / f"{table}.{fmt}"
    frame = pd.read_parquet(path) if fmt == "parquet" else read_csv(path, table)
    return schema.MODELS[table].validate(frame, lazy=True)
