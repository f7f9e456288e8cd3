"""The dataset card: curated once in claims/dataset.toml, it reaches every description, and cannot go stale.

The README's front matter and blocks, datapackage.json, croissant.json and the
HTML pages take the title, description, licence and Responsible-AI fields from
claims/dataset.toml; what can be computed from the tables (the articles' URLs,
languages) is computed, never curated.
"""

from __future__ import annotations

import json

import rtoml

import pipeline
from conftest import ANNOTATED, REVIEWED, edit, headlines, line_of, problems, rejected, run, snapshot

CARD = "dataset.toml"


def card(workspace_or_claims) -> dict:
    """The curated card's keys, flattened (each key is unique across its tables)."""
    path = workspace_or_claims / "claims" / CARD if (workspace_or_claims / "claims").is_dir() \
        else workspace_or_claims / CARD
    return {key: value for table in rtoml.load(path).values() for key, value in table.items()}


def front_matter(readme: str) -> dict:
    from huggingface_hub import DatasetCard

    return DatasetCard(readme).data.to_dict()


def exports_json(workspace, name: str) -> dict:
    return json.loads((workspace / "exports" / name).read_text(encoding="utf-8"))


# --- The card describes exactly the articles present ---------------------------------------------------------------

def test_card_listing_an_article_that_is_not_present(claims):
    for suffix in (".txt", ".toml", ".reviews.toml"):
        (claims / f"{ANNOTATED}{suffix}").unlink()
    line = line_of(claims / CARD, "articles =")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column articles", "card_describes_the_articles",
                    f"no longer holds ['{ANNOTATED}']")


def test_card_missing_an_article_that_is_present(claims):
    edit(claims / CARD, f'articles = ["{ANNOTATED}", "{REVIEWED}"]', f'articles = ["{REVIEWED}"]')
    line = line_of(claims / CARD, "articles =")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column articles", "card_describes_the_articles",
                    f"also holds ['{ANNOTATED}']")


def test_card_describing_other_articles_fails_the_build_and_check(workspace):
    edit(workspace / "claims" / CARD, f'articles = ["{ANNOTATED}", "{REVIEWED}"]', f'articles = ["{REVIEWED}"]')
    before = snapshot(workspace / "exports")
    line = line_of(workspace / "claims" / CARD, "articles =")
    for args in (("--check",), ()):
        result = run(workspace, *args)
        assert result.returncode == 1, args
        assert rejected(headlines(result.stderr), f"claims/{CARD}:{line}:", "card_describes_the_articles"), args
    assert snapshot(workspace / "exports") == before


def test_card_lists_the_articles_in_any_order(claims):
    edit(claims / CARD, f'articles = ["{ANNOTATED}", "{REVIEWED}"]', f'articles = ["{REVIEWED}", "{ANNOTATED}"]')
    assert problems(claims) == []


# --- Every key is checked, at its file:line ------------------------------------------------------------------------

def test_missing_card_key_names_its_table(claims):
    edit(claims / CARD, "year = 2026\n", "")
    line = line_of(claims / CARD, "[dataset]")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column year", "missing required key (in [dataset])")


def test_card_key_of_the_wrong_type(claims):
    edit(claims / CARD, "year = 2026", 'year = "2026"')
    line = line_of(claims / CARD, "year =")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column year", "wrong type (expected int)", "'2026'")


def test_card_list_of_strings_holding_a_number(claims):
    edit(claims / CARD, 'keywords = ["fact-checking", "test fixture"]', 'keywords = ["fact-checking", 7]')
    line = line_of(claims / CARD, "keywords =")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column keywords",
                    "wrong type (expected a list of strings)")


def test_misspelled_card_key(claims):
    edit(claims / CARD, "biases =", "biasses =")
    found = problems(claims)
    assert rejected(found, f"claims/{CARD}:{line_of(claims / CARD, 'biasses =')}:", "column biasses",
                    "unknown key in [responsible_ai]")
    assert rejected(found, f"claims/{CARD}:{line_of(claims / CARD, '[responsible_ai]')}:", "column biases",
                    "missing required key (in [responsible_ai])")


