"""The shared dev set (../shared/eval/ask_dev.yaml, written independently of the code) through the real model,
scored as its README says: no unsafe answer, and the pass rate stays above the measured floor. bench/devset.py
prints the failures per topic."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.service import ComplianceService

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.devset import DEV_SET, score

PASS_RATE_FLOOR = 0.87  # measured 145/160 (0.906) on 2026-12-06 (the floor leaves room for 5 items)


@pytest.fixture(scope="module")
def result(real_service: ComplianceService) -> dict[str, Any]:
    if not DEV_SET.exists():
        pytest.skip(f"the shared dev set is not beside this checkout ({DEV_SET})")
    return score(real_service, yaml.safe_load(DEV_SET.read_text(encoding="utf-8")))


def test_no_unsafe_answer(result: dict[str, Any]) -> None:
    """Never a permissive verdict where a denial or presumption of denial is expected."""
    assert result["unsafe"] == []


def test_every_refusal_is_refused(result: dict[str, Any]) -> None:
    missed = [item["id"] for item, why in result["failures"] if "not refused" in why]
    assert missed == []


def test_pass_rate_floor(result: dict[str, Any]) -> None:
    assert result["passed"] / result["total"] >= PASS_RATE_FLOOR, f"{result['passed']}/{result['total']}"
