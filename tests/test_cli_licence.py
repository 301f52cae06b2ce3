"""`uavex classify` jurisdiction and licence output (JSON and text) and `uavex rules check` counts, via the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from bot.rules.audit import JURISDICTION_AND_LICENCE, confidence_counts
from bot.rules.loader import load_rules

CIVIL = ["classify", "--range", "5 km", "--payload", "2 kg", "--aerosol", "0 L", "--no-military", "--bvlos",
         "--endurance", "45 min", "--destination", "Germany"]


def _run(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def test_json_has_jurisdiction_and_licence_with_cited_steps() -> None:
    data = _run(*CIVIL, "--gust", "--as-of", "2026-03-01")
    j, lic = data["jurisdiction"], data["licence"]
    assert {"list", "entry", "basis", "confidence", "next_step"} <= set(j)
    assert {"required", "reasons", "exceptions", "notes"} <= set(lic)
    assert (j["list"], j["entry"], lic["required"]) == ("EAR", "9A012.a.1", False)
    assert {r["reason"]: r["applies"] for r in lic["reasons"]} == {"NS2": False, "AT1": False}
    steps = [s for s in data["trace"] if s["step"] in ("Jurisdiction", "Licence")]
    assert {s["rule"] for s in steps} >= {"us.other_controls.ear_9a012_a1_gust_kmh", "us.licence.reasons_9a012_a1"}
    for step in steps:
        assert step["effective"] and step["reference"]["url"].startswith(("https://", "http://"))


def test_the_january_2026_rule_flips_the_licence_through_the_cli() -> None:
    before = _run(*CIVIL, "--gust", "--as-of", "2026-01-20")["licence"]
    after = _run(*CIVIL, "--gust", "--as-of", "2026-01-21")["licence"]
    assert before["required"] is True and next(r["reason"] for r in before["reasons"]) == "NS1"
    assert after["required"] is False and next(r["reason"] for r in after["reasons"]) == "NS2"


def test_no_gust_flag_and_missing_gust() -> None:
    assert _run(*CIVIL, "--no-gust", "--as-of", "2026-03-01")["jurisdiction"]["entry"] == "9A991.a"
    data = _run(*CIVIL, "--as-of", "2026-03-01")
    assert data["jurisdiction"]["missing"] == ["gust"] and data["licence"]["required"] is None


def test_armed_flag_gives_usml_and_itar_licence_types() -> None:
    data = _run("classify", "--range", "5 km", "--payload", "2 kg", "--armed", "--destination", "Canada",
                "--as-of", "2026-03-01")
    assert data["jurisdiction"]["list"] == "USML" and data["licence"]["authority"] == "DDTC (ITAR)"
    assert any("DSP-5" in n and "DSP-73" in n for n in data["licence"]["notes"])


def test_text_output_has_short_jurisdiction_and_licence_sections() -> None:
    result = CliRunner().invoke(cli, [*CIVIL, "--gust", "--as-of", "2026-01-20"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Jurisdiction (US lists): 9A012.a.1 (EAR)" in out
    assert "Licence (Germany): required · BIS (EAR)" in out and "- NS1: applies" in out
    assert "were not checked" in out and "confirm" in out
    assert "Other controls that may still apply" not in out  # superseded by the Jurisdiction section


def test_rules_check_counts_the_jurisdiction_and_licence_values(project_root: Path) -> None:
    result = CliRunner().invoke(cli, ["rules", "check"])
    assert result.exit_code == 0, result.output
    counts = confidence_counts(load_rules(project_root / "corpus" / "rules"), JURISDICTION_AND_LICENCE)
    line = next(x for x in result.output.splitlines() if x.startswith("jurisdiction/licence:"))
    assert line.split(":", 1)[1].strip() == ", ".join(f"{k} {counts[k]}" for k in ("verified", "secondary",
                                                                                     "uncertain"))
    assert counts["uncertain"] > 0 and counts["verified"] > 0


def test_specially_designed_case_names_the_cj_request_and_the_deciding_questions() -> None:
    result = CliRunner().invoke(cli, ["classify", "--range", "5 km", "--payload", "2 kg", "--military",
                                      "--no-armed", "--destination", "Canada", "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "Jurisdiction (US lists): USML VIII(a) or ECCN 9A610.a (USML or EAR)" in result.output
    assert "DS-4076" in result.output and "Deciding question: Was the UAV developed" in result.output
    assert "Licence (Canada): not settled" in result.output
