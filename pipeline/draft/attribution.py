"""Attributions in English news, found by rules: who (source) says or thinks what (content) through which words (cue).

    attributions("“It went well,” she said.")
    → [Attribution(cue='said', sources=('she',), contents=('“It went well,”',), kind='explicit')]

The patterns, each a function below:

* a reporting, belief or intention verb (``lexicon``), with the source before it ("Trump said that ...",
  "A poll shows ...") or, inverted, after it ("..., said Mr. Plouffe"); the content after it, or before it
  when the report follows the content ("“...,” he said."), and a quotation that goes on after "he said." is
  a second content;
* a passive report without "by" ("The efforts are expected to continue"): no source, the subject is content;
* "according to SOURCE", before or after its content; "as reported by SOURCE" / "as described in SOURCE", which after
  another report of its sentence reports the same words ("…,” said Ola Berg, as reported by Xinhua");
* a verb that puts out a message ("the city sent a letter ...", "she issued a statement calling ...");
* a depiction with its source after "in" ("are often portrayed in state media as ...");
* "known as NAME": a naming without a source ("compared to/with" is no report at all);
* a quotation signed with a dash ("“...” ― Jane Doe");
* a colon after a speaker's name: transcripts ("PENCE: ...") and headlines ("Poll: Clinton leads").

Quoted speech is not searched for cues: "I think" inside a quotation belongs to the quotation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.draft import lexicon, phrases
from pipeline.draft.quotes import quotations
from pipeline.draft.text import Span, sentences, span, trim
from pipeline.draft.tokens import Token, tokenize

__all__ = ["Attribution", "Span", "attributions"]


@dataclass(frozen=True)
class Attribution:
    cue: Span
    sources: tuple[Span, ...]
    contents: tuple[Span, ...]
    kind: str = "explicit"


VERBS = lexicon.forms(lexicon.SPEECH + lexicon.BELIEF + lexicon.JUDGMENT + lexicon.ATTITUDE + lexicon.EVIDENCE) | {a: a for a in lexicon.BELIEF_ADJECTIVES}
VERB_SET = frozenset(VERBS)
# Belief adjectives that are also the past of a cue verb: "voters were worried that" (a state after "be"),
# "regulators worried that" (a verb before "that"; "voters worried about crime might ..." is an adjective).
BELIEF_VERB_PASTS = frozenset(lexicon.BELIEF_ADJECTIVES) & frozenset(lexicon.forms(lexicon.SPEECH + lexicon.BELIEF + lexicon.JUDGMENT + lexicon.ATTITUDE))
# Verbs that report only with their particles ("took aim at"), and every cue verb's base form.
PHRASAL_FORMS = {form: base for form, base in lexicon.forms(sorted(lexicon.PHRASAL)).items() if form not in VERBS}
# "continue" reports only when punctuation follows it: "Caddell continued:", "“...,” she continued."
CONTINUE_FORMS = lexicon.forms(["continue"])
BASES = {**PHRASAL_FORMS, **CONTINUE_FORMS, **VERBS}
# Verbs whose subject is the subject of the cue verb that follows them after "to" ("he appeared to suggest",
# "they tried to convince", "she went on to say"): raising and control verbs that report nothing themselves.
CONTROL_FORMS = frozenset(lexicon.forms(lexicon.CONTROL))
# Verbs whose subject may follow them after a quotation (", said Mr. Plouffe").
INVERTIBLE_BASES = frozenset("say add write note ask explain continue recall reply respond argue tweet warn insist declare state".split())
INVERTIBLE = frozenset(lexicon.forms(sorted(INVERTIBLE_BASES)))
# Verbs whose first complement is a person spoken to ("told reporters that ...").
ADDRESSED = frozenset(lexicon.forms("tell ask urge warn remind inform assure advise".split()))
# Particles that belong to the cue ("called for", "pointed to").
PARTICLES = {"call": ("for", "on"), "point": ("to", "out"), "ask": ("about",)}
CONTENT_MARKS = ":"
# Reports whose source follows "as ... by/in" ("as reported by Xinhua"), and depictions whose source follows "in"
# after a form of "be" ("are portrayed in state media").
REPORTED = frozenset(lexicon.participle(v) for v in lexicon.SPEECH)
DEPICTED = frozenset(lexicon.participle(v) for v in lexicon.DEPICTION)
# "compared to/with" is a comparison ("55 mph, compared to 30 by car"), not a report.
COMPARED = frozenset(["compared", "comparing"])
_STRIP = " \t\r\n\u00a0.,;"


class Article:
    """An article's tokens, sentences and quotations, with the look-ups the patterns need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.sentences = sentences(text)
        self.sentence_starts = [s.start for s in self.sentences]
        self.quotes = quotations(text)
        self.quote_starts = [q[0] for q in self.quotes]

    def token_at(self, offset: int) -> int:
        """The index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_of(self, k: int) -> tuple[int, int]:
        """The token range [first, end) of the sentence of ``tokens[k]``."""
        s = self.sentences[max(0, bisect.bisect_right(self.sentence_starts, self.tokens[k].start) - 1)]
        return self.token_at(s.start), self.token_at(s.end)

    def quote_around(self, offset: int) -> tuple[int, int] | None:
        """The quotation that contains ``offset`` (marks included), if any."""
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        if i >= 0 and self.quotes[i][0] <= offset < self.quotes[i][1]:
            return self.quotes[i]
        return None

    def quote_ending_at(self, offset: int) -> tuple[int, int] | None:
        """The quotation whose closing mark ends at ``offset`` (or one or two characters later: ``,”``)."""
        for q in self.quotes[max(0, bisect.bisect_right(self.quote_starts, offset) - 3) :]:
            if offset - 1 <= q[1] <= offset + 2 and q[0] < offset:
                return q
        return None

    def quote_starting_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self.quote_starts, offset)
        if i < len(self.quotes) and self.quotes[i][0] == offset:
            return self.quotes[i]
        return None

    def span(self, first: int, last: int) -> Span:
        """The span from ``tokens[first]`` to ``tokens[last]`` inclusive."""
        return span(self.text, self.tokens[first].start, self.tokens[last].end)


def _is_adverb(token: Token) -> bool:
    lower = token.lower
    return lower in lexicon.AUXILIARIES or lower.endswith("n't") or (lower.endswith("ly") and len(lower) > 4 and not token.is_capitalised)


def _with_adverbs(tokens: Sequence[Token], k: int, first: int) -> int:
    """Where a cue at token ``k`` begins once the adverbs right before it ("also said", "flatly denied") join it,
    never before the sentence's first token ``first``."""
    while k - 1 >= first and _is_adverb(tokens[k - 1]):
        k -= 1
    return k


