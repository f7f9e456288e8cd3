"""One licence everywhere: what claims/dataset.toml's [licence] says is what every place that states it says.

The data (annotations, claims, reviews, evidence summaries, metadata) is under the data licence, the code under the
code licence, and the article texts outside both. The README, datapackage.json and croissant.json are generated
from dataset.toml (and ``--check`` keeps them fresh); LICENSE and pyproject.toml are written by hand, so this test
reads the repository's real files and compares identifiers and URLs (never prose) with dataset.toml.
"""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from huggingface_hub import DatasetCard

from conftest import ROOT
from pipeline import metadata
from pipeline.render import readme

SPDX_TITLES = {"MIT": "MIT License"}  # how the code licence's text starts


@pytest.fixture(scope="module")
def licence() -> dict:
    return tomllib.loads((ROOT / "claims" / metadata.FILE).read_text(encoding="utf-8"))["licence"]


def _json(name: str) -> dict:
    return json.loads((ROOT / "exports" / name).read_text(encoding="utf-8"))


def _block(text: str, block: str) -> str:
    return text[text.index(readme.begin(block)):text.index(readme.end(block))]


def test_licence_file_has_the_code_licence_then_the_data_licence_then_the_texts_note(licence):
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith(SPDX_TITLES[licence["code_licence"]] + "\n")
    assert "Copyright (c) 2026 claim-and-source contributors" in text
    code, data, texts = (text.index(s) for s in (SPDX_TITLES[licence["code_licence"]], f"({licence['data_licence']})",
                                                 "claims/*.txt"))
    assert code < data < texts
    assert licence["data_licence_url"] in text.split()
    assert re.search(r"\n" + re.escape(licence["data_licence_url"]) + r"\n", text)


def test_pyproject_declares_the_code_licence_and_its_file(licence):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == licence["code_licence"]
    assert project["license-files"] == ["LICENSE"] and (ROOT / "LICENSE").is_file()


def test_readme_front_matter_has_the_data_licence(licence):
    card = DatasetCard.load(ROOT / "README.md").data.to_dict()
    assert card["license"] == licence["data_licence"].lower()


def test_readme_citation_block_names_every_licence_and_the_texts_note(licence):
    block = _block((ROOT / "README.md").read_text(encoding="utf-8"), "citation")
    assert f"({licence['data_licence']})" in block
    assert f"<{licence['data_licence_url']}>" in block
    assert f"the {licence['code_licence']} licence" in block
    assert licence["texts_note"].replace("*", "\\*") in block  # as the README escapes it


def test_datapackage_licenses_are_the_data_licence(licence):
    assert _json("datapackage.json")["licenses"] == [
        {"name": licence["data_licence"], "path": licence["data_licence_url"], "title": licence["data_licence_name"]}]


def test_croissant_license_is_the_data_licence(licence):
    assert _json("croissant.json")["license"] == licence["data_licence_url"]


def test_each_article_s_metadata_says_its_text_is_outside_the_licence(licence):
    resources = {r["name"]: r for r in _json("datapackage.json")["resources"]}
    record_sets = {r["name"]: r for r in _json("croissant.json")["recordSet"]}
    assert resources["articles"]["description"].endswith(licence["texts_note"])
    assert record_sets["articles"]["description"].endswith(licence["texts_note"])


def test_the_licence_is_one_of_the_card_s_keys():
    """The checks above read [licence] by these names: the Card must curate exactly them."""
    assert {k for k, (table, _) in metadata.KEYS.items() if table == "licence"} == {
        "data_licence", "data_licence_name", "data_licence_url", "code_licence", "texts_note"}

