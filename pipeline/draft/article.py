"""Draft an article's annotations: from claims/<article_id>.txt to claims/<article_id>.toml, every entry marked
``drafted = true`` for the curator to confirm.

    python draft.py claims/<article_id>.txt --publisher SOURCE_ID --url URL [--title T] [--published YYYY-MM-DD]

What it writes (the build then accepts the article as annotated, with one "drafted, not yet confirmed" notice):

* ``claims/<article_id>.toml``: ``[article]`` (``status = "annotated"``, ``text_sha256`` of the file's bytes) and one
  ``[[claims]]`` entry per statement (``pipeline.draft.statements``), with its attribution, source and speaker (this
  module), quantities (``pipeline.draft.quantities``), claim_type, checkworthy and hedge
  (``pipeline.draft.classify``); ``claim`` is the statement itself. It refuses to write over an existing file.
* new sources (``pipeline.draft.sources``) appended to ``claims/sources.toml``, after its last byte, each marked
  ``drafted = true``: the file's existing bytes never change.
* the article's id added to ``articles`` in ``claims/dataset.toml`` (the only change to that file), with a reminder to
  reread the dataset's description.

Attribution of a statement, from ``pipeline.draft.attribution.attributions``:

* ``explicit`` when the cue of an attribution whose source may assert it (``pipeline.draft.asserters``: a known
  source, a proper name, a noun such as "officials" or "the report", or "he"/"she" for the person last cited; not
  "The hull also boasts ...") lies in it: the source is what the span names ("The warden, Ola Berg," is Ola Berg,
  "Researchers at Kelp Marine Services" is the firm); when one attribution names a person and another an outlet
  ("said Ola Berg … as reported by Xinhua"), the outlet is the source and the person the speaker; the cues are
  joined by " … ", each without the auxiliaries before it and with a "that" after it ("states that");
* ``implicit`` when it has no cue but lies in the reported content of an attribution whose cue is in another
  statement (the clause after "states that X and", the next sentence of a quote);
* ``none`` otherwise: the publisher's own (a statement is never given a guessed source).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

import schema
from pipeline.draft import asserters, classify, lexicon, toml
from pipeline.draft import quantities as numbers
from pipeline.draft.attribution import Attribution, Span, attributions
from pipeline.draft.sources import Resolver, Source
from pipeline.draft.statements import statements
from pipeline.draft.text import sentences

SOURCES_FILE, CARD_FILE = "sources.toml", "dataset.toml"
HEADER = """\
# Annotations of claims/{article_id}.txt, DRAFTED by `python draft.py`: every value below is a machine's guess.
# Check each [[claims]] entry against the text (statement boundaries, source, speaker, attribution, cue, claim
# type, check-worthiness, hedge, quantities), rewrite `claim` so that it stands alone (resolve pronouns), then
# delete its `drafted = true`. The build reports the entries still drafted; a reviewed article may have none.
# Keys are the columns of the data dictionary in README.md; offsets are computed by `python validate.py`.
"""


@dataclass(frozen=True)
class Statement:
    """One drafted [[claims]] entry."""

    span: Span
    source: Source
    attribution: str  # explicit, implicit or none
    cue: str | None = None
    speaker: Source | None = None
    continues: int | None = None  # for implicit: the index of the statement whose cue governs it
    quantities: tuple[numbers.Quantity, ...] = ()
    claim_type: str = "property"
    checkworthy: bool = True
    hedge: str | None = None


@dataclass
class Draft:
    """What drafting one article produced: the annotation file's text and the sources it proposes."""

    article_id: str
    statements: list[Statement]
    toml: str
    proposed: list[Source] = field(default_factory=list)
    listed: bool = False  # whether write() added the article to claims/dataset.toml


def draft(text: str, article_id: str, *, publisher: str, url: str, sources: Sequence[dict], sha256: str,
          language: str = "en", title: str | None = None, published: datetime.date | None = None) -> Draft:
    """Draft the annotations of ``text`` (``sources``: the [[sources]] entries of claims/sources.toml)."""
    found = attributions(text)
    spans = statements(text, sentences(text), found)
    resolver = Resolver(sources, text)
    publisher_source = next(s for s in resolver.existing if s.source_id == publisher)
    drafted = _attribute(text, spans, found, resolver, publisher_source)
    body = _article_table(article_id, publisher, url, language, sha256, title, published)
    body += _claims(text, article_id, drafted)
    proposed = list({s.source_id: s for s in resolver.proposed.values()}.values())
    return Draft(article_id, drafted, HEADER.format(article_id=article_id) + "\n" + body, proposed)


