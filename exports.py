"""Render validated tables to export bytes (Parquet and CSV) and write them atomically.

Rendering is separate from writing so that ``--check`` can compare a fresh
build with the committed files without touching them.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import claimreview
import croissant
import datapackage
import schema


def _arrow_table(table: str, frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, schema=schema.arrow_schema(table), preserve_index=False)


def render(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """Every export file's name and exact bytes: deterministic for the same tables."""
    files = _render_tables(tables)
    return files | {
        "claimreview.jsonld": claimreview.render(tables),
        "datapackage.json": datapackage.render(),
        "croissant.json": croissant.render(files),
    }


def _render_tables(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """Each table as Parquet (explicit Arrow schema, zstd) and CSV (UTF-8, header, "\n")."""
    files = {}
    for table in schema.MODELS:
        arrow = _arrow_table(table, tables[table])
        parquet = io.BytesIO()
        pq.write_table(arrow, parquet, compression="zstd", write_statistics=True)
        files[f"{table}.parquet"] = parquet.getvalue()
        csv = io.BytesIO()
        pacsv.write_csv(arrow, csv, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
        files[f"{table}.csv"] = csv.getvalue()
    return files


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o644)  # mkstemp creates 0600; exports are ordinary readable files
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(files: dict[str, bytes], directory: Path) -> list[str]:
    """Write the files that differ from what is on disk; return their names."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale(files, directory)
    for name in changed:
        write_atomic(directory / name, files[name])
    return changed


def stale(files: dict[str, bytes], directory: Path) -> list[str]:
    """Names of the files whose committed copy is missing or differs from ``files``."""
    return [name for name, content in sorted(files.items())
            if not (directory / name).is_file() or (directory / name).read_bytes() != content]