def _is_noun_use(article: Article, k: int) -> bool:
    """Whether the cue verb form at ``tokens[k]`` is rather a noun or an adjectival participle.

    A base or -s form right after a determiner or a possessive is a noun ("the report", "his plans"); one of a
    verb that is as often a noun (``lexicon.NOUNISH``) is a verb only after a subject pronoun or an auxiliary,
    or before what opens a complement ("the poll shows that", "Trump plans to"). A past form after a common
    noun and before "by", "last", ... is a reduced relative ("a poll released last week").
    """
    tokens = article.tokens
    form = tokens[k].lower
    base = BASES[form]
    before = tokens[k - 1] if k > 0 else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if before is not None and before.lower in lexicon.QUANTIFIERS and after is not None and (
            after.lower == "that" or after.text in ':“"' or (form not in (base, _third_person(base)) and after.lower in lexicon.COMPLEMENT_OPENERS)):
        return False  # a quantifier standing alone as the subject: "all agreed that", "some note that", "many said the"
    if before is not None and (before.lower in lexicon.DETERMINERS - {"that"} or _possessive(before)):
        return not form.endswith("ing")
    if form in (base, _third_person(base)):
        if after is not None and after.lower in PARTICLES.get(base, ()):
            return False
        if base in lexicon.NOUNISH and not (before is not None and before.lower in lexicon.VERB_BEFORE):
            return after is None or not (after.lower in lexicon.COMPLEMENT_OPENERS or after.text in ':“"'
                                         or (after.is_capitalised and after.is_word) or _closes_a_report(article, k))
        return False
    if form.endswith("ing") or base in INVERTIBLE_BASES:
        return False
    return (before is not None and before.is_word and not before.is_capitalised and before.lower not in lexicon.PRONOUNS
            and after is not None and after.lower in lexicon.PARTICIPLE_AFTER)


def _closes_a_report(article: Article, k: int) -> bool:
    """Whether ``tokens[k]`` ends its sentence after a name that follows a comma or a closing quotation mark: the
    report after its content ("..., The Alder Ledger reports.")."""
    tokens = article.tokens
    if k + 1 >= len(tokens) or tokens[k + 1].text not in ".!?":
        return False
    first, _ = article.sentence_of(k)
    source_first = phrases.left_phrase(tokens, k - 1, first, VERB_SET)
    if source_first is None or source_first == first or not _after_closing(article, source_first, first):
        return False
    words = [t for t in tokens[source_first:k] if t.is_word]
    if words and words[0].lower in lexicon.DETERMINERS:
        words = words[1:]
    return bool(words) and all(t.is_capitalised for t in words)  # a name: "The Alder Ledger", not "the whole"


def _possessive(token: Token) -> bool:
    """A possessive: "Trump's", "'s", "voters'" (not "he's": a contracted verb)."""
    lower = token.lower
    return (lower.endswith("'s") and lower not in lexicon.CONTRACTED) or lower in ("'s", "s'")


def _third_person(base: str) -> str:
    return lexicon.inflections(base)[1]


def _closing(token: Token) -> bool:
    """A closing quotation mark or a comma: what precedes an inverted report."""
    return token.text in {",", "”", '"', "''", "’", "'", "—", "―", "--"}


def _content_right(article: Article, after: int, sentence_end: int) -> Span | None:
    """The content after a cue: from "that" when it comes soon, else from the next word; to the sentence's end,
    or to the end of a quotation that starts it and runs on."""
    tokens = article.tokens
    start = after
    if start < sentence_end and tokens[start].text in CONTENT_MARKS:
        if start + 1 == sentence_end:
            return _next_paragraph(article, tokens[start].end)
        start += 1
    for k in range(start, min(sentence_end, start + 10)):
        if tokens[k].lower == "that":
            start = k
            break
        if not tokens[k].is_word and tokens[k].text not in ".-":
            break
    if start >= sentence_end:
        return None
    begin = tokens[start].start
    end = tokens[sentence_end - 1].end
    quote = article.quote_around(begin)
    if quote is not None and quote[0] == begin:
        end = max(end, quote[1])
    piece = trim(article.text, begin, end, _STRIP)
    return piece if piece.text else None


