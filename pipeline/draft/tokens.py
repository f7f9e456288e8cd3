"""Words and punctuation of a text, with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word keeps its inner apostrophes, hyphens, periods and ampersands ("Clinton’s", "Post-ABC", "U.S", "AT&T");
# a doubled apostrophe ('') is one token (a quotation mark); any other non-space character is a token.
_TOKEN = re.compile(r"[^\W_]+(?:[’'\-.&][^\W_]+)*|''|--|\S")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        """The text in lower case with the typographic apostrophe made straight."""
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
