"""A passage's citation links the source it draws on, not whichever source its document lists first; a sentence
that draws on another of the document's sources links that one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.retrieval.documents import load_corpus
from bot.retrieval.passages import passages_for
from bot.retrieval.sources import identifiers, publishers, sentence_sources, source_for
from bot.service import ComplianceService

SOURCES = [
    {"title": "22 CFR § 126.1, Prohibited exports", "url": "https://www.ecfr.gov/current/title-22/chapter-I/"
     "subchapter-M/part-126/section-126.1"},
    {"title": "15 CFR § 746.8, Sanctions against Russia and Belarus", "url": "https://www.ecfr.gov/current/"
     "title-15/subtitle-B/chapter-VII/subchapter-C/part-746/section-746.8"},
    {"title": "Final rule (87 FR 12226, FR Doc 2022-04300)", "url": "https://www.federalregister.gov/d/2022-04300"},
    {"title": "22 U.S.C. §§ 2797, 2797a, 2797c (AECA chapter 7)", "url": "https://uscode.house.gov/view.xhtml?"
     "path=/prelim@title22/chapter39/subchapter7&edition=prelim"},
    {"title": "Regulations, whole part 120", "url": "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/"
     "part-120"},
]


@pytest.mark.parametrize(("heading", "text", "expected"), [
    ("§746.8", "A licence is required under 15 CFR 746.8(a)(1) for any CCL item.", 1),
    ("¶2", "BIS imposed the rule (87 FR 12226), effective 24 February 2022.", 2),
    ("¶3", "Chapter 7 is codified at 22 U.S.C. 2797 to 2797c.", 3),
    ("¶4", "Defined in 22 CFR 120.41 and again in §120.41(b).", 4),
    ("¶5", "A passage that names no rule keeps the document's first source.", 0),
])
def test_passage_links_the_source_it_names(heading: str, text: str, expected: int) -> None:
    assert source_for(heading, text, SOURCES) == SOURCES[expected]


def test_identifiers_read_lists_of_code_sections() -> None:
    found = identifiers("22 U.S.C. §§ 2797, 2797a, 2797b-1 and 50 U.S.C. 4612")
    assert {"usc:22:2797", "usc:22:2797a", "usc:22:2797b-1", "usc:50:4612"} <= set(found)


def test_russia_ear_answer_cites_the_ear_section_not_the_itar(real_service: ComplianceService) -> None:
    answer = real_service.ask("for russia even EAR99 drone parts - do we need a license? whats the policy?")
    urls = {c["label"]: c["url"] for c in answer.as_dict()["citations"]}
    ear = [c["url"] for c in answer.as_dict()["citations"] if c["label"].startswith("Russia export controls §746.8")]
    assert ear and not any("part-126" in url for url in ear), urls
    assert "section-746.8" in answer.as_dict()["answer"]


NEWS = {"title": "BIS amends country groups for Russia (Export Compliance Daily)", "url": "https://news.example/ecd"}


def test_a_sentence_links_the_rule_or_publisher_it_names() -> None:
    text = ("Russia is on Table 2 of §126.1. BIS imposed the rule (87 FR 12226), effective 24 February 2022. "
            "BIS moved Russia out of Country Group A:2 (secondary, Export Compliance Daily). It stays a partner.")
    found = sentence_sources(text, [*SOURCES, NEWS], SOURCES[0]["url"])
    assert found == {"BIS imposed the rule (87 FR 12226), effective 24 February 2022.": SOURCES[2]["url"],
                     "BIS moved Russia out of Country Group A:2 (secondary, Export Compliance Daily).": NEWS["url"]}


@pytest.mark.parametrize(("title", "names"), [
    ("US Officially Eases Licensing for Cambodia (Export Compliance Daily)", ["Export Compliance Daily"]),
    ("Japan MOFA: press release on the MTCR", ["Japan MOFA"]),
    ("NTI: Missile Technology Control Regime (MTCR)", ["NTI"]),  # an acronym of the title is not a publisher
    ("22 CFR 126.1 (eCFR copy, Jan 2025)", []),
])
def test_publishers_named_in_a_source_title(title: str, names: list[str]) -> None:
    assert list(publishers(title)) == names


def test_an_answer_sentence_links_the_publisher_it_names(real_service: ComplianceService) -> None:
    answer = real_service.ask("As outside counsel I need a concise statement of Russia's status under the ITAR and "
                              "the EAR for UAV components, please.").answer
    line = next(x for x in answer.split("\n") if "Country Group A:2" in x and "Export Compliance Daily" in x)
    marker = line.rsplit("[", 1)[1].rstrip("]")
    source = next(x for x in answer.split("\n") if x.startswith(f"[{marker}] "))
    if (same := re.search(r"\(same link as \[(\d+)\]\)", source)) is not None:  # a link listed once, above
        source = next(x for x in answer.split("\n") if x.startswith(f"[{same.group(1)}] "))
    assert "exportcompliancedaily.com" in source, (line, source)


def test_a_bill_of_congress_links_its_congress_gov_page() -> None:
    sources = [*SOURCES, {"title": "S. 2387 (119th Congress), Congress.gov bill page",
                          "url": "https://www.congress.gov/bill/119th-congress/senate-bill/2387"}]
    assert source_for("S. 2387", "A bill, S. 2387, would amend the AECA.", sources) == sources[-1]
    # the "S." of "U.S." is no bill
    assert "bill:s:2776" not in identifiers("see U.S. 2776 and 22 U.S.C. 2776")
    assert set(identifiers("H.R. 256 and H. R. 257")) == {"bill:hr:256", "bill:hr:257"}


DECLARED = """---
id: timeline
title: Timeline
issuer: uavex
kind: explainer
published: 2020-01-01
effective: 2020-01-01
sources:
  - title: "An old report"
    url: "https://old.example/report"
  - title: "The 2020 announcement"
    url: "https://state.example/2020"
    sections: [{sections}]