def test_card_key_in_the_wrong_table(claims):
    edit(claims / CARD, 'code_licence = "MIT"\n', "")
    edit(claims / CARD, "year = 2026", 'year = 2026\ncode_licence = "MIT"')
    found = problems(claims)
    assert rejected(found, f"claims/{CARD}:{line_of(claims / CARD, 'code_licence =')}:", "column code_licence",
                    "unknown key in [dataset]")
    assert rejected(found, f"claims/{CARD}:", "column code_licence", "missing required key (in [licence])")
    assert any("it belongs in [licence]" in line for p in pipeline.build(claims).problems for line in p.detail)


def test_unknown_card_table(claims):
    with (claims / CARD).open("a", encoding="utf-8") as out:
        out.write('\n[funding]\nsponsor = "Nobody"\n')
    line = line_of(claims / CARD, "[funding]")
    assert rejected(problems(claims), f"claims/{CARD}:{line}:", "column funding", "unknown top-level key or table")


def test_card_syntax_error_names_the_line(claims):
    edit(claims / CARD, "year = 2026", "year = 2026 2027")
    line = line_of(claims / CARD, "year =")
    assert rejected(problems(claims), f"claims/{CARD}:{line}", "TOML syntax error")


def test_missing_card_is_unreadable_input(workspace):
    (workspace / "claims" / CARD).unlink()
    result = run(workspace)
    assert result.returncode == 2
    assert rejected(headlines(result.stderr), f"claims/{CARD}", "unreadable file")


# --- The curated card reaches every description, generated, never typed twice --------------------------------------

def test_card_reaches_the_readme(built_workspace):
    curated = card(built_workspace)
    readme = (built_workspace / "README.md").read_text(encoding="utf-8")
    header = front_matter(readme)
    assert header["pretty_name"] == curated["title"]
    assert header["license"] == curated["data_licence"].lower()
    assert header["tags"] == [k.lower().replace(" ", "-") for k in curated["keywords"]]
    assert f"# {curated['title']}\n" in readme
    assert f"{curated['data_licence_name']} ({curated['data_licence']})" in readme
    assert curated["data_licence_url"] in readme and curated["texts_note"] in readme
    assert f"year = {{{curated['year']}}}" in readme
    assert f"* {curated['limitations']}\n* {curated['biases']}\n" in readme


def test_card_reaches_the_data_package(built_workspace):
    curated, package = card(built_workspace), exports_json(built_workspace, "datapackage.json")
    assert (package["title"], package["description"]) == (curated["title"], curated["description"])
    assert package["licenses"] == [{"name": curated["data_licence"], "path": curated["data_licence_url"],
                                    "title": curated["data_licence_name"]}]


def test_card_reaches_croissant(built_workspace):
    curated, croissant = card(built_workspace), exports_json(built_workspace, "croissant.json")
    assert (croissant["alternateName"], croissant["description"]) == (curated["title"], curated["description"])
    assert croissant["license"] == curated["data_licence_url"]
    assert croissant["keywords"] == curated["keywords"]
    assert curated["title"] in croissant["citeAs"] and str(curated["year"]) in croissant["citeAs"]
    assert {key: croissant[key] for key in croissant if key.startswith("rai:")} == {
        "rai:dataCollection": curated["data_collection"],
        "rai:dataAnnotationProtocol": curated["annotation_protocol"],
        "rai:annotationsPerItem": curated["annotations_per_item"],
        "rai:dataLimitations": curated["limitations"],
        "rai:dataBiases": curated["biases"],
        "rai:personalSensitiveInformation": curated["personal_sensitive_information"],
    }


