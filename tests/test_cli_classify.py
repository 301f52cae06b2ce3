"""The classify CLI contract that other tools rely on (run as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

REQUIRED = {"verdict", "mtcr", "us_treatment", "destination", "missing", "warnings", "margins", "conditions",
            "trace", "as_of", "rules_version"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


def test_json_contract() -> None:
    proc = run("classify", "--system", "gray eagle", "--destination", "Poland", "--as-of", "2026-01-15", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= REQUIRED
    assert data["verdict"] == "case-by-case"
    assert data["mtcr"] == {"category": "II", "item": "19.A.2", "at_least": None}
    assert data["destination"]["country"] == "PL" and data["destination"]["mtcr_partner"] is True
    step = data["trace"][0]
    assert {"step", "finding", "rule", "effective", "reference"} <= set(step)
    assert {"title", "url"} <= set(step["reference"])


def test_insufficient_data_is_a_decision_exit_0() -> None:
    proc = run("classify", "--payload", "600 kg", "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["verdict"] == "insufficient-data"


@pytest.mark.parametrize("args", [
    ("--range", "-300"), ("--range", "12 parsecs"), ("--destination", "Atlantis"), ("--as-of", "2025-02-30"),
    ("--payload", "lots"), ("--system", "qwertyuiop"), ("--as-of", "1950-01-01"),
])
def test_bad_input_is_one_line_exit_2(args: tuple[str, str]) -> None:
    proc = run("classify", *args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("uavex: error:")
    assert "Traceback" not in proc.stderr


def test_readable_output_has_verdict_trace_sources_and_notice() -> None:
    proc = run("classify", "--range", "1,200 km", "--payload", "600kg", "--speed", "420 kt", "--as-of", "2021-01-01")
    assert proc.returncode == 0
    out = proc.stdout
    assert "Case-by-case review" in out and "Category I" in out
    assert "Why:" in out and "Sources:" in out and "Advisory, not a determination" in out
    assert "below the US 2020 airspeed limit" in out


def test_classify_never_imports_torch() -> None:
    code = ("import sys; from bot.cli import cli; "
            "cli(['classify','--system','reaper','--json'], standalone_mode=False); "
            "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules, 'heavy import'")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_rules_check_summary() -> None:
    proc = run("rules", "check")
    assert proc.returncode == 0
    assert "rules version:" in proc.stdout and "newest effective date:" in proc.stdout and "OK" in proc.stdout


def test_open_category_warning_names_the_open_fact() -> None:
    """The 'Category I or II is not settled' warning names what is unknown (it once printed '( unknown)')."""
    from click.testing import CliRunner

    from bot.cli import cli

    result = CliRunner().invoke(cli, ["classify", "--system", "mq-9b", "--destination", "Poland",
                                      "--as-of", "2026-11-27", "--json"])
    assert result.exit_code == 0, result.output
    warnings = __import__("json").loads(result.output)["warnings"]
    settled = [w for w in warnings if "not settled" in w]
    assert settled and "( unknown)" not in settled[0] and "range_at_500kg_km unknown" in settled[0]


@pytest.mark.parametrize(("mtow", "verdict", "bound"), [
    ("1,100 lb", "case-by-case", True),  # 499 kg: below the 500 kg Category I payload threshold
    ("1,103 lb", "insufficient-data", False),  # 500.3 kg: the take-off weight no longer bounds the payload
])
def test_mtow_bounds_an_unknown_payload(mtow: str, verdict: str, bound: bool) -> None:
    proc = run("classify", "--range", "1,000 km", "--mtow", mtow, "--exporter", "France", "--as-of", "2026-01-15")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert ("Reasoning: payload bound from maximum take-off weight" in out) is bound
    assert ("cannot reach the Category I payload threshold of 500 kg" in out) is bound
    data = json.loads(run("classify", "--range", "1,000 km", "--mtow", mtow, "--exporter", "France",
                          "--as-of", "2026-01-15", "--json").stdout)
    assert data["verdict"] == verdict
    assert data["facts"]["mtow_kg"]["origin"] == "input"
    assert ("payload_kg" in data["missing"]) is not bound
    if bound:
        step = next(s for s in data["trace"] if s["step"].startswith("Reasoning: payload bound"))
        assert step["rule"] == "mtcr.category_i.payload_kg"


def test_catalogue_mtow_rules_out_category_i_with_its_source() -> None:
    proc = run("classify", "--system", "scaneagle", "--as-of", "2026-01-15", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["facts"]["mtow_kg"] == {"value": 20.0, "origin": "catalogue"}
    assert data["system"]["max_takeoff_weight_kg"] == 20.0 and data["system"]["sources"]
    step = next(s for s in data["trace"] if s["step"].startswith("Reasoning: payload bound"))
    assert step["rule"] == "mtcr.category_i.payload_kg"
    assert "catalogue entry for Boeing Insitu ScanEagle" in step["finding"]
    # Category II turns on the one-way range, here estimated from the catalogue's endurance and cruise speed
    assert data["missing"] == [] and data["mtcr"]["category"] == "II", (data["missing"], data["mtcr"])


def test_a_figure_exactly_at_a_threshold_keeps_the_rule_its_margin_cites() -> None:
    out = run("classify", "--range", "300 km", "--payload", "500 kg", "--aerosol", "0", "--json")
    margins = {m["threshold"]: m for m in json.loads(out.stdout)["margins"]}
    assert margins["Category I payload threshold"]["rule"] == "mtcr.category_i.payload_kg"
    assert "exactly at the Category I payload threshold" in margins["Category I payload threshold"]["text"]


@pytest.mark.parametrize(("flag", "usml", "civil"), [("--no-military", False, True), ("--military", True, False),
                                                     (None, True, True)])
def test_other_controls_follow_the_stated_design(flag: str | None, usml: bool, civil: bool) -> None:
    """An item stated not to be military is not told it needs an ITAR licence whatever its MTCR status (the USML line
    had been listed for every item), and a military one is not pointed to the civil entry 9A012."""
    proc = run("classify", "--range", "40 km", "--payload", "5 kg", *([flag] if flag else []), "--json")
    assert proc.returncode == 0, proc.stderr
    controls = " ".join(json.loads(proc.stdout)["other_controls"])
    assert ("USML Category VIII(a)" in controls) is usml and ("ECCN 9A012" in controls) is civil, controls
