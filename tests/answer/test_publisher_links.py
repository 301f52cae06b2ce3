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


def test_the_commodity_jurisdiction_entry_links_the_itar_section_it_names(real_service: ComplianceService) -> None:
    # the entry names 22 CFR 120.12; the source's title had written "§§ 120.5 and 120.12", which read as 120.5 only,
    # so the entry linked the MTCR Guidelines page
    answer = real_service.ask("how do I apply for a commodity jurisdiction?")
    urls = _urls(answer, "Glossary Commodity jurisdiction")
    assert urls == {"https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-120"}, answer.citations


def test_a_bill_links_its_congress_gov_page(real_service: ComplianceService) -> None:
    # the passage on H.R. 3613 had linked the U.S. Code section it would amend (its document's first source)
    answer = real_service.ask("what are the pending bills on the section 36 notification thresholds?")
    urls = _urls(answer, "AECA §36 Pending bills")
    assert urls == {"https://www.congress.gov/bill/119th-congress/house-bill/3613"}, answer.citations
