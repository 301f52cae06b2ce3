"""Sources link the publisher's own text (the Federal Register, the eCFR), not a law firm's note or a university
news page about it; those stay in the corpus as where the text was read. Seen in the sources an answer lists."""

from __future__ import annotations

import re

import pytest

from bot.service import ComplianceService


def _urls(answer: object, label_start: str) -> set[str]:
    return {str(c["url"]) for c in answer.citations  # type: ignore[attr-defined]
            if str(c["label"]).startswith(label_start)}


# (question, the cited passage's label, the one link it must have, what it had linked)
LINKS = [
    ("what does executive order 14268 say about the MTCR?", "EO 14268",
     "https://www.federalregister.gov/citation/90-FR-15631", "a law-firm blog or a university news page"),
    ("how do I apply for a commodity jurisdiction?", "Glossary Commodity jurisdiction",
     "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-120",
     "the MTCR Guidelines page: its source's title '§§ 120.5 and 120.12' had read as 120.5 only"),
    ("what are the pending bills on the section 36 notification thresholds?", "AECA §36 Pending bills",
     "https://www.congress.gov/bill/119th-congress/house-bill/3613",
     "the U.S. Code section the bill would amend, its document's first source"),
]


@pytest.mark.parametrize(("question", "label", "url"), [(q, lb, u) for q, lb, u, _ in LINKS],
                         ids=[lb for _, lb, _, _ in LINKS])
def test_a_passage_links_its_publishers_page(real_service: ComplianceService, question: str, label: str,
                                             url: str) -> None:
    answer = real_service.ask(question)
    urls = _urls(answer, label)
    publisher = url.rsplit("/", 1)[0]  # (another of the publisher's pages may be cited too: a second pending bill)
    assert url in urls and all(u.startswith(publisher) for u in urls), answer.citations


def test_the_cambodia_removal_links_the_ecfr_section(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we export a ScanEagle to Cambodia in 2026?")
    urls = _urls(answer, "ITAR §126.1 Cambodia removal")
    assert urls and all(u.startswith("https://www.ecfr.gov/") for u in urls), answer.citations
    assert not any("dlapiper" in str(c["url"]) for c in answer.citations)


def test_chinas_mtcr_pledge_is_cited_to_the_state_department_not_wikipedia(real_service: ComplianceService) -> None:
    answer = real_service.ask("when did china promise to follow the mtcr guidelines?")
    lead = answer.answer.split("\n")[0]
    # it had been "according to text derived from Wikipedia", or a fact sheet the sentence said was unchecked
    assert "1 February 1992" in lead and "statement of 21 February 1992" in lead, lead
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", lead)}
    urls = {str(c["url"]) for c in answer.citations if c["n"] in cited}
    assert urls == {"https://www.state.gov/"}, answer.citations
    assert not any("wikipedia" in str(c["url"]) for c in answer.citations)
