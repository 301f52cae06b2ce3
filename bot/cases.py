"""Case records: every ask and classify, with what it rested on, in SQLite (WAL, synchronous writes).

Kept for a configurable retention period (default 5 years, the US export record-keeping period).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.errors import CaseNotFound

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  guild_id INTEGER, channel_id INTEGER, user_id INTEGER,
  inputs TEXT NOT NULL,
  verdict TEXT,
  answer TEXT,
  result TEXT NOT NULL,
  passages TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  index_manifest_hash TEXT,
  as_of TEXT
);
CREATE INDEX IF NOT EXISTS cases_created ON cases(created_at);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL, user_id INTEGER, value INTEGER NOT NULL, reason TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL, user_id INTEGER, note TEXT
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class CaseRecord:
    id: str
    created_at: str
    kind: str
    source: str
    guild_id: int | None
    channel_id: int | None
    user_id: int | None
    inputs: dict[str, Any]
    verdict: str | None
    answer: str | None
    result: dict[str, Any]
    passages: list[dict[str, str]]
    rules_version: str
    index_manifest_hash: str | None
    as_of: str | None
    feedback: list[dict[str, Any]]
    reviews: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class CaseStore:
    def __init__(self, path: Path, retention_days: int = 1826) -> None:
        self.path = path
        self.retention_days = retention_days
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)
        self.purge()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.row_factory = sqlite3.Row
            yield db
        finally:
            db.close()

    def purge(self) -> int:
        cutoff = (datetime.now(UTC) - timedelta(days=self.retention_days)).isoformat(timespec="seconds")
        with self._connect() as db:
            count = db.execute("DELETE FROM cases WHERE created_at < ?", (cutoff,)).rowcount
        if count:
            log.info("purged %d case records older than %d days", count, self.retention_days)
        return count

    def add(self, *, kind: str, source: str, inputs: dict[str, Any], verdict: str | None, answer: str | None,
            result: dict[str, Any], passages: list[dict[str, str]], rules_version: str,
            index_manifest_hash: str | None, as_of: str | None, guild_id: int | None = None,
            channel_id: int | None = None, user_id: int | None = None) -> str:
        case_id = f"C-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"
        row = (case_id, _now(), kind, source, guild_id, channel_id, user_id, json.dumps(inputs), verdict, answer,
               json.dumps(result), json.dumps(passages), rules_version, index_manifest_hash, as_of)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            db.execute("COMMIT")
        return case_id

    def feedback(self, case_id: str, value: int, user_id: int | None, reason: str | None = None) -> None:
        self.get(case_id)
        with self._connect() as db:
            db.execute("INSERT INTO feedback (case_id, created_at, user_id, value, reason) VALUES (?,?,?,?,?)",
                       (case_id, _now(), user_id, 1 if value > 0 else -1, reason))

    def review_request(self, case_id: str, user_id: int | None, note: str | None = None) -> None:
        self.get(case_id)
        with self._connect() as db:
            db.execute("INSERT INTO reviews (case_id, created_at, user_id, note) VALUES (?,?,?,?)",
                       (case_id, _now(), user_id, note))

    def get(self, case_id: str) -> CaseRecord:
        with self._connect() as db:
            row = db.execute("SELECT * FROM cases WHERE id = ?", (case_id.strip(),)).fetchone()
            if row is None:
                raise CaseNotFound(f"no case {case_id!r}; list cases with `uavex cases list`")
            fb = [dict(r) for r in db.execute("SELECT created_at, user_id, value, reason FROM feedback "
                                               "WHERE case_id = ? ORDER BY id", (row["id"],))]
            rv = [dict(r) for r in db.execute("SELECT created_at, user_id, note FROM reviews WHERE case_id = ? "
                                               "ORDER BY id", (row["id"],))]
        data = dict(row)
        for key in ("inputs", "result", "passages"):
            data[key] = json.loads(data[key])
        return CaseRecord(**data, feedback=fb, reviews=rv)

    def list(self, limit: int = 20, user_id: int | None = None) -> list[dict[str, Any]]:
        query = "SELECT id, created_at, kind, source, verdict, as_of, inputs FROM cases"
        args: tuple[Any, ...] = ()
        if user_id is not None:
            query += " WHERE user_id = ?"
            args = (user_id,)
        query += " ORDER BY created_at DESC, rowid DESC LIMIT ?"
        with self._connect() as db:
            rows = [dict(r) for r in db.execute(query, (*args, limit))]
        for row in rows:
            inputs = json.loads(row.pop("inputs"))
            row["summary"] = (inputs.get("question") or inputs.get("system") or json.dumps(inputs))[:80]
        return rows
