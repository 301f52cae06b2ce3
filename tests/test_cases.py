"""Case records: stored with what they rested on, kept through a kill, purged after the retention period."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cases import CaseStore
from bot.config import Settings
from bot.errors import CaseNotFound
from bot.intake import ClassifyRequest
from bot.service import ComplianceService


def test_classify_record_with_feedback_review_and_memo(tmp_path: Path) -> None:
    service = ComplianceService(Settings(data_dir=tmp_path))
    request = ClassifyRequest(system="gray eagle", destination="Poland", as_of="2026-01-15")
    decision = service.classify(request)
    case_id = service.record_decision(request, decision, source="cli", user_id=42)
    service.cases.feedback(case_id, -1, 42, "wrong range basis")
    service.cases.review_request(case_id, 43)
    record = service.cases.get(case_id)
    assert record.verdict == "case-by-case" and record.inputs["system"] == "gray eagle"
    assert record.rules_version == service.rules.version and record.as_of == "2026-01-15"
    memo = service.case_memo(case_id)
    assert case_id in memo and "wrong range basis" in memo and "review requested" in memo
    assert "Advisory, not a determination" in memo
    with pytest.raises(CaseNotFound):
        service.cases.get("C-20000101-000000")


def test_old_records_are_purged_after_retention(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3", retention_days=365)
    case_id = store.add(kind="ask", source="cli", inputs={"question": "q"}, verdict=None, answer="a", result={},
                        passages=[], rules_version="v", index_manifest_hash=None, as_of="2026-01-01")
    with sqlite3.connect(tmp_path / "cases.sqlite3") as db:
        db.execute("UPDATE cases SET created_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (case_id,))
    reopened = CaseStore(tmp_path / "cases.sqlite3", retention_days=365)
    assert len(reopened.list()) == 1  # opening never purges
    assert reopened.purge() == 1 and reopened.list() == []


WRITER = """
import sys
from pathlib import Path
from bot.cases import CaseStore
store = CaseStore(Path(sys.argv[1]))
i = 0
while True:
    store.add(kind="ask", source="cli", inputs={"question": f"q{i}"}, verdict=None, answer="x" * 2000,
              result={"i": i}, passages=[], rules_version="v", index_manifest_hash=None, as_of="2026-01-01")
    print(i, flush=True)
    i += 1
"""


def test_a_process_killed_mid_write_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = -1
    deadline = time.monotonic() + 60
    while acknowledged < 50 and time.monotonic() < deadline:
        acknowledged = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = CaseStore(db).list(limit=100000)
    assert len(rows) >= acknowledged + 1  # every write the writer reported is there
