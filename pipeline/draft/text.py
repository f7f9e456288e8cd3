"""TEMPORARY stand-in for the sentence splitter (the real one is written in parallel): a naive splitter, only so
that pipeline/draft/article.py can be developed and tested against the agreed interface."""

from __future__ import annotations

import re

from pipeline.draft.attribution import Span

_END = re.compile(r'[.!?]["”’)]*(?=\s+["“(]?[A-Z0-9])|\n')


def sentences(text: str) -> list[Span]:
    """Sentences in text order: split after . ! ? (and closing quotes) before a capital, and at each line end."""
    spans, start = [], 0
    for match in _END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        spans += _trimmed(text, start, end)
        start = match.end()
    return spans + _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return [Span(start + left, start + right, piece[left:right])] if piece.strip() else []
