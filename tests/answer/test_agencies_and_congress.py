"""Definitions of the licensing agencies and of commodity jurisdiction (corpus/documents/glossary.md), and what
happens when Congress objects to a notified sale (corpus/language/synonyms.yaml), and who decides whether an export
goes ahead (corpus/language/answer_plan.yaml), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def _lines(service: ComplianceService, question: str) -> list[str]:
    return service.ask(question).answer.split("**Sources**")[0].strip().split("\n")


def test_an_agency_or_a_procedure_asked_about_is_defined(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what is BIS?")[0]
    assert lead.startswith("The Bureau of Industry and Security (BIS) is the Commerce Department office"), lead
    lead = _lines(real_service, "What does CJ mean in export control?")[0]
    assert lead.startswith("Commodity jurisdiction (CJ) is the question whether"), lead
    head = "\n".join(_lines(real_service, "What does DDTC do?")[:4])
    assert "The Directorate of Defense Trade Controls (DDTC) is the State Department office" in head, head


def test_a_congressional_objection_is_answered_by_the_joint_resolution(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what happens if Congress objects to a drone sale?")[0]
    assert "joint resolution prohibiting it" in lead, lead


def test_an_acronym_the_corpus_spells_out_is_in_scope(real_service: ComplianceService) -> None:
    answer = real_service.ask("what is an LOA?")
    assert not answer.abstained and "Letter of Offer and Acceptance (LOA)" in answer.answer, answer.answer[:300]
    assert real_service.ask("what is the DMV?").abstained  # an acronym the corpus never spells out


def test_who_decides_is_answered_by_the_licensing_agencies(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "who decides whether a drone sale to Qatar goes ahead?")
    assert lines[0].startswith("The Directorate of Defense Trade Controls (DDTC) is the State Department"), lines[0]
    assert any("notify Congress before large arms sales" in line for line in lines[1:5]), lines[:5]
    lines = _lines(real_service, "who approves drone exports in the US?")
    assert lines[0].startswith("The Directorate of Defense Trade Controls (DDTC)"), lines[0]
    assert lines[1].startswith("- The Bureau of Industry and Security (BIS)"), lines[1]


def test_for_commercial_drones_commerce_comes_first(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "who issues export licences for commercial drones?")[0]
    assert lead.startswith("The Bureau of Industry and Security (BIS) is the Commerce Department office"), lead


def test_who_enforces_a_regulation_is_answered_by_the_office_that_administers_it(
        real_service: ComplianceService) -> None:
    # the EAR's recordkeeping rules had led
    lead = _lines(real_service, "who enforces the EAR?")[0]
    assert lead.startswith("The Bureau of Industry and Security (BIS) is the Commerce Department office that "
                           "administers the EAR"), lead
    lead = _lines(real_service, "who is in charge of the ITAR?")[0]
    assert lead.startswith("The Directorate of Defense Trade Controls (DDTC) is the State Department office"), lead


def test_the_role_of_congress_is_its_review_of_notified_sales(real_service: ComplianceService) -> None:
    # the 2026 arms-transfer strategy's priorities had led
    head = " ".join(_lines(real_service, "what role does Congress play in drone exports?")[:2])
    assert "joint resolution" in head and "Section 36 of the Arms Export Control Act" in head, head


def test_a_statute_subsection_is_read_as_itself(real_service: ComplianceService) -> None:
    # "36(b)" had been two words too short to count: "36(b) vs 36(c)" was declined, "AECA 36(b)" led with §36 at large
    compared = real_service.ask("what's the difference between 36(b) and 36(c)?")
    assert not compared.abstained, compared.answer[:300]
    body = compared.answer.split("**Sources**")[0]
    assert "Section 36(b) covers government-to-government sales" in body and "Section 36(c)" in body, body
    lead = _lines(real_service, "AECA 36(b)")[0]
    assert lead.startswith("Section 36(b) of the Arms Export Control Act"), lead


def test_a_voluntary_disclosure_is_in_scope(real_service: ComplianceService) -> None:
    answer = real_service.ask("what is a voluntary disclosure?")  # had been declined as off-topic
    assert not answer.abstained and "voluntary disclosure to DDTC" in answer.answer.split("\n")[0], answer.answer[:300]


def test_an_acronym_of_a_defined_term_is_searched_written_out(real_service: ComplianceService) -> None:
    # "MDE" had led with EO 14268's call for new thresholds; the threshold asked for leads, the term's definition
    # follows it
    lines = _lines(real_service, "what's the threshold for congressional notification on mde")
    assert "major defense equipment of $14 million ($14,000,000)" in lines[0], lines[0]
    assert lines[1].startswith('- "Major defense equipment" (MDE) means'), lines[1]


def test_the_notification_threshold_of_a_named_destination_is_its_own(real_service: ComplianceService) -> None:
    # the review period had led alone, with no dollar figure
    poland = real_service.ask("what's the notification threshold for a drone sale to poland?").answer.split("\n")[0]
    assert poland.startswith("For Poland, AECA §36 notification applies at $25 million of major defense "
                             "equipment or $100 million"), poland
    assert "15 days (Poland is a NATO member)" in poland, poland
    brazil = real_service.ask("do i need congressional notification for a $10 million drone sale to brazil")
    assert brazil.answer.startswith("For Brazil, AECA §36 notification applies at $14 million"), brazil.answer[:200]


@pytest.mark.parametrize(("question", "opening"), [
    # the review period had led both
    ("what's the dollar threshold for congressional notification for drone sales to NATO countries?",
     "The thresholds are higher for NATO members"),
    ("congresional notifcation threshhold for a drone sale", "Foreign Military Sales, §36(b)(1) — a notification is "
     "due for major defense equipment of $14 million"),
    ("explain 36(b) congressional notification thresholds for a uav sale to a non-nato country",
     "Foreign Military Sales, §36(b)(1)"),
])
def test_a_notification_threshold_asked_is_a_dollar_figure(real_service: ComplianceService, question: str,
                                                           opening: str) -> None:
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith(opening), lead


def test_notification_turns_on_value_not_on_arming(real_service: ComplianceService) -> None:
    # that an unarmed UAV can still be Category I had led, which leaves the question of Congress unanswered
    lead = real_service.ask("our drone is unarmed so congress doesn't need to be notified?").answer.split("\n")[0]
    assert lead.startswith("Foreign Military Sales, §36(b)(1) — a notification is due for major defense equipment "
                           "of $14 million"), lead
