"""Procedure questions in everyday words ("the process for getting an export license", "what does the buyer need to
sign?") are searched with the corpus's words (corpus/language/synonyms.yaml) and answered by the procedure, seen in
the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def _lead(service: ComplianceService, question: str) -> str:
    return service.ask(question).answer.split("\n")[0]


def test_the_process_for_a_licence_is_the_licence_application(real_service: ComplianceService) -> None:
    # the 2026 arms-transfer strategy had led
    lead = _lead(real_service, "what's the process for getting an export license for a military drone?")
    assert "DSP-5" in lead, lead


def test_what_the_buyer_signs_is_the_dsp_83(real_service: ComplianceService) -> None:
    # the ITAR's definition of technical data had led
    answer = real_service.ask("what documents does the buyer need to sign for an ITAR drone sale?").answer
    assert answer.startswith("A nontransfer and use certificate on Form DSP-83"), answer[:300]
    assert "The foreign consignee, the foreign end-user and the applicant all sign the DSP-83" in answer


@pytest.mark.parametrize("question", ["is shipping a drone for repair to the UK an export?",
                                      "does hand-carrying a ground control station to Canada count as an export?"])
def test_taking_an_article_abroad_is_an_export(real_service: ComplianceService, question: str) -> None:
    # the destination's §126.1 status had led the first, as if it asked whether the UK may receive it
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("Under the ITAR an export is more than a shipment: it is sending or taking a defense "
                           "article out of the United States by any means"), lead
    assert "120.50" in lead, lead


def test_the_sales_route_asked_about_is_the_one_described(real_service: ComplianceService) -> None:
    # what a direct commercial sale is had led "how does FMS work?"
    assert _lead(real_service, "how does FMS work for drones?").startswith(
        "In a Foreign Military Sale (FMS), the purchasing government deals with the U.S. government")


@pytest.mark.parametrize(("question", "opening"), [
    ("FMS sales skip the MTCR review, yes?", "The MTCR Guidelines apply to every transfer of an Annex item, whatever "
     "the sales channel."),
    ("PM on an FMS case here - what end-use assurances do we need to collect from the customer for an mtcr annex "
     "item?", "In a transaction file these undertakings map onto concrete documents"),
])
def test_a_question_on_an_fms_case_is_answered_by_what_it_asks(real_service: ComplianceService, question: str,
                                                               opening: str) -> None:
    # both had led with what a direct commercial sale is
    assert _lead(real_service, question).startswith(opening)


def test_an_ear_license_exception_is_not_answered_by_the_itar_licence_form(real_service: ComplianceService) -> None:
    # the DSP-5's purchase documentation had led, the search having been widened to the ITAR licence application
    answer = real_service.ask("which license exceptions are available for drones under the EAR?").answer
    assert answer.startswith("Under the EAR, a License Exception is an authorisation set out in part 740"), answer[:200]
    assert "DSP-5" not in answer.split("**Sources**")[0], answer


def test_who_must_register_is_answered_and_a_cfr_part_is_no_component(real_service: ComplianceService) -> None:
    # "part 122" had been read as a component, so which regime controls UAV parts had led
    assert _lead(real_service, "Who needs to register under ITAR part 122?").startswith(
        "Any person in the United States who manufactures or exports defense articles, temporarily imports them, or "
        "furnishes defense services must register")
    # a maker that never exports is answered by its own sentence
    assert _lead(real_service, "do i need to register with DDTC if i only make drones and never export").startswith(
        "A manufacturer that never exports must still register with DDTC.")


def test_the_eei_filing_is_in_scope_and_its_value_rule_answers_a_small_export(real_service: ComplianceService) -> None:
    # the first had been declined as off-topic, the second led with the AECA §36 notification thresholds
    assert _lead(real_service, "what's an EEI filing?").startswith(
        "Electronic Export Information (EEI) is the export record filed in the Automated Export System (AES).")
    lead = _lead(real_service, "Do I need to file EEI for a drone export under $2500?")
    assert lead.startswith("For items subject to the EAR it must be filed whatever the value") and "$2,500" in lead


@pytest.mark.parametrize("question", ["what does it cost to register with DDTC?",
                                      "What are the ITAR registration fees?", "how much is the ddtc registration fee?"])
def test_the_registration_fee_is_answered(real_service: ComplianceService, question: str) -> None:
    # had led with who must register, or with the part 130 statement on fees and commissions
    answer = real_service.ask(question).answer
    assert answer.startswith("Registration carries a yearly fee, set in 22 CFR 122.3"), answer[:300]
    assert "it is $3,000 for a new registrant and $4,000 or more" in answer.splitlines()[0], answer[:300]


@pytest.mark.parametrize("question", ["how long does DDTC usually take to approve a DSP-5 for a small drone?",
                                      "how long will our licence application take?"])
def test_how_long_ddtc_takes_is_the_60_day_standard(real_service: ComplianceService, question: str) -> None:
    # had led with the §36(d) certification periods, or with amendments to an agreement
    answer = real_service.ask(question).answer
    assert answer.startswith("National Security Presidential Directive 56"), answer[:300]
    assert "within 60 days of receiving them" in answer.splitlines()[0]


def test_how_long_congress_gets_is_not_answered_by_ddtc_s_own_deadline(real_service: ComplianceService) -> None:
    answer = real_service.ask("how long does congress get?", context="MQ-9B to India").answer
    assert answer.startswith("Congressional review period before the sale may proceed: 30 days for India")
    assert "60 days" not in answer.split("**Sources**")[0], answer[:900]


def test_an_loa_question_is_in_scope(real_service: ComplianceService) -> None:
    # had been declined as off-topic; the sources do not give an LOA's validity, so the closest passages are shown
    answer = real_service.ask("How long is an LOA valid?")
    assert answer.intent != "off-topic" and "Letter of Offer and Acceptance" in answer.answer, answer.answer[:300]


@pytest.mark.parametrize(("question", "lead"), [
    # had been answered as a sale to no destination (a trade show is a temporary export)
    ("our BD team wants to show the Gray Eagle at a trade show in Abu Dhabi. license needed?",
     "A DSP-73 licence covers the temporary export of unclassified defense articles"),
    # had been answered as a sale of the Reaper to Saudi Arabia
    ("can I send a brochure with Reaper specs to a Saudi prospect?",
     "So a marketing brochure that only says what a military UAV does is not a defense article"),
    # had been answered with a verdict on the aircraft's sale
    ("is an MQ-9 SME?", '"Significant military equipment" (SME) means articles that warrant special export controls'),
])
def test_what_is_shown_or_designated_is_not_a_sale_of_the_aircraft(real_service: ComplianceService, question: str,
                                                                   lead: str) -> None:
    answer = real_service.ask(question)
    assert answer.verdict is None and answer.answer.startswith(lead), answer.answer[:300]