def _next_paragraph(article: Article, offset: int) -> Span | None:
    """The paragraph after the line that ends at ``offset``: what a colon at a line's end introduces ("He said:")."""
    text = article.text
    if text[offset:].split("\n", 1)[0].strip():
        return None  # the line goes on after the colon
    begin = text.find("\n", offset)
    while begin >= 0 and begin + 1 < len(text) and not text[begin + 1 :].split("\n", 1)[0].strip():
        begin = text.find("\n", begin + 1)
    if begin < 0:
        return None
    stop = text.find("\n", begin + 1)
    piece = trim(text, begin + 1, stop if stop >= 0 else len(text))
    return piece if piece.text else None


def _content_left(article: Article, before: int, sentence_first: int) -> Span | None:
    """The content that ends at ``tokens[before]`` (a comma or a closing mark): the quotation that ends there,
    else the sentence up to there."""
    tokens = article.tokens
    if before < 0:
        return None
    end = tokens[before].end
    quote = article.quote_ending_at(end)
    if quote is not None:
        return span(article.text, quote[0], quote[1])
    start = tokens[sentence_first].start
    inside = article.quote_around(start)
    if inside is not None:
        start = inside[0]
    piece = trim(article.text, start, tokens[before].start, _STRIP)
    return piece if piece.text else None


def _quote_after(article: Article, k: int) -> Span | None:
    """A quotation right after ``tokens[k]`` and a comma or period ("he said. “And more.”"), in the same line."""
    tokens = article.tokens
    j = k + 1
    if j < len(tokens) and tokens[j].text in ",.;:":
        j += 1
    if j >= len(tokens) or "\n" in article.text[tokens[k].end : tokens[j].start]:
        return None
    quote = article.quote_starting_at(tokens[j].start)
    return span(article.text, *quote) if quote else None


def _right_is_short(article: Article, after: int, sentence_end: int, verb: str) -> bool:
    """Whether no complement follows the cue, only an adjunct up to punctuation or the end: "he said.",
    "he said in an interview.", "he told me on Friday, is that ...". Then the content is before the source."""
    tokens = article.tokens
    k = after
    if k < sentence_end and verb in ADDRESSED and tokens[k].is_word:
        k = (phrases.right_phrase(tokens, k, sentence_end, VERB_SET) or k) + 1  # the person told
    if k >= sentence_end or not tokens[k].is_word:
        return k >= sentence_end or (tokens[k].text in ",.;!?)" and article.quote_starting_at(tokens[k].start) is None)
    if tokens[k].lower not in lexicon.ADJUNCT_OPENERS and tokens[k].lower not in lexicon.TIME_WORDS:
        return False
    for j in range(k, min(sentence_end, k + 10)):
        token = tokens[j]
        if token.lower == "that" or token.text == ":" or article.quote_starting_at(token.start) is not None:
            return False
        if not token.is_word and token.text not in ".-'’":
            return True
    return sentence_end - k <= 10


def _cue_end(article: Article, k: int, verb: str) -> int:
    """The last token of the cue that starts with the verb at ``k`` (its particle: "called for")."""
    base = BASES[verb]
    if base in lexicon.PHRASAL:
        return _phrasal_end(article, k) or k
    if base in PARTICLES and k + 1 < len(article.tokens) and article.tokens[k + 1].lower in PARTICLES[base]:
        return k + 1
    return k


def _phrasal_end(article: Article, k: int) -> int | None:
    """The last token of the particles that make the verb at ``tokens[k]`` a report ("took aim at"), if they follow."""
    tokens = article.tokens
    for particles in sorted(lexicon.PHRASAL[PHRASAL_FORMS[tokens[k].lower]], key=len, reverse=True):
        words = particles.split()
        if [t.lower for t in tokens[k + 1 : k + 1 + len(words)]] == words:
            return k + len(words)
    return None


def _subject(article: Article, first: int, limit: int) -> Span | None:
    """The noun phrase that starts the sentence: the source of "..., saying that ..."."""
    end = phrases.right_phrase(article.tokens, first, limit, VERB_SET)
    return article.span(first, end) if end is not None else None


@dataclass(frozen=True)
class _Found:
    """An attribution, and whether its source is the subject it shares with an earlier verb of its sentence
    ("Trump spoke and said ...", "..., adding that ..."): then ``attributions`` fills the source in."""

    attribution: Attribution
    shares_subject: bool = False


