"""Re-screening: every stored classify case (and ask case with a verdict) evaluated again under the current rules,
for its original as-of date and for today; the cases whose verdict for today differs from the recorded one, with
the rules that changed; and rule values that lapse on a known date (flagged ahead of it)."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.casework.compare import compare, decision_of, request_of
from bot.errors import UavexError

if TYPE_CHECKING:
    from bot.cases import CaseRecord
    from bot.rules.model import RuleSet
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

DEFAULT_HORIZON_DAYS = 90


@dataclass
class Screened:
    case_id: str
    kind: str
    private: bool
    subject: str  # what the case was about (system, destination); not shown for private cases in Discord
    as_of: str
    recorded: str  # the verdict recorded with the case
    original: str  # the verdict now, under the current rules, for the original as-of date
    today: str  # the verdict now for today
    rules: list[str] = field(default_factory=list)  # rules whose value or application changed

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Lapse:
    rule: str
    value: Any
    effective: str
    lapses: str
    days: int  # days until the value lapses (negative: lapsed that many days ago with no later value)
    reference_title: str
    reference_url: str
    cases: int  # stored cases whose trace cites this rule

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Screening:
    rules_version: str
    today: str
    checked: int
    changed: list[Screened]
    failed: list[tuple[str, str]]  # (case id, one-line reason)
    lapsing: list[Lapse]
    previous_version: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"rules_version": self.rules_version, "previous_version": self.previous_version, "today": self.today,
                "checked": self.checked, "changed": [c.as_dict() for c in self.changed],
                "failed": [{"case_id": c, "reason": r} for c, r in self.failed],
                "lapsing": [lapse.as_dict() for lapse in self.lapsing]}


def _subject(record: CaseRecord, decision: dict[str, Any]) -> str:
    system = (decision.get("system") or {}).get("name") or "custom figures"
    destination = (decision.get("destination") or {}).get("name")
    return f"{system} → {destination}" if destination else str(system)


def screen_case(service: ComplianceService, record: CaseRecord, today: date) -> Screened | None:
    """The case re-evaluated for its original date and for today; None when today's verdict is the recorded one."""
    before = decision_of(record)
    if before is None:
        return None
    request, _ = request_of(record)
    original_day = record.as_of or str(before.get("as_of"))
    original = service.classify(dataclasses.replace(request, as_of=original_day)).as_dict()
    now = service.classify(dataclasses.replace(request, as_of=today.isoformat())).as_dict()
    if now["verdict"] == before.get("verdict"):
        return None
    rules = compare(record.id, before, now).changed_rules
    return Screened(case_id=record.id, kind=record.kind, private=record.is_private, subject=_subject(record, before),
                    as_of=original_day, recorded=str(before.get("verdict")), original=str(original["verdict"]),
                    today=str(now["verdict"]), rules=rules)


def lapsing(rules: RuleSet, today: date, horizon_days: int = DEFAULT_HORIZON_DAYS,
            cited: dict[str, int] | None = None) -> list[Lapse]:
    """Values in force today that lapse within ``horizon_days`` (or have lapsed with no later value recorded)."""
    out: list[Lapse] = []
    for parameter in rules.parameters.values():
        dated = parameter.at(today)
        if dated is None or dated.lapses is None:
            continue
        days = (dated.lapses - today).days
        if days > horizon_days:
            continue
        ref = dated.reference
        out.append(Lapse(rule=parameter.id, value=dated.value, effective=dated.effective.isoformat(),
                         lapses=dated.lapses.isoformat(), days=days, reference_title=ref.title,
                         reference_url=ref.url, cases=(cited or {}).get(parameter.id, 0)))
    return sorted(out, key=lambda lapse: (lapse.lapses, lapse.rule))


def rescreen(service: ComplianceService, *, since: date | None = None, today: date | None = None,
             horizon_days: int = DEFAULT_HORIZON_DAYS, source: str = "cli", record: bool = True) -> Screening:
    """Re-screen every stored case (created on or after ``since``) and record that this rules version was screened."""
    today = today or date.today()
    store = service.cases
    previous = store.last_screening()
    changed: list[Screened] = []
    failed: list[tuple[str, str]] = []
    cited: dict[str, int] = {}
    checked = 0
    for case in store.screenable(since.isoformat() if since else None):
        checked += 1
        decision = decision_of(case) or {}
        for rule in {step.get("rule") for step in decision.get("trace") or []}:
            cited[str(rule)] = cited.get(str(rule), 0) + 1
        try:
            result = screen_case(service, case, today)
        except UavexError as exc:  # e.g. a system no longer in the catalogue: listed, never a traceback
            failed.append((case.id, " ".join(str(exc).split())[:200]))
            continue
        if result is not None:
            changed.append(result)
    lapses = lapsing(service.rules, today, horizon_days, cited)
    if record:
        store.record_screening(service.rules.version, checked, len(changed), source)
    log.info("re-screened %d cases under rules %s: %d changed, %d failed", checked, service.rules.version,
             len(changed), len(failed))
    return Screening(rules_version=service.rules.version, today=today.isoformat(), checked=checked,
                     changed=changed, failed=failed, lapsing=lapses, previous_version=previous)


def needs_rescreen(service: ComplianceService) -> bool:
    """True when the rules changed since the last re-screening (or, before the first one, since any stored case
    was recorded), so a start with new rules re-screens once per rules version."""
    store = service.cases
    current = service.rules.version
    last = store.last_screening()
    if last == current:
        return False
    return store.has_screenable(other_than=current if last is None else None)
