"""A question which regime controls an item ("ITAR or not?", "ITAR or EAR?", "which list controls it?") is answered
by the two regimes and who decides between them officially (corpus/language/answer_plan.yaml,
corpus/documents/jurisdiction-and-classification-requests.md), seen in the answer a user gets; a question how to
get that decision keeps the procedure as its lead. The §126.1 country list answers questions about the list only
(bot/answer/rule_passages.py), not a sale of an EAR item (bot/answer/evidence.py), and a License Exception is defined
as the EAR's (corpus/documents/glossary.md)."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

TWO_REGIMES = "A U.S. export of a UAV, a UAV part or UAV technology is controlled either by the Department of State"


def _lines(service: ComplianceService, question: str) -> list[str]:
    answer = service.ask(question)
    assert not answer.abstained and not answer.refused, answer.answer[:300]
    return answer.answer.split("**Sources**")[0].strip().split("\n")


@pytest.mark.parametrize("question", ["Is our drone ITAR or not?", "is this quadcopter ITAR or EAR?",
                                      "EAR or ITAR for a small survey drone?",
                                      "which list controls our UAV, the USML or the CCL?"])
def test_which_regime_leads_with_the_two_regimes(real_service: ComplianceService, question: str) -> None:
    lines = _lines(real_service, question)
    assert lines[0].startswith(TWO_REGIMES), (question, lines[0])
    assert not lines[0].startswith("ITAR §126.1")  # "ITAR" alone had led with the list of proscribed countries


def test_the_official_answer_is_named(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "is this quadcopter ITAR or EAR?")
    assert any("only a commodity jurisdiction determination by DDTC is an official answer" in line
               for line in lines[1:4]), lines[:4]


def test_asked_how_to_get_the_decision_the_procedure_leads(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "our gimbal might be ITAR or EAR, how do we request a ruling?")[0]
    assert not lead.startswith(TWO_REGIMES), lead
    assert "commodity jurisdiction" in lead.lower() or "DS-4076" in lead, lead


def test_the_126_1_list_answers_questions_about_the_list_not_every_itar_question(
        real_service: ComplianceService) -> None:
    listing = "ITAR §126.1 proscribed countries on"
    assert not any(listing in line for line in _lines(real_service, "Is our drone ITAR or not?"))
    assert _lines(real_service, "list the 126.1 countries")[0].startswith(listing)


def test_a_licence_exception_is_defined_and_kept_to_the_ear(real_service: ComplianceService) -> None:
    assert _lines(real_service, "what's a license exception?")[0].startswith(
        "Under the EAR, a License Exception is an authorisation set out in part 740")
    lead = _lines(real_service, "can we use a licence exception for an ITAR drone?")[0]
    assert "do not apply to exports that fall under another agency's licensing jurisdiction" in lead, lead


@pytest.mark.parametrize("question", ["we build a 9A012 drone. do we need a license for Canada?",
                                      "can we sell our EAR99 camera drone to Mexico?"])
def test_an_ear_item_is_not_answered_with_the_itar_country_list(real_service: ComplianceService,
                                                                question: str) -> None:
    # §126.1 governs defense articles; its status of the destination had led the answer for an EAR item
    for line in _lines(real_service, question):
        assert "§126.1" not in line, line


def test_a_military_drone_sale_keeps_the_itar_country_status(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "can we sell our military surveillance drone to Canada?")
    assert any("Canada is not a proscribed destination under ITAR §126.1" in line for line in lines), lines[:6]


@pytest.mark.parametrize("question", ["we're a UK company exporting a drone with US parts to Turkey, does ITAR apply?",
                                      "our German UAV uses US-made components, can we sell it to India without US "
                                      "approval?"])
def test_us_parts_in_a_foreign_drone_lead_with_the_retransfer_rule(real_service: ComplianceService,
                                                                    question: str) -> None:
    lines = _lines(real_service, question)
    # "United States is not a proscribed destination under ITAR §126.1" had led the first
    assert lines[0].startswith("DDTC's written approval is needed before a defense article is resold, reexported"), \
        lines[0]
    assert not any(line.lstrip("- ").startswith("United States is not a proscribed") for line in lines), lines


@pytest.mark.parametrize("question", ["are UAV spare parts ITAR controlled?",
                                      "do drone components need an export license?"])
def test_parts_lead_with_the_two_regimes_and_the_incorporation_rule(real_service: ComplianceService,
                                                                    question: str) -> None:
    lines = _lines(real_service, question)
    # §126.1(k)'s spare-parts exception for one country had led the first
    assert lines[0].startswith(TWO_REGIMES), lines[0]
    assert "stays subject to the ITAR even after it is built into" in lines[1], lines[:3]


@pytest.mark.parametrize("question", ["are quadcopters ITAR controlled?", "is our drone subject to the EAR?",
                                      "are military drones covered by the ITAR?"])
def test_whether_a_drone_is_an_itar_or_ear_item_leads_with_the_two_regimes(real_service: ComplianceService,
                                                                           question: str) -> None:
    # the first had led with the civil list's 9.A.12.a test, which says nothing of the ITAR
    assert _lines(real_service, question)[0].startswith(TWO_REGIMES), question


@pytest.mark.parametrize("question", ["Do I need a license to export a drone to Canada?",
                                      "do we need an export license for drones?"])
def test_whether_a_drone_needs_a_licence_starts_from_the_regime_that_controls_it(real_service: ComplianceService,
                                                                                 question: str) -> None:
    lines = _lines(real_service, question)
    # Canada's §126.1 status had led, which says nothing of whether a licence is needed
    assert lines[0].startswith(TWO_REGIMES), lines[0]
    assert lines[1].startswith("- EAR99 items often ship without a licence"), lines[:3]


@pytest.mark.parametrize("question", ["do ITAR rules apply to a drone made in France?",
                                      "does ITAR apply if a French-made drone is sold to Egypt?"])
def test_a_drone_made_abroad_is_that_countrys_not_a_destination(real_service: ComplianceService,
                                                                 question: str) -> None:
    lines = _lines(real_service, question)
    # France had been read as the destination: "France is not a proscribed destination under ITAR §126.1"
    assert lines[0].startswith("US national policy does not apply to a sale by France"), lines[0]
    assert not any("France is not a proscribed destination" in line for line in lines), lines


def test_an_exemption_for_allies_is_not_answered_with_the_civil_drone_test(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "is there an exemption for selling drones to NATO allies?")
    # the civil list's 9.A.12 sentence (meant for "small drones are exempt") had led
    assert "9.A.12" not in lines[0], lines[0]
    assert any("124.2" in line for line in lines[:3]), lines[:3]


@pytest.mark.parametrize("question", ["we send UAV parts to our office in Japan, licence?",
                                      "do we need a license to ship drone components to Germany?"])
def test_whether_parts_need_a_licence_starts_from_the_regime_that_controls_them(real_service: ComplianceService,
                                                                                question: str) -> None:
    # the first had led with the §36(c) certification before a licence above the dollar thresholds
    assert _lines(real_service, question)[0].startswith(TWO_REGIMES), question


def test_how_the_regimes_differ_asked_either_way_round(real_service: ComplianceService) -> None:
    # "X ... differ ... Y" had only been heard as "differ ... X ... Y"
    assert _lines(real_service, "how does the EAR differ from the ITAR?")[0].startswith(TWO_REGIMES)
    lines = _lines(real_service, "what's the ITAR and how is it different from the EAR?")
    assert lines[0].startswith("The International Traffic in Arms Regulations (ITAR)") and \
        lines[1].lstrip("- ").startswith(TWO_REGIMES), lines[:2]


def test_a_foreign_company_selling_its_own_drone_without_us_parts(real_service: ComplianceService) -> None:
    lead = real_service.ask("we're a german company, do we need US approval to sell our own drone with no US "
                            "parts?").answer.split("\n")[0]
    # "sell ... parts" had been read as a sale of parts, and which US department controls them had led
    assert lead.startswith("US national policy does not apply to a sale by Germany"), lead


@pytest.mark.parametrize("question", ["can we give a demo flight to visiting saudi officials at our arizona test "
                                      "range?", "a foreign delegation wants to tour our drone factory, anything we "
                                      "need?"])
def test_a_visit_by_foreign_persons_can_release_technical_data(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)
    # the first had been declined as outside the indexed guidance
    assert answer.answer.startswith("Technical data is released when a foreign person inspects a defense article"), \
        answer.answer[:300]
    assert "A deemed export is the release or other transfer of technical data" in answer.answer


@pytest.mark.parametrize("question", ["our UAV was designed for the military but sold commercially — ITAR?",
                                      "if we sell our military-designed drone to civil customers, is it still ITAR?"])
def test_who_buys_a_military_design_does_not_decide_its_list(real_service: ComplianceService, question: str) -> None:
    # the first had led with the sales channels of the 2018 policy, the second with how to file a CJ request
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("Under 22 CFR 120.11(a), an article is on the USML for one of two reasons"), lead


@pytest.mark.parametrize("question", ["ear99 means no license ever, right?", "EAR99 items never need a license"])
def test_an_ear99_premise_is_corrected_by_what_can_still_need_a_licence(real_service: ComplianceService,
                                                                       question: str) -> None:
    # the first had led with the licence a military UAV on the USML still needs, which is not the EAR's
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("EAR99 items often ship without a licence, but a licence can still be needed"), lead


def test_an_ear_item_without_a_licence_is_not_told_about_the_usml(real_service: ComplianceService) -> None:
    answer = real_service.ask("can I export a 9A012 drone to Germany without a license after January 2026?").answer
    assert not answer.startswith("A military UAV on the US Munitions List"), answer[:200]
    assert "9A012.a.1" in answer.split("**Sources**")[0], answer


def test_a_drone_s_equipment_sold_abroad_is_not_a_uav_sale(real_service: ComplianceService) -> None:
    # a gimbal had been decided as "a US sale of the described UAV to China"
    answer = real_service.ask("Can I export a drone camera gimbal to China?")
    assert answer.verdict is None and "the described UAV" not in answer.answer, answer.answer[:300]
    assert answer.answer.startswith("A U.S. export of a UAV, a UAV part or UAV technology is controlled either by the "
                                    "Department of State"), answer.answer[:300]
    # ... while a camera drone is a UAV
    assert real_service.ask("can I export a camera drone to China?").verdict is not None
