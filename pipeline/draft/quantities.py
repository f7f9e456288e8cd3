"""Draft the numbers of a statement: text, value, unit and whether it is approximate.

Hand-written rather than quantulum3 (see docs/curating.md, Dependencies): most of this dataset's quantities are
counts of a noun ("about 90 railcars", "two additional trains"), which quantulum3 reports as dimensionless, and a
quantity's hedge ("about", "around") is part of its text here. The rules:

* A number is written in digits ("1,200", "12.5"), optionally with a scale word ("3 million"), or as a number word
  of ``schema.NUMBER_WORDS`` ("two", "twenty-five", "a dozen", "a hundred"). A number word counts only when a noun follows it,
  so that "one for security screenings" (a pronoun) is no quantity.
* Years and days of a date ("in 2023", "12 September") are not quantities.
* The unit is a physical unit of ``schema.UNIT_SPELLINGS`` written right after the number, in its standard spelling
  ("55 miles per hour" -> "mph": the build normalises it), else "percent" for "%" / "per cent", else the currency of
  a "$", "€" or "£" before it, else the noun after the number, singular, without adjectives ("100 security agents"
  -> "security agent", "two additional trains" -> "train"; the phrase ends at its first plural); "unknown" where
  nothing follows (for the curator).
* Approximate when one of ``APPROXIMATE`` comes right before the number; the hedge is then part of the text.

Every quantity drafted satisfies the schema's ``value_is_written_in_text`` (one that would not is left out), so a
draft always validates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import schema

# Words that hedge or bound the number right after them ("about 90", "more than 100"): approximate.
APPROXIMATE = ["an estimated", "estimated", "about", "around", "approximately", "roughly", "nearly", "almost", "some",
               "more than", "less than", "fewer than", "over", "under", "up to", "at least", "close to", "circa"]
SCALES = schema.SCALE_WORDS
CURRENCIES = {"$": "dollar", "€": "euro", "£": "pound"}
MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
# Words that end a unit's noun phrase: function words and the commonest verbs.
STOP = set("""a an the this that these those its his her their our your my of in on at to for from by with into onto
over under about around and or but nor as than then so if while when where which who whom whose what is are was were
be been being has have had do does did will would can could may might must shall should per each every one another
other both all some many more most few less least such very also even still just only not no yet up out off down
away back there here it they he she we you i me him them us itself""".split())
ADJECTIVE_SUFFIXES = ("al", "ous", "ive", "ful", "able", "ible", "ic", "less", "ish", "ary", "ant", "ent")
ADJECTIVES = {"new", "old", "extra", "further", "big", "small", "large", "major", "minor", "armored", "armoured",
              "additional", "several", "separate", "different", "full", "top", "key", "first", "last", "next"}
IRREGULAR_PLURALS = {"people": "person", "children": "child", "men": "man", "women": "woman", "feet": "foot",
                     "teeth": "tooth", "mice": "mouse", "geese": "goose", "series": "series", "species": "species"}

_WORD_NUMBERS = sorted(schema.NUMBER_WORDS, key=len, reverse=True)
_TENS = [w for w, v in schema.NUMBER_WORDS.items() if v in range(20, 100, 10)]
_UNITS_1_9 = [w for w, v in schema.NUMBER_WORDS.items() if v in range(1, 10)]
_NUMBER = re.compile(
    r"(?P<currency>[$€£])?"
    r"(?:(?P<digits>(?<![\w.,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![\w,])|(?<![\w.,])[0-9]+(?:\.[0-9]+)?(?![0-9]|(?:st|nd|rd|th)\b))"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})\b)?"
    rf"|(?P<word>\b(?:a\s+(?:dozen|hundred|thousand|million)|(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS_1_9)})|{'|'.join(_WORD_NUMBERS)})\b))",
    re.IGNORECASE,
)
_APPROXIMATE = re.compile(r"\b(?:" + "|".join(a.replace(" ", r"\s+") for a in APPROXIMATE) + r")\s+$", re.IGNORECASE)
# Every spelling of every physical unit, longest first, as a pattern (after the number, with or without a space).
_PHYSICAL = sorted(((spelling, unit) for unit, spellings in schema.UNIT_SPELLINGS.items()
                    for spelling in [unit, *spellings]), key=lambda pair: len(pair[0]), reverse=True)
_PHYSICAL_UNIT = re.compile(r"\s?(?P<unit>" + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s, _ in _PHYSICAL)
                            + r")(?![\w/])", re.IGNORECASE)
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_NOUN_WORD = re.compile(r"\s+(?P<word>[a-z][a-z-]*[a-z]|[a-z])(?=\W|$)")


@dataclass(frozen=True)
class Quantity:
    text: str  # as written, from its hedge to its unit
    start: int  # offset of text in the statement
    value: int | float
    unit: str
    approximate: bool


def quantities(statement: str) -> list[Quantity]:
    """The quantities of a statement, in order (see the module's docstring for the rules)."""
    found = []
    for match in _NUMBER.finditer(statement):
        quantity = _quantity(statement, match)
        if quantity is not None and schema._writes_number(quantity.text, quantity.value):
            found.append(quantity)
    return found


def _quantity(statement: str, match: re.Match) -> Quantity | None:
    value = _value(match)
    end = match.end()
    if match["digits"] and _is_date(statement, match, value):
        return None
    unit, end = _unit(statement, match, end)
    if statement[match.end():match.end() + 1].isalpha() and end == match.end():  # "4G", "F35": a name, not a number
        return None
    if unit is None:
        if match["word"]:  # a number word without a noun is a pronoun ("one for security") or an idiom
            return None
        unit = "unknown"
    start = match.start()
    hedge = _APPROXIMATE.search(statement, 0, start)
    if hedge is not None:
        start = hedge.start()
    return Quantity(statement[start:end], start, value, unit, hedge is not None)


def _value(match: re.Match) -> int | float:
    if match["digits"]:
        value = float(match["digits"].replace(",", ""))
        if match["scale"]:
            value *= SCALES[match["scale"].lower()]
    else:
        words = re.split(r"[\s-]+", match["word"].lower())
        value = sum(schema.NUMBER_WORDS[w] for w in words if w in schema.NUMBER_WORDS)
    return int(value) if value == int(value) else value


def _is_date(statement: str, match: re.Match, value: float) -> bool:
    """A year ("in 2023", "2023.") or the day of a date ("12 September", "September 12")."""
    before = statement[:match.start()].split()[-1:] or [""]
    after = statement[match.end():].split()[:1] or [""]
    if before[0].lower().strip(",") in MONTHS or after[0].lower().strip(",.;:") in MONTHS:
        return True
    return (isinstance(value, int) and 1800 <= value <= 2100 and "," not in match["digits"]
            and not match["currency"] and not _NOUN_WORD.match(statement, match.end()))


def _unit(statement: str, match: re.Match, end: int) -> tuple[str | None, int]:
    """The unit after the number and where the quantity's text ends."""
    if match["currency"]:
        return CURRENCIES[match["currency"]], end
    if (physical := _PHYSICAL_UNIT.match(statement, end)) is not None:
        return schema.standard_unit(physical["unit"]), physical.end()
    if (percent := _PERCENT.match(statement, end)) is not None:
        return "percent", percent.end()
    words: list[tuple[str, int]] = []
    position = end
    while len(words) < 3 and (noun := _NOUN_WORD.match(statement, position)) is not None:
        if noun["word"] in STOP:
            break
        words.append((noun["word"], noun.end()))
        position = noun.end()
        if statement[position:position + 1] not in (" ",):  # punctuation ends the phrase
            break
    nouns: list[tuple[str, int]] = []
    for word, word_end in words:
        if not _is_adjective(word):
            nouns.append((word, word_end))
            if singular(word) != word:  # a plural ends the phrase ("1,400 people came", "agents are")
                break
        elif nouns:  # an adjective after the noun starts something else ("boats joined")
            break
    if not nouns:
        return None, end
    return " ".join([*(w for w, _ in nouns[:-1]), singular(nouns[-1][0])]), nouns[-1][1]


def _is_adjective(word: str) -> bool:
    return word in ADJECTIVES or (len(word) > 5 and word.endswith(ADJECTIVE_SUFFIXES)) or (
        word.endswith("ed") and not word.endswith("eed") and len(word) > 4)


def singular(noun: str) -> str:
    """A plural noun in the singular, by the regular rules ("railcars" -> "railcar", "cities" -> "city")."""
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "ches", "shes", "xes", "zes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun
