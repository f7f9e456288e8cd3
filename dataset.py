"""What the dataset says about itself, in one place.

The README's dataset card, the Frictionless Data Package and the Croissant
metadata all state the dataset's name, licence, source and how it was made;
they take those facts from here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_PROJECT = tomllib.loads((Path(__file__).resolve().parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]

NAME = _PROJECT["name"]
VERSION = _PROJECT["version"]
TITLE = "Kim Jong-un's armoured train: a claim-and-source fact-checking dataset"
DESCRIPTION = (
    "Every statement of a September 2023 Dagens article on Kim Jong-un's armoured train, as one row each: "
    "its exact text and character span, a stand-alone restatement, who asserts it (outlet, agency, book, person "
    "or the publisher) and how, its claim type, check-worthiness and numbers; with evidence from other public "
    "coverage and a verdict for every check-worthy claim."
)
LICENCE_NOTE = (
    "No licence has been chosen for the annotations yet. The article text (claims/*.txt) belongs to its "
    "publisher, Dagens, and is included verbatim for research and fact-checking only."
)
CITATION = (
    f"@misc{{{NAME.replace('-', '_')},\n  title = {{{TITLE}}},\n  author = {{{{{NAME} contributors}}}},\n"
    f"  year = {{2026}},\n  note = {{Version {VERSION}}}\n}}"
)
SOURCE_ARTICLE = {
    "title": "Dagens article on Kim Jong-un's armoured train (September 2023; headline not shown in stored copies)",
    "path": "https://dagens.com/news/kim-jong-un-arrives-for-meeting-with-putin-in-his-moving-fortress-take-a-look-inside-his-armored-train",
}
DATA_COLLECTION = (
    "One news article (Dagens, September 2023) copied byte for byte. Evidence was gathered on 2026-11-24 from "
    "stored copies of public web pages found by search; only pages actually read are recorded, at the URL as stored."
)
ANNOTATION_PROTOCOL = (
    "A single annotator split the article into statements (one per sentence, split where a sentence carries two "
    "checkable facts or two sources), wrote a stand-alone claim for each, recorded the source, attribution cue, "
    "claim type, check-worthiness, hedges and numbers, then reviewed each check-worthy claim against the evidence "
    "using AVeriTeC's verdict labels. Offsets are computed by the build, never typed."
)
LIMITATIONS = (
    "One article and one annotator: attribution and splitting are documented judgement calls, not adjudicated. "
    "Verdicts rest on the stored pages found, often only their opening text; Not Enough Evidence or an attribution "
    "marked not_found means not found there, not that no evidence exists."
)
BIASES = (
    "English-language, Western and South Korean coverage dominates the evidence; North Korean sources appear only "
    "as quoted by others. Many facts about the train trace back to a few reports (notably a 2009 Chosun Ilbo report "
    "based on intelligence sources), so agreement between outlets is weaker evidence than it looks."
)
