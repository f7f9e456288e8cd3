"""What the dataset says about itself: curated in claims/dataset.toml, the rest computed from the tables.

The README's dataset card, the Frictionless Data Package, the Croissant
metadata, ClaimReview's author and the HTML pages all take the dataset's name,
title, description, licence and Responsible-AI statements from here. Counts,
sources, languages and sizes are computed from the tables where they are used.

The curated prose cannot go stale silently: ``articles`` lists the articles it
was written for, and the build fails while that list differs from the
articles in claims/ (so adding an article means rereading the prose).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

FILE = "dataset.toml"
_PROJECT = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))

NAME = _PROJECT["project"]["name"]
VERSION = _PROJECT["project"]["version"]


def _in(table: str):
    """A Card attribute curated as a key of ``[table]`` in claims/dataset.toml."""
    return field(metadata={"table": table})


@dataclass(frozen=True)
class Card:
    """The curated part of the dataset's description (claims/dataset.toml), one attribute per key."""

    title: str = _in("dataset")
    description: str = _in("dataset")
    keywords: list[str] = _in("dataset")
    year: int = _in("dataset")  # of the release, for the citation
    articles: list[str] = _in("dataset")  # the articles the prose above and below was written for
    data_licence: str = _in("licence")  # an SPDX identifier
    data_licence_name: str = _in("licence")
    data_licence_url: str = _in("licence")
    code_licence: str = _in("licence")  # an SPDX identifier
    texts_note: str = _in("licence")
    data_collection: str = _in("responsible_ai")
    annotation_protocol: str = _in("responsible_ai")
    annotations_per_item: str = _in("responsible_ai")
    limitations: str = _in("responsible_ai")
    biases: str = _in("responsible_ai")
    personal_sensitive_information: str = _in("responsible_ai")

    @property
    def licence_note(self) -> str:
        """The licence in one paragraph: the team's work, the code, and the article texts outside both."""
        return (f"The annotations, claims, reviews, evidence summaries and metadata are released under "
                f"{self.data_licence_name} ({self.data_licence}); the code under the {self.code_licence} licence. "
                f"{self.texts_note}")

    @property
    def citation(self) -> str:
        """A BibTeX entry for the dataset."""
        return (f"@misc{{{NAME.replace('-', '_')},\n  title = {{{self.title}}},\n"
                f"  author = {{{{{NAME} contributors}}}},\n  year = {{{self.year}}},\n  note = {{Version {VERSION}}}\n}}")


# Each curated key: the TOML table it sits in, and the type of its value (a list holds strings).
KEYS: dict[str, tuple[str, type]] = {
    f.name: (f.metadata["table"], list if str(f.type).startswith("list") else {"str": str, "int": int}[str(f.type)])
    for f in fields(Card)
}
TABLES = sorted({table for table, _ in KEYS.values()})


def article_title(article: dict) -> str:
    """An article's heading: its headline where one is recorded, else its publisher and URL (never its id)."""
    title = article.get("title")
    return title if isinstance(title, str) else f"{article['publisher']} article at {article['url']}"
