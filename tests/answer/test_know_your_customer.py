"""Know-your-customer questions: red flags, suspected diversion, what to do after a shipment went astray, and
voluntary disclosure (corpus/documents/know-your-customer.md, corpus/language/synonyms.yaml), seen in the answer a
user gets. Each of these had been declined as outside the indexed guidance, or answered with the drone rule's STA
relief."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


@pytest.mark.parametrize(("question", "opening"), [
    ("red flags in a drone export deal", "Paragraph (a)(1) of Supplement No. 3 to part 732 asks the exporter to weigh "
     "any abnormal circumstance"),
    ("what is a know your customer check", "Supplement No. 3 to 15 CFR part 732 holds the Bureau of Industry and "
     "Security's \"Know Your Customer\" guidance"),
    ("our customer says the drones are for agriculture but they're an army unit - what now", "BIS described its "
     "standard practice in the preamble of a January 2025 rule: when red flags come up"),
    ("the buyer claims the uavs are for mapping, but the contract is signed by their ministry of defence",
     "BIS described its standard practice in the preamble of a January 2025 rule: when red flags come up"),
    ("we found out a past shipment went to the wrong end user, what do we do", "An exporter that learns its UAV "
     "went to an undisclosed end user should therefore stop further shipments"),
    # a cash payment and an unsaid place of use (the first had been declined; the second passed before too)
    ("our buyer wants to pay in cash and won't say where it will fly. ok to ship?", "BIS described its standard "
     "practice in the preamble of a January 2025 rule: when red flags come up"),
    ("customer offered to pay cash for 3 drones, anything to worry about?", "A cash offer for a very expensive item "
     "whose sale would normally be financed is a red flag"),
])
def test_a_know_your_customer_question_is_answered_from_the_guidance(real_service: ComplianceService, question: str,
                                                                     opening: str) -> None:
    answer = real_service.ask(question)
    assert not answer.abstained and answer.answer.startswith(opening), answer.answer[:300]


def test_a_disclosure_to_bis_gives_its_deadline(real_service: ComplianceService) -> None:
    answer = real_service.ask("how do I file a voluntary self-disclosure with BIS").answer
    assert "Office of Export Enforcement" in answer and "15 CFR 764.5" in answer, answer[:500]
    # every passage is cited to the publisher's own page
    assert "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-764/section-764.5" in answer



def test_a_blue_lantern_check_is_explained(real_service: ComplianceService) -> None:
    # it had been declined as off-topic ("uavex answers questions about UAV export controls")
    answer = real_service.ask("what's a Blue Lantern check?")
    lines = answer.answer.split("\n")
    assert lines[0].startswith("Blue Lantern is the State Department's end-use monitoring programme"), lines[0]
    assert lines[1].startswith("- Blue Lantern looks at a transaction before the licence is issued"), lines[1]


def test_handing_the_drones_to_another_user_needs_consent(real_service: ComplianceService) -> None:
    # the America First strategy's priorities had led
    answer = real_service.ask("can the buyer transfer the drones to another unit without asking?").answer
    assert answer.startswith("DDTC's written approval is needed before a defense article is resold"), answer[:300]
