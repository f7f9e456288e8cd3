"""Match the sources an article cites to claims/sources.toml, and propose the ones it lacks.

A cited name is matched to an existing source by its *keys*: the name in lower case, without a leading "the", curly
apostrophes made straight, and without a parenthesised qualifier ("Ministry of Unification (South Korea)" and
"Orient Express (book by Konstantin Pulikovsky)" have the keys "ministry of unification" and "orient express"). A
cited span is tried whole, without a possessive in front ("South Korea's Ministry of Unification"), and by a title
it quotes ('the book "Rivers of Stone"'). A definite description ("the book", "the harbour office") names a source
the article mentioned before it: the one mentioned last whose name ends with the description's words or whose kind
its head noun names ("book" -> a book). Only then is a source proposed, with an id (a slug of its name), the name as
cited (without a leading "the"), a kind guessed from its words (``guess_kind``) and a description that says it is a
draft.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# The kind a definite description's head noun names ("the book", "the ministry").
HEAD_KINDS = {"book": "book", "report": "book", "ministry": "government_agency", "office": "government_agency",
              "board": "government_agency", "department": "government_agency", "agency": "government_agency",
              "police": "government_agency", "government": "government_agency", "newspaper": "newspaper",
              "paper": "newspaper", "radio": "broadcaster", "station": "broadcaster", "broadcaster": "broadcaster",
              "media": "state_media", "website": "news_website", "outlet": "news_website"}
# Words that give a proposed source's kind away, tried in this order (a word of the name, in lower case).
KIND_WORDS = [
    ("state_media", {"kcna", "state media", "state television", "state tv", "rodong"}),
    ("news_agency", {"reuters", "ap", "afp", "associated press", "agence", "wire", "yonhap", "xinhua", "tass",
                     "news agency", "press agency", "interfax", "bloomberg"}),
    ("broadcaster", {"radio", "tv", "television", "bbc", "cnn", "nbc", "cbs", "abc", "broadcasting", "channel", "nhk",
                     "kbs", "mbc", "sbs", "fox news", "al jazeera", "sky news"}),
    ("newspaper", {"times", "post", "herald", "gazette", "courier", "journal", "tribune", "independent", "guardian",
                   "telegraph", "daily", "chronicle", "ilbo", "observer", "newspaper", "paper", "mail", "express",
                   "standard", "mirror", "sun"}),
    ("government_agency", {"ministry", "department", "office", "board", "agency", "council", "police", "government",
                           "commission", "authority", "service", "bureau", "administration", "army", "military",
                           "officials", "embassy", "parliament", "senate", "congress", "court", "white house",
                           "kremlin", "pentagon", "state department"}),
    ("news_website", {"news", "website", ".com", "online", "blog"}),
    ("book", {"book", "memoir", "novel"}),
    ("organization", {"consulting", "group", "inc", "ltd", "company", "corporation", "corp", "institute", "university",
                      "foundation", "association", "bank", "union", "party", "committee", "center", "centre",
                      "society", "partners", "labs", "research", "watch", "network", "coalition"}),
]
PERSON_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|President|Minister|Mayor|General|Gen|Sir|Lady)\.?\s")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Source:
    """A source the draft refers to: an existing entry of sources.toml, or a proposed one (``proposed``)."""

    source_id: str
    name: str
    kind: str
    proposed: bool = False
    cited_as: str = ""  # the span it was proposed for, as written


def keys(name: str) -> set[str]:
    """The keys a name is matched by (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.split()).strip(" ,.;:")
    found = {_key(text)}
    without = re.sub(r"\s*\([^)]*\)", "", text)
    found.add(_key(without))
    if (possessive := re.match(r"^(?:the\s+)?[\w .-]+?'s?\s+(?=[A-Z])", without)) is not None:
        found.add(_key(without[possessive.end():]))
    found |= {_key(title) for title in re.findall(r'"([^"]+)"', text)}
    return {key for key in found if key}


def _key(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip().casefold())
    return text.strip(" \"',.;:")


def slug(name: str) -> str:
    return _SLUG.sub("-", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()).strip("-")


class Resolver:
    """Finds or proposes the source of each cited span of one article."""

    def __init__(self, existing: Iterable[dict], text: str):
        self.text = text
        self.existing = [Source(e["source_id"], e["name"], e["kind"]) for e in existing]
        self.by_key: dict[str, Source] = {}
        for source in self.existing:
            for key in keys(source.name):
                self.by_key.setdefault(key, source)
        self.proposed: dict[str, Source] = {}  # by key

    def known(self, span: str, position: int) -> Source | None:
        """The existing or already proposed source a span at ``position`` names, if any (never proposes)."""
        for key in sorted(keys(span), key=len, reverse=True):
            if key in self.by_key:
                return self.by_key[key]
            if key in self.proposed:
                return self.proposed[key]
        return self._described(span, position)

    def resolve(self, span: str, position: int, person: bool = False) -> Source:
        """The source a span at ``position`` of the text names; proposed if none matches (a person if ``person``)."""
        known = self.known(span, position)
        return known if known is not None else self._propose(span, person)

    def _described(self, span: str, position: int) -> Source | None:
        """The source a definite description ("the book") refers back to, if the article mentioned one before."""
        description = re.match(r"^(?:the|this|that)\s+([a-z][a-z ]*)$", span.strip(), re.IGNORECASE)
        if description is None:
            return None
        words = description.group(1).lower()
        head = words.split()[-1]
        before = self.text[:position].casefold().replace("’", "'")
        mentioned = [(before.rfind(key), source) for source in [*self.existing, *self.proposed.values()]
                     for key in keys(source.name) if len(key) > 3 and key in before]
        for _, source in sorted(mentioned, key=lambda pair: pair[0], reverse=True):
            if any(key.endswith(words) for key in keys(source.name)) or HEAD_KINDS.get(head) == source.kind:
                return source
        suffixed = {source for source in self.existing if any(key.endswith(" " + words) for key in keys(source.name))}
        return suffixed.pop() if len(suffixed) == 1 else None

    def _propose(self, span: str, person: bool) -> Source:
        name = re.sub(r"^(?:the|The)\s+", "", " ".join(span.split())).strip(" ,.;:")
        name = name[:1].upper() + name[1:]
        taken = {s.source_id for s in self.existing} | {s.source_id for s in self.proposed.values()}
        base = slug(name) or "source"
        source_id, n = base, 2
        while source_id in taken:
            source_id, n = f"{base}-{n}", n + 1
        source = Source(source_id, name, "person" if person else guess_kind(name), proposed=True, cited_as=span)
        for key in keys(span) | keys(name):
            self.proposed.setdefault(key, source)
        return source


def guess_kind(name: str) -> str:
    """A proposed source's kind, from the words of its name (``KIND_WORDS``); a person for a name like "Ana Ruiz"
    (two to four capitalised words, none of them a kind's word); else organization."""
    lower = name.casefold()
    words = set(re.findall(r"[\w.]+", lower))
    for kind, markers in KIND_WORDS:
        if any((marker in lower) if " " in marker or "." in marker else marker in words for marker in markers):
            return kind
    if PERSON_TITLE.match(name) or re.fullmatch(r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+", name):
        return "person"
    return "organization"
