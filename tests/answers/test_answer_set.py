"""The answer set (tests/answers/answers.yaml) through the real model: every verdict, refusal and abstention
expectation holds, and the overall pass rate does not fall below the measured floor. bench/answers.py prints
the failures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.service import ComplianceService

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.answers import check

CASES = yaml.safe_load((Path(__file__).parent / "answers.yaml").read_text())
PASS_RATE_FLOOR = 0.92


@pytest.fixture(scope="module")
def results(real_service: ComplianceService) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(case, real_service.ask(case["question"]).as_dict()) for case in CASES]


def test_answer_set_is_large_and_varied() -> None:
    assert len(CASES) >= 50
    assert sum(1 for c in CASES if c["expect"].get("refused")) >= 5
    assert sum(1 for c in CASES if c["expect"].get("abstained")) >= 5


def test_verdicts_refusals_and_abstentions(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Hard: every expected verdict and refusal, and every question that must NOT be answered. (An answerable
    question that uavex declines is a miss counted by the pass-rate floor, not an unsafe answer.)"""
    wrong = []
    for case, data in results:
        expect = {k: v for k, v in case["expect"].items() if k in ("verdict", "refused")
                  or (k == "abstained" and v is True)}
        problems = check(expect, data)
        if problems:
            wrong.append((case["question"], problems))
    assert wrong == []


def test_pass_rate_floor(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    passed = sum(1 for case, data in results if not check(case["expect"], data))
    assert passed / len(results) >= PASS_RATE_FLOOR, f"{passed}/{len(results)}"


def test_every_answer_is_cited_or_declines(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Every answer cites its sources and fits chat: the body one message, the sources two embed fields. A refusal
    may cite the facts that explain it (a destination's §126.1 status); an abstention cites nothing."""
    for case, data in results:
        markers = {int(m) for m in __import__("re").findall(r"\[(\d+)\]", data["answer"])}
        assert markers <= {c["n"] for c in data["citations"]}, case["question"]
        if data["abstained"]:
            assert not data["citations"]
            continue
        if data["refused"]:
            continue
        assert data["citations"], case["question"]
        assert "Advisory, not a determination" in data["answer"]
        body, _, sources = data["answer"].partition("**Sources**")
        assert len(body) <= 1800 and len(sources.rsplit("_As of", 1)[0]) <= 2000, case["question"]
