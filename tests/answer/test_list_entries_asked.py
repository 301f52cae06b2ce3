"""A question for a list entry ("which USML category ...?", "which ECCN ...?", "which MTCR category?") is answered by a
sentence that names one (bot/answer/select.py, ASKS), and a passage sentence that points back ("According to that
note") is not shown without the sentence it points to, seen in the answer a user gets."""

from __future__ import annotations

import re

from bot.service import ComplianceService


def _lines(service: ComplianceService, question: str) -> list[str]:
    answer = service.ask(question)
    assert not answer.abstained and not answer.refused, answer.answer[:300]
    return [line.removeprefix("- ") for line in answer.answer.split("**Sources**")[0].strip().split("\n")]


def test_which_usml_category_leads_with_the_category(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "which USML category covers military drones?")[0]
    # "USML paragraphs ... end with (MT)" and "According to that note, the revisions amended ..." had led
    assert lead.startswith("Category VIII") or lead.startswith("Military U"), lead


def test_which_eccn_leads_with_an_eccn(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "which ECCN would a big-tank crop spraying drone fall under in the US?")[0]
    assert re.search(r"\b9A\d{3}\b", lead), lead


def test_a_sentence_pointing_back_does_not_stand_alone(real_service: ComplianceService) -> None:
    for line in _lines(real_service, "what were the 2025 USML targeted revisions?"):
        assert not line.startswith("According to that note"), line


def test_a_cfr_section_asked_by_number_finds_the_passages_that_cite_it(real_service: ComplianceService) -> None:
    # no passage is headed by §120.23, and the §120.12 passage had led
    lead = real_service.ask("what is 22 CFR 120.23?").answer.split("\n")[0]
    assert "120.23" in lead, lead


def test_a_section_asked_by_its_number_alone_is_answered_from_it(real_service: ComplianceService) -> None:
    # "120.41" without "§" or "CFR" had been declined as off-topic
    lead = _lines(real_service, "what does 120.41 say")[0]
    assert lead.startswith("Under 22 CFR 120.41(a), a commodity or software is \"specially designed\""), lead


def test_an_acronym_whose_small_word_has_a_letter_is_known(real_service: ComplianceService) -> None:
    # "Letter of Request (LOR)": the "of" gives the O; declined as off-topic before
    lead = _lines(real_service, "what's an LOR")[0]
    assert "Letter of Request (LOR)" in lead, lead
