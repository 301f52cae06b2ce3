"""Re-run a stored case under the current rules and compare it with what was recorded, aspect by aspect."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.errors import InputError
from bot.intake import ClassifyRequest

if TYPE_CHECKING:
    from bot.cases import CaseRecord
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

REQUEST_FIELDS = frozenset(f.name for f in dataclasses.fields(ClassifyRequest))
# Facts of a stored decision that were typed (origin "input"), as the text the intake parses again.
FACT_FIELDS = {"range_km": ("range", "km"), "payload_kg": ("payload", "kg"),
               "range_at_500kg_km": ("range_at_500kg", "km"), "max_speed_kmh": ("speed", "km/h"),
               "endurance_h": ("endurance", "h"), "cruise_speed_kmh": ("cruise_speed", "km/h"),
               "aerosol_l": ("aerosol", "L"), "mtow_kg": ("mtow", "kg")}


def decision_of(record: CaseRecord) -> dict[str, Any] | None:
    """The stored decision: a classify case's result, or the verdict an ask case's answer carried."""
    if record.kind == "classify":
        return record.result
    verdict = record.result.get("verdict")
    return verdict if isinstance(verdict, dict) else None


def request_of(record: CaseRecord) -> tuple[ClassifyRequest, list[str]]:
    """The classification request behind a stored case, and notes on anything that could not be carried over.

    A classify case keeps the text as typed; an ask case is rebuilt from the facts its decision recorded as typed."""
    notes: list[str] = []
    if record.kind == "classify":
        known = {k: v for k, v in record.inputs.items() if k in REQUEST_FIELDS}
        dropped = sorted(set(record.inputs) - REQUEST_FIELDS)
        if dropped:
            notes.append(f"inputs this version of uavex does not read were left out: {', '.join(dropped)}")
        return ClassifyRequest(**known), notes
    decision = decision_of(record)
    if decision is None:
        raise InputError(f"case {record.id} is an answer without a verdict; there is nothing to re-run")
    values: dict[str, Any] = {}
    for fact, entry in (decision.get("facts") or {}).items():
        if entry.get("origin") != "input":
            continue
        if fact in FACT_FIELDS:
            name, unit = FACT_FIELDS[fact]
            values[name] = f"{entry['value']} {unit}"
        elif fact in ("autonomous", "bvlos"):
            values[fact] = bool(entry["value"])
        elif fact == "range_basis":
            values["range_basis"] = str(entry["value"])
    system = decision.get("system") or {}
    destination = decision.get("destination") or {}
    question = str(record.inputs.get("question") or "")
    request = ClassifyRequest(system=system.get("id"), destination=destination.get("country"),
                              exporter=decision.get("exporter"), end_use=question or None,
                              as_of=record.as_of, **values)
    notes.append("rebuilt from the facts the answer's classification recorded (the question is not re-read)")
    return request, notes


@dataclass
class Aspect:
    name: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Comparison:
    case_id: str
    as_of: str
    rules_before: str
    rules_after: str
    aspects: list[Aspect]
    steps: list[tuple[str, str, str]]  # (mark, step and rule, text): '=' same, '~' changed, '+' new, '-' gone
    notes: list[str] = field(default_factory=list)
    changed_rules: list[str] = field(default_factory=list)

    @property
    def verdict_changed(self) -> bool:
        return self.aspects[0].changed

    @property
    def changed(self) -> bool:
        return any(a.changed for a in self.aspects) or any(mark != "=" for mark, _, _ in self.steps)

    def as_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "as_of": self.as_of, "rules_before": self.rules_before,
                "rules_after": self.rules_after, "changed": self.changed,
                "aspects": [{"aspect": a.name, "before": a.before, "after": a.after, "changed": a.changed}
                            for a in self.aspects],
                "steps": [{"mark": m, "step": s, "text": t} for m, s, t in self.steps],
                "changed_rules": self.changed_rules, "notes": self.notes}


def _category(d: dict[str, Any]) -> str:
    mtcr = d.get("mtcr") or {}
    if mtcr.get("category"):
        return f"Category {mtcr['category']} (Item {mtcr.get('item')})"
    if mtcr.get("at_least"):
        return f"at least Category {mtcr['at_least']}"
    return "none established"


def _destination(d: dict[str, Any]) -> str:
    dest = d.get("destination")
    if not dest:
        return "none given"
    partner = {True: "MTCR partner", False: "not an MTCR partner", None: "MTCR partner status uncertain"}
    parts = [f"{dest.get('name')} ({dest.get('country')})", partner.get(dest.get("mtcr_partner"), "?")]
    for r in dest.get("restrictions") or []:
        parts.append(f"{r.get('regime')} {r.get('status')}" + (f" ({r['effect']})" if r.get("effect") else ""))
    return "; ".join(parts)


def _conditions(d: dict[str, Any]) -> str:
    rules = sorted(str(c.get("rule")) for c in d.get("conditions") or [])
    return ", ".join(rules) if rules else "none"


def _missing(d: dict[str, Any]) -> str:
    return ", ".join(d.get("missing") or []) or "none"


def _value(step: dict[str, Any]) -> str:
    return f"{step.get('value')!r} from {step.get('effective')} ({step.get('confidence')})"


def compare(case_id: str, before: dict[str, Any], after: dict[str, Any], notes: list[str] | None = None) -> Comparison:
    """What changed between two decisions (as_dict form), aspect by aspect and trace step by trace step."""
    aspects = [Aspect("verdict", str(before.get("verdict")), str(after.get("verdict"))),
               Aspect("MTCR category", _category(before), _category(after)),
               Aspect("US treatment", str(before.get("us_treatment") or "-"), str(after.get("us_treatment") or "-")),
               Aspect("destination", _destination(before), _destination(after)),
               Aspect("conditions", _conditions(before), _conditions(after)),
               Aspect("missing facts", _missing(before), _missing(after))]
    old = {(s["step"], s["rule"]): s for s in before.get("trace") or []}
    new = {(s["step"], s["rule"]): s for s in after.get("trace") or []}
    steps: list[tuple[str, str, str]] = []
    for key, step in new.items():
        label = f"{key[0]} ({key[1]})"
        if key not in old:
            steps.append(("+", label, f"{step['finding']} — {_value(step)}"))
            continue
        was = old[key]
        if _value(was) != _value(step) or was.get("finding") != step.get("finding"):
            text = (f"{_value(was)} → {_value(step)}" if _value(was) != _value(step)
                    else f"finding now: {step['finding']}")
            steps.append(("~", label, text))
        else:
            steps.append(("=", label, f"{_value(step)}"))
    for key, step in old.items():
        if key not in new:
            steps.append(("-", f"{key[0]} ({key[1]})", f"no longer applied: {step['finding']}"))
    # The rules behind a change: those whose value changed or that now apply; only when there are none, those
    # no longer applied (a step that disappears is usually a consequence, e.g. no safeguards under a denial).
    rule_of = {f"{k[0]} ({k[1]})": k[1] for k in (*old, *new)}
    primary = [rule_of[label] for mark, label, _ in steps if mark in "~+"]
    changed_rules = primary or [rule_of[label] for mark, label, _ in steps if mark == "-"]
    return Comparison(case_id=case_id, as_of=str(after.get("as_of")), rules_before=str(before.get("rules_version")),
                      rules_after=str(after.get("rules_version")), aspects=aspects, steps=steps,
                      notes=list(notes or []), changed_rules=list(dict.fromkeys(changed_rules)))


def rerun(service: ComplianceService, record: CaseRecord, on: date | None = None) -> Comparison:
    """Evaluate a stored case's inputs under the current rules (for its own as-of date unless ``on`` is given)
    and compare the result with the stored decision."""
    before = decision_of(record)
    if before is None:
        raise InputError(f"case {record.id} is an answer without a verdict; there is nothing to re-run")
    request, notes = request_of(record)
    day = on.isoformat() if on else (record.as_of or before.get("as_of"))
    request = dataclasses.replace(request, as_of=day)
    after = service.classify(request).as_dict()
    return compare(record.id, before, after, notes)
