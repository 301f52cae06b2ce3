"""A question when the MTCR was set up, founded or established, and by whom, is answered by the 1987 announcement of
the seven founders (the search phrasing in corpus/language/synonyms.yaml), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


@pytest.mark.parametrize("question", ["when was the MTCR established and by whom?",
                                      "when did the missile technology control regime start?"])
def test_the_founding_is_answered_by_the_1987_announcement(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)  # the first had been declined as not covered
    assert not answer.abstained, answer.answer[:300]
    lead = answer.answer.split("\n")[0]
    # the announcement's passage ("16 April 1987 by seven states") or the rule data's founding fact ("founded
    # (started) on 1987-04-16 by 7 countries")
    assert ("16 April 1987" in lead or "1987-04-16" in lead) and ("seven" in lead or "7 countries" in lead), lead


@pytest.mark.parametrize("question", ["Who decides the MTCR annex changes?", "who approves changes to the guidelines"])
def test_the_partners_decide_the_mtcr_s_texts_by_consensus(real_service: ComplianceService, question: str) -> None:
    # the export-licensing office (DDTC) had led, as if the question asked who approves an export
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("MTCR decisions, such as changes to the Guidelines or the Annex"), lead