def _verb_attribution(article: Article, k: int) -> _Found | None:
    """The attribution of the cue verb at ``tokens[k]``, or None when its use is not a report."""
    tokens = article.tokens
    verb = tokens[k].lower
    if _is_noun_use(article, k):
        return None
    first, end = article.sentence_of(k)
    cue_first = _with_adverbs(tokens, k, first)
    if (cue_first - 2 >= first and tokens[cue_first - 1].lower == "to" and tokens[cue_first - 2].lower in CONTROL_FORMS
            and not tokens[cue_first - 2].is_capitalised):
        cue_first -= 2  # "he appeared to suggest", "they tried to convince": the subject of the first verb reports
        cue_first = _with_adverbs(tokens, cue_first, first)
    cue_last = _cue_end(article, k, verb)
    cue = article.span(cue_first, cue_last)
    before = _before_time(article, cue_first - 1, first)
    if before >= first and (tokens[before].lower in ("and", "but", "or") or (verb.endswith("ing") and tokens[before].text == ",")):
        right = _content_right(article, _past_object(article, cue_last + 1, end, verb), end)
        return _Found(Attribution(cue, (), (right,)), shares_subject=True) if right else None
    source_first = phrases.left_phrase(tokens, before, first, VERB_SET)
    if source_first is None and before >= first and tokens[before].text == ",":
        source_first = _appositive(article, before, first)
    if source_first is None and before > first:
        source_first = _titled(article, before, first)
    found: Attribution | None
    if source_first is not None and _passive(article, k, cue_first):
        found = _passive_subject(article, source_first, before, cue, cue_last, end, verb)
    elif source_first is not None:
        found = _source_before(article, source_first, before, cue, first, end, verb)
    elif verb in INVERTIBLE and (before < first or _closing(tokens[before])):
        found = _source_after(article, cue, cue_first, cue_last, first, end)
    else:
        right = _content_right(article, _past_object(article, cue_last + 1, end, verb), end)
        found = Attribution(cue, (), (right,)) if right else None
    return _Found(found) if found is not None and found.contents else None


def _source_before(article: Article, source_first: int, source_last: int, cue: Span, first: int, end: int, verb: str) -> Attribution:
    """A report whose source precedes its cue: "Trump said that ..." or, after its content, "“...,” he said."."""
    source = article.span(source_first, source_last)
    cue_last = article.token_at(cue.end) - 1
    contents: list[Span] = []
    if _after_closing(article, source_first, first) and _right_is_short(article, cue_last + 1, end, verb):
        left = _content_left(article, source_first - 1, first)
        contents += [left] if left else []
        more = _quote_after(article, _past_adjuncts(article, cue_last, end))
        if more is None and left is not None and article.quote_ending_at(left.end) is None:
            more = _rest_after_comma(article, cue_last + 1, end)
        contents += [more] if more else []
    else:
        right = _content_right(article, _past_object(article, cue_last + 1, end, verb), end)
        contents += [right] if right else []
    return Attribution(cue, (source,), tuple(contents))


def _passive(article: Article, k: int, cue_first: int) -> bool:
    """Whether the cue verb at ``tokens[k]`` is a participle after a form of "be" ("is expected to", "are
    estimated"): a passive report, whose subject is what is reported, not who reports it (the source of a passive
    follows "by", see ``_passive_by``). Belief adjectives ("were worried that") keep their subject as the source."""
    tokens = article.tokens
    form = tokens[k].lower
    if form in lexicon.BELIEF_ADJECTIVES or form in lexicon.STATE_PARTICIPLES or form.endswith("ing"):
        return False
    if form == BASES[form] or form == _third_person(BASES[form]):
        return False
    return any(tokens[j].lower in lexicon.BE_FORMS for j in range(cue_first, k))


def _passive_subject(article: Article, subject_first: int, subject_last: int, cue: Span, cue_last: int, end: int,
                     verb: str) -> Attribution:
    """A passive report without "by": no source; the subject and the rest of the clause are its content
    ("[The efforts] are expected [to continue ...]"), as PolNeAR marks it."""
    contents = [article.span(subject_first, subject_last)]
    right = _content_right(article, cue_last + 1, end)
    contents += [right] if right else []
    return Attribution(cue, (), tuple(contents))


def _source_after(article: Article, cue: Span, cue_first: int, cue_last: int, first: int, end: int) -> Attribution:
    """An inverted report after its content: "“...,” said Mr. Plouffe, a strategist."."""
    tokens = article.tokens
    before = cue_first - 1
    if before < first and _after_closing(article, cue_first, first):
        first = _previous_sentence_first(article, first)
    last = phrases.right_phrase(tokens, cue_last + 1, end, VERB_SET)
    sources = (article.span(cue_last + 1, last),) if last is not None else ()
    contents: list[Span] = []
    left = _content_left(article, before, first) if before >= first else None
    contents += [left] if left else []
    more = _quote_after(article, _past_adjuncts(article, last if last is not None else cue_last, end))
    contents += [more] if more else []
    return Attribution(cue, sources, tuple(contents))


def _before_time(article: Article, k: int, first: int) -> int:
    """The index before a time adjunct that ends at ``tokens[k]`` ("Wells Fargo this month announced"), or ``k``."""
    tokens = article.tokens
    j = k
    while j >= first and (tokens[j].lower in lexicon.TIME_WORDS or tokens[j].text.isdigit()):
        j -= 1
    if j == k:
        return k
    while j >= first and (tokens[j].lower in lexicon.TIME_LEADS or _is_adverb(tokens[j])):
        j -= 1
    return j


