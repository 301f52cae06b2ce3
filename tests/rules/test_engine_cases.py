"""Runs the YAML case tables in tests/rules/cases against the shipped rule data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.errors import InputError
from bot.intake import ClassifyRequest
from bot.service import ComplianceService

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    out = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(file.read_text()):
            out.append(pytest.param(case, id=f"{file.stem}: {case['name']}"))
    return out


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any], service: ComplianceService) -> None:
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(InputError, match=expected["error"]):
            service.classify(ClassifyRequest(**case["input"]))
        return
    decision = service.classify(ClassifyRequest(**case["input"]))
    data = decision.as_dict()
    if "verdict" in expected:
        assert data["verdict"] == expected["verdict"], data["trace"]
    for key in ("category", "item", "at_least"):
        if key in expected:
            assert data["mtcr"][key] == expected[key]
    if "missing" in expected:
        assert sorted(data["missing"]) == sorted(expected["missing"])
    if "us_treatment" in expected:
        assert data["us_treatment"] == expected["us_treatment"]
    rules_cited = {step["rule"] for step in data["trace"]} | {c["rule"] for c in data["conditions"]}
    for rule in expected.get("rules", []):
        assert rule in rules_cited, sorted(rules_cited)
    if "warning" in expected:
        assert any(expected["warning"].lower() in w.lower() for w in data["warnings"]), data["warnings"]
    if "margin" in expected:
        assert any(expected["margin"] in m["text"] for m in data["margins"]), data["margins"]
    conditions = " ".join(c["condition"] for c in data["conditions"])
    if "condition" in expected:
        assert expected["condition"].lower() in conditions.lower(), conditions
    if "no_condition" in expected:
        assert expected["no_condition"].lower() not in conditions.lower()
    if "restriction" in expected:
        assert any(r["status"] == expected["restriction"] for r in data["destination"]["restrictions"])
    if "partner" in expected:
        assert data["destination"]["mtcr_partner"] is expected["partner"]
    if "other_controls" in expected:
        assert any(expected["other_controls"] in o for o in data["other_controls"])
    _check_jurisdiction_and_licence(expected, data)
    if data["verdict"] != "not-mtcr-controlled":
        assert any(not step["rule"].startswith("us.other_controls") for step in data["trace"]), "verdict uncited"
    for step in data["trace"]:
        assert step["rule"] and step["effective"] and step["reference"]["title"] and step["reference"]["url"]


def _check_jurisdiction_and_licence(expected: dict[str, Any], data: dict[str, Any]) -> None:
    """Keys of the jurisdiction / licence case tables (tests/rules/cases/jurisdiction*.yaml, licence*.yaml)."""
    j, lic = data["jurisdiction"], data["licence"]
    if "list" in expected:
        assert j["list"] == expected["list"], j
    if "entry" in expected:
        assert j["entry"] == expected["entry"], j
    if "jurisdiction_confidence" in expected:
        assert j["confidence"] == expected["jurisdiction_confidence"], j
    if "jurisdiction_missing" in expected:
        assert sorted(j["missing"]) == sorted(expected["jurisdiction_missing"]), j
    if "licence_required" in expected:
        assert lic["required"] is expected["licence_required"], lic
    if "licence_reasons" in expected:  # {reason: applies}
        got = {r["reason"]: r["applies"] for r in lic["reasons"]}
        assert got == expected["licence_reasons"], lic["reasons"]
    if "licence_missing" in expected:
        assert sorted(lic["missing"]) == sorted(expected["licence_missing"]), lic
    if "exception" in expected:
        assert any(expected["exception"].lower() in e.lower() for e in lic["exceptions"]), lic["exceptions"]
    if "no_exception" in expected:
        assert not lic["exceptions"], lic["exceptions"]
    for key in ("licence_note", "jurisdiction_note"):
        if key in expected:
            notes = lic["notes"] if key == "licence_note" else j["notes"] + [j["basis"], j["next_step"]]
            assert any(expected[key].lower() in n.lower() for n in notes), notes
    # Never "no licence required" on an open fact, and every step of both cites a dated reference.
    if lic["missing"] or j["missing"]:
        assert lic["required"] is not False, lic
    if j["list"] == "unknown":
        assert lic["required"] is None and j["entry"] is None
    assert any("were not checked" in n for n in lic["notes"]), lic["notes"]
    for step in j["trace"] + lic["trace"]:
        assert step["rule"] and step["effective"] and step["reference"]["url"].startswith("http")
