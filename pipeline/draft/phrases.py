"""Noun phrases next to a cue, found by walking over tokens with word lists (no tagger).

A source is the noun phrase that ends just before its cue ("The New York Post reports", "a senior adviser
to the campaign said") or starts just after it in an inverted report (", said Mr. Plouffe"). The walk stops at
a word that begins a clause or a phrase (``lexicon.BOUNDARY``), at a determiner (included), and at punctuation,
except the periods of abbreviations ("Mr.", "W."), hyphens and a parenthesis ("Graham (R-S.C.)").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.draft import lexicon
from pipeline.draft.text import ABBREVIATIONS
from pipeline.draft.tokens import Token

MAX_WORDS = 16
_JOINERS = {"-", "–", "&", "'s", "’s"}


def _abbreviation(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` is a word that its period follows as an abbreviation ("Mr", "W")."""
    word = tokens[k]
    return word.is_word and (word.lower in ABBREVIATIONS or (len(word.text) == 1 and word.text.isupper()) or "." in word.text)


def _noun_like(token: Token, verbs: frozenset[str]) -> bool:
    """A word that may be inside a noun phrase: not a clause or phrase opener, and not a cue verb in lower case."""
    if not token.is_word:
        return False
    if token.lower in lexicon.BOUNDARY:
        return False
    return token.is_capitalised or token.lower not in verbs


def _determined(token: Token) -> bool:
    """A determiner or a possessive, after which a word is a noun."""
    lower = token.lower
    return (lower in lexicon.DETERMINERS and lower != "that") or lower.endswith("'s") or lower in ("'s", "s'")


def _matching_open(tokens: Sequence[Token], close: int, floor: int) -> int | None:
    """The index of the "(" that the ")" at ``close`` closes, not before ``floor``."""
    for k in range(close - 1, max(floor, close - 12) - 1, -1):
        if tokens[k].text == "(":
            return k
    return None


def left_phrase(tokens: Sequence[Token], end: int, floor: int, verbs: frozenset[str]) -> int | None:
    """The first index of the noun phrase that ends at ``tokens[end]`` (inclusive), or None when there is none.

    ``floor`` is the first index the phrase may use (the sentence's first token); ``verbs`` are the cue verbs,
    which end a phrase in lower case ("Trump said", not "Trump said Clinton").
    """
    if end < floor or not tokens[end].is_word:
        if end >= floor and tokens[end].text == ")" and (open_at := _matching_open(tokens, end, floor)) is not None:
            return left_phrase(tokens, open_at - 1, floor, verbs)
        return None
    if tokens[end].lower in lexicon.PRONOUNS or tokens[end].lower == "that":
        return end
    if not tokens[end].is_capitalised and end > floor and tokens[end - 1].lower in lexicon.VERB_BEFORE:
        return None  # a verb after an auxiliary: "they could not resist pointing out"
    start: int | None = None
    k = end
    while k >= floor and end - k < MAX_WORDS:
        token = tokens[k]
        lower = token.lower
        if token.is_word:
            if lower in lexicon.DETERMINERS and lower != "that":
                if k - 2 >= floor and tokens[k - 1].lower in lexicon.NP_LINKS and _noun_like(tokens[k - 2], verbs):
                    k -= 2  # "Mr. Morgan of the Sierra Club"
                    continue
                return k
            if lower in verbs and k > floor and _determined(tokens[k - 1]):
                start = k  # a verb's form as a noun: "the report says"
                k -= 1
                continue
            if lower in lexicon.NP_LINKS and start is not None and k > floor and _noun_like(tokens[k - 1], verbs):
                k -= 1
                continue
            if lower == "and" and start is not None and k > floor and tokens[k - 1].is_capitalised and tokens[k + 1].is_capitalised:
                k -= 1
                continue
            if lower == "one" and start is not None:
                return k  # a numeral before its noun: "one ferry pilot said"
            if not _noun_like(token, verbs) or lower in lexicon.PRONOUNS:
                break
            start = k
        elif token.text == "." and k > floor and _abbreviation(tokens, k - 1):
            pass
        elif token.text in _JOINERS and start is not None:
            pass
        elif token.text == ")" and (open_at := _matching_open(tokens, k, floor)) is not None:
            k = open_at - 1
            continue
        else:
            break
        k -= 1
    return start


def right_phrase(tokens: Sequence[Token], begin: int, ceiling: int, verbs: frozenset[str], long: bool = False) -> int | None:
    """The last index of the noun phrase that starts at ``tokens[begin]``, before ``ceiling``; None when none.

    Names end at the first lower-case word after a capitalised one ("said Mr. Plouffe in a statement");
    ``long`` phrases ("according to a poll released last week by ...") run to the next punctuation instead.
    """
    last: int | None = None
    seen_name = False
    k = begin
    while k < ceiling and k - begin < (2 * MAX_WORDS if long else MAX_WORDS):
        token = tokens[k]
        lower = token.lower
        if token.is_word:
            if long:
                last = k
            elif lower in lexicon.DETERMINERS and last is None:
                last = k
            elif lower in lexicon.NP_LINKS and last is not None and k + 1 < ceiling and tokens[k + 1].is_word:
                pass
            elif not _noun_like(token, verbs) or (seen_name and not token.is_capitalised):
                break
            elif k == begin and lower in lexicon.PRONOUNS:
                return k
            else:
                last = k
                seen_name = seen_name or token.is_capitalised
        elif token.text == "." and k > begin and _abbreviation(tokens, k - 1) and k + 1 < ceiling and tokens[k + 1].is_capitalised:
            pass
        elif token.text in _JOINERS or (long and token.text in "()/-'’"):
            pass
        else:
            break
        k += 1
    return last
