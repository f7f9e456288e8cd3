"""Attributions in the JSON format of BBC's Citron quote extractor, which PolNeAR's converted files use too.

    {"quotes": [{"cue": SPAN, "sources": [SPAN...], "contents": [SPAN...]}]}
    SPAN = {"start": int, "end": int, "text": str}   # code points, end exclusive

Offsets are code points (Python ``str`` indices), not UTF-16 units or bytes: a character outside the
Basic Multilingual Plane (an emoji) counts one.
"""

from __future__ import annotations

from typing import Any

from pipeline.draft.attribution import Attribution, Span


def span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def to_json(attributions: list[Attribution]) -> dict[str, Any]:
    """The Citron document of ``attributions`` (its ``kind`` is not part of the format)."""
    return {
        "quotes": [
            {
                "cue": span_json(a.cue),
                "sources": [span_json(s) for s in a.sources],
                "contents": [span_json(c) for c in a.contents],
            }
            for a in attributions
        ]
    }


def _span(data: dict[str, Any], text: str | None) -> Span:
    """A span of a Citron document; with the article ``text``, its ``text`` must be the text at its offsets."""
    start, end = int(data["start"]), int(data["end"])
    if text is not None and text[start:end] != data["text"]:
        raise ValueError(f"span {start}:{end} reads {text[start:end]!r}, the file says {data['text']!r}")
    return Span(start, end, data["text"])


def from_json(document: dict[str, Any], text: str | None = None) -> list[Attribution]:
    """The attributions of a Citron document, checked against the article ``text`` when given."""
    return [
        Attribution(
            cue=_span(quote["cue"], text),
            sources=tuple(_span(s, text) for s in quote.get("sources", [])),
            contents=tuple(_span(c, text) for c in quote.get("contents", [])),
        )
        for quote in document.get("quotes", [])
    ]