def _after_closing(article: Article, k: int, first: int) -> bool:
    """Whether ``tokens[k]`` follows a comma or a closing quotation mark: in its sentence, or as the sentence's first
    word right after a quotation that closed the sentence before ("“Why?” Clinton said.")."""
    if k - 1 >= first:
        return _closing(article.tokens[k - 1])
    return k > 0 and article.quote_ending_at(article.tokens[k - 1].end) is not None


def _previous_sentence_first(article: Article, first: int) -> int:
    return article.sentence_of(first - 1)[0] if first > 0 else first


def _appositive(article: Article, comma: int, first: int) -> int | None:
    """The start of "NAME, an apposition," that ends with the comma at ``comma``: the source with its apposition.

    The apposition ("Leonard E. Burman, director of ... and a professor at ...,") has no quotation mark and no
    cue verb."""
    tokens = article.tokens
    for k in range(comma - 1, max(first, comma - 40) - 1, -1):
        token = tokens[k]
        if token.text == ",":
            if k - 1 < first or not tokens[k - 1].is_word:
                return None
            return phrases.left_phrase(tokens, k - 1, first, VERB_SET)
        if token.is_word and token.lower in VERB_SET and not token.is_capitalised:
            return None
        if not token.is_word and token.text not in ".-()'’&":
            return None
    return None


def _titled(article: Article, close: int, first: int) -> int | None:
    """The start of a noun phrase with a quoted title that ends at the closing mark ``tokens[close]``: the source of
    'The book "Rivers of Stone" describes ...'. The title is short and capitalised, and a noun comes before it."""
    tokens = article.tokens
    quote = article.quote_ending_at(tokens[close].end)
    if quote is None or quote[1] != tokens[close].end:
        return None
    opening = article.token_at(quote[0])
    words = [t for t in tokens[opening + 1 : close] if t.is_word]
    if not words or len(words) > 8 or not words[0].is_capitalised or opening - 1 < first:
        return None
    return phrases.left_phrase(tokens, opening - 1, first, VERB_SET)


def _past_object(article: Article, after: int, end: int, verb: str) -> int:
    """Past the person spoken to ("told reporters", "told The Huffington Post on Thursday") when a clause follows."""
    if verb not in ADDRESSED:
        return after
    tokens = article.tokens
    for k in range(after, min(end, after + 8)):
        if tokens[k].lower == "that" or tokens[k].text == ":" or article.quote_starting_at(tokens[k].start):
            return k
        if not tokens[k].is_word and tokens[k].text not in ".-'’":
            return after
    return after


def _past_adjuncts(article: Article, last: int, end: int) -> int:
    """The last token of the words after a cue up to the next punctuation ("he said in an interview")."""
    tokens = article.tokens
    k = last
    while k + 1 < end and (tokens[k + 1].is_word or tokens[k + 1].text in "-'’") and k - last < 10:
        k += 1
    return k


def _rest_after_comma(article: Article, after: int, end: int) -> Span | None:
    """The rest of a sentence that a parenthetical report interrupts ("The difference, he said, is that ...")."""
    tokens = article.tokens
    for k in range(after, end):
        if tokens[k].text == ",":
            if k + 1 < end and tokens[k + 1].is_word:
                piece = trim(article.text, tokens[k + 1].start, tokens[end - 1].end, _STRIP)
                return piece if piece.text else None
            return None
        if not tokens[k].is_word:
            return None
    return None