def _attribute(text: str, spans: Sequence[Span], found: Sequence[Attribution], resolver: Resolver,
               publisher: Source) -> list[Statement]:
    """Each statement's attribution, source, speaker and cue, then its quantities, type and hedge."""
    drafted: list[Statement] = []
    governing: dict[Attribution, int] = {}  # each attribution -> the statement holding its cue
    resolved: dict[Attribution, tuple[Source, Source | None]] = {}
    last_person: Source | None = None  # whom "he" or "she" names
    for index, span in enumerate(spans):
        own, cited = [], []
        for attribution in (a for a in found if span.start <= a.cue.start and a.cue.end <= span.end):
            asserter = _asserter(text, attribution, resolver, last_person)
            if asserter is not None:
                own.append(attribution)
                cited.append(asserter)
                last_person = asserter if asserter.kind == "person" else last_person
        if own:
            source, speaker = _who(cited)
            for attribution in own:
                governing[attribution] = index
                resolved[attribution] = (source, speaker)
            statement = Statement(span, source, "explicit", _cue(text, span, own), speaker)
        elif (covering := _covering(span, found, governing)) is not None:
            source, speaker = resolved[covering]
            statement = Statement(span, source, "implicit", None, speaker, continues=governing[covering])
        else:
            statement = Statement(span, publisher, "none")
        if statement.source == publisher:  # the publisher cites itself: its own assertion
            statement = Statement(span, publisher, "none")
        drafted.append(_classified(statement))
    return drafted


def _asserter(text: str, attribution: Attribution, resolver: Resolver, last_person: Source | None) -> Source | None:
    """The source an attribution gives a statement, or None when its source span names no plausible asserter
    (``pipeline.draft.asserters``): a known source by the whole span or by the name in it, "he"/"she" as the person
    last cited, else a plausible name, matched or proposed."""
    if not attribution.sources:
        return None
    whole = attribution.sources[0]
    if asserters.is_personal(whole):
        return last_person
    name = asserters.named(text, whole)
    for candidate in (whole, name):
        known = resolver.known(candidate.text, candidate.start)
        if known is not None:
            return known
    return resolver.resolve(name.text, name.start) if asserters.plausible(text, name) else None


def _who(cited: Sequence[Source]) -> tuple[Source, Source | None]:
    """The source and speaker of a statement's attributions: an outlet reporting a person's words is the source and
    the person the speaker."""
    people = [s for s in cited if s.kind == "person"]
    others = [s for s in cited if s.kind != "person"]
    if people and others:
        return others[0], people[0]
    return cited[0], None


def _cue(text: str, span: Span, own: Sequence[Attribution]) -> str:
    """The cues in text order, joined by " … ", as they appear in the statement (an explicit attribution needs one);
    each without the auxiliaries and adverbs before its verb ("are often portrayed in" -> "portrayed in") and with
    a "that" right after it ("states that"), as the curated articles write cues."""
    parts = []
    for attribution in sorted(own, key=lambda a: a.cue.start):
        start, end = max(attribution.cue.start, span.start), min(attribution.cue.end, span.end)
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and words[0].group().lower() in lexicon.AUXILIARIES:
            words.pop(0)
        if words:
            start = start + words[0].start()
        that = re.match(r"\s+that\b", text[end:span.end])
        end = end + that.end() if that else end
        parts.append(" ".join(text[start:end].split()))
    return " … ".join(dict.fromkeys(p for p in parts if p)) or span.text.split()[0]


def _covering(span: Span, found: Sequence[Attribution], governing: dict[Attribution, int]) -> Attribution | None:
    """The attribution, already met in an earlier statement, whose reported content this statement lies in most."""
    best, most = None, 0
    for attribution in found:
        if attribution not in governing:
            continue
        overlap = sum(max(0, min(c.end, span.end) - max(c.start, span.start)) for c in attribution.contents)
        if overlap * 2 > len(span.text) and overlap > most:
            best, most = attribution, overlap
    return best


