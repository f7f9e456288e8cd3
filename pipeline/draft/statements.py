"""Cut an article into statements: its sentences, split at a clause boundary where a sentence goes on to a second
fact or a second source, so that the statements tile the text as the build requires.

The splits follow docs/curating.md ("How the statements were annotated"); each is after the comma or before the
"and", so that the comma stays with the first part, as the curated articles do:

* before a relative clause that adds a fact: ", some of which" (also most/many/all/none/one/each of which/whom);
* before ", who" / ", which" when at least ``RELATIVE_MIN_WORDS`` words come before it in the clause (so "The dam,
  which opened in 1990, holds…" stays whole);
* before ", as well as", ", while", ", but", ", whereas";
* before ", and" when no comma comes before it in the clause (a comma before it makes it a list: "A, B, and C");
* before " and" + an optional adverb + a verb in -s or -ed followed by a function word ("and comes with", "and even
  has a", "and crosses the"): a second predicate of the same subject;
* before the clause that holds a second attribution's cue or source (its other clause boundary closest before it),
  unless the two attributions report the same words ("said … as reported by").

Sentences come from ``pipeline.draft.text.sentences``; a sentence that runs over a line end is cut there (a statement
never spans two paragraphs), and any text no sentence covers becomes a statement of its own, so every non-whitespace
character belongs to exactly one statement whatever the splitter returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.draft.attribution import Attribution, Span

RELATIVE_MIN_WORDS = 6
ADVERBS = r"(?:(?:even|also|still|then|now|often|usually|later|always|never|already|reportedly)\s+)?"
FUNCTION_WORDS = (r"(?:with|a|an|the|in|on|at|to|for|from|by|into|its|his|her|their|our|as|up|out|over|more|no|"
                  r"several|many|two|three|four|five|some|each|every|about|around)")
_BOUNDARIES = [
    re.compile(r",\s+(?=(?:some|most|many|all|none|one|each|several|both|part) of (?:which|whom)\b)"),
    re.compile(r",\s+(?=(?:as well as|while|but|whereas)\b)"),
    re.compile(rf"\s+(?=and\s+{ADVERBS}[a-z]+(?:s|ed)\s+{FUNCTION_WORDS}\b)"),
]
_RELATIVE = re.compile(r",\s+(?=(?:who|which)\b)")
_AND_CLAUSE = re.compile(r",\s+(?=and\b)")
_ANY_BOUNDARY = re.compile(r"(?:,|;|:|—)\s*|\s+(?=and\b)")


def statements(text: str, sentences: Sequence[Span], attributions: Sequence[Attribution]) -> list[Span]:
    """The statements of the text, in order, tiling it (only whitespace between them)."""
    spans: list[Span] = []
    for sentence in _cover(text, sentences):
        cuts = _clause_cuts(text, sentence) | _attribution_cuts(text, sentence, attributions)
        spans += _cut(text, sentence, sorted(cuts))
    return spans


def _cover(text: str, sentences: Sequence[Span]) -> list[Span]:
    """The sentences, cut at line ends, trimmed, without overlaps, and with every uncovered stretch of text that
    holds more than whitespace as a sentence of its own."""
    pieces, cursor = [], 0
    for sentence in sorted(sentences, key=lambda s: (s.start, s.end)):
        start, end = max(sentence.start, cursor), sentence.end
        if start >= end:
            continue
        if cursor < start:
            pieces += _lines(text, cursor, start)
        pieces += _lines(text, start, end)
        cursor = end
    return pieces + _lines(text, cursor, len(text))


def _lines(text: str, start: int, end: int) -> list[Span]:
    """The non-blank lines of ``text[start:end]``, trimmed, as spans."""
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        piece = match.group()
        if piece.strip():
            left = len(piece) - len(piece.lstrip())
            first = start + match.start() + left
            spans.append(Span(first, first + len(piece.strip()), piece.strip()))
    return spans


def _clause_cuts(text: str, sentence: Span) -> set[int]:
    """Where the sentence is cut at a clause boundary (module docstring), as offsets in the text."""
    body = sentence.text
    cuts = {match.end() for pattern in _BOUNDARIES for match in pattern.finditer(body)}
    for match in _RELATIVE.finditer(body):
        clause_start = max(body.rfind(",", 0, match.start()) + 1, 0)
        if len(body[clause_start:match.start()].split()) >= RELATIVE_MIN_WORDS:
            cuts.add(match.end())
    for match in _AND_CLAUSE.finditer(body):
        if "," not in body[:match.start()] and _inside_quotes(body, match.start()) is False:
            cuts.add(match.end())
    inside = {cut for cut in cuts if _inside_quotes(body, cut)}
    return {sentence.start + cut for cut in cuts - inside if 0 < cut < len(body)}


def _inside_quotes(body: str, position: int) -> bool:
    """Whether ``position`` falls inside a quotation (an odd number of straight or curly quotes before it)."""
    before = body[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _attribution_cuts(text: str, sentence: Span, attributions: Sequence[Attribution]) -> set[int]:
    """Cuts before each attribution of the sentence that reports other words than the one before it."""
    inside = [a for a in attributions if sentence.start <= a.cue.start < sentence.end]
    cuts = set()
    for before, after in zip(inside, inside[1:]):
        if set(before.contents) & set(after.contents) or _overlaps(before.contents, after.contents):
            continue
        first = min([after.cue.start, *(s.start for s in after.sources if s.start >= before.cue.end)])
        body = text[before.cue.end:first]
        boundaries = [m.end() for m in _ANY_BOUNDARY.finditer(body)]
        if boundaries:
            cuts.add(before.cue.end + boundaries[-1])
    return {cut for cut in cuts if sentence.start < cut < sentence.end}


def _overlaps(first: Sequence[Span], second: Sequence[Span]) -> bool:
    return any(a.start < b.end and b.start < a.end for a in first for b in second)


def _cut(text: str, sentence: Span, cuts: list[int]) -> list[Span]:
    """The sentence cut at each offset, each part trimmed."""
    bounds = [sentence.start, *cuts, sentence.end]
    spans = []
    for start, end in zip(bounds, bounds[1:]):
        piece = text[start:end]
        if piece.strip():
            left = len(piece) - len(piece.lstrip())
            spans.append(Span(start + left, start + left + len(piece.strip()), piece.strip()))
    return spans
