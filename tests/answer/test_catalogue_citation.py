"""A verdict that rests on a catalogue entry's figures cites that entry (bot/answer/verdict_text.py): the step that
states the figures carries the entry's citation, linked to the first of its published sources, with how many more
its card lists. Figures typed in the question cite nothing of the catalogue. Seen in the answer a user gets."""

from __future__ import annotations

import re

import pytest

from bot.service import ComplianceService


def _cited(answer: object, line_start: str) -> list[dict[str, object]]:
    text: str = answer.answer  # type: ignore[attr-defined]
    line = next(line for line in text.splitlines() if line.lstrip("- ").startswith(line_start))
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
    return [c for c in answer.citations if c["n"] in numbers]  # type: ignore[attr-defined]


def test_a_catalogue_systems_figures_cite_its_entry(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we sell MQ-9s to the UK?")
    cited = _cited(answer, "Payload 1,701 kg and range 1,851 km meet Item 1.A.2")
    entry = [c for c in cited if str(c["label"]).startswith("uavex catalogue: MQ-9A Reaper (")]
    # the figures had cited only the Annex item, which states the thresholds, not the Reaper's payload or range
    assert entry, cited
    assert "all on its catalogue card" in str(entry[0]["label"]) and str(entry[0]["url"]).startswith("http")
    assert "payload 1701 kg" in str(entry[0]["text"]) and "range 1851 km" in str(entry[0]["text"])


def test_typed_figures_cite_no_catalogue_entry(real_service: ComplianceService) -> None:
    answer = real_service.ask("our drone: 600 kg payload, 400 km range, category?")
    assert not any(str(c["label"]).startswith("uavex catalogue") for c in answer.citations), answer.citations


@pytest.mark.parametrize(("question", "opening"), [
    ("what's the payload of the CH-5?", "The CH-5 (Cai Hong 5 / Rainbow 5) in uavex's catalogue: payload 1,000 kg."),
    ("how fast is the MQ-9?", "The MQ-9A Reaper in uavex's catalogue: maximum speed 443 km/h; cruise speed 370 km/h."),
    ("how far can the TB2 fly?", "The Bayraktar TB2 in uavex's catalogue: range 150 km (a datalink range, not the "
     "MTCR range)."),
    ("what's the payload of the harop?", "uavex's catalogue records no payload for the IAI Harop."),
])
def test_a_figure_asked_of_a_catalogue_system_opens_the_answer(real_service: ComplianceService, question: str,
                                                               opening: str) -> None:
    answer = real_service.ask(question)
    lines = answer.answer.split("\n")
    # the verdict on a sale had led (after what was understood), with the figure asked for later or not at all
    assert lines[0].startswith("_Understood:") and lines[1].startswith(opening), answer.answer[:400]
    assert lines[2].startswith("- "), answer.answer[:500]  # the verdict follows
    if "records no" not in opening:
        assert any(str(c["label"]).startswith("uavex catalogue:") for c in answer.citations), answer.citations