def _according_to(article: Article, k: int, cue_last: int | None = None) -> Attribution | None:
    """ "according to SOURCE", after its content or before it (followed by a comma); also "as reported by SOURCE",
    "as described in SOURCE" (the cue from ``tokens[k]`` to ``tokens[cue_last]``). When such a report follows
    another of its sentence ("…,” said Ola Berg, as reported by Xinhua"), ``attributions`` gives it that report's content."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    cue_last = k + 1 if cue_last is None else cue_last
    cue = article.span(k, cue_last)
    last = phrases.right_phrase(tokens, cue_last + 1, end, VERB_SET, long=True)
    sources = (article.span(cue_last + 1, last),) if last is not None else ()
    contents: list[Span] = []
    if k > first:
        left = _content_left(article, k - 1, first) if _closing(tokens[k - 1]) else None
        if left is None:
            piece = trim(article.text, tokens[first].start, tokens[k - 1].end, _STRIP)
            left = piece if piece.text else None
        contents += [left] if left else []
    after = (last if last is not None else cue_last) + 1
    if after < end and tokens[after].text == "," and after + 1 < end:
        piece = trim(article.text, tokens[after + 1].start, tokens[end - 1].end, _STRIP)
        contents += [piece] if piece.text else []
    return Attribution(cue, sources, tuple(contents)) if contents else None


def _known_as(article: Article, k: int) -> Attribution | None:
    """ "known as NAME": a naming, which PolNeAR marks with no source and the name as content ("a bill, known as
    the “Justice Act”"); the noun before it is the thing named, not who names it."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    cue_first = _with_adverbs(tokens, k, first)
    if k + 2 >= end:
        return None
    begin = k + 3 if tokens[k + 2].lower in lexicon.DETERMINERS and k + 3 < end else k + 2
    quote = article.quote_starting_at(tokens[begin].start)
    if quote is not None:  # known as “the Gull Span”, as the “Justice Act”
        name = span(article.text, tokens[k + 2].start, quote[1])
    else:
        last = phrases.right_phrase(tokens, k + 2, end, VERB_SET)
        if last is None:
            return None
        name = article.span(k + 2, last)
    return Attribution(article.span(cue_first, k + 1), (), (name,))


def _passive_in(article: Article, k: int) -> Attribution | None:
    """A depiction with its source after "in": "These visits are often portrayed in state media as ...", "the plan
    was described in a memo". The source must be named or determined (not "described in detail", "reported in
    2015"); it runs to the next word that opens a phrase ("as efforts ..."). The subject, and what follows the
    source, are the content."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    begin = k + 2
    if begin >= end or not tokens[begin].is_word or tokens[begin].text[0].isdigit():
        return None
    if not (tokens[begin].is_capitalised or tokens[begin].lower in lexicon.DETERMINERS or _possessive(tokens[begin])):
        return None
    last = begin
    while (last + 1 < end and last + 1 - begin < phrases.MAX_WORDS and tokens[last + 1].is_word
           and tokens[last + 1].lower not in lexicon.BOUNDARY
           and (tokens[last + 1].lower not in VERB_SET or tokens[last + 1].lower in lexicon.NOUNISH)):
        last += 1
    if any(t.lower in lexicon.TIME_WORDS for t in tokens[begin : last + 1]):
        return None
    cue_first = _with_adverbs(tokens, k, first)
    subject = phrases.left_phrase(tokens, cue_first - 1, first, VERB_SET)
    if subject is None:
        return None
    contents = [article.span(subject, cue_first - 1)]
    rest = trim(article.text, tokens[last].end, tokens[end - 1].end, _STRIP) if last + 1 < end else None
    contents += [rest] if rest is not None and rest.text else []
    return Attribution(article.span(cue_first, k + 1), (article.span(begin, last),), tuple(contents))


def _dash_signature(article: Article, k: int) -> Attribution | None:
    """A quotation signed with a dash: “...” ― Jane Doe."""
    tokens = article.tokens
    quote = article.quote_ending_at(tokens[k].start)
    if quote is None or k + 1 >= len(tokens) or not tokens[k + 1].is_capitalised:
        return None
    line_end = article.text.find("\n", tokens[k].end)
    limit = article.token_at(line_end if line_end >= 0 else len(article.text))
    last = phrases.right_phrase(tokens, k + 1, limit, VERB_SET)
    if last is None:
        return None
    return Attribution(article.span(k, k), (article.span(k + 1, last),), (span(article.text, *quote),))


def _colon_speaker(article: Article, k: int) -> Attribution | None:
    """ "SPEAKER: words" at the start of a line: a transcript's speaker in capitals (after an opening quotation
    mark, as transcripts are often quoted whole), or a name that opens the headline ("Mayor Voss: ...").
    Labels ("UPDATE:", "The Latest:") and headlines with function words ("Stealth Over Health:") are none."""
    tokens = article.tokens
    line_start = article.text.rfind("\n", 0, tokens[k].start) + 1
    first = article.token_at(line_start)
    if first < k and tokens[first].text in {'"', "“", "''"}:
        first += 1
    words = tokens[first:k]
    if not words or len(words) > 6 or not all(t.is_capitalised or not t.is_word for t in words):
        return None
    if any(t.lower in lexicon.BOUNDARY or t.lower in lexicon.DETERMINERS or t.lower in lexicon.LABELS for t in words):
        return None
    speaker = all(t.text.isupper() for t in words if t.is_word)
    if not (speaker or line_start == 0):
        return None
    line_end = article.text.find("\n", tokens[k].end)
    content = trim(article.text, tokens[k].end, line_end if line_end >= 0 else len(article.text), " \t.")
    if not content.text:
        return None
    return Attribution(article.span(k, k), (article.span(first, k - 1),), (content,))


def _put_it(article: Article, k: int) -> Attribution | None:
    """ "as SOURCE put it": after its content ("..., as one memo put it.") or before it, after a comma."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    cue_first = _with_adverbs(tokens, k, first)
    source_first = phrases.left_phrase(tokens, cue_first - 1, first, VERB_SET)
    if source_first is None or source_first - 1 < first or tokens[source_first - 1].lower != "as":
        return None
    as_at = source_first - 1
    contents: list[Span] = []
    if as_at > first:
        left = _content_left(article, as_at - 1, first)
        contents += [left] if left else []
    else:
        more = _quote_after(article, _past_adjuncts(article, k + 1, end)) or _rest_after_comma(article, k + 2, end)
        contents += [more] if more else []
    if not contents:
        return None
    return Attribution(article.span(cue_first, k + 1), (article.span(source_first, cue_first - 1),), tuple(contents))


