"""How long a DDTC licence lasts (22 CFR 123.21(a), corpus/documents/us-licensing-procedure.md ¶2, the search phrasing
in corpus/language/synonyms.yaml), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


@pytest.mark.parametrize("question", ["how long is an ITAR license valid?", "when does a DSP-5 expire?",
                                      "is a DDTC license good forever?"])
def test_a_licence_lasts_four_years(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)  # the DSP-73's four years abroad had led; the last had been declined
    assert answer.answer.startswith("A DDTC licence stays valid for four years"), answer.answer[:300]
    assert any(c["url"].endswith("/part-123") for c in answer.citations), answer.citations


def test_renewing_an_expired_licence_is_answered_not_declined(real_service: ComplianceService) -> None:
    # declined as not covered: the passage that answers it was the search's fourth, and coverage looked at three
    answer = real_service.ask("can we renew an expired export license?")
    assert not answer.abstained and answer.answer.startswith("A DDTC licence stays valid for four years"), \
        answer.answer[:300]
    assert "needs a new application" in answer.answer.split("\n")[0]
