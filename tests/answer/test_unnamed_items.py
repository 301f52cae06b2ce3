"""An export whose item the question does not name, and a country named as a lawmaker (bot/answer/evidence.py,
corpus/language/roles.yaml, corpus/language/synonyms.yaml). Seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def test_a_proscribed_destination_is_named_whatever_the_item(real_service: ComplianceService) -> None:
    answer = real_service.ask("my boss says as long as the buyer signs an end-use certificate we're fine for "
                              "syria. true?")
    # the DSP-83 certificate had led, and Syria's listing was not in the answer at all
    assert answer.answer.startswith("For US-origin defense articles on"), answer.answer[:200]
    assert "Syria is on ITAR §126.1" in answer.answer.split("\n")[0]


def test_a_listing_alone_does_not_answer_what_uavex_does_not_cover(real_service: ComplianceService) -> None:
    # China's listing belongs to an answer, but it does not make one about chips
    answer = real_service.ask("do i need a licence to export advanced semiconductors and ai chips to china")
    assert answer.abstained, answer.answer[:200]


def test_a_country_with_its_own_law_is_not_a_destination(real_service: ComplianceService) -> None:
    answer = real_service.ask("does china have its own export control law for drones")
    # it had been a US sale to China, decided as a denial
    assert answer.verdict is None, answer.answer[:200]
    assert "China's own export control law for missiles and missile-related items and technologies" in answer.answer


def test_tpt_is_a_third_party_transfer(real_service: ComplianceService) -> None:
    answer = real_service.ask("what's the TPT process for drones").answer
    # the ITAR's definition of technical data had led
    assert "retransfer" in answer.split("\n")[0], answer[:200]


def test_a_sale_to_a_proscribed_government_of_no_named_item_is_answered(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we sell to the iraqi government").answer
    # declined as outside the indexed guidance
    assert answer.startswith("For US-origin defense articles on") and "Iraq is on ITAR §126.1" in answer, answer[:200]


def test_one_country_treated_as_another_gets_both_listings(real_service: ComplianceService) -> None:
    answer = real_service.ask("is taiwan treated as china for export controls").answer
    # declined as outside the indexed guidance
    assert answer.startswith("Taiwan is not a proscribed destination under ITAR §126.1"), answer[:200]
    assert "China is on ITAR §126.1 Table 1" in answer.split("\n")[1]

