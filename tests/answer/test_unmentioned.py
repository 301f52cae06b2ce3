"""A question that names what no indexed passage mentions (a regulation section, a list entry, an arrangement's
acronym) is told so before the closest guidance (bot/answer/unmentioned.py), seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

NOTE = "uavex's sources do not mention {}, so what follows is the closest guidance they hold, not an answer about it"


@pytest.mark.parametrize(("question", "name"), [
    ("does the AUKUS exemption cover drones to australia?", "AUKUS"),
    ("can we use the canadian exemption in 126.5 for drone parts?", "§126.5"),
    ("what's ECCN 9A515?", "9A515"),
    # a named arrangement, capitalised or not, and a USML category by its numeral
    ("is the australia group relevant to uav sprayers?", "australia group"),
    ("what is Category XIX of the USML?", "Category XIX"),
])
def test_what_no_passage_mentions_is_said_first(real_service: ComplianceService, question: str, name: str) -> None:
    answer = real_service.ask(question)
    # unrelated sentences (a civil UAV under 9.A.12, the 600 series) had answered as if they were about it
    assert not answer.abstained and answer.answer.startswith(NOTE.format(name)), answer.answer[:300]


@pytest.mark.parametrize("question", ["what does ITAR 123.17 say?", "what is 19.A.3", "what is the FMS-only list",
                                      "need this ASAP, can we ship reapers to the UK?", "what is ML10",
                                      "is the Wassenaar Arrangement relevant?", "is it category VIII?",
                                      "does the NATO treaty matter?", "what is the country group for india?"])
def test_what_the_passages_mention_gets_no_such_note(real_service: ComplianceService, question: str) -> None:
    assert "uavex's sources do not mention" not in real_service.ask(question).answer


def test_a_sale_named_with_what_no_passage_mentions_keeps_its_verdict(real_service: ComplianceService) -> None:
    answer = real_service.ask("does the AUKUS exemption cover MQ-9B sales to australia?")
    lines = answer.answer.split("\n")
    assert answer.verdict is not None and answer.verdict["verdict"] == "case-by-case", answer.answer[:300]
    assert lines[2].startswith("- " + NOTE.format("AUKUS")), lines[:3]


def test_a_declined_question_says_what_no_passage_mentions(real_service: ComplianceService) -> None:
    answer = real_service.ask("export rules for encryption software under 5d002?")
    assert answer.abstained, answer.answer[:300]
    assert answer.answer.startswith("The indexed guidance does not cover this question (no passage mentions 5D002), "
                                    "so uavex will not guess."), answer.answer[:300]
    # declined or answered from the closest guidance, the named arrangement is said to be missing in the first line
    lead = real_service.ask("what's the difference between the MTCR and the Hague Code of Conduct?").answer
    assert "Hague Code of Conduct" in lead.split("\n")[0], lead[:300]


@pytest.mark.parametrize(("question", "note"), [
    ("Has Japan bought MQ-9B drones?", "no sale of the MQ-9B SkyGuardian / SeaGuardian to Japan"),
    ("did the us ever sell reapers to turkey?", "no sale of the MQ-9A Reaper to Türkiye"),
])
def test_a_sale_the_sources_do_not_record_is_said_to_be_unrecorded(real_service: ComplianceService, question: str,
                                                                    note: str) -> None:
    # had led with another buyer's sale (the UAE's MQ-9B offer) as if it answered the question
    answer = real_service.ask(question).answer
    assert answer.startswith(f"uavex's sources record {note}; that does not show none took place"), answer[:300]


@pytest.mark.parametrize("question", ["did India ever buy the MQ-9B?", "has the UK bought Reapers?",
                                      "did the uk buy mq-9b",
                                      # Ukraine's 2019 TB2 order, in the TB2's catalogue notes (had been "no sale")
                                      "How many TB2s has Ukraine bought?"])
def test_a_recorded_sale_gets_no_such_note(real_service: ComplianceService, question: str) -> None:
    # India's MQ-9B case is in the corpus; the UK's Protector (MQ-9B) in the system's catalogue notes
    assert "sources record no sale" not in real_service.ask(question).answer


def test_an_acronym_put_as_what_a_question_is_under_is_checked(real_service: ComplianceService) -> None:
    answer = real_service.ask("do we need a license to export a drone to Australia under AUKUS?").answer
    assert answer.startswith(NOTE.format("AUKUS")), answer[:300]
    assert not real_service.ask("is this controlled under ITAR or under EAR?").answer.startswith("uavex's sources do")


@pytest.mark.parametrize("question", ["did china sell wing loong to saudi arabia?",
                                      "Which countries has China sold Wing Loong drones to?"])
def test_what_happened_comes_before_the_catalogue_and_policy_notes(real_service: ComplianceService,
                                                                   question: str) -> None:
    # a name the catalogue lacks, and the note that US policy does not govern China's sales, had led an answer about
    # what China sold; the passages that tell it come first
    lines = [line for line in real_service.ask(question).answer.splitlines() if not line.startswith("_Understood")]
    assert "Wing Loong" in lines[0] and "not in uavex's catalogue" not in lines[0], lines[:2]
    assert not lines[0].startswith("US national policy does not apply"), lines[:2]
    assert any("not in uavex's catalogue" in line for line in lines[1:3]), lines[:3]