def _classified(statement: Statement) -> Statement:
    found = tuple(numbers.quantities(statement.span.text))
    person = statement.speaker is not None or statement.source.kind == "person"
    kind = classify.claim_type(statement.span.text, attributed=statement.attribution != "none", person=person,
                               has_quantity=bool(found))
    return Statement(statement.span, statement.source, statement.attribution, statement.cue, statement.speaker,
                     statement.continues, found, kind, classify.checkworthy(kind), classify.hedge(statement.span.text))


def _article_table(article_id: str, publisher: str, url: str, language: str, sha256: str, title: str | None,
                   published: datetime.date | None) -> str:
    lines = ["[article]"]
    lines += [f"title = {toml.value(title)}"] if title else [
        "# title omitted: not given to draft.py (--title); add it where a stored copy of the page shows it."]
    lines += [f"publisher_id = {toml.value(publisher)}", f"url = {toml.value(url)}"]
    lines += [f"published = {toml.value(published)}"] if published else [
        "# published omitted: not given to draft.py (--published); add it where a stored copy shows the day."]
    lines += [f"language = {toml.value(language)}", f"text_sha256 = {toml.value(sha256)}",
              "# Drafted: annotated, not yet reviewed (no reviews file yet).", 'status = "annotated"']
    return "\n".join(lines) + "\n"


def _claims(text: str, article_id: str, drafted: Sequence[Statement]) -> str:
    out, paragraph = [], 0
    for number, statement in enumerate(drafted, start=1):
        now = text.count("\n", 0, statement.span.start) + 1
        if now != paragraph:
            paragraph = now
            out.append(f"\n# --- Paragraph {paragraph} " + "-" * max(3, 62 - len(str(paragraph))) + "\n")
        comments = []
        if statement.continues is not None:
            governor = drafted[statement.continues]
            comments.append(f"Drafted as implicit: within what {article_id}-{statement.continues + 1:03d} "
                            f"attributes to {governor.source.name} ({governor.cue or 'its cue'}).")
        out.append("\n" + toml.entry("claims", {
            "claim_id": f"{article_id}-{number:03d}", "drafted": True, "statement": statement.span.text,
            "claim": statement.span.text, "source_id": statement.source.source_id,
            "speaker_id": statement.speaker.source_id if statement.speaker else None,
            "attribution": statement.attribution, "cue": statement.cue, "claim_type": statement.claim_type,
            "checkworthy": statement.checkworthy, "hedge": statement.hedge}, comments))
        for quantity in statement.quantities:
            out.append("\n" + toml.entry("claims.quantities", {
                "text": quantity.text, "value": quantity.value, "unit": quantity.unit,
                "approximate": quantity.approximate}))
    return "".join(out)


def sources_entries(proposed: Sequence[Source], article_id: str, drafted: Sequence[Statement]) -> str:
    """The [[sources]] entries to append for the proposed sources, each marked drafted."""
    out = []
    for source in proposed:
        cue = next((s.cue for s in drafted if source in (s.source, s.speaker) and s.cue), None)
        role = "quoted" if any(s.speaker == source for s in drafted) else "cited"
        description = (f"Drafted: {role} in {article_id} as \"{source.cited_as}\"" + (f" ({cue})" if cue else "")
                       + "; say who the source is.")
        out.append("\n" + toml.entry("sources", {
            "source_id": source.source_id, "drafted": True, "name": source.name, "kind": source.kind,
            "description": description},
            [f"Proposed by `python draft.py claims/{article_id}.txt`: check the name and kind, add the country",
             "where known and a one-line description, then delete `drafted = true`."]))
    return "".join(out)


class Refused(Exception):
    """The drafter will not write: the message says why and what to do."""


