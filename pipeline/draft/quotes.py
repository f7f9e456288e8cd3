"""Quotations: where quoted speech starts and ends in an article.

News marks quotations with curly (“ ”), straight (") or doubled single ('') quotation marks, and a quotation
that runs over several paragraphs opens each paragraph but closes only the last. So a quotation is found
within its paragraph (line), and one still open at the end of the line runs to the end of the line.
Whether a mark opens or closes is read from its neighbours, not its shape: typists often use ” to open.
Single quotation marks (‘ ’) count only outside double ones, and ’ only closes before a non-letter
(it is the apostrophe too).
"""

from __future__ import annotations

import re

_DOUBLE = re.compile(r"''|[“”\"«»]")
_SINGLE = re.compile(r"[‘’']")
_OPEN_BEFORE = " \t([{—–-―/"


def _opens(line: str, start: int, end: int) -> bool:
    """A mark opens when it follows the line's start, a space or a bracket and precedes a non-space."""
    before_ok = start == 0 or line[start - 1] in _OPEN_BEFORE
    return before_ok and end < len(line) and not line[end].isspace()


def _closes(line: str, start: int, end: int) -> bool:
    """A mark closes when it follows a non-space."""
    return start > 0 and not line[start - 1].isspace()


def _regions(line: str, marks: re.Pattern[str], outside: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotation regions of ``line`` (offsets in the line, marks included) that start outside ``outside``."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for match in marks.finditer(line):
        start, end = match.span()
        if opened is None:
            if any(a <= start < b for a, b in outside):
                continue
            if _opens(line, start, end) and not (match.group() in "’'" and start > 0 and line[start - 1].isalpha()):
                opened = start
        elif _closes(line, start, end):
            if match.group() in "’'" and end < len(line) and line[end].isalpha():
                continue  # an apostrophe: "don’t"
            regions.append((opened, end))
            opened = None
    if opened is not None:
        regions.append((opened, len(line)))
    return regions


def quotations(text: str) -> list[tuple[int, int]]:
    """The quotation regions of ``text`` as (start, end) offsets, marks included, in order."""
    result: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        double = _regions(line, _DOUBLE, [])
        single = _regions(line, _SINGLE, double)
        for start, end in sorted(double + single):
            result.append((offset + start, offset + end))
        offset += len(line) + 1
    return result
