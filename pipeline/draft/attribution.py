"""TEMPORARY stand-in for the attribution engine (the real one is written in parallel): a naive matcher of
"according to X", "X said/says/states that/told/reported/describes", "as reported by X", only so that
pipeline/draft/article.py can be developed and tested against the agreed interface."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str  # code points, end exclusive


@dataclass(frozen=True)
class Attribution:
    cue: Span
    sources: tuple[Span, ...]
    contents: tuple[Span, ...]
    kind: str


_NAME = r"(?:the |The )?(?:[A-Z][\w'’-]*(?: (?:of|for|and) | |'s |’s ))*[A-Z][\w-]*"
_NP = rf"(?:{_NAME}|(?:[Tt]he|[Ll]ocal) [a-z]+(?: [a-z]+)?(?: \"[^\"]+\")?)"
_PATTERNS = [
    re.compile(rf"(?P<cue>[Aa]ccording to) (?P<source>{_NP})"),
    re.compile(rf"(?P<source>{_NP}),? (?P<cue>said|says|states that|stated|told reporters|reported|describes)"),
    re.compile(rf"(?P<cue>as reported by) (?P<source>{_NP})"),
    re.compile(rf"(?P<cue>portrayed in) (?P<source>{_NAME}(?: state media)?)"),
    re.compile(rf"(?P<cue>said) (?P<source>{_NAME})"),
]


def attributions(text: str) -> list[Attribution]:
    """Every match of the patterns above, in text order; the content is the rest of the sentence."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else end
            sentence_start = max(start, *(m.end() for m in re.finditer(r"[.!?][\"”]? ", text[:match.start()])), 0)
            sentence_end = next((m.end() for m in re.finditer(r"[.!?][\"”]?(?= |$)", text[match.end():end])), None)
            sentence_end = match.end() + sentence_end if sentence_end is not None else end
            cue = Span(match.start("cue"), match.end("cue"), match.group("cue"))
            source = Span(match.start("source"), match.end("source"), match.group("source"))
            content = Span(sentence_start, sentence_end, text[sentence_start:sentence_end])
            found.append(Attribution(cue, (source,), (content,), "explicit"))
    return sorted(found, key=lambda a: a.cue.start)
