"""A question asking what a term means is answered by the passage headed by that term (the glossary entry), seen in
the answer a user gets: terms too common to stand out by their words ("UAV"), terms whose entry opens without
repeating them ("BVLOS: Beyond visual line of sight: ..."), and definitions that come before rule facts."""

from __future__ import annotations

import pytest

from bot.answer.terms import defined_term
from bot.retrieval.headings import term_variants
from bot.service import ComplianceService


def _lead(service: ComplianceService, question: str) -> str:
    answer = service.ask(question)
    assert not answer.abstained and not answer.refused, answer.answer[:300]
    return answer.answer.split("**Sources**")[0].strip().split("\n")[0]


@pytest.mark.parametrize("question", ["How does the US define a UAV?", "how is a UAV defined?", "what is a UAV?",
                                      "define UAV", "What is an unmanned aerial vehicle?"])
def test_a_common_term_is_defined_by_its_entry(real_service: ComplianceService, question: str) -> None:
    assert _lead(real_service, question).startswith("UAV means unmanned aerial vehicle"), question


def test_an_entry_that_opens_without_naming_its_term_defines_it(real_service: ComplianceService) -> None:
    assert _lead(real_service, "what is BVLOS?").startswith("Beyond visual line of sight: flight in which")
    assert _lead(real_service, "what is a MALE drone?").startswith("Medium-altitude long-endurance")
    assert _lead(real_service, "what's an ECCN?").startswith("Export Control Classification Number: the code")


def test_asked_to_explain_a_term_the_answer_defines_it(real_service: ComplianceService) -> None:
    assert _lead(real_service, "explain BVLOS").startswith("Beyond visual line of sight: flight in which")
    assert _lead(real_service, "can you explain the term MALE?").startswith("Medium-altitude long-endurance")
    # asked for reasons or workings, not a meaning: no term
    assert defined_term("explain why the US changed its drone policy in 2020") is None
    assert defined_term("explain how the MTCR works") is None


def test_a_hyphenated_term_is_defined(real_service: ComplianceService) -> None:
    assert _lead(real_service, "what does case-by-case mean?").startswith("Case-by-case review looks at each")
    # no domain word at all: in scope because a passage of the corpus is headed by the term
    assert _lead(real_service, "define catch-all").startswith("A catch-all control is a licence requirement")


def test_the_definition_comes_before_rule_facts_about_the_term(real_service: ComplianceService) -> None:
    lines = real_service.ask("what is end-use monitoring?").answer.split("\n")
    assert lines[0].startswith("End-use monitoring means checks"), lines[0]
    assert any("in force on" in line for line in lines[1:5])  # the rule fact follows


def test_a_heading_naming_a_part_of_a_document_is_no_term(real_service: ComplianceService) -> None:
    headings = real_service.retriever().headings
    assert headings.headed("overview") == [] and headings.headed("scope") == []  # "## Overview" heads two documents
    assert headings.headed("UAVs") and headings.headed("male drones")
    assert real_service.ask("what is the DMV?").abstained


@pytest.mark.parametrize(("question", "term"), [
    ("what is the definition of a loitering munition?", "loitering munition"),
    ("how does the MTCR define range?", "range"),
    ("what does \"end-use monitoring\" mean?", "end-use monitoring"),
    ("what's an ECCN?", "ECCN"),
    ("please explain catch-all controls", "catch-all controls"),
    ("what's a DSP-5 used for?", "DSP-5"),
    ("what's an ECCN and how do I find mine?", "ECCN"),  # the second question is not part of the term
    ("what is the DSP-83 for?", "DSP-83"),
    ("is the MQ-9 category I?", None),
    ("can we sell a drone to India?", None),
])
def test_the_term_asked_about(question: str, term: str | None) -> None:
    assert defined_term(question) == term


def test_term_forms() -> None:
    assert set(term_variants("MALE drones")) == {"male drones", "male drone", "male"}
    assert "guidelines" in term_variants("MTCR Guidelines")  # the term the glossary heads "Guidelines"
    assert term_variants("Case-by-case") == ["case by case", "casebycase"]
    assert "reexport" in term_variants("re-export")  # the glossary heads it "Reexport"


