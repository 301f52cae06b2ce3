"""Issue 13: the memo for counsel (Markdown and PDF), reviewer sign-offs, re-running a case recorded under older
rules, re-screening with lapsing rule values, and the margins chart, through the CLI a user types."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.casework.chart import chart_data, render_chart
from bot.casework.rescreen import lapsing, needs_rescreen, rescreen
from bot.cli import cli
from bot.intake import ClassifyRequest
from bot.service import ComplianceService
from tests.casework_fixtures import NEW_CYPRUS, OLD_CYPRUS, corpus_with, service_for


def uavex(service: ComplianceService, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={"service": service})


@pytest.fixture()
def old_and_new(tmp_path: Path) -> tuple[ComplianceService, ComplianceService]:
    data = tmp_path / "data"
    old = service_for(corpus_with(tmp_path / "old", OLD_CYPRUS), data)
    new = service_for(corpus_with(tmp_path / "new", NEW_CYPRUS), data)
    assert old.rules.version != new.rules.version
    return old, new


def classify_case(service: ComplianceService, *args: str) -> tuple[str, dict]:
    result = uavex(service, "classify", *args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return data["case_id"], data


# Memo for counsel --------------------------------------------------------------------------------------------

def test_memo_has_inputs_with_basis_every_trace_step_sources_and_reviewer_block(tmp_path: Path) -> None:
    service = service_for(corpus_with(tmp_path / "c", NEW_CYPRUS), tmp_path / "data")
    case_id, decision = classify_case(service, "--system", "reaper", "--destination", "Poland", "--as-of",
                                      "2021-01-01", "--range", "1,000 nm")
    memo = uavex(service, "cases", "export", case_id).output
    assert memo.startswith(f"# uavex case {case_id}: memo for counsel")
    assert "| range | 1,852 km | as typed: 1,000 nm |" in memo  # the figure, converted, with its basis
    assert re.search(r"\| payload \| 1,701 kg \| uavex catalogue entry", memo)
    assert "Catalogue sources for MQ-9A Reaper:" in memo
    assert decision["trace"], "a classification has a trace"
    for n, step in enumerate(decision["trace"], 1):
        assert f"{n}. **{step['step']}**: {step['finding']}" in memo
        assert f"rule `{step['rule']}` = " in memo and f"in force from {step['effective']}" in memo
        assert f"<{step['reference']['url']}>" in memo
    assert "Annex Item 1.A.2" in memo and "> " in memo  # a passage quoted with its pinpoint label
    assert f"| Rules version | {service.rules.version} |" in memo
    assert "Not yet reviewed. Reviewer:" in memo


def test_review_is_recorded_and_shown_escaped(tmp_path: Path) -> None:
    service = service_for(corpus_with(tmp_path / "c", NEW_CYPRUS), tmp_path / "data")
    case_id, _ = classify_case(service, "--system", "gray eagle", "--destination", "Poland")
    result = uavex(service, "cases", "review", case_id, "--by", "Jane Roe\n# Counsel", "--decision", "disagree",
                   "--note", "range basis is datalink\n# APPROVED BY COUNSEL [x](https://evil.example)")
    assert result.exit_code == 0 and "disagrees" in result.output
    record = service.cases.get(case_id)
    assert [(s["reviewer"], s["decision"], s["source"]) for s in record.signoffs] == [
        ("Jane Roe # Counsel", "disagree", "cli")]
    assert record.signoffs[0]["rules_version"] == service.rules.version
    memo = uavex(service, "cases", "export", case_id).output
    assert "Not yet reviewed" not in memo
    assert "| Jane Roe \\# Counsel | disagree |" in memo
    assert not re.search(r"^#+ (APPROVED|Counsel)", memo, re.M) and "](https://evil" not in memo.replace("\\]\\(", "")
    assert "APPROVED BY COUNSEL" in memo


@pytest.mark.parametrize("args, message, code", [
    (["--by", "  ", "--decision", "agree"], "give the reviewer's name", 2),
    (["--by", "A", "--decision", "maybe"], "'maybe' is not one of", 2),
    (["--by", "A" * 201, "--decision", "agree"], "limited to 200 characters", 2),
])
def test_bad_review_is_one_line_and_records_nothing(tmp_path: Path, args: list[str], message: str,
                                                    code: int) -> None:
    service = service_for(corpus_with(tmp_path / "c", NEW_CYPRUS), tmp_path / "data")
    case_id, _ = classify_case(service, "--system", "gray eagle")
    result = uavex(service, "cases", "review", case_id, *args)
    assert result.exit_code == code and message in result.output and "Traceback" not in result.output
    assert service.cases.get(case_id).signoffs == []
    missing = uavex(service, "cases", "review", "C-20000101-000000-0000000000000000", "--by", "A", "--decision",
                    "agree")
    assert missing.exit_code == 2 and "no case" in missing.output  # an unknown id is bad input


def test_pdf_memo_reads_back_with_the_same_content(tmp_path: Path) -> None:
    from pypdf import PdfReader

    service = service_for(corpus_with(tmp_path / "c", NEW_CYPRUS), tmp_path / "data")
    case_id, decision = classify_case(service, "--system", "gray eagle", "--destination", "Cyprus", "--as-of",
                                      "2026-11-01", "--end-use", "patrol <b>bold</b> # x")
    uavex(service, "cases", "review", case_id, "--by", "Dana Counsel", "--decision", "agree")
    out = tmp_path / "memo.pdf"
    result = uavex(service, "cases", "export", case_id, "--out", str(out))
    assert result.exit_code == 0 and out.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    flat = re.sub(r"\s+", "", text)
    assert case_id in flat and "memoforcounsel" in flat and "DanaCounsel" in flat
    for step in decision["trace"]:
        assert re.sub(r"\s+", "", step["rule"]) in flat, step["rule"]
    assert "patrol<b>bold</b>#x" in flat  # user text printed as text, not interpreted
    assert "ITAR §126.1" in text and "—" in text  # Unicode survives (DejaVu font)
    no_out = uavex(service, "cases", "export", case_id, "--format", "pdf")
    assert no_out.exit_code == 2 and "--out FILE.pdf" in no_out.output


# Re-run and re-screen ----------------------------------------------------------------------------------------

def test_rerun_shows_what_changed_under_the_current_rules(old_and_new: tuple[ComplianceService, ...]) -> None:
    old, new = old_and_new
    case_id, before = classify_case(old, "--system", "gray eagle", "--destination", "Cyprus", "--as-of",
                                    "2026-11-01")
    assert before["verdict"] == "case-by-case"
    result = uavex(new, "cases", "rerun", case_id)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Rules: {old.rules.version} (recorded) → {new.rules.version} (current)" in out
    assert "CHANGED verdict: case-by-case → denial-policy" in out
    assert "CHANGED destination:" in out and "ITAR §126.1 suspended" in out and "ITAR §126.1 table-2" in out
    assert "same    MTCR category: Category II (Item 19.A.2)" in out
    assert "~ ITAR §126.1 (destinations.itar_126_1.CY): 'suspended' from 2025-10-01" in out
    assert "→ 'table-2' from 2026-10-01" in out
    assert "CHANGED conditions:" in out  # a denial carries no safeguards
    same = json.loads(uavex(old, "cases", "rerun", case_id, "--json").output)
    assert same["changed"] is False and all(a["changed"] is False for a in same["aspects"])
    earlier = json.loads(uavex(new, "cases", "rerun", case_id, "--as-of", "2026-09-01", "--json").output)
    assert earlier["aspects"][0] == {"aspect": "verdict", "before": "case-by-case", "after": "case-by-case",
                                     "changed": False}


def test_rescreen_lists_changed_cases_with_the_rule_and_lapses(old_and_new: tuple[ComplianceService, ...]) -> None:
    old, new = old_and_new
    changed, _ = classify_case(old, "--system", "gray eagle", "--destination", "Cyprus", "--as-of", "2026-11-01")
    steady, _ = classify_case(old, "--system", "gray eagle", "--destination", "Poland", "--as-of", "2026-11-01")
    result = uavex(new, "cases", "rescreen")
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Re-screened 2 case(s) under rules {new.rules.version}" in out
    assert "1 case(s) whose verdict for today differs" in out
    line = next(li for li in out.splitlines() if changed in li)
    assert "MQ-1C Gray Eagle → Cyprus" in line and "recorded case-by-case (as of 2026-11-01)" in line
    assert "now for 2026-11-01: denial-policy" in line and "today: denial-policy" in line
    assert "rules that changed: destinations.itar_126_1.CY" in out
    assert steady not in out
    assert new.cases.last_screening() == new.rules.version and not needs_rescreen(new)
    # Under the old rules, the 2026 suspension has lapsed with nothing recorded after it: flagged.
    listing = uavex(old, "cases", "rescreen", "--since", "2000-01-01").output
    assert "destinations.itar_126_1.CY = suspended (from 2025-10-01) LAPSED after 2026-09-30" in listing
    assert "cited by 1 stored case(s)" in listing  # the Cyprus case; the Poland case does not cite it


@pytest.mark.parametrize("today, days", [(date(2026, 9, 1), 29), (date(2026, 7, 3), 89), (date(2026, 7, 1), None),
                                         (date(2026, 9, 30), 0), (date(2026, 10, 1), -1)])
def test_lapsing_values_are_flagged_ahead_of_the_date(tmp_path: Path, today: date, days: int | None) -> None:
    old = service_for(corpus_with(tmp_path / "old", OLD_CYPRUS), tmp_path / "data")
    flagged = {lapse.rule: lapse.days for lapse in lapsing(old.rules, today, 90)}
    assert flagged.get("destinations.itar_126_1.CY") == days


def test_needs_rescreen_only_when_rules_changed(old_and_new: tuple[ComplianceService, ...]) -> None:
    old, new = old_and_new
    assert not needs_rescreen(old)  # no case yet
    old.record_decision(ClassifyRequest(system="gray eagle"), old.classify(ClassifyRequest(system="gray eagle")),
                        source="cli")
    assert not needs_rescreen(old) and needs_rescreen(new)
    rescreen(new, today=date(2026, 12, 6))
    assert not needs_rescreen(new) and needs_rescreen(old)


def test_an_older_case_store_opens_and_gains_the_new_tables(tmp_path: Path) -> None:
    path = tmp_path / "data" / "cases.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:  # the schema before issue 13 (no private column, no signoffs table)
        db.executescript("""CREATE TABLE cases (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT NOT NULL,
          source TEXT NOT NULL, guild_id INTEGER, channel_id INTEGER, user_id INTEGER, inputs TEXT NOT NULL,
          verdict TEXT, answer TEXT, result TEXT NOT NULL, passages TEXT NOT NULL, rules_version TEXT NOT NULL,
          index_manifest_hash TEXT, as_of TEXT);""")
        db.execute("INSERT INTO cases VALUES ('C-20250101-000000-00000000000000aa', '2025-01-01T00:00:00+00:00', "
                   "'classify', 'cli', NULL, NULL, NULL, '{\"system\": \"gray eagle\"}', 'case-by-case', 'a', "
                   "'{\"verdict\": \"case-by-case\", \"facts\": {}, \"trace\": []}', '[]', 'old', NULL, "
                   "'2025-01-01')")
    service = service_for(corpus_with(tmp_path / "c", NEW_CYPRUS), tmp_path / "data")
    record = service.cases.get("C-20250101-000000-00000000000000aa")
    assert record.private is None and record.is_private and record.signoffs == []
    service.cases.sign_off(record.id, reviewer="R", decision="agree", note=None, user_id=None, source="cli",
                           rules_version=None)
    again = service_for(corpus_with(tmp_path / "c2", NEW_CYPRUS), tmp_path / "data")  # reopening is idempotent
    assert len(again.cases.get(record.id).signoffs) == 1


# Chart -------------------------------------------------------------------------------------------------------

def _decision(service: ComplianceService, **fields: str) -> dict:
    return service.classify(ClassifyRequest(**fields)).as_dict()


@pytest.mark.parametrize("rng, payload, right, above", [
    ("350 km", "550 kg", True, True), ("250 km", "550 kg", False, True), ("350 km", "450 kg", True, False),
    ("250 km", "450 kg", False, False), ("301 km", "501 kg", True, True), ("299 km", "499 kg", False, False),
])
def test_chart_point_is_on_the_side_of_the_lines_the_verdict_says(service: ComplianceService, rng: str,
                                                                 payload: str, right: bool, above: bool) -> None:
    from PIL import Image

    decision = _decision(service, range=rng, payload=payload, as_of="2026-11-27")
    assert (decision["mtcr"]["category"] == "I") == (right and above)
    rendered = render_chart(chart_data(decision))
    assert rendered.point is not None
    x, y = rendered.point
    assert (x > rendered.range_line_x) is right and (y > rendered.payload_line_y) is above
    image = Image.open(io.BytesIO(rendered.png)).convert("RGB")
    assert image.size == (rendered.width, rendered.height) == (800, 575)
    r, g, b = image.getpixel((round(x), rendered.height - round(y)))  # PNG rows run top-down
    assert b > 120 and r < 80 and g < 100, (r, g, b)  # the filled marker is drawn there


def test_chart_draws_bounds_as_bounds(service: ComplianceService) -> None:
    radius = chart_data(_decision(service, range="200 km", range_basis="radius", payload="600 kg"))
    assert radius.range_kind == "lower-bound" and radius.range_km == 400 and "(at least)" in radius.alt_text()
    datalink = chart_data(_decision(service, range="150 km", range_basis="datalink", payload="40 kg"))
    assert datalink.range_km is None and datalink.datalink_km == 150
    assert "datalink figure 150 km is not the MTCR range" in datalink.alt_text()
    assert render_chart(datalink).point is None  # no point where the range is not known
    estimate = chart_data(_decision(service, endurance="3 h", cruise_speed="90 km/h", payload="20 kg"))
    assert estimate.range_kind == "estimate" and estimate.range_km == 270
    reaper = chart_data(_decision(service, system="reaper", as_of="2021-01-01"))
    assert reaper.airspeed_note and "below 800 km/h" in reaper.airspeed_note
    assert chart_data(_decision(service, system="reaper", exporter="France")).airspeed_note is None


def test_classify_chart_flag_writes_the_png_and_plain_classify_never_imports_matplotlib(tmp_path: Path) -> None:
    out = tmp_path / "margins.png"
    code = ("import sys; from bot.cli import cli\n"
            "try:\n  cli(sys.argv[1:], standalone_mode=False)\nexcept SystemExit: pass\n"
            "print('matplotlib' in sys.modules)")
    plain = subprocess.run([sys.executable, "-c", code, "classify", "--system", "gray eagle", "--json"],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and plain.stdout.strip().endswith("False"), plain.stderr
    drawn = subprocess.run([sys.executable, "-c", code, "classify", "--system", "gray eagle", "--json", "--chart",
                            str(out)], capture_output=True, text=True, timeout=120)
    assert drawn.returncode == 0 and drawn.stdout.strip().endswith("True"), drawn.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f"chart: wrote {out}" in drawn.stderr
    assert json.loads(drawn.stdout.splitlines()[0])["chart"] == str(out)
    bad = subprocess.run([sys.executable, "-m", "bot", "classify", "--system", "gray eagle", "--chart",
                          str(tmp_path / "missing" / "x.png")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("uavex: error: --chart: cannot write")


def test_an_answer_with_a_verdict_is_rerun_from_the_facts_it_recorded(old_and_new: tuple[ComplianceService, ...]
                                                                      ) -> None:
    old, new = old_and_new
    decision = old.classify(ClassifyRequest(range="400 km", payload="300 kg", destination="Cyprus",
                                            as_of="2026-11-01"))
    question = "can we sell a 400 km, 300 kg drone to cyprus?"
    asked = old.cases.add(kind="ask", source="cli", inputs={"question": question}, verdict=decision.verdict,
                          answer="…", result={"verdict": decision.as_dict(), "citations": []}, passages=[],
                          rules_version=old.rules.version, index_manifest_hash=None, as_of="2026-11-01")
    result = uavex(new, "cases", "rerun", asked, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["aspects"][0] == {"aspect": "verdict", "before": "case-by-case", "after": "denial-policy",
                                  "changed": True}
    assert "destinations.itar_126_1.CY" in data["changed_rules"]
    assert any("rebuilt from the facts" in n for n in data["notes"])
    plain = old.cases.add(kind="ask", source="cli", inputs={"question": "what is the MTCR?"}, verdict=None,
                          answer="…", result={"verdict": None}, passages=[], rules_version=old.rules.version,
                          index_manifest_hash=None, as_of="2026-11-01")
    refused = uavex(new, "cases", "rerun", plain)
    assert refused.exit_code == 2 and "nothing to re-run" in refused.output and "Traceback" not in refused.output
