"""Which of the attribution engine's sources may assert a statement of the dataset, and which words of the span name it.

``pipeline.draft.attribution`` marks everything PolNeAR counts as an attribution, with whatever noun phrase stands
before the cue as its source ("The hull also boasts three decks", "a quieter option compared to ..."). A dataset statement is
given a source only when that source could assert it. ``asserting`` keeps an attribution's source when, after
``named`` has picked the words that name it, it

* is already a source (claims/sources.toml, or one proposed earlier in the article) or a definite description of
  one ("the book", "the harbour office"): ``Resolver.known``;
* is a proper-noun phrase: a capitalised word other than the span's first, or a first word that is no determiner
  and is capitalised in the middle of a sentence, here or elsewhere in the article ("Russian officials",
  "Researchers at Kelp Marine Services"; "Xinhua reported" at a sentence's start only if the article writes
  "Xinhua" inside a sentence too, since "Dancers said" opens a sentence the same way);
* has a word from ``ASSERTERS``, the team's short list of nouns for those who assert (people by role, bodies,
  documents, media): "officials", "a spokesman", "the ministry", "a report", "the book", "state media";
* is "he" or "she": the person last named as a source before it in the article (``article._attribute``).

Otherwise the attribution is dropped for the dataset (its statement stays the publisher's, unless it lies in the
content of a kept one). ``named`` narrows the span to the name within it:

* a name with an apposition, "The warden, Ola Berg," -> "Ola Berg", "Ola Berg, a warden at the dam," -> "Ola Berg"
  (the first comma-separated part that is a proper-noun phrase and opens with no determiner);
* a plural role at, of, from or with a named body, "Researchers at Kelp Marine Services" -> "Kelp Marine Services"
  (the people are anonymous; the organisation answers for them). A singular role stays whole ("The mayor of Alder").
"""

from __future__ import annotations

import re

from pipeline.draft import lexicon
from pipeline.draft.attribution import Span

# Nouns for those who assert: people by their role, bodies, documents and media. Written by the team as the
# usual sources of news; matched singular or plural, in lower case, anywhere in the source's span.
ASSERTERS = frozenset("""
official spokesman spokeswoman spokesperson minister ministry department agency office government president
mayor governor senator lawmaker legislator congressman congresswoman police prosecutor judge court lawyer attorney
expert analyst economist scientist researcher engineer professor doctor physician witness resident residents
report study survey poll census book memoir paper newspaper media press outlet magazine website broadcaster
radio television tv station channel network
statement document memo letter record filing complaint lawsuit indictment data figures statistics
authority authorities council commission committee board company firm group organisation organization union
party campaign aide adviser advisor source critic supporter opponent leader chief director executive manager
chairman chairwoman chair founder author writer journalist reporter editor columnist historian activist advocate
diplomat ambassador embassy military army navy commander general investigator inspector auditor regulator
administration cabinet parliament senate congress kremlin pentagon observer observers monitor official
""".split())
PERSONAL = frozenset("he she".split())
_PLURAL_ROLE = re.compile(r"^(?:[A-Za-z-]+\s+){0,2}(?P<role>[A-Za-z-]+s)\s+(?:at|of|from|with)\s+(?P<body>(?:the\s+)?[A-Z].*)$")
_OPENERS = "\"'“‘«(["


def named(text: str, source: Span) -> Span:
    """The part of ``source`` that names the asserter (module docstring)."""
    body = source.text.rstrip(" ,;:")
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^,]+", body)]
    parts = [(start + len(part) - len(part.lstrip()), part.strip()) for start, part in parts if part.strip()]
    if len(parts) >= 2:
        for start, part in parts:
            if _proper(text, source.start + start, part) and part.split()[0].lower() not in lexicon.DETERMINERS:
                return Span(source.start + start, source.start + start + len(part), part)
    match = _PLURAL_ROLE.match(body)
    if match is not None and match.group("role").lower()[:-1] in ASSERTERS:
        start = source.start + match.start("body")
        return Span(start, start + len(match.group("body")), match.group("body"))
    return Span(source.start, source.start + len(body), body)


def is_personal(source: Span) -> bool:
    return source.text.strip().lower() in PERSONAL


def plausible(text: str, source: Span) -> bool:
    """Whether ``source`` (as ``named`` gives it) is a proper-noun phrase or has an asserting noun."""
    return _proper(text, source.start, source.text) or _asserting(source.text)


def _asserting(phrase: str) -> bool:
    for word in re.findall(r"[A-Za-z]+", phrase.lower()):
        if word in ASSERTERS or (word.endswith("s") and word[:-1] in ASSERTERS) or (
                word.endswith("ies") and word[:-3] + "y" in ASSERTERS):
            return True
    return False


def _proper(text: str, start: int, phrase: str) -> bool:
    """A proper-noun phrase: a capitalised word after the first, or a capitalised first word that is no determiner
    and is not merely capitalised for opening a sentence."""
    words = re.findall(r"[\w'’.-]+", phrase)
    if not words:
        return False
    if any(w[0].isupper() for w in words[1:]):
        return True
    first = words[0]
    if not first[0].isupper() or first.lower() in lexicon.DETERMINERS or first.lower() in lexicon.PRONOUNS:
        return False
    if not _opens_sentence(text, start):
        return True
    elsewhere = re.finditer(rf"(?<![\w'’-]){re.escape(first)}(?![\w'’-])", text)
    return any(not _opens_sentence(text, m.start()) for m in elsewhere)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in ".!?\n:;—"