def test_technical_data_and_deemed_exports_are_defined_from_the_itar(real_service: ComplianceService) -> None:
    answer = real_service.ask("what counts as technical data under the ITAR?")
    assert answer.answer.startswith("Under the ITAR, technical data (22 CFR 120.33) is the information"), \
        answer.answer[:300]
    assert "section-120.33" in answer.citations[0]["url"]  # the eCFR section itself, not a mirror
    answer = real_service.ask("what is a deemed export?")
    assert answer.answer.startswith("A deemed export is the release or other transfer of technical data to a "
                                    "foreign person inside the United States"), answer.answer[:300]
    assert "section-120.50" in answer.citations[0]["url"]
    assert "decryption keys" in answer.answer  # how technical data is released (§120.56) ...
    assert any(c["url"].endswith("section-120.56") for c in answer.citations)  # ... links the section stating it


def test_two_common_terms_compared_are_both_defined(real_service: ComplianceService) -> None:
    head = real_service.ask("difference between uas and uav").answer.split("\n")[:2]
    assert any(line.startswith(("UAV means", "- UAV means")) for line in head), head
    assert any(line.startswith(("UAS means", "- UAS means")) for line in head), head


def test_a_rule_section_headed_by_the_term_is_not_taken_to_open_with_its_definition(
        real_service: ComplianceService) -> None:
    lead = _lead(real_service, "what is license exception STA?")
    assert "License Exception Strategic Trade Authorization (STA)" in lead, lead  # not "The second change covers ..."


def test_an_ear_designation_is_defined_from_its_ecfr_section(real_service: ComplianceService) -> None:
    answer = real_service.ask("what does NLR mean?")  # declined before the glossary entry
    assert answer.answer.startswith("No License Required (NLR) is the designation"), answer.answer[:200]
    assert any(c["url"].endswith("/part-758/section-758.1") for c in answer.citations)
    assert _lead(real_service, "what's a license exception?").startswith("Under the EAR, a License Exception is")


@pytest.mark.parametrize("question", ["explain the 600 series", "what's a 600-series item?"])
def test_the_600_series_is_defined_from_the_ear(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)  # "explain the 600 series" had been declined as off-topic
    assert answer.answer.startswith('The "600 series" is the set of munitions entries'), answer.answer[:200]
    assert any(c["url"].endswith("/part-772/section-772.1") for c in answer.citations)


def test_asked_what_a_form_is_for_the_answer_says_what_it_is(real_service: ComplianceService) -> None:
    # "what is the DSP-83 for?" had been searched for a term "DSP-83 for"
    assert _lead(real_service, "what is the DSP-83 for?").startswith("A nontransfer and use certificate on Form DSP-83")


@pytest.mark.parametrize("question", ["what is a Letter of Offer and Acceptance?", "what's an LOA?"])
def test_a_letter_of_offer_and_acceptance_is_defined_from_the_dsca_manual(real_service: ComplianceService,
                                                                          question: str) -> None:
    answer = real_service.ask(question)
    # a sentence about the congressional certification "before a letter of offer is issued" had led
    assert answer.answer.startswith("A Letter of Offer and Acceptance (LOA) is the Defense Department document"), \
        answer.answer[:300]
    assert answer.citations[0]["url"].startswith("https://samm.dsca.mil/"), answer.citations[0]


def test_a_defense_service_is_defined_from_the_itar(real_service: ComplianceService) -> None:
    answer = real_service.ask("what is a defense service?")
    # a continuation of the technical-data definition ("The definition also takes in ...") had led
    assert answer.answer.startswith("Under 22 CFR 120.32(a)(1), a defense service is assistance, training included"), \
        answer.answer[:300]
    assert "section-120.32" in answer.citations[0]["url"]


def test_a_term_qualified_by_its_regime_or_followed_by_another_question_is_defined(
        real_service: ComplianceService) -> None:
    # the list of adherents "to the MTCR Guidelines" had led the first; the second had been declined as not covered
    assert _lead(real_service, "What are the MTCR Guidelines?").startswith(
        "The MTCR Guidelines for Sensitive Missile-Relevant Transfers: the document that states")
    assert _lead(real_service, "what's an ECCN and how do I find mine?").startswith(
        "Export Control Classification Number: the code")


def test_a_defense_article_is_defined_from_22_cfr_120_31(real_service: ComplianceService) -> None:
    answer = real_service.ask("what is a defense article?").answer
    assert answer.startswith("Under 22 CFR 120.31(a), a defense article is any item or technical data designated in "
                             "the US Munitions List"), answer[:300]
    assert "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-120/subpart-C/section-120.31" in answer
    # models that reveal technical data are defense articles; the question had found no passage before
    answer = real_service.ask("is a scale model of a military drone ITAR controlled?").answer
    assert "models, mock-ups or other items that reveal technical data" in answer.split("\n")[0], answer[:300]


