"""A cited sentence is supported by what it cites: the thresholds, years, day periods and item numbers it states
appear in the cited passage or rule value, over the project's answer set and the shared dev set
(bench/citations.py prints the rate and the unsupported claims)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.service import ComplianceService

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.citations import rate
from bench.devset import DEV_SET

TODAY_SETS = [Path(__file__).parent / "answers.yaml"]


def test_cited_sentences_state_only_what_they_cite(real_service: ComplianceService) -> None:
    questions = [(c["question"], None) for c in yaml.safe_load(TODAY_SETS[0].read_text())]
    floor = 500  # claims checked over the project set alone (792 measured); with the dev set beside it, 1,936
    if DEV_SET.exists():
        questions += [(i["question"], i.get("context")) for i in yaml.safe_load(DEV_SET.read_text())]
        floor = 1000
    answers = [real_service.ask(q, context=ctx).as_dict() for q, ctx in questions]
    ok, total, unsupported = rate(answers)
    assert total > floor
    assert unsupported == [], f"{ok}/{total}: " + "; ".join(f"{k} {v!r} in {s[:80]!r}" for s, k, v in unsupported[:5])
