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
    if data["verdict"] != "not-mtcr-controlled":
        assert any(not step["rule"].startswith("us.other_controls") for step in data["trace"]), "verdict uncited"
    for step in data["trace"]:
        assert step["rule"] and step["effective"] and step["reference"]["title"] and step["reference"]["url"]
