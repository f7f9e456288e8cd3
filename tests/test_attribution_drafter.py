"""The rule-based attribution drafter (pipeline.draft) on made-up sentences, one pattern each; sentence
splitting; Citron's JSON format, its round trip and code-point offsets; and the draft.py command."""

from __future__ import annotations

import json

import pytest

import draft
from pipeline.draft.attribution import Attribution, attributions
from pipeline.draft.citron import from_json, to_json
from pipeline.draft.text import sentences


def texts(found: list[Attribution]) -> list[tuple[str, list[str], list[str]]]:
    """Each attribution as (cue, sources, contents) texts."""
    return [(a.cue.text, [s.text for s in a.sources], [c.text for c in a.contents]) for a in found]


def only(text: str) -> tuple[str, list[str], list[str]]:
    found = texts(attributions(text))
    assert len(found) == 1, found
    return found[0]


# Sentences.


def test_sentences_keep_abbreviations_initials_and_dotted_acronyms():
    text = "Mr. Holm met U.S. officials on Jan. 5 with Jane Q. Public. They left."
    assert [s.text for s in sentences(text)] == ["Mr. Holm met U.S. officials on Jan. 5 with Jane Q. Public.", "They left."]


def test_sentences_end_after_a_closing_quotation_mark():
    text = "She said: “It holds.” Then she left."
    assert [s.text for s in sentences(text)] == ["She said: “It holds.”", "Then she left."]


def test_a_dotted_acronym_ends_a_sentence_before_a_plain_opener():
    assert [s.text for s in sentences("They flew to the U.S. The trip was long.")] == ["They flew to the U.S.", "The trip was long."]


def test_every_line_is_a_paragraph_and_spans_are_trimmed():
    text = "  First line without a stop\n\nSecond line. "
    found = sentences(text)
    assert [s.text for s in found] == ["First line without a stop", "Second line."]
    assert all(text[s.start : s.end] == s.text for s in found)


# One pattern each.


def test_source_verb_that_clause():
    assert only("The mayor of Alder said that the dam would hold.") == ("said", ["The mayor of Alder"], ["that the dam would hold"])


def test_quotation_then_pronoun_and_verb():
    assert only("“The dam will hold,” she said.") == ("said", ["she"], ["“The dam will hold,”"])


def test_quotation_then_inverted_verb_and_name():
    cue, sources, contents = only("“We are ready,” said Mara Voss, a spokeswoman for the utility.")
    assert (cue, contents) == ("said", ["“We are ready,”"])
    assert sources[0].startswith("Mara Voss")


def test_quotation_over_two_sentences_and_a_second_one_after_the_report():
    text = "“The gates are shut. The water is low,” Ed Brand said. “We wait.”"
    assert only(text) == ("said", ["Ed Brand"], ["“The gates are shut. The water is low,”", "“We wait.”"])


def test_according_to_after_the_content():
    assert only("Turnout rose by a third, according to the county clerk.") == (
        "according to", ["the county clerk"], ["Turnout rose by a third"])


def test_according_to_before_the_content():
    assert only("According to the survey, most residents oppose the toll.") == (
        "According to", ["the survey"], ["most residents oppose the toll"])


def test_told_skips_the_person_spoken_to():
    assert only("Governor Ray Olin told reporters on Friday that the budget was balanced.") == (
        "told", ["Governor Ray Olin"], ["that the budget was balanced"])


def test_said_in_a_statement_with_a_colon_and_a_quotation():
    cue, sources, contents = only("The council said in a statement: “We regret the delay.”")
    assert (cue, sources) == ("said", ["The council"])
    assert contents[0].endswith("“We regret the delay.”")


def test_auxiliaries_and_adverbs_belong_to_the_cue():
    assert only("Senator Ilse Morrow has repeatedly said the bridge is unsafe.")[0] == "has repeatedly said"