def _passive_by(article: Article, k: int) -> Attribution | None:
    """A passive report with its source after "by": "The plan was first reported by the Ledger", "she has been
    endorsed by three papers". The subject is the content."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    if tokens[k].lower == VERBS[tokens[k].lower] and not tokens[k].lower.endswith("ed"):
        return None  # a base form: not a participle
    cue_first = _with_adverbs(tokens, k, first)
    last = phrases.right_phrase(tokens, k + 2, end, VERB_SET)
    subject = phrases.left_phrase(tokens, cue_first - 1, first, VERB_SET)
    if last is None or subject is None:
        return None
    return Attribution(article.span(cue_first, k + 1), (article.span(k + 2, last),), (article.span(subject, cue_first - 1),))


POSSESSIVES = frozenset("his her their its our my your".split())


def _noun_attribution(article: Article, k: int) -> Attribution | None:
    """A reporting noun after its possessor, with a clause after it: "Trump's claim that ...", "her plan to ..."."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    if k + 1 >= end or tokens[k + 1].lower not in lexicon.NOUN_CUE_OPENERS:
        return None
    owner = k - 1
    if tokens[owner].lower not in POSSESSIVES:
        owner = phrases.left_phrase(tokens, owner, first, VERB_SET) or owner
    content = _content_right(article, k + 1, end)
    if content is None:
        return None
    return Attribution(article.span(k, k), (article.span(owner, k - 1),), (content,))


ISSUING_FORMS = frozenset(lexicon.forms(lexicon.ISSUING))


def _message_end(article: Article, k: int) -> int | None:
    """The index of the message noun that the issuing verb at ``tokens[k]`` puts out ("sent a letter", "unleashed a
    flurry of tweets"): after a determiner, within a few words, with nothing but words between."""
    tokens = article.tokens
    if k + 1 >= len(tokens) or not (tokens[k + 1].lower in lexicon.DETERMINERS or tokens[k + 1].lower in POSSESSIVES):
        return None  # "released a video", "sent his letter"; not "released video of ..."
    for j in range(k + 2, min(len(tokens), k + 7)):
        if not tokens[j].is_word and tokens[j].text not in "-":
            return None
        if tokens[j].lower in lexicon.MESSAGES:
            return j
        if tokens[j].lower in lexicon.BOUNDARY - {"of"} or tokens[j].lower in VERB_SET:
            return None
    return None


def _issued_message(article: Article, k: int) -> Attribution | None:
    """ "SOURCE sent a letter ...", "SOURCE released a statement saying ...": the verb is the cue; the message and
    the rest of its sentence are the content (PolNeAR marks the message as content when nothing else follows)."""
    tokens = article.tokens
    first, end = article.sentence_of(k)
    cue_first = _with_adverbs(tokens, k, first)
    source_first = phrases.left_phrase(tokens, cue_first - 1, first, VERB_SET)
    if source_first is None:
        return None
    content = trim(article.text, tokens[k + 1].start, tokens[end - 1].end, _STRIP)
    return Attribution(article.span(cue_first, k), (article.span(source_first, cue_first - 1),), (content,))


def _found_at(article: Article, k: int) -> _Found | None:
    """The attribution whose cue starts at ``tokens[k]``, if any."""
    tokens = article.tokens
    token = tokens[k]
    lower = token.lower
    following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    if lower == "according" and following == "to":
        found = _according_to(article, k)
    elif lower == "known" and following == "as":
        found = _known_as(article, k)
    elif lower in COMPARED and following in ("to", "with"):
        return None  # "55 mph, compared to air travel": a comparison, not a report
    elif lower in REPORTED and following in ("by", "in") and k > 0 and tokens[k - 1].lower == "as":
        found = _according_to(article, k - 1, k + 1)
    elif lower in DEPICTED and following == "in" and _after_be(article, k):
        found = _passive_in(article, k)
    elif lower in lexicon.BELIEF_ADJECTIVES and not (lower in BELIEF_VERB_PASTS and following == "that"):
        return _verb_attribution(article, k) if _after_be(article, k) else None
    elif lower in lexicon.NOUN_CUES and k > 0 and (_possessive(tokens[k - 1]) or tokens[k - 1].lower in POSSESSIVES):
        found = _noun_attribution(article, k)
    elif lower in ISSUING_FORMS and not token.is_capitalised and _message_end(article, k) is not None:
        found = _issued_message(article, k)
    elif lower in CONTINUE_FORMS and k + 1 < len(tokens) and tokens[k + 1].text in ":.,":
        return _verb_attribution(article, k)
    elif lower == "put" and k + 1 < len(tokens) and tokens[k + 1].lower == "it":
        found = _put_it(article, k)
    elif lower in PHRASAL_FORMS and _phrasal_end(article, k) is not None and (not token.is_capitalised or _title_line(article, k)):
        return _verb_attribution(article, k)
    elif lower in VERB_SET and k + 1 < len(tokens) and tokens[k + 1].lower == "by" and _after_be(article, k):
        found = _passive_by(article, k)
    elif lower in VERB_SET and (not token.is_capitalised or article.sentence_of(k)[0] == k or _title_line(article, k)):
        return _verb_attribution(article, k)
    elif token.text in {"―", "—", "--"}:
        found = _dash_signature(article, k)
    elif token.text == ":":
        found = _colon_speaker(article, k)
    else:
        return None
    return _Found(found) if found is not None else None


def _after_be(article: Article, k: int) -> bool:
    """Whether a form of "be" precedes ``tokens[k]``, perhaps with adverbs between ("was not quite sure")."""
    j = k - 1
    while j >= 0 and article.tokens[j].lower not in lexicon.BE_FORMS and _is_adverb(article.tokens[j]):
        j -= 1
    if j >= 1 and article.tokens[j].lower == "be" and article.tokens[j - 1].lower == "to":
        return False  # "to be sure", an adverb
    return j >= 0 and article.tokens[j].lower in lexicon.BE_FORMS


