"""A question which regime controls an item ("ITAR or not?", "ITAR or EAR?", "which list controls it?") is answered
by the two regimes and who decides between them officially (corpus/language/answer_plan.yaml,
corpus/documents/jurisdiction-and-classification-requests.md), seen in the answer a user gets; a question how to
get that decision keeps the procedure as its lead."""

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