def test_card_reaches_the_html_pages(built_workspace):
    title = card(built_workspace)["title"]
    for page in ["index.html", f"articles/{REVIEWED}.html"]:
        assert title in (built_workspace / "exports" / page).read_text(encoding="utf-8"), page


def test_card_edited_once_changes_every_description(workspace):
    old = card(workspace)
    changes = {"title": "Renamed fixture corpus", "data_licence": "CC0-1.0", "biases": "Renamed biases statement.",
               "data_licence_url": "https://creativecommons.org/publicdomain/zero/1.0/"}
    for key, value in changes.items():
        edit(workspace / "claims" / CARD, f"{key} = {json.dumps(old[key])}", f"{key} = {json.dumps(value)}")
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    readme = (workspace / "README.md").read_text(encoding="utf-8")
    package, croissant = exports_json(workspace, "datapackage.json"), exports_json(workspace, "croissant.json")
    assert front_matter(readme)["pretty_name"] == package["title"] == croissant["alternateName"] == changes["title"]
    assert front_matter(readme)["license"] == "cc0-1.0" and package["licenses"][0]["name"] == "CC0-1.0"
    assert package["licenses"][0]["path"] == croissant["license"] == changes["data_licence_url"]
    assert croissant["rai:dataBiases"] == changes["biases"] and f"* {changes['biases']}" in readme
    generated = [readme] + [content.decode("utf-8") for content in snapshot(workspace / "exports").values()
                            if not content.startswith(b"PAR1")]
    assert not any(old["title"] in text for text in generated)
    assert run(workspace, "--check").returncode == 0


# --- What the tables say is computed from them ---------------------------------------------------------------------

def article_urls(workspace) -> list[str]:
    import pandas as pd

    return sorted(pd.read_parquet(workspace / "exports" / "articles.parquet")["url"])


def test_data_package_sources_are_every_articles_url(built_workspace):
    package = exports_json(built_workspace, "datapackage.json")
    assert sorted(source["path"] for source in package["sources"]) == article_urls(built_workspace)
    assert len(package["sources"]) == 2


def test_croissant_is_based_on_every_articles_url(built_workspace):
    assert exports_json(built_workspace, "croissant.json")["isBasedOn"] == article_urls(built_workspace)


def test_article_sources_follow_the_articles(workspace):
    edit(workspace / "claims" / f"{REVIEWED}.toml", 'url = "https://example.org/news/northport-ferry"',
         'url = "https://example.org/news/northport-ferry-moved"')
    assert run(workspace).returncode == 0
    assert "https://example.org/news/northport-ferry-moved" in article_urls(workspace)
    assert "https://example.org/news/northport-ferry-moved" in [
        source["path"] for source in exports_json(workspace, "datapackage.json")["sources"]]
    assert exports_json(workspace, "croissant.json")["isBasedOn"] == article_urls(workspace)


def test_data_package_source_titles_are_headlines_or_publisher_and_url(built_workspace):
    titles = {source["path"]: source["title"] for source in exports_json(built_workspace, "datapackage.json")["sources"]}
    assert titles["https://example.org/news/northport-ferry"] == "Northport ferry makes its first crossing"
    assert titles["https://example.com/valley/alder-dam"] == "Valley Herald article at https://example.com/valley/alder-dam"


def test_languages_are_computed_from_the_articles(workspace):
    readme = (workspace / "README.md").read_text(encoding="utf-8")
    assert front_matter(readme)["language"] == exports_json(workspace, "croissant.json")["inLanguage"] == ["en"]
    edit(workspace / "claims" / f"{ANNOTATED}.toml", 'language = "en"', 'language = "fr-CA"')
    assert run(workspace).returncode == 0
    readme = (workspace / "README.md").read_text(encoding="utf-8")
    assert front_matter(readme)["language"] == ["en", "fr"]
    assert exports_json(workspace, "croissant.json")["inLanguage"] == ["en", "fr-CA"]
