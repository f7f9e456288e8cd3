"""The drafter's parts on their own, on sentences written for these tests: quantities, statements, source matching
and the claim-type rules (tests/test_draft_article.py drafts a whole article)."""

from __future__ import annotations

import pytest

import schema
from pipeline.draft import classify
from pipeline.draft.attribution import Span
from pipeline.draft.quantities import quantities
from pipeline.draft.sources import Resolver, guess_kind
from pipeline.draft.statements import statements


def only(statement: str) -> tuple:
    [quantity] = quantities(statement)
    return quantity.text, quantity.value, quantity.unit, quantity.approximate


@pytest.mark.parametrize("statement, expected", [
    ("The pier has three cranes.", ("three cranes", 3, "crane", False)),
    ("It seats twenty-five diners.", ("twenty-five diners", 25, "diner", False)),
    ("They hired a dozen divers.", ("a dozen divers", 12, "diver", False)),
    ("The town has 2.5 million residents.", ("2.5 million residents", 2_500_000, "resident", False)),
    ("Nearly 1,400 people came.", ("Nearly 1,400 people", 1400, "person", True)),
])
def test_number_words_digits_and_scales_become_values(statement, expected):
    assert only(statement) == expected


@pytest.mark.parametrize("statement, expected", [
    ("The tram runs at 25 mph.", ("25 mph", 25, "mph", False)),
    ("It reached roughly 80 kilometres per hour.", ("roughly 80 kilometres per hour", 80, "km/h", True)),
    ("The track is 12 miles long.", ("12 miles", 12, "mi", False)),
    ("The tunnel is 4 km long.", ("4 km", 4, "km", False)),
])
def test_physical_units_take_their_standard_spelling(statement, expected):
    assert only(statement) == expected
    assert expected[2] in schema.UNIT_CONVERSIONS


def test_quantities_satisfy_the_schema_rule_on_their_value():
    found = quantities("Some 3 million tonnes, twenty-one barges and a hundred workers moved 40% more in 2024.")
    assert found and all(schema._writes_number(q.text, q.value) for q in found)


@pytest.mark.parametrize("statement", [
    "The quay opened in 2019.",
    "Work began on 14 March.",
    "One for the crew and another for the cargo.",
    "The F35 flew over the 3rd pier.",
])
def test_years_dates_pronouns_and_names_are_not_quantities(statement):
    assert quantities(statement) == []


def test_hedge_is_part_of_the_quantity_text():
    [quantity] = quantities("The ferry carried around 40 cars.")
    assert quantity.text == "around 40 cars" and quantity.approximate


def spans(text: str) -> list[str]:
    """The statements of ``text`` cut by the clause rules alone (each line one sentence)."""
    lines, start = [], 0
    for line in text.split("\n"):
        lines.append(Span(start, start + len(line), line))
        start += len(line) + 1
    return [span.text for span in statements(text, lines, [])]


def test_statements_cover_text_no_sentence_holds():
    text = "First part. Second part.\n\nA loose line"
    found = statements(text, [Span(0, 11, "First part.")], [])
    assert [s.text for s in found] == ["First part.", "Second part.", "A loose line"]


def test_a_sentence_over_a_line_end_is_cut_there():
    text = "One line\nanother line."
    assert [s.text for s in statements(text, [Span(0, len(text), text)], [])] == ["One line", "another line."]


def test_list_with_serial_comma_is_not_split():
    assert spans("The shop sells rope, nets, and anchors.") == ["The shop sells rope, nets, and anchors."]


def test_second_clause_after_comma_and_is_split():
    assert spans("The harbour was dredged last spring, and the quay was widened.") == [
        "The harbour was dredged last spring,", "and the quay was widened."]


def test_second_predicate_after_and_is_split():
    assert spans("The crane lifts ten tonnes and even works in gales.") == [
        "The crane lifts ten tonnes", "and even works in gales."]


def test_short_noun_before_which_is_not_split():
    assert spans("The dam, which opened in 1990, holds a lake.") == ["The dam, which opened in 1990, holds a lake."]


def test_relative_clause_after_a_long_clause_is_split():
    assert spans("The log was kept by the harbour master Tom Reed, who sailed with the fleet.") == [
        "The log was kept by the harbour master Tom Reed,", "who sailed with the fleet."]


SOURCES = [{"source_id": "unification", "name": "Ministry of Unification (South Korea)", "kind": "government_agency"},
           {"source_id": "tide-book", "name": "Tide Tables (book by Jo Fenn)", "kind": "book"},
           {"source_id": "the-tribune", "name": "The Tribune", "kind": "newspaper"}]


@pytest.mark.parametrize("span, expected", [
    ("South Korea's Ministry of Unification", "unification"),
    ("the Tribune", "the-tribune"),
    ('the book "Tide Tables"', "tide-book"),
])
def test_existing_source_is_matched_by_name_variants(span, expected):
    assert Resolver(SOURCES, span).resolve(span, 0).source_id == expected


def test_definite_description_refers_back_to_a_source_of_its_kind():
    text = 'The figures come from "Tide Tables". The book describes the spring tides.'
    assert Resolver(SOURCES, text).resolve("The book", text.index("The book")).source_id == "tide-book"


def test_unknown_source_is_proposed_once_with_a_slug():
    resolver = Resolver(SOURCES, "")
    first, again = resolver.resolve("the Harbour Watch", 0), resolver.resolve("Harbour Watch", 10)
    assert first is again and (first.source_id, first.name, first.proposed) == ("harbour-watch", "Harbour Watch", True)


