"""MLCommons Croissant 1.1 metadata (JSON-LD) for the Parquet exports, generated from schema.py."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

import schema
from pipeline import dtypes, metadata

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _field(table: str, name: str, column) -> dict:
    """A Croissant field read from the table's Parquet column.

    Foreign keys are not declared with ``references``: mlcroissant 1.1.1 then
    joins the record sets and fails (GenerationError) on every referencing
    table. They are in datapackage.json and the README instead.
    """
    return {
        "@type": "cr:Field", "@id": f"{table}/{name}", "name": name, "description": column.description,
        "dataType": dtypes.of(column).croissant,
        "source": {"fileObject": {"@id": f"{table}.parquet"}, "extract": {"column": name}},
    }


def _record_set(table: str, card: metadata.Card) -> dict:
    model_schema = schema.MODELS[table].to_schema()
    description = model_schema.description
    if table == "articles":  # each record describes an article whose text is not the team's: say so there
        description = f"{description} {card.texts_note}"
    return {
        "@type": "cr:RecordSet", "@id": table, "name": table, "description": description,
        "key": {"@id": f"{table}/{schema.PRIMARY_KEYS[table]}"},
        "field": [_field(table, name, column) for name, column in model_schema.columns.items()],
    }


def descriptor(parquet_files: dict[str, bytes], tables: dict[str, pd.DataFrame], card: metadata.Card) -> dict:
    """The Croissant document; ``parquet_files`` maps each Parquet export's name to its bytes (for sha256)."""
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "name": metadata.NAME,
        "alternateName": card.title,
        "description": card.description,
        "version": metadata.VERSION,
        "license": card.data_licence_url,
        "citeAs": card.citation,
        "inLanguage": sorted(set(tables["articles"]["language"].tolist())),
        "isBasedOn": sorted(tables["articles"]["url"].tolist()),
        "keywords": card.keywords,
        "rai:dataCollection": card.data_collection,
        "rai:dataAnnotationProtocol": card.annotation_protocol,
        "rai:annotationsPerItem": card.annotations_per_item,
        "rai:dataLimitations": card.limitations,
        "rai:dataBiases": card.biases,
        "rai:personalSensitiveInformation": card.personal_sensitive_information,
        "distribution": [
            {"@type": "cr:FileObject", "@id": f"{table}.parquet", "name": f"{table}.parquet",
             "contentUrl": f"{table}.parquet", "encodingFormat": "application/x-parquet",
             "sha256": hashlib.sha256(parquet_files[f"{table}.parquet"]).hexdigest()}
            for table in schema.MODELS
        ],
        "recordSet": [_record_set(table, card) for table in schema.MODELS],
    }


def render(parquet_files: dict[str, bytes], tables: dict[str, pd.DataFrame], card: metadata.Card) -> bytes:
    return (json.dumps(descriptor(parquet_files, tables, card), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
