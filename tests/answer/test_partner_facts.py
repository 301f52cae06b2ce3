"""A partner's membership fact cites the MTCR's own press release where one dates it, and says how sure its year is,
seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService

BONN_1995 = "https://mtcr.info/en/press-releases/10th-plenary-meeting-bonn-germany-10-12-october-1995"


def test_a_year_the_regime_dates_cites_its_press_release(real_service: ComplianceService) -> None:
    answer = real_service.ask("is brazil an mtcr partner?").answer
    assert "Brazil remains an MTCR partner on" in answer and "a member since 1995. [" in answer, answer[:600]
    assert BONN_1995 in answer and "blogspot" not in answer, answer


def test_a_first_plenary_dates_the_year_but_leaves_it_uncertain(real_service: ComplianceService) -> None:
    answer = real_service.ask("is russia an mtcr partner?").answer
    assert "a member since 1995 (accession date uncertain)" in answer, answer[:600]
    assert BONN_1995 in answer and "blogspot" not in answer, answer
