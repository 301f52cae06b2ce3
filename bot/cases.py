"""Case records: every ask and classify, with what it rested on, in SQLite (WAL, synchronous writes).

Kept for a configurable retention period (default 5 years, the US export record-keeping period).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.errors import CaseNotFound, CaseStoreUnavailable, InputError

log = logging.getLogger(__name__)

# Records must survive the US export record-keeping period (5 years); a shorter retention is refused below
# this floor so that a typo (0, 0.5, a negative number) can never wipe the store.
MIN_RETENTION_DAYS = 365
DEFAULT_RETENTION_DAYS = 1826
MAX_RETENTION_DAYS = 36_500  # 100 years; beyond this the purge cutoff date would overflow
ID_ATTEMPTS = 5
COLUMNS = ("id", "created_at", "kind", "source", "guild_id", "channel_id", "user_id", "inputs", "verdict", "answer",
           "result", "passages", "rules_version", "index_manifest_hash", "as_of", "private")

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
CREATE TABLE IF NOT EXISTS purges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL, cutoff TEXT NOT NULL, retention_days INTEGER NOT NULL, removed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL, user_id INTEGER, note TEXT
);
CREATE TABLE IF NOT EXISTS signoffs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL, reviewer TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('agree', 'disagree')),
  note TEXT, user_id INTEGER, source TEXT NOT NULL, rules_version TEXT
);
CREATE TABLE IF NOT EXISTS screenings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL, rules_version TEXT NOT NULL, checked INTEGER NOT NULL, changed INTEGER NOT NULL,
  source TEXT NOT NULL
);
"""
# Columns added after the first release: (name, SQL type). Added by ALTER TABLE when an older store is opened.
ADDED_COLUMNS = (("private", "INTEGER"),)
DECISIONS = ("agree", "disagree")
MAX_REVIEWER = 200
MAX_NOTE = 2000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_inline(value: object) -> str:
    """User text for one Markdown line or table cell: whitespace (newlines included) collapsed and every
    character that could start Markdown or HTML backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


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
    private: int | None = None  # 1: shown only to the requester (ephemeral); None: recorded before this was kept
    signoffs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_private(self) -> bool:
        """Private unless recorded as public: older records (None) are treated as private."""
        return self.private != 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def memo_view(self) -> dict[str, Any]:
        """The record for the Markdown memo: text people typed (inputs, feedback reasons, review notes) made
        inert, so an end use containing "\n# APPROVED BY COUNSEL" stays plain text on one line."""
        data = self.as_dict()
        data["inputs"] = {md_inline(str(k)): md_inline(v) for k, v in self.inputs.items()}
        data["feedback"] = [{**f, "reason": md_inline(f["reason"]) if f.get("reason") else None}
                            for f in self.feedback]
        data["reviews"] = [{**r, "note": md_inline(r["note"]) if r.get("note") else None} for r in self.reviews]
        data["signoffs"] = [{**r, "reviewer": md_inline(r["reviewer"]),
                             "note": md_inline(r["note"]) if r.get("note") else None} for r in self.signoffs]
        return data


def check_retention(days: object) -> int:
    """The retention period in whole days, at least MIN_RETENTION_DAYS; InputError otherwise."""
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise InputError(f"UAVEX_RETENTION_DAYS must be a whole number of days from {MIN_RETENTION_DAYS} to "
                         f"{MAX_RETENTION_DAYS:,} (default {DEFAULT_RETENTION_DAYS}, 5 years), got {str(days)[:40]!r}")
    return days


def new_case_id() -> str:
    """Time-ordered, with 64 random bits: collisions are not expected in practice (and are retried)."""
    return f"C-{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(8)}"


class CaseStore:
    """Opening the store never deletes anything: purging old records is the explicit `purge()` call."""

    def __init__(self, path: Path, retention_days: int = DEFAULT_RETENTION_DAYS) -> None:
        self.path = path
        self.retention_days = check_retention(retention_days)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CaseStoreUnavailable(f"the case store {path} cannot be opened ({_reason(exc)})") from None
        with self._connect() as db:
            db.executescript(SCHEMA)
            have = {row["name"] for row in db.execute("PRAGMA table_info(cases)")}
            for name, kind in ADDED_COLUMNS:  # idempotent: an older store gains the column, nothing is rewritten
                if name not in have:
                    db.execute(f"ALTER TABLE cases ADD COLUMN {name} {kind}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection; any storage failure (read-only, disk full, not a database) is CaseStoreUnavailable."""
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CaseStoreUnavailable(f"the case store {self.path} cannot be opened ({_reason(exc)})") from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.row_factory = sqlite3.Row
            yield db
        except sqlite3.IntegrityError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise CaseStoreUnavailable(f"the case store {self.path} cannot be used ({_reason(exc)})") from None
        finally:
            db.close()

    def purge(self) -> int:
        """Delete records older than the retention period; the act itself is logged and recorded."""
        cutoff = (datetime.now(UTC) - timedelta(days=self.retention_days)).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            count = db.execute("DELETE FROM cases WHERE created_at < ?", (cutoff,)).rowcount
            db.execute("INSERT INTO purges (created_at, cutoff, retention_days, removed) VALUES (?,?,?,?)",
                       (_now(), cutoff, self.retention_days, count))
            db.execute("COMMIT")
        log.warning("purged %d case records created before %s (retention %d days)", count, cutoff,
                    self.retention_days)
        return count

    def add(self, *, kind: str, source: str, inputs: dict[str, Any], verdict: str | None, answer: str | None,
            result: dict[str, Any], passages: list[dict[str, str]], rules_version: str,
            index_manifest_hash: str | None, as_of: str | None, guild_id: int | None = None,
            channel_id: int | None = None, user_id: int | None = None, private: bool | None = None) -> str:
        fields = (_now(), kind, source, guild_id, channel_id, user_id, json.dumps(inputs), verdict, answer,
                  json.dumps(result), json.dumps(passages), rules_version, index_manifest_hash, as_of,
                  None if private is None else int(private))
        for attempt in range(ID_ATTEMPTS):
            case_id = new_case_id()
            try:
                with self._connect() as db:
                    db.execute(f"INSERT INTO cases ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                               (case_id, *fields))
                return case_id
            except sqlite3.IntegrityError:
                log.warning("case id %s already taken (attempt %d); drawing another", case_id, attempt + 1)
        raise CaseStoreUnavailable(f"no free case id after {ID_ATTEMPTS} attempts")

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
            so = [dict(r) for r in db.execute("SELECT created_at, reviewer, decision, note, user_id, source, "
                                               "rules_version FROM signoffs WHERE case_id = ? ORDER BY id",
                                               (row["id"],))]
        return _record(row, feedback=fb, reviews=rv, signoffs=so)

    def sign_off(self, case_id: str, *, reviewer: str, decision: str, note: str | None, user_id: int | None,
                 source: str, rules_version: str | None) -> None:
        """Record a reviewer's sign-off (agree or disagree, with a note); shown in the memo. Returns nothing;
        InputError for an empty reviewer or an unknown decision, CaseNotFound for an unknown case."""
        name = " ".join(str(reviewer or "").split())
        if not name:
            raise InputError("review: give the reviewer's name (--by NAME)")
        if decision not in DECISIONS:
            raise InputError(f"review: decision must be agree or disagree, got {str(decision)[:40]!r}")
        if len(name) > MAX_REVIEWER or (note is not None and len(note) > MAX_NOTE):
            raise InputError(f"review: the name is limited to {MAX_REVIEWER} characters and the note to {MAX_NOTE}")
        record = self.get(case_id)
        with self._connect() as db:
            db.execute("INSERT INTO signoffs (case_id, created_at, reviewer, decision, note, user_id, source, "
                       "rules_version) VALUES (?,?,?,?,?,?,?,?)",
                       (record.id, _now(), name, decision, (note or "").strip() or None, user_id, source,
                        rules_version))
        log.info("case %s signed off (%s) by %s", record.id, decision, "a Discord user" if user_id else "CLI")

    def screenable(self, since: str | None = None) -> Iterator[CaseRecord]:
        """Classify cases and ask cases with a verdict, oldest first (optionally created on or after ``since``)."""
        query = ("SELECT * FROM cases WHERE (kind = 'classify' OR verdict IS NOT NULL)"
                 + (" AND created_at >= ?" if since else "") + " ORDER BY created_at, rowid")
        with self._connect() as db:
            rows = db.execute(query, (since,) if since else ()).fetchall()
        for row in rows:
            yield _record(row, feedback=[], reviews=[], signoffs=[])

    def has_screenable(self, other_than: str | None = None) -> bool:
        """Whether a classify case or verdict-bearing ask case exists (recorded under another rules version)."""
        query = "SELECT 1 FROM cases WHERE (kind = 'classify' OR verdict IS NOT NULL)"
        with self._connect() as db:
            if other_than is None:
                return db.execute(query + " LIMIT 1").fetchone() is not None
            return db.execute(query + " AND rules_version != ? LIMIT 1", (other_than,)).fetchone() is not None

    def last_screening(self) -> str | None:
        """The rules version of the most recent re-screening, if any."""
        with self._connect() as db:
            row = db.execute("SELECT rules_version FROM screenings ORDER BY id DESC LIMIT 1").fetchone()
        return str(row["rules_version"]) if row else None

    def record_screening(self, rules_version: str, checked: int, changed: int, source: str) -> None:
        with self._connect() as db:
            db.execute("INSERT INTO screenings (created_at, rules_version, checked, changed, source) "
                       "VALUES (?,?,?,?,?)", (_now(), rules_version, checked, changed, source))

    def latest_in_channel(self, channel_id: int, kind: str = "ask") -> CaseRecord | None:
        """The newest case recorded in a channel or thread (the context of a follow-up there)."""
        with self._connect() as db:
            row = db.execute("SELECT id FROM cases WHERE channel_id = ? AND kind = ? ORDER BY created_at DESC, "
                             "rowid DESC LIMIT 1", (channel_id, kind)).fetchone()
        return self.get(row["id"]) if row else None

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


def _record(row: sqlite3.Row, *, feedback: list[dict[str, Any]], reviews: list[dict[str, Any]],
            signoffs: list[dict[str, Any]]) -> CaseRecord:
    data: dict[str, Any] = dict(row)
    for key in ("inputs", "result", "passages"):
        data[key] = json.loads(data[key])
    return CaseRecord(**data, feedback=feedback, reviews=reviews, signoffs=signoffs)