@pytest.mark.parametrize("name, kind", [
    ("Coast Radio", "broadcaster"), ("Bay Ferry Authority", "government_agency"), ("Mara Lind", "person"),
    ("Island Tribune", "newspaper"), ("Delta Wire", "news_agency"), ("Reef Institute", "organization"),
])
def test_proposed_source_kind_is_guessed_from_its_name(name, kind):
    assert guess_kind(name) == kind


@pytest.mark.parametrize("statement, kind", [
    ("Take a look at the photos below.", "not_a_claim"),
    ("Is this the end of the line?", "not_a_claim"),
    ("It is the best pier in the county.", "opinion"),
    ("The line will reopen in May.", "prediction"),
    ("The line closed because of the flood.", "causal"),
    ("The mayor visited the pier yesterday.", "event"),
    ("The pier is made of oak.", "property"),
])
def test_claim_type_rules(statement, kind):
    assert classify.claim_type(statement, attributed=False, person=False, has_quantity=False) == kind


def test_hedge_words_are_joined_in_order_and_number_hedges_need_a_number():
    assert classify.hedge("It is estimated to hold about 90 boats.") == "estimated … about"
    assert classify.hedge("They talked about the boats.") is None


def test_attribution_without_a_source_leaves_the_statement_to_the_publisher(monkeypatch):
    from pipeline.draft import article
    from pipeline.draft.attribution import Attribution

    text = "It is said that the pier is old."
    cue = Span(6, 10, "said")
    monkeypatch.setattr(article, "attributions", lambda text: [Attribution(cue, (), (Span(0, len(text), text),),
                                                                           "explicit")])
    result = article.draft(text, "pier-2025", publisher="gazette", url="https://example.org/pier", sha256="0" * 64,
                           sources=[{"source_id": "gazette", "name": "Gazette", "kind": "newspaper"}])
    [statement] = result.statements
    assert (statement.attribution, statement.source.source_id, statement.cue) == ("none", "gazette", None)


def test_explicit_cue_is_the_statements_own_text_when_the_engine_words_it_otherwise(monkeypatch):
    from pipeline.draft import article
    from pipeline.draft.attribution import Attribution

    text = "The pier is old, the Harbour Trust says."
    at, by = text.index("says"), text.index("the Harbour Trust")
    cue, source = Span(at, at + 4, "is saying"), Span(by, by + 17, "the Harbour Trust")
    monkeypatch.setattr(article, "attributions", lambda text: [Attribution(cue, (source,), (Span(0, 15, text[:15]),),
                                                                           "explicit")])
    result = article.draft(text, "pier-2025", publisher="gazette", url="https://example.org/pier", sha256="0" * 64,
                           sources=[{"source_id": "gazette", "name": "Gazette", "kind": "newspaper"}])
    [statement] = result.statements
    assert (statement.attribution, statement.cue, statement.source.name) == ("explicit", "says", "Harbour Trust")


# Which engine sources may assert a statement (pipeline.draft.asserters) and the name within the span.


def source_of(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase)


@pytest.mark.parametrize("text, phrase, name", [
    ("The warden, Ola Berg, said the gates held.", "The warden, Ola Berg,", "Ola Berg"),
    ("Researchers at Kelp Marine Services said so.", "Researchers at Kelp Marine Services", "Kelp Marine Services"),
    ("Officials from the Port Authority said so.", "Officials from the Port Authority", "the Port Authority"),
    ("The mayor of Alder said the gates held.", "The mayor of Alder", "The mayor of Alder"),
    ("Friends of the Earth said the gates leak.", "Friends of the Earth", "Friends of the Earth"),
    ("“It held,” said Ola Berg, a diver.", "Ola Berg", "Ola Berg"),
])
def test_the_name_within_a_source_span(text, phrase, name):
    from pipeline.draft.asserters import named
    assert named(text, source_of(text, phrase)).text == name


@pytest.mark.parametrize("text, phrase, expected", [
    ("The hull also boasts three decks.", "The hull", False),
    ("It is a slower but quieter option compared to flying.", "quieter option", False),
    ("Dancers known as “gulls” perform.", "Dancers", False),
    ("Analysts say the toll will rise.", "Analysts", True),
    ("Reuters reported the closure, as a Reuters photo showed.", "Reuters", True),
    ("The talks with Nordic envoys went well.", "Nordic envoys", True),
    ("A spokesman for the port said it reopened.", "A spokesman for the port", True),
    ("The report finds that the toll rose.", "The report", True),
    ("Local media portrayed the visit as a success.", "Local media", True),
])
def test_a_source_must_be_a_plausible_asserter(text, phrase, expected):
    from pipeline.draft.asserters import plausible
    assert plausible(text, source_of(text, phrase)) is expected


def test_a_name_before_its_apposition():
    from pipeline.draft.asserters import named
    text = "Ola Berg, a warden at the dam, said the gates held."
    assert named(text, source_of(text, "Ola Berg, a warden at the dam,")).text == "Ola Berg"


def test_only_plausible_asserters_source_a_drafted_statement():
    from pipeline.draft.article import draft
    sources = [{"source_id": "example-gazette", "name": "Example Gazette", "kind": "news_website"}]
    text = ("Ola Berg, a warden at the dam, said the gates were sound. “We were lucky,” she said. "
            "The hull also boasts three decks. Officials at the Alder Water Board said repairs would start soon.")
    drafted = draft(text, "dam-2025", publisher="example-gazette", url="https://example.org/dam", sources=sources,
                    sha256="0" * 64).statements
    assert [(s.attribution, s.source.source_id, s.cue) for s in drafted] == [
        ("explicit", "ola-berg", "said"), ("explicit", "ola-berg", "said"), ("none", "example-gazette", None),
        ("explicit", "alder-water-board", "said")]
