"""Spans of text and sentence splitting for English news.

Offsets are in code points (Python ``str`` indices), end exclusive, as everywhere in the project.
Every line is a paragraph: a sentence never crosses a line break, which is how article texts
are stored (one paragraph a line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A piece of a text: ``text == article[start:end]``."""

    start: int
    end: int
    text: str


def span(article: str, start: int, end: int) -> Span:
    """The span ``article[start:end]``."""
    return Span(start, end, article[start:end])


def trim(article: str, start: int, end: int, strip: str = "") -> Span:
    """The span of ``article[start:end]`` without surrounding whitespace (and the characters of ``strip``)."""
    chars = strip + " \t\r\n\u00a0"
    while start < end and article[start] in chars:
        start += 1
    while end > start and article[end - 1] in chars:
        end -= 1
    return span(article, start, end)


# Words that end with a period without ending the sentence: titles, months, and others that
# are followed by a capitalised word ("Mr. Obama", "Sept. 11", "St. Louis", "No. 2").
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen sens rep reps gov govs gen lt col maj capt sgt cmdr adm
    pres supt det insp atty rev fr hon st mt ft jr sr messrs mmes
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vol vs v etc inc corp co ltd bros dept univ assn est approx fig""".split()
)

# A dotted acronym ("U.S.", "D.C.", "a.m.") ends a sentence only before one of these openers:
# "U.S. Senator" goes on, "in the U.S. The next day" does not.
SENTENCE_OPENERS = frozenset(
    """the a an this that these those it he she they we i you his her its their our my
    but and so yet or if when while after before as in on at for in by with however meanwhile
    there here what who why how some many most all one no not""".split()
)

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*([A-Za-z0-9]+)")


def _ends_sentence(line: str, stop: int, end: int) -> bool:
    """Whether the punctuation ``line[stop:end]`` (one candidate of ``_CANDIDATE``) closes a sentence."""
    if line[stop] != ".":
        return True
    match = _WORD_BEFORE.search(line, 0, stop)
    if match is None:
        return True
    word = match.group(1)
    if "." in word or (len(word) == 1 and word.isalpha()):
        # "U.S.", "a.m." and initials ("George W. Bush") go on unless a sentence plainly starts.
        following = _NEXT_WORD.match(line, end)
        if len(word) == 1 and word.isupper():
            return False
        return following is not None and following.group(1).lower() in SENTENCE_OPENERS
    return word.lower() not in ABBREVIATIONS


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, in order, each trimmed of whitespace; empty lines give none."""
    result: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _CANDIDATE.finditer(line):
            if _ends_sentence(line, match.start(), match.end()):
                piece = trim(text, offset + start, offset + match.end())
                if piece.text:
                    result.append(piece)
                start = match.end()
        piece = trim(text, offset + start, offset + len(line))
        if piece.text:
            result.append(piece)
        offset += len(line) + 1
    return result