def _title_line(article: Article, k: int) -> bool:
    """Whether ``tokens[k]`` is in a headline written in title case ("Graham Says Trump Could ...")."""
    start = article.text.rfind("\n", 0, article.tokens[k].start) + 1
    stop = article.text.find("\n", article.tokens[k].start)
    words = [t for t in tokenize(article.text[start : stop if stop >= 0 else len(article.text)]) if t.is_word]
    return len(words) >= 3 and sum(t.is_capitalised for t in words) >= 0.7 * len(words)


def _candidates(article: Article) -> Iterator[Attribution]:
    """Every attribution, a shared subject filled in from the previous attribution of the same sentence
    (or else the sentence's first noun phrase)."""
    previous: Attribution | None = None
    for k, token in enumerate(article.tokens):
        if token.text != ":" and article.quote_around(token.start) is not None:
            continue  # a colon may follow a quoted transcript's speaker: "“PENCE: Well, ..."
        found = _found_at(article, k)
        if found is None:
            continue
        attribution = found.attribution
        if found.shares_subject:
            attribution = _with_shared_subject(article, k, attribution, previous)
        if previous is not None:
            attribution = _share_reported_content(article, [previous, attribution])[1]
        previous = attribution
        yield attribution


def _with_shared_subject(article: Article, k: int, attribution: Attribution, previous: Attribution | None) -> Attribution:
    first, _ = article.sentence_of(k)
    if previous is not None and previous.sources and previous.cue.start >= article.tokens[first].start:
        sources = previous.sources
    else:
        subject = _subject(article, first, k)
        sources = (subject,) if subject else ()
    return Attribution(attribution.cue, sources, attribution.contents, attribution.kind)


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


_CLAUSE_BREAK = re.compile(
    r"(?:[,;:]|\s[—–-]+)\s+(?:(?:and|but|while|whereas|though|although|as)\s+)?"
    r"|\s+(?:and|but)\s+(?:\w+ly\s+|also\s+|then\s+)?$"  # a second verb of the same subject: "... and said"
)


def _resolve_nesting(text: str, found: list[Attribution]) -> list[Attribution]:
    """Attributions within another's content: a report in the reported clause ("she said [he plans to ...]") is
    part of that content and dropped, as annotators leave it; one after a clause break in an over-long content
    ("Trump said A, but Clinton noted B") cuts that content short before it instead."""
    result = list(found)
    dropped: set[int] = set()
    for i, inner in enumerate(found):
        for j, outer in enumerate(found):
            if i == j or j in dropped:
                continue
            for n, content in enumerate(outer.contents):
                if not _inside(inner.cue, content):
                    continue
                anchor = min([inner.cue.start] + [s.start for s in inner.sources if s.start >= content.start])
                lead = text[content.start : anchor]
                breaks = list(_CLAUSE_BREAK.finditer(lead))
                if not breaks:
                    dropped.add(i)
                elif not inner.sources and inner.cue.text.lower().endswith("known as"):
                    continue  # a naming inside the content ("performers known as ...") is no second clause: it cuts nothing
                else:
                    cut = trim(text, content.start, content.start + breaks[-1].start(), _STRIP)
                    if cut.text:
                        contents = result[j].contents[:n] + (cut,) + result[j].contents[n + 1 :]
                        result[j] = Attribution(result[j].cue, result[j].sources, contents, result[j].kind)
    return [a for i, a in enumerate(result) if i not in dropped]


_AS_REPORTED = re.compile(r"as\s+\S+\s+(?:by|in)", re.IGNORECASE)


def _share_reported_content(article: Article, found: list[Attribution]) -> list[Attribution]:
    """ "said Ola Berg, as reported by Xinhua": the outlet reports the same words as the report before it in the
    sentence, so it takes that report's content (rather than the clause before it, which holds that report)."""
    result = list(found)
    for i, outer in enumerate(found):
        if not _AS_REPORTED.fullmatch(outer.cue.text):
            continue
        first, _ = article.sentence_of(article.token_at(outer.cue.start))
        sentence_start = article.tokens[first].start
        before = [a for a in result[:i] if sentence_start <= a.cue.start < outer.cue.start]
        contents = [trim(article.text, c.start, min(c.end, outer.cue.start), _STRIP)
                    for c in (before[-1].contents if before else ()) if c.start < outer.cue.start]
        contents = [c for c in contents if c.text]
        if contents:
            result[i] = Attribution(outer.cue, outer.sources, tuple(contents), outer.kind)
    return result


def attributions(text: str) -> list[Attribution]:
    """The attributions of an article, in the text order of their cues."""
    article = Article(text)
    found = _resolve_nesting(text, sorted(_candidates(article), key=lambda a: (a.cue.start, a.cue.end)))
    found = _share_reported_content(article, found)
    unique: list[Attribution] = []
    for a in found:
        if not unique or (unique[-1].cue.start, unique[-1].cue.end) != (a.cue.start, a.cue.end):
            unique.append(a)
    return unique