@pytest.mark.parametrize(("question", "opening"), [
    ("what does DDTC do?", "The Directorate of Defense Trade Controls (DDTC) is the State Department office"),
    ("what does BIS do?", "The Bureau of Industry and Security (BIS) is the Commerce Department office"),
])
def test_what_an_office_does_is_answered_by_its_entry(real_service: ComplianceService, question: str,
                                                     opening: str) -> None:
    lead = _lead(real_service, question)  # DDTC's approval of defense services had led
    assert lead.startswith(opening), lead


def test_a_phrase_quoted_from_the_corpus_is_in_scope(real_service: ComplianceService) -> None:
    # had been declined as off-topic: the words are the 2020 policy's own
    answer = real_service.ask("what does 'carefully selected subset' mean")
    assert not answer.abstained and "carefully selected subset" in answer.answer.split("\n")[0], answer.answer[:300]


def test_a_term_named_in_quotes_as_what_its_subject_is(real_service: ComplianceService) -> None:
    lead = real_service.ask("what's the EAR missile catch-all?").answer.split("\n")[0]
    # a sentence on who decides MT licence applications had led; the one saying what §744.3 is came third
    assert lead.startswith('Section 744.3 of the EAR is the U.S. missile "catch-all".'), lead


def test_a_term_named_with_the_acronym_it_introduces_is_defined_by_that_sentence(
        real_service: ComplianceService) -> None:
    # the glossary entry for the Letter of Offer and Acceptance had led, another letter than the one asked about
    lead = real_service.ask("What is a Letter of Request?").answer.split("\n")[0]
    assert lead.startswith("An FMS case begins with a written Letter of Request (LOR)"), lead


def test_a_country_group_asked_about_is_defined_and_not_called_unmentioned(real_service: ComplianceService) -> None:
    # "What's Country Group" had been named as something the sources do not mention, and a later sentence had led
    lead = real_service.ask("What's Country Group E:1?").answer.split("\n")[0]
    assert lead.startswith('Column E:1 is understood to list "terrorist supporting countries"'), lead


def test_a_follow_up_is_not_answered_with_the_earlier_turn_s_definition(real_service: ComplianceService) -> None:
    lead = real_service.ask("does it need a license to france?", context="what is 9A012?").answer.split("\n")[0]
    assert not lead.startswith("ECCN 9A012 is the U.S. implementation"), lead


def test_a_us_citizen_born_abroad_is_a_us_person(real_service: ComplianceService) -> None:
    # the deemed-export rule for foreign persons had led, as if it applied to a US citizen
    answer = real_service.ask("What if an Iranian-born US citizen reviews our drone designs?").answer
    lead = answer.split("\n")[0]
    assert lead.startswith("A US citizen is thus a U.S. person even when born abroad or holding another nationality"), \
        lead
    assert "section-120.62" in answer, answer  # the passage links the ITAR's definition


def test_a_us_person_s_services_to_a_foreign_firm_stay_defense_services(real_service: ComplianceService) -> None:
    lead = real_service.ask("can a US citizen working for Baykar help design the Akinci?").answer.split("\n")[0]
    assert lead.startswith("Defense services, such as helping a foreign company"), lead


@pytest.mark.parametrize(("question", "lead"), [
    # "direct commercial sale ... Foreign Military Sales" shares two of the term's words: the sales-channel rule fact
    # had led
    ("what's the foreign direct product rule?", "Under 15 CFR 746.8(a)(2), a licence is required to reexport"),
    # the end-use assurance rule fact had led a question about checks
    ("what is an end use check", "End-use monitoring means checks"),
])
def test_a_term_of_several_words_is_not_defined_by_a_fact_sharing_some(real_service: ComplianceService,
                                                                        question: str, lead: str) -> None:
    first = real_service.ask(question).answer.splitlines()[0]
    assert first.startswith(lead), first


@pytest.mark.parametrize(("question", "lead"), [
    # the entry is headed "MTEC: The interagency Missile Technology Export Control Group"; the Regime had led
    ("what is the Missile Technology Export Control group?", "The Missile Technology Export Control Group (MTEC) is"),
    ("what is the Bureau of Industry and Security?", "The Bureau of Industry and Security (BIS) is"),
])
def test_an_acronyms_name_written_out_finds_the_entry_headed_by_it(real_service: ComplianceService, question: str,
                                                                     lead: str) -> None:
    first = real_service.ask(question).answer.splitlines()[0]
    assert first.startswith(lead), first