def test_appositive_source():
    """The apposition and its closing comma belong to the source, as PolNeAR marks it."""
    cue, sources, _ = only("Dana Reyes, a lawyer for the tenants, argued that the rent rise was illegal.")
    assert (cue, sources) == ("argued", ["Dana Reyes, a lawyer for the tenants,"])


def test_belief_verb():
    assert only("Most farmers believe the drought will last.") == ("believe", ["Most farmers"], ["the drought will last"])


def test_evidence_verb_with_a_poll_as_source():
    assert only("A new poll shows that the mayor trails by six points.") == (
        "shows", ["A new poll"], ["that the mayor trails by six points"])


def test_interrupting_report_splits_the_content():
    cue, sources, contents = only("The real problem, she said, is the old pipes.")
    assert (cue, sources) == ("said", ["she"])
    assert contents == ["The real problem", "is the old pipes"]


def test_second_verb_shares_the_subject():
    found = texts(attributions("Ms. Tan praised the plan and warned that costs would rise."))
    assert found[-1] == ("warned", ["Ms. Tan"], ["that costs would rise"])


def test_gerund_after_a_comma_shares_the_subject():
    found = texts(attributions("Olin vetoed the bill, saying it was too costly."))
    assert found == [("saying", ["Olin"], ["it was too costly"])]


def test_transcript_speaker_before_a_colon():
    assert only("HOST: Are the gates shut tonight?") == (":", ["HOST"], ["Are the gates shut tonight?"])


def test_headline_name_before_a_colon():
    text = "Mayor Voss: Ferry Will Run All Winter\n\nThe ferry runs."
    assert texts(attributions(text))[0] == (":", ["Mayor Voss"], ["Ferry Will Run All Winter"])


def test_quotation_signed_with_a_dash():
    assert only("“Keep the ferry running.” ― Lena Ortiz") == ("―", ["Lena Ortiz"], ["“Keep the ferry running.”"])


def test_no_cue_inside_a_quotation():
    assert only("“I think the vote was rigged,” Bram said.")[0] == "said"


def test_a_report_nested_in_another_content_is_left_to_it():
    found = texts(attributions("Olin said his rivals believe the tax is fair."))
    assert found == [("said", ["Olin"], ["his rivals believe the tax is fair"])]


def test_a_later_report_cuts_an_earlier_content_short():
    found = texts(attributions("Olin said the tax was fair, but his rivals argued that it was not."))
    assert found == [("said", ["Olin"], ["the tax was fair"]), ("argued", ["his rivals"], ["that it was not"])]


def test_nouns_that_look_like_verbs_are_no_cues():
    assert attributions("The report on state plans for the dam is due in two states.") == []


def test_text_without_reports_has_none():
    assert attributions("The ferry left at noon. It was cold.") == []


def test_attributions_come_in_text_order():
    found = attributions("“Yes,” Ann said. Bo noted that it rained. “No,” said Cy.")
    assert [a.cue.start for a in found] == sorted(a.cue.start for a in found) and len(found) == 3


# Citron's JSON format.


def test_offsets_count_code_points_past_an_emoji():
    text = "🎉🎉 “We won,” Ann said."
    found = attributions(text)
    assert found[0].cue.start == text.index("said") == 17  # two emoji are two code points, not four UTF-16 units
    for span in (found[0].cue, *found[0].sources, *found[0].contents):
        assert text[span.start : span.end] == span.text


def test_citron_json_round_trip():
    text = "🎉 “We won,” Ann said. According to the clerk, turnout rose."
    found = attributions(text)
    document = json.loads(json.dumps(to_json(found), ensure_ascii=False))
    assert set(document) == {"quotes"}
    assert set(document["quotes"][0]) == {"cue", "sources", "contents"}
    assert set(document["quotes"][0]["cue"]) == {"start", "end", "text"}
    assert from_json(document, text) == found


def test_citron_json_refuses_offsets_that_do_not_match_the_text():
    document = {"quotes": [{"cue": {"start": 0, "end": 4, "text": "said"}, "sources": [], "contents": []}]}
    with pytest.raises(ValueError, match="span 0:4"):
        from_json(document, "Ann said so.")