def write(text_path: Path, *, publisher: str, url: str, language: str = "en", title: str | None = None,
          published: datetime.date | None = None) -> Draft:
    """Draft claims/<article_id>.toml beside the text, append its proposed sources, and list it in the card."""
    claims = text_path.parent
    article_id = text_path.stem
    target = claims / f"{article_id}.toml"
    if text_path.suffix != ".txt" or not re.fullmatch(schema.SLUG, article_id):
        raise Refused(f"{text_path}: expected claims/<article_id>.txt, the article_id a lowercase slug")
    if target.exists():
        raise Refused(f"{target}: already exists; draft.py never overwrites annotations (move it away to redraft)")
    try:
        raw = text_path.read_bytes()
        text = raw.decode("utf-8")
        sources_text = (claims / SOURCES_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Refused(f"cannot read the article or {claims / SOURCES_FILE}: {error}") from None
    existing = rtoml.loads(sources_text).get("sources", [])
    if publisher not in {s.get("source_id") for s in existing}:
        raise Refused(f"--publisher {publisher!r}: no such source_id in {claims / SOURCES_FILE}; add a [[sources]] "
                      "entry for the publisher first")
    result = draft(text, article_id, publisher=publisher, url=url, sources=existing,
                   sha256=hashlib.sha256(raw).hexdigest(), language=language, title=title, published=published)
    card = _card_with(claims / CARD_FILE, article_id)
    with target.open("x", encoding="utf-8", newline="\n") as out:  # "x": never over a file made meanwhile
        out.write(result.toml)
    if result.proposed:
        with (claims / SOURCES_FILE).open("a", encoding="utf-8", newline="\n") as out:
            out.write(("" if sources_text.endswith("\n") or not sources_text else "\n")
                      + sources_entries(result.proposed, article_id, result.statements))
    if card is not None:
        (claims / CARD_FILE).write_text(card, encoding="utf-8", newline="\n")
        result.listed = True
    return result


def _card_with(path: Path, article_id: str) -> str | None:
    """claims/dataset.toml with the article added to its ``articles`` list (None if it is already there, or the file
    or the list is missing: the build then says what to do)."""
    try:
        card = path.read_text(encoding="utf-8")
    except OSError:
        return None
    listed = re.search(r"(?m)^articles\s*=\s*\[(?P<items>[^\]]*)\]", card)
    if listed is None or f'"{article_id}"' in listed["items"]:
        return None
    items = listed["items"].rstrip()
    addition = ("" if not items.strip() else ", ") + toml.value(article_id)
    at = listed.start("items") + len(items)
    return card[:at] + addition + card[at:]


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main_article(argv: Sequence[str]) -> int:
    """The article mode of draft.py; 0 when written, 2 for a usage error or a refusal."""
    parser = argparse.ArgumentParser(prog="draft.py", description="Draft claims/<article_id>.toml from its text.")
    parser.add_argument("text", type=Path, help="the article text, claims/<article_id>.txt")
    parser.add_argument("--publisher", required=True, help="source_id of the publisher (in claims/sources.toml)")
    parser.add_argument("--url", required=True, help="where the article was published (absolute http(s) URL)")
    parser.add_argument("--language", default="en", help="BCP 47 tag of the text (default: en)")
    parser.add_argument("--title", help="the headline, where a stored copy of the page shows it")
    parser.add_argument("--published", type=_date, help="publication day (YYYY-MM-DD), where a copy shows it")
    args = parser.parse_args(list(argv))
    if not re.match(schema.HTTP_URL, args.url):
        parser.error(f"--url {args.url!r}: not an absolute http(s) URL")
    try:
        result = write(args.text, publisher=args.publisher, url=args.url, language=args.language, title=args.title,
                       published=args.published)
    except Refused as refusal:
        print(f"draft.py: {refusal}", file=sys.stderr)
        return 2
    claims = args.text.parent
    kinds = {k: sum(s.attribution == k for s in result.statements) for k in schema.ATTRIBUTIONS}
    print(f"wrote {claims / (result.article_id + '.toml')}: {len(result.statements)} statements drafted ("
          + ", ".join(f"{n} {k}" for k, n in kinds.items()) + f"), "
          f"{sum(len(s.quantities) for s in result.statements)} quantities")
    for source in result.proposed:
        print(f"proposed source {source.source_id!r} ({source.kind}) in {claims / SOURCES_FILE}, marked drafted")
    if result.listed:
        print(f"listed {result.article_id!r} in {claims / CARD_FILE}: reread its title, description, keywords and "
              "[responsible_ai] for the new article")
    print("next: check each drafted entry, delete its `drafted = true`, and run `python validate.py`")
    return 0
