"""Guess a statement's claim_type, checkworthy and hedge by simple rules, for the curator to confirm.

claim_type, the first rule that holds:

1. ``not_a_claim``: an instruction to the reader (it starts with "Take a look", "Watch", "Read", "See", "Click", …) or
   a question;
2. ``quote``: a person's words: the statement has a speaker, or its source is a person;
3. ``opinion``: the publisher's own statement with an evaluative word ("finest", "best", "should", …);
4. ``numerical``: it has a quantity;
5. ``prediction``: "will", "expected to", "set to", "plans to", "is likely to", "forecast";
6. ``causal``: "because", "due to", "caused", "led to", "as a result", "resulted in";
7. ``event``: a time ("recently", "previously", "yesterday", "on Monday", "last week", "in 2023", "ago") or a
   perfect tense ("had traveled", "has met");
8. otherwise ``property``.

checkworthy is false exactly for not_a_claim and opinion (the schema's rule), true otherwise. The hedge is every
word of ``HEDGES`` in the statement, in order, joined by " … " ("estimated … about"); "about", "around", "some" and
the like count only before a number.
"""

from __future__ import annotations

import re

import schema

INSTRUCTIONS = ("take a look", "watch", "read", "see", "click", "subscribe", "follow", "sign up", "listen", "scroll",
                "share", "find out", "learn more", "check out", "look at", "don't miss", "join")
EVALUATIVE = re.compile(r"\b(?:finest|best|worst|greatest|most beautiful|amazing|terrible|wonderful|awful|"
                        r"disgraceful|shameful|should|must|ought to)\b", re.IGNORECASE)
PREDICTION = re.compile(r"\b(?:will|shall|expected to|set to|plans? to|planned to|is likely to|are likely to|"
                        r"forecasts?|predicted|going to)\b", re.IGNORECASE)
CAUSAL = re.compile(r"\b(?:because|due to|caused|causes|led to|leads to|as a result|resulted in|results in|"
                    r"therefore|thanks to)\b", re.IGNORECASE)
EVENT = re.compile(r"\b(?:recently|previously|yesterday|today|tonight|earlier|ago|last (?:week|month|year|night)|"
                   r"this (?:week|month|year)|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
                   r"in (?:1[89]|20)[0-9]{2}|(?:had|has|have) [a-z]+ed)\b", re.IGNORECASE)
# Hedging words; those in NUMBER_HEDGES count only right before a number.
HEDGES = ["estimated", "expected to", "reportedly", "allegedly", "believed to", "likely", "probably", "possibly",
          "usually", "often", "sometimes", "may", "might", "could", "appears to", "seems to", "about", "around",
          "approximately", "roughly", "nearly", "almost", "some"]
NUMBER_HEDGES = {"about", "around", "approximately", "roughly", "nearly", "almost", "some"}
_NUMBER_AFTER = re.compile(r"\s+(?:[$€£]?[0-9]|(?:" + "|".join(schema.NUMBER_WORDS) + r")\b)", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:" + "|".join(h.replace(" ", r"\s+") for h in HEDGES) + r")\b", re.IGNORECASE)


def claim_type(statement: str, *, attributed: bool, person: bool, has_quantity: bool) -> str:
    """The claim_type rule above (``person``: the statement has a speaker, or its source is a person)."""
    lower = statement.lower().lstrip("\"“'(")
    if lower.startswith(INSTRUCTIONS) or statement.rstrip("\"”'").endswith("?"):
        return "not_a_claim"
    if person:
        return "quote"
    if not attributed and EVALUATIVE.search(statement):
        return "opinion"
    if has_quantity:
        return "numerical"
    for kind, pattern in (("prediction", PREDICTION), ("causal", CAUSAL), ("event", EVENT)):
        if pattern.search(statement):
            return kind
    return "property"


def checkworthy(kind: str) -> bool:
    return kind not in schema.NOT_CHECKWORTHY


def hedge(statement: str) -> str | None:
    """The statement's hedging words, in order, joined by " … "; None if it has none."""
    words = [match.group() for match in _HEDGE.finditer(statement)
             if match.group().lower() not in NUMBER_HEDGES or _NUMBER_AFTER.match(statement, match.end())]
    return " … ".join(words) or None
