"""Sources link the publisher's own text (the Federal Register, the eCFR), not a law firm's note or a university
news page about it; those stay in the corpus as where the text was read. Seen in the sources an answer lists."""

from __future__ import annotations

from bot.service import ComplianceService


def _urls(answer: object, label_start: str) -> set[str]:
    return {str(c["url"]) for c in answer.citations  # type: ignore[attr-defined]
            if str(c["label"]).startswith(label_start)}


def test_the_2025_executive_order_links_the_federal_register(real_service: ComplianceService) -> None:
    answer = real_service.ask("what does executive order 14268 say about the MTCR?")
    urls = _urls(answer, "EO 14268")
    assert urls == {"https://www.federalregister.gov/citation/90-FR-15631"}, answer.citations


def test_the_cambodia_removal_links_the_ecfr_section(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we export a ScanEagle to Cambodia in 2026?")
    urls = _urls(answer, "ITAR §126.1 Cambodia removal")
    assert urls and all(u.startswith("https://www.ecfr.gov/") for u in urls), answer.citations
    assert not any("dlapiper" in str(c["url"]) for c in answer.citations)
