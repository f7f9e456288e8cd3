"""Run the contract: each table's Pandera model, then the rules between tables; every problem at once.

Each problem carries what it ``needs`` (``pipeline.rules.NEEDS``: the rows a rule looked for) so that
``pipeline.problems.fold`` can list it under the mistake that left those rows out.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import cast

import pandas as pd
import pandera.pandas as pa

import schema
from pipeline import rules
from pipeline.problems import ENTRIES, Problem, closest, describe


def as_categoricals(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Cast closed-set columns to their categorical dtype, reporting values outside the set.

    Done before Pandera sees the frame, because a cast turns an unknown value
    into a silent null and the bad value would be lost from the message.
    """
    frame = frame.copy()
    problems = []
    key = schema.PRIMARY_KEYS[table]
    for column, categories in schema.closed_sets(table).items():
        values = frame[column].astype("str")
        bad = values.notna() & ~rules.isin(values, categories)
        problems += [
            Problem(table, row_id, column, f"isin({categories})", value, stage=ENTRIES,
                    detail=(f"did you mean {meant!r}?",) if (meant := closest(value, categories)) else ())
            for row_id, value in zip(frame.loc[bad, key].tolist(), values[bad].tolist())
        ]
        frame[column] = pd.Categorical(values.where(~bad), categories=categories)
    return frame, problems


def _pandera_problems(table: str, frame: pd.DataFrame, skip_null: AbstractSet[str]) -> list[Problem]:
    """Run the table's model lazily; one problem per (row, column, rule)."""
    try:
        schema.MODELS[table].validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    except pa.errors.SchemaError as error:  # raised eagerly for some schema-level failures
        cases = pd.DataFrame([{"column": error.schema.name, "check": str(error.check), "failure_case": str(error),
                               "index": None}])
    key = schema.PRIMARY_KEYS[table]
    problems, seen = [], set()
    for case in cases.to_dict("records"):
        check, index = str(case["check"]), case["index"]
        if check.partition("(")[0] in schema.RULES:  # a registered check with arguments: its name says enough
            check = check.partition("(")[0]
        rule = schema.RULES.get(check)
        column = rule.column if rule is not None and rule.table == table else case["column"]
        has_row = index is not None and not pd.isna(index) and index in frame.index
        row_id = cast("str | None", frame.at[index, key] if has_row else None)  # a key cell: text, or null
        if (check == "not_nullable" and column in skip_null) or (row_id, column, check) in seen:
            continue
        seen.add((row_id, column, check))
        value = frame.at[index, column] if has_row and column in frame.columns else case["failure_case"]
        needs = rules.NEEDS[check](row_id, value) if check in rules.NEEDS and row_id is not None else ()
        problems.append(Problem(table, row_id, column if column != table else None, describe(check), value,
                                needs=frozenset(needs)))
    return problems


def validate(tables: rules.Tables, texts: rules.Texts, skip_null: dict[str, set[str]] | None = None,
             settled: dict[str, pd.Series] | None = None) -> tuple[rules.Tables, list[Problem]]:
    """Validate every table, then the rules between tables and against the texts; return all problems.

    ``settled`` (an incremental build, see ``pipeline.cache``): for each table but sources, which rows belong to
    articles whose own inputs are unchanged since a build that found nothing wrong with them. Every check of a row
    reads only its article's rows, its text and the sources it names (the cache keys cover them), so those rows
    are left out of the checks; the sources, and the rules about them, which read every article, are checked whole.
    """
    skip_null, settled = skip_null or {}, settled or {}
    validated, checked, problems = {}, {}, []
    for table in schema.MODELS:
        frame, closed = as_categoricals(table, tables[table])
        validated[table] = frame
        checked[table] = frame[~settled[table]] if table in settled else frame
        reported = {(p.row_id, p.column) for p in closed}  # a value outside its set was nulled by the cast
        problems += closed + [p for p in _pandera_problems(table, checked[table], skip_null.get(table, set()))
                              if not (p.rule == "not_nullable" and (p.row_id, p.column) in reported)]
    problems += rules.foreign_key_problems(checked)
    whole, part = rules.Data(validated, texts), rules.Data(checked, texts)
    for rule, table, column in rules.RELATIONS:
        bad = rule(whole if table not in settled else part)
        key = schema.PRIMARY_KEYS[table]
        needs = rules.NEEDS.get(rule.__name__, lambda row_id, value: ())
        problems += [Problem(table, row_id, column, describe(rule.__name__), value,
                             needs=frozenset(needs(row_id, value)))
                     for row_id, value in zip(bad[key].tolist(), bad[column].tolist())]
    return validated, problems
