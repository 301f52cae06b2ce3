"""What records an exporter keeps and for how long (corpus/documents/us-licensing-procedure.md ¶12, 22 CFR 122.5 and
15 CFR 762.6; corpus/language/synonyms.yaml), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


@pytest.mark.parametrize("question", ["what records do we have to keep after exporting a drone?",
                                      "how long must we keep export records?", "record keeping requirements for ITAR?",
                                      # "maintain" had been read as maintaining an aircraft (a defense service)
                                      "how long must we maintain export records"])
def test_a_records_question_is_answered_by_the_recordkeeping_rules(real_service: ComplianceService,
                                                                   question: str) -> None:
    answer = real_service.ask(question)
    assert not answer.abstained, (question, answer.answer[:200])
    head = "\n".join(answer.answer.split("**Sources**")[0].split("\n")[:3])
    assert "five years" in head or "must keep records" in head, (question, head)
    assert "adhering to the MTCR Guidelines" not in head  # "recorded as adhering" had answered "what records ..."
    urls = {c["url"] for c in answer.citations}
    assert urls & {"https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-122/section-122.5",
                   "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-762/section-762.6"}
