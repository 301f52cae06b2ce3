"""Issue 10, data loss and CLI tracebacks: retention, case ids, an unwritable store, bad CLI inputs, .env."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import bot.cases
from bot.cases import CaseStore
from bot.cli import cli

GRAY_EAGLE = ("classify", "--system", "gray eagle", "--destination", "Poland", "--as-of", "2026-01-15")


def uavex(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=input)


def _add(store: CaseStore, question: str = "q") -> str:
    return store.add(kind="ask", source="cli", inputs={"question": question}, verdict=None, answer="a", result={},
                     passages=[], rules_version="v", index_manifest_hash=None, as_of="2026-01-01")


# Item 1: retention below a floor is refused; opening the store never purges; purge is explicit and logged.
@pytest.mark.parametrize("days", ["0", "-5", "0.5", "30", "nan", "1e9x", "99999999999999"])
def test_unsafe_retention_is_refused_in_one_line_and_nothing_is_purged(tmp_path: Path, days: str) -> None:
    data = tmp_path / "data"
    store = CaseStore(data / "cases.sqlite3")
    for i in range(3):
        _add(store, f"q{i}")
    result = uavex("cases", "list", env={"UAVEX_DATA_DIR": str(data), "UAVEX_RETENTION_DAYS": days})
    assert result.exit_code == 2, result.output
    assert "UAVEX_RETENTION_DAYS" in result.output and result.output.strip().count("\n") == 0
    assert len(CaseStore(data / "cases.sqlite3").list()) == 3


def test_opening_the_store_never_purges_and_purge_is_explicit(tmp_path: Path, caplog: Any) -> None:
    db = tmp_path / "data" / "cases.sqlite3"
    old, new = _add(CaseStore(db)), _add(CaseStore(db))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE cases SET created_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (old,))
    env = {"UAVEX_DATA_DIR": str(db.parent)}
    listed = uavex("cases", "list", "--json", env=env)
    assert {row["id"] for row in json.loads(listed.output)} == {old, new}
    refused = uavex("cases", "purge", env=env)
    assert refused.exit_code == 2 and "--yes" in refused.output
    with caplog.at_level(logging.WARNING, logger="bot.cases"):
        purged = uavex("cases", "purge", "--yes", env=env)
    assert purged.exit_code == 0 and "purged 1" in purged.output
    assert any("purged 1 case records" in r.getMessage() for r in caplog.records)
    assert [row["id"] for row in CaseStore(db).list()] == [new]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT removed FROM purges").fetchall() == [(1,)]


# Item 2: ids cannot collide in practice; a collision is retried instead of losing the answer.
def test_case_ids_carry_64_random_bits_and_a_collision_is_retried(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3")
    first = _add(store)
    assert re.fullmatch(r"C-\d{8}-\d{6}-[0-9a-f]{16}", first)
    ids: Iterator[str] = iter([first, first, "C-20260101-000000-00000000000000ff"])
    monkeypatch.setattr(bot.cases, "new_case_id", lambda: next(ids))
    assert _add(store) == "C-20260101-000000-00000000000000ff"
    assert len(store.list()) == 2


# Item 3: an unwritable store still prints the answer, warns once, exits non-zero only when asked to.
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_unwritable_store_prints_the_answer_and_warns(tmp_path: Path, json_flag: list[str]) -> None:
    blocker = tmp_path / "data-is-a-file"
    blocker.write_text("not a folder")
    env = {"UAVEX_DATA_DIR": str(blocker)}
    result = uavex(*GRAY_EAGLE, *json_flag, env=env)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Category II" in result.stdout or '"case-by-case"' in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "not recorded" in line]
    assert len(warnings) == 1 and result.stderr.strip().count("\n") == 0
    required = uavex(*GRAY_EAGLE, "--require-record", env=env)
    assert required.exit_code == 1 and "Category II" in required.stdout
    setting = uavex(*GRAY_EAGLE, env={**env, "UAVEX_REQUIRE_RECORD": "true"})
    assert setting.exit_code == 1 and "Category II" in setting.stdout


def test_read_only_store_file_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "cases.sqlite3").write_bytes(b"this is not a database" * 100)
    result = uavex(*GRAY_EAGLE, "--json", env={"UAVEX_DATA_DIR": str(data)})
    assert result.exit_code == 0 and json.loads(result.stdout)["case_id"] is None
    assert "not recorded" in result.stderr


# Item 9: the CLI tracebacks of the review are one-line errors.
@pytest.mark.parametrize("args", [("cases", "list", "--limit", "99999999999999999999"),
                                  ("ask", "--batch", "/nonexistent"), ("cite", "--batch", "/tmp")])
def test_bad_cli_inputs_are_errors_not_tracebacks(args: tuple[str, ...]) -> None:
    result = uavex(*args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_serve_against_a_refusing_gateway_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import aiohttp
    from discord.ext import commands

    async def refuse(self: Any, token: str, *, reconnect: bool = True) -> None:
        raise aiohttp.ClientConnectionError("websocket handshake refused")

    from bot.service import ComplianceService

    monkeypatch.setattr(commands.Bot, "start", refuse)
    monkeypatch.setattr(ComplianceService, "retriever", lambda self, **kwargs: None)  # no index needed here
    result = uavex("serve", "--no-sync", env={"DISCORD_TOKEN": "x.y.z"})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    assert "cannot connect to Discord" in result.stderr.strip().splitlines()[-1]


def test_an_error_never_echoes_a_huge_input() -> None:
    result = uavex("classify", "--destination", "Atlantis" * 2000)
    assert result.exit_code == 2 and len(result.stderr) < 400


# Item 12: .env comes from the project or UAVEX_ENV_FILE only, never from the current folder.
def test_dotenv_in_the_working_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = tmp_path / "untrusted"
    hostile.mkdir()
    (hostile / ".env").write_text("UAVEX_LLM_URL=http://evil.example/v1\nUAVEX_RETENTION_DAYS=nope\n")
    monkeypatch.chdir(hostile)
    monkeypatch.delenv("UAVEX_LLM_URL", raising=False)
    monkeypatch.delenv("UAVEX_RETENTION_DAYS", raising=False)
    monkeypatch.delenv("UAVEX_ENV_FILE", raising=False)
    result = uavex(*GRAY_EAGLE, "--json")
    assert result.exit_code == 0, result.output
    assert "UAVEX_LLM_URL" not in os.environ
    explicit = tmp_path / "team.env"
    explicit.write_text("UAVEX_RETENTION_DAYS=nope\n")
    monkeypatch.setenv("UAVEX_ENV_FILE", str(explicit))
    chosen = uavex(*GRAY_EAGLE)
    os.environ.pop("UAVEX_RETENTION_DAYS", None)  # loaded from team.env: not a monkeypatch change to undo
    assert chosen.exit_code == 2 and "UAVEX_RETENTION_DAYS" in chosen.stderr
    monkeypatch.setenv("UAVEX_ENV_FILE", str(tmp_path / "missing.env"))
    missing = uavex(*GRAY_EAGLE)
    assert missing.exit_code == 2 and "UAVEX_ENV_FILE" in missing.stderr


# Item 14: user text in an exported memo cannot inject Markdown.
def test_memo_escapes_user_text(tmp_path: Path) -> None:
    env = {"UAVEX_DATA_DIR": str(tmp_path / "data")}
    end_use = "border patrol\n# APPROVED BY COUNSEL\n[signed](https://evil.example) | x"
    made = uavex("classify", "--system", "gray eagle", "--destination", "Poland", "--end-use", end_use, "--json",
                 env=env)
    assert made.exit_code == 0, made.output
    case_id = json.loads(made.stdout)["case_id"]
    CaseStore(tmp_path / "data" / "cases.sqlite3").feedback(case_id, -1, None, "fine\n## Reviewed and approved")
    memo = uavex("cases", "export", case_id, env=env).stdout
    assert not re.search(r"^#+ (APPROVED|Reviewed)", memo, re.M)
    assert "](https://evil" not in memo.replace("\\]\\(", "")
    assert "APPROVED BY COUNSEL" in memo  # kept, as plain text


# Cosmetic: every `ask --batch` line carries its case id.
def test_ask_batch_lines_carry_case_ids(tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.retrieval.embedder import HashingEmbedder
    from bot.service import ComplianceService

    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", embed_model="fake-hashing")
    service = ComplianceService(settings, embedder=HashingEmbedder())
    result = CliRunner().invoke(cli, ["ask", "--batch", "-"], input="what is 19.A.2\nis the reaper category I?\n",
                                obj={"service": service})
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2 and all(row["case_id"] for row in rows)
