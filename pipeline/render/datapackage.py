"""The Frictionless Data Package describing the CSV exports, generated from schema.py."""

from __future__ import annotations

import json

import pandas as pd

import schema
from pipeline import dtypes, metadata


def _constraints(column) -> dict:
    """Frictionless constraints equivalent to the Pandera column's dtype, nullability and checks."""
    constraints: dict = {"required": not column.nullable}
    if column.unique:
        constraints["unique"] = True
    if dtypes.of(column).name == "category":
        constraints["enum"] = list(column.dtype.type.categories)
    for check in column.checks:
        if "pattern" in (check.statistics or {}):  # str_matches or trimmed_line; Frictionless anchors patterns itself
            constraints["pattern"] = check.statistics["pattern"].removeprefix("^").removesuffix("$")
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = check.statistics["min_value"]
        elif check.name == "str_length":
            constraints["minLength"] = check.statistics["min_value"]
            if check.statistics["max_value"] is not None:
                constraints["maxLength"] = check.statistics["max_value"]
    return constraints


def _resource(table: str, card: metadata.Card) -> dict:
    model_schema = schema.MODELS[table].to_schema()
    description = model_schema.description
    if table == "articles":  # each row describes an article whose text is not the team's: say so where it is described
        description = f"{description} {card.texts_note}"
    fields = [{"name": name, "type": dtypes.of(column).frictionless,
               "description": column.description, "constraints": _constraints(column)}
              for name, column in model_schema.columns.items()]
    foreign_keys = [{"fields": column, "reference": {"resource": target, "fields": key}}
                    for (source, column), (target, key) in schema.FOREIGN_KEYS.items() if source == table]
    return {
        "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "description": description,
        "schema": {"fields": fields, "missingValues": [""], "primaryKey": [schema.PRIMARY_KEYS[table]],
                   "foreignKeys": foreign_keys},
    }


def sources(articles: pd.DataFrame) -> list[dict]:
    """One source per article: its headline (or publisher and URL where none is recorded) and its URL."""
    return [{"title": metadata.article_title(article), "path": article["url"]}
            for article in articles.sort_values("article_id").to_dict("records")]


def descriptor(tables: dict[str, pd.DataFrame], card: metadata.Card) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": metadata.NAME,
        "title": card.title,
        "description": card.description,
        "version": metadata.VERSION,
        "licenses": [{"name": card.data_licence, "path": card.data_licence_url, "title": card.data_licence_name}],
        "sources": sources(tables["articles"]),
        "resources": [_resource(table, card) for table in schema.MODELS],
    }


def render(tables: dict[str, pd.DataFrame], card: metadata.Card) -> bytes:
    return (json.dumps(descriptor(tables, card), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