confidence: secondary
last_reviewed: 2020-01-01
---

## Before 2015: what came first

The regime was set up long ago.

## 2020 reinterpretation

A selected subset was treated as Category II from July 2020.
"""


def test_a_section_declared_for_a_source_links_it(tmp_path: Path) -> None:
    (tmp_path / "timeline.md").write_text(DECLARED.replace("{sections}", "'2020 reinterpretation'"))
    documents, warnings = load_corpus(tmp_path)
    assert not warnings
    urls = {p.label: p.url for p in passages_for(documents[0])}
    assert urls == {"Timeline Before 2015": "https://old.example/report",
                    "Timeline 2020 reinterpretation": "https://state.example/2020"}


@pytest.mark.parametrize(("first", "sections", "extra", "message"), [
    ("", "'2021 change'", "", "sources[1].sections names '2021 change', which is not a section's heading label"),
    ("", "'Before 2015'", "    page: 4\n", "sources[1] has unknown key 'page'"),
    ("    sections: ['Before 2015']\n", "'Before 2015'", "",
     "section 'Before 2015' is declared for sources[0] and sources[1]"),
])
def test_a_wrong_section_declaration_is_refused_at_load(tmp_path: Path, first: str, sections: str, extra: str,
                                                        message: str) -> None:
    text = DECLARED.replace("{sections}", sections).replace("    sections:", extra + "    sections:")
    text = text.replace('report"\n', 'report"\n' + first, 1)
    (tmp_path / "timeline.md").write_text(text)
    documents, warnings = load_corpus(tmp_path)
    assert documents == [] and message in "\n".join(warnings)


def test_the_2020_step_of_the_timeline_links_the_2020_announcement(real_service: ComplianceService) -> None:
    """The timeline's sections name no rule: each linked the document's first source, a BIS report of 2007."""
    answer = real_service.ask("what happened in july 2020 with us drone export policy").as_dict()
    urls = {c["label"]: c["url"] for c in answer["citations"]}
    assert urls.get("US UAS policy timeline 2020 reinterpretation") == \
        "https://2017-2021.state.gov/trump-administration-approves-updated-unmanned-aerial-system-uas-export-policy/"