def test_draft_command_writes_one_json_per_article(tmp_path, capsys):
    articles = [tmp_path / "first.txt", tmp_path / "second.txt"]
    articles[0].write_text("“It holds,” Ann said.", encoding="utf-8")
    articles[1].write_text("The ferry left.", encoding="utf-8")
    assert draft.main(["--attributions", str(tmp_path / "out"), *map(str, articles)]) == 0
    first = json.loads((tmp_path / "out" / "first.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "out" / "second.json").read_text(encoding="utf-8"))
    assert [q["cue"]["text"] for q in first["quotes"]] == ["said"]
    assert second == {"quotes": []}


# Belief adjectives, phrasal cues and reporting nouns.


def test_belief_adjective_after_a_form_of_be():
    assert only("The growers were convinced that the frost would spare the orchards.") == (
        "were convinced", ["The growers"], ["that the frost would spare the orchards"])


def test_to_be_sure_is_an_adverb_not_a_belief():
    assert attributions("To be sure, the ferry runs late in winter.") == []


def test_phrasal_cue_needs_its_particle():
    cue, sources, contents = only("The harbour master took aim at the new toll on Tuesday.")
    assert (cue, sources) == ("took aim at", ["The harbour master"])
    assert contents == ["the new toll on Tuesday"]
    assert attributions("The harbour master took the ferry to Alder.") == []


def test_possessive_reporting_noun_with_a_clause():
    assert only("Reporters checked the mayor's claim that the bridge was safe.") == (
        "claim", ["the mayor's"], ["that the bridge was safe"])


def test_contracted_is_before_a_participle_is_not_a_possessive():
    cue, sources, _ = only("She's argued that the levy is too low.")
    assert cue == "argued" and sources == ["She's"]


def test_cue_with_a_colon_at_the_end_of_its_line_introduces_the_next_paragraph():
    text = "The warden said:\n\n“Nobody crosses the dam after dark.”\n"
    assert only(text) == ("said", ["The warden"], ["“Nobody crosses the dam after dark.”"])


def test_continued_reports_only_before_punctuation():
    assert only("“We rebuild in spring,” the warden continued.") == (
        "continued", ["the warden"], ["“We rebuild in spring,”"])
    assert attributions("The warden continued to inspect the locks.") == []


def test_as_source_put_it():
    assert only("The toll is a tax on commuters, as a ferry pilot put it.") == (
        "put it", ["a ferry pilot"], ["The toll is a tax on commuters"])


def test_passive_report_with_its_source_after_by():
    assert only("The closure was first reported by the Alder Ledger.") == (
        "was first reported by", ["the Alder Ledger"], ["The closure"])


def test_expectation_and_expression_verbs():
    assert only("Most growers expect that prices will fall.") == ("expect", ["Most growers"], ["that prices will fall"])
    assert only("The council expressed doubts about the toll.") == ("expressed", ["The council"], ["doubts about the toll"])


def test_speak_reports_only_with_about_of_or_out():
    assert attributions("The warden spoke to reporters for five minutes.") == []
    cue, sources, _ = only("The warden spoke about the flood gates.")
    assert (cue, sources) == ("spoke about", ["The warden"])


def test_passive_report_without_by_has_no_source_and_its_subject_is_content():
    assert only("The new locks are expected to hold until spring.") == (
        "are expected", [], ["The new locks", "to hold until spring"])
    assert only("According to the Alder Ledger, the dam is estimated to hold ten billion litres.") == (
        "According to", ["the Alder Ledger"], ["the dam is estimated to hold ten billion litres"])


def test_a_state_of_mind_after_be_keeps_its_subject_as_source():
    assert only("The growers were worried that prices would fall.")[1] == ["The growers"]


def test_known_as_names_without_a_source_and_compared_to_is_no_report():
    assert only("The bridge, known as “the Gull Span”, opened in May.") == ("known as", [], ["“the Gull Span”"])
    assert attributions("The ferry runs at 30 mph, compared to 10 mph for the old barge.") == []


def test_as_reported_by_an_outlet_reports_the_words_of_the_report_before_it():
    found = texts(attributions("The warden said the gates would hold, as reported by the Alder Ledger."))
    assert found == [("said", ["The warden"], ["the gates would hold"]),
                     ("as reported by", ["the Alder Ledger"], ["the gates would hold"])]
    assert only("The gates held all winter, as reported by the Alder Ledger.") == (
        "as reported by", ["the Alder Ledger"], ["The gates held all winter"])


def test_a_depiction_names_its_source_after_in():
    assert only("The floods are often portrayed in the local press as acts of God.") == (
        "are often portrayed in", ["the local press"], ["The floods", "as acts of God"])
    assert attributions("The floods were described in detail.") == []
    assert attributions("The floods were reported in 2015.") == []


def test_a_naming_inside_a_content_does_not_cut_it_short():
    found = texts(attributions("The log describes a storm, as well as a crew known as “the night watch.”"))
    assert found[0] == ("describes", ["The log"], ["a storm, as well as a crew known as “the night watch.”"])


def test_a_source_with_a_quoted_title():
    assert only('The book "Rivers of Stone" describes the valley as wet.') == (
        "describes", ['The book "Rivers of Stone"'], ["the valley as wet"])


def test_judging_and_attitude_verbs():
    assert only("The mayor derided the plan as a waste.") == ("derided", ["The mayor"], ["the plan as a waste"])
    assert only("The union threatened to strike in May.") == ("threatened", ["The union"], ["to strike in May"])
    assert only("Growers dread a wet spring.") == ("dread", ["Growers"], ["a wet spring"])


def test_a_message_put_out_is_a_cue_with_its_verb():
    assert only("The guild sent a letter urging members to vote no.") == (
        "sent", ["The guild"], ["a letter urging members to vote no"])
    assert only("The mayor released a brief statement on Monday.") == (
        "released", ["The mayor"], ["a brief statement on Monday"])
    assert attributions("Police released video of the crash.") == []


def test_feelings_and_stances_after_be():
    assert only("Farmers were incensed that the dam would close.") == (
        "were incensed", ["Farmers"], ["that the dam would close"])
    assert only("The board is reluctant to raise fees.") == ("is reluctant", ["The board"], ["to raise fees"])


def test_more_phrasal_reports():
    assert only("The audit sheds light on how the fund was spent.") == (
        "sheds light on", ["The audit"], ["how the fund was spent"])
    assert only("The mayor played down the risk of floods.") == ("played down", ["The mayor"], ["the risk of floods"])


def test_a_quantifier_alone_is_a_subject_before_a_cue():
    assert only("All agreed that the dam would hold.") == ("agreed", ["All"], ["that the dam would hold"])
    assert only("But some note that the dam is old.") == ("note", ["some"], ["that the dam is old"])


def test_worried_before_that_is_a_verb():
    assert only("Regulators worried that the deal would fail.") == ("worried", ["Regulators"], ["that the deal would fail"])
    assert attributions("Voters worried about crime may stay home.") == []


def test_a_nounish_cue_after_its_content_and_a_name_ends_the_sentence():
    assert only("Bonuses reached $2,000 a quarter, The Alder Ledger reports.") == (
        "reports", ["The Alder Ledger"], ["Bonuses reached $2,000 a quarter"])
    assert attributions("She read it, the whole report.") == []


def test_a_control_verb_before_to_gives_the_cue_its_subject():
    assert only("The warden appeared to suggest that the gates were weak.") == (
        "appeared to suggest", ["The warden"], ["that the gates were weak"])
    assert only("Growers continue to insist that prices are fair.") == (
        "continue to insist", ["Growers"], ["that prices are fair"])


def test_a_source_may_start_with_one():
    assert only("The crossing was rough, one ferry pilot said.") == (
        "said", ["one ferry pilot"], ["The crossing was rough"])
