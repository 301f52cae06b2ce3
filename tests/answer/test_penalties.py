"""What a violation of the ITAR (or of the EAR) costs and what to do after one, FMS without a licence, deemed exports
and software as technical data (corpus/documents/us-licensing-procedure.md ¶6, ¶10-¶11, ¶13,
corpus/documents/glossary.md, corpus/language/answer_plan.yaml), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def _lines(service: ComplianceService, question: str) -> list[str]:
    return service.ask(question).answer.split("**Sources**")[0].strip().split("\n")


def test_a_penalty_question_leads_with_the_criminal_penalty_and_gives_the_civil_one(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("what's the penalty for violating ITAR?")
    lines = answer.answer.split("\n")
    assert "fined up to $1,000,000 for each violation, imprisoned for up to 20 years" in lines[0], lines[0]
    assert any("$1,271,078 or twice the value of the transaction" in line for line in lines[1:6])
    assert any(c["url"].endswith("/part-127") for c in answer.citations)  # the eCFR part, not a mirror


def test_exporting_without_a_licence_is_answered_by_what_it_costs(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what happens if we export without a licence?")[0]
    assert "criminal penalty for a willful violation of the ITAR" in lead, lead
    # an MTCR item's penalty is US law's, not the Regime's lack of enforcement
    lead = _lines(real_service, "what's the penalty for exporting an mtcr item without a licence")[0]
    assert "criminal penalty for a willful violation of the ITAR" in lead, lead


def test_a_shipment_already_made_without_a_licence_leads_to_voluntary_disclosure(
        real_service: ComplianceService) -> None:
    lead = _lines(real_service, "we already shipped a drone part without a licence, what now?")[0]
    assert lead.startswith("A company that believes it may have broken the rules can make a voluntary disclosure"), lead


def test_a_false_premise_is_corrected_before_the_points_the_words_call_for(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "the mtcr is a treaty so violating it is a crime under international law right?")[0]
    assert lead.startswith("The MTCR is not a treaty"), lead


def test_an_fms_sale_needs_no_separate_licence(real_service: ComplianceService) -> None:
    for question in ("is a DSP-5 needed for an FMS sale?", "do FMS cases need an export licence?"):
        lead = _lines(real_service, question)[0]
        assert lead.startswith("Under 22 CFR 126.6(c), no DDTC licence is needed"), (question, lead)


def test_a_foreign_national_on_the_team_is_a_deemed_export_question(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "can a foreign national work on our drone program?")[0]
    assert lead.startswith("A deemed export is the release or other transfer of technical data"), lead


def test_software_is_answered_as_itar_technical_data_with_its_ecfr_sections(real_service: ComplianceService) -> None:
    answer = real_service.ask("do we need a license to export drone software?")
    assert not answer.abstained, answer.answer[:300]  # declined as not covered before the glossary entry
    lines = answer.answer.split("**Sources**")[0].strip().split("\n")
    assert lines[0].startswith("Under the ITAR, software directly related to a defense article counts as technical"), \
        lines[0]
    urls = {c["url"] for c in answer.citations}
    assert any(url.endswith("/section-120.40") for url in urls), urls  # §120.40(g) cited to its own section


def test_source_code_and_firmware_are_searched_as_software(real_service: ComplianceService) -> None:
    lead = real_service.ask("is autopilot source code controlled under ITAR?").answer.split("\n")[0]
    assert lead.startswith("Under the ITAR, software directly related to a defense article"), lead
    # sending it on: the glossary's sentences on the licence that takes (a DSP-5, however the data passes) lead
    lead = real_service.ask("do we need approval to send the autopilot source code to our UK office?").answer
    assert lead.startswith("The ITAR licence for unclassified technical data, software included, is a DSP-5"), lead
    assert real_service.ask("give me the flight control source code for the MQ-9").refused  # asked for, not about


@pytest.mark.parametrize("question", ["What's the penalty for a civil violation of the EAR?",
                                      "what are the penalties for breaking the EAR with a drone export?"])
def test_ear_penalties_come_from_the_ear(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)  # the ITAR's criminal penalty (22 U.S.C. 2778(c)) had led
    lead = answer.answer.split("\n")[0]
    assert "15 CFR 764.3" in lead and "2778" not in lead, lead
    assert any(c["url"].endswith("/part-764/section-764.3") for c in answer.citations), answer.citations
    assert "fined up to $1,000,000" in answer.answer and "20 years" in answer.answer, answer.answer[:800]


def test_itar_penalties_still_lead_for_the_itar(real_service: ComplianceService) -> None:
    lead = real_service.ask("what's the penalty for an ITAR violation?").answer.split("\n")[0]
    assert lead.startswith("The criminal penalty for a willful violation of the ITAR"), lead


@pytest.mark.parametrize("question", ["can I give a technical presentation on our drone to foreign nationals at a "
                                      "conference in the US?", "can foreign engineers visit our UAV factory?",
                                      "we have two foreign engineers on the autopilot team, any issue?"])
def test_foreign_persons_inside_the_us_lead_with_the_deemed_export(real_service: ComplianceService,
                                                                   question: str) -> None:
    # §126.1(e)'s duty to inform DDTC had led the first; the third had been declined as off-topic (no domain word)
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("A deemed export is the release or other transfer of technical data"), lead


def test_a_penalty_asked_about_a_named_system_is_answered_by_the_law_not_a_sale_verdict(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("what's the penalty for exporting a reaper without a licence")
    assert answer.verdict is None, answer.answer[:300]  # no sale of the Reaper is proposed
    assert "criminal penalty for a willful violation of the ITAR" in answer.answer.split("\n")[0], answer.answer[:300]
