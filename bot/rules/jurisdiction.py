"""Which US list controls a complete UAV: USML VIII(a), then EAR 9A610, 9A012, 9A120, 9A991 (the order of review).

A pure step of the engine. Every finding cites the dated rule value it applies; a fact the order of review
needs but does not have is named as missing (never guessed); where the answer turns on a "specially designed"
analysis the result says so and recommends a commodity jurisdiction request or a BIS classification request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.rules.decision import TraceStep
from bot.rules.facts import ResolvedFacts
from bot.rules.model import CONFIDENCE, RuleSet
from bot.rules.steps import CitedSteps
from bot.units import fmt

log = logging.getLogger(__name__)

J = "us.jurisdiction."
A2_ENDURANCE = "us.other_controls.ear_9a012_endurance_h"
A1_ENDURANCE = "us.other_controls.ear_9a012_a1_endurance_h"
A1_GUST = "us.other_controls.ear_9a012_a1_gust_kmh"
AEROSOL = "mtcr.category_ii.aerosol_l"
QUESTIONS = {
    "military_design": "Was the UAV developed or modified for a military end use (22 CFR 120.41 'specially designed')?",
    "armed": "Is it armed or designed to carry weapons, or does it incorporate any other USML defense article "
             "(military sensor, datalink, targeting)?",
    "bvlos": "Is it designed for controlled flight beyond the operator's natural vision (BVLOS)?",
    "endurance_h": "What is its maximum endurance (sea level, ISA, zero wind)?",
    "gust": "Is it designed to take off and fly stably in gusts of at least 46.3 km/h (25 knots)?",
    "aerosol_l": "Does it carry, or is it designed to carry, an aerosol (spray) system, and of what capacity in "
                 "litres (0 if none)?",
    "autonomous_or_bvlos": "Does it have autonomous flight control and navigation, or controlled flight beyond "
                           "direct vision?",
}
WHY = {
    "military_design": "whether it was designed for military use decides between the USML and the EAR",
    "armed": "an armed UAV, one designed to incorporate a defense article, is USML VIII(a)(5)",
    "bvlos": "ECCN 9A012 covers only UAVs designed for flight beyond the operator's natural vision",
    "endurance_h": "ECCN 9A012 turns on maximum endurance (30 minutes and 1 hour)",
    "gust": "between 30 minutes and 1 hour of endurance, 9A012.a.1 also needs stable flight in gusts of at least "
            "46.3 km/h (25 kt)",
    "aerosol_l": "ECCN 9A120 (MTCR Item 19.A.3) turns on an aerosol system of more than 20 litres",
    "autonomous_or_bvlos": "ECCN 9A120 needs autonomous flight control or flight beyond direct vision",
}


def _h(hours: float) -> str:
    return f"{hours:g} h" if hours >= 1 else f"{hours * 60:g} min"


def weakest(confidences: list[str]) -> str:
    """The least certain of the marks (verified < secondary < uncertain)."""
    return max(confidences, key=CONFIDENCE.index) if confidences else "uncertain"


@dataclass
class Jurisdiction:
    list_name: str  # USML | EAR | USML or EAR | unknown ("list" in as_dict)
    entry: str | None
    basis: str
    confidence: str
    next_step: str
    missing: list[dict[str, str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trace: list[TraceStep] = field(default_factory=list)
    reasons_rule: str | None = None  # the us.licence.reasons_* rule of the entry (EAR) for the licence step
    alternative_reasons_rule: str | None = None  # the EAR branch when the list is "USML or EAR"
    mt: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.list_name, "entry": self.entry, "basis": self.basis, "confidence": self.confidence,
                "next_step": self.next_step, "missing": [m["fact"] for m in self.missing],
                "missing_detail": self.missing, "questions": self.questions, "notes": self.notes,
                "trace": [t.as_dict() for t in self.trace]}


class _Steps(CitedSteps):
    step = "Jurisdiction"

    def __init__(self, rules: RuleSet, on: date) -> None:
        super().__init__(rules, on)
        self.missing: list[dict[str, str]] = []

    def need(self, fact: str) -> None:
        if not any(m["fact"] == fact for m in self.missing):
            self.missing.append({"fact": fact, "why": WHY[fact]})

    def next_step(self, ask_state: bool) -> str:
        cj, ccats = self.value(J + "commodity_jurisdiction"), self.value(J + "classification_request")
        if ask_state and cj is not None:
            self.cite(f"if in doubt, ask DDTC: {cj.value}", J + "commodity_jurisdiction", "Next step")
            return f"Confirm jurisdiction with a {cj.value}."
        if ccats is not None:
            self.cite(f"to confirm the ECCN, ask BIS: {ccats.value}", J + "classification_request", "Next step")
            return f"Self-classify against the current CCL text, or confirm with a {ccats.value}."
        return "Confirm the classification against the current USML and CCL text."


def triage(rules: RuleSet, on: date, facts: ResolvedFacts, category: str | None, at_least: str | None) -> Jurisdiction:
    """Jurisdiction and entry for a complete UAV on ``on``, from the facts and the MTCR outcome."""
    s = _Steps(rules, on)
    armed, military = facts.get("armed"), facts.get("military_design")
    mtcr = category or at_least
    military_path = armed is True or military is True
    needed = J + "usml_viii_a_uav" if military_path else A2_ENDURANCE
    if s.value(needed) is None or s.value(J + "usml_viii_a_uav") is None:
        first = max(rules.get(needed).first_effective, rules.get(J + "usml_viii_a_uav").first_effective)
        return Jurisdiction("unknown", None, f"uavex models this part of the US jurisdiction triage only from "
                            f"{first.isoformat()}", "uncertain",
                            "Classify against the USML and CCL text in force on that date.")
    if military_path:
        return _military(s, armed, mtcr)
    civil = _civil(s, facts, mtcr)
    if military is None:
        s.need("military_design")
        if armed is None:
            s.need("armed")
        basis = "whether it was designed for military use is not known"
        if civil is not None:
            basis += f"; if it was not, {civil.entry} ({civil.basis})"
        result = Jurisdiction("unknown", None, basis, "uncertain", s.next_step(True))
        result.reasons_rule = None
    elif civil is None:
        result = Jurisdiction("unknown", None, "the EAR entry cannot be settled without the missing facts",
                              "uncertain", s.next_step(False))
    else:
        result = civil
        result.next_step = s.next_step(False)
    result.missing, result.trace = s.missing, s.trace
    result.questions = [QUESTIONS[m["fact"]] for m in s.missing]
    if result.list_name != "unknown":
        result.confidence = weakest(s.used)
    return result


def _military(s: _Steps, armed: bool | None, mtcr: str | None) -> Jurisdiction:
    viii = J + "usml_viii_a_uav"
    notes: list[str] = []
    if mtcr and s.value(J + "state_jurisdiction_mtcr") is not None:
        text = s.cite(f"the system is at least MTCR Category {mtcr}: most complete Category I and II systems are "
                      "under State (ITAR) jurisdiction", J + "state_jurisdiction_mtcr").value
        notes.append(str(text))
    if armed is True:
        s.cite("armed: designed to incorporate a defense article (weapons), so USML Category VIII(a)(5) - a defense "
               "article under the ITAR", viii)
        result = Jurisdiction("USML", "Category VIII(a)", "armed UAV: specially designed to incorporate a defense "
                              "article (VIII(a)(5))", "secondary", s.next_step(True), notes=notes)
    else:
        if armed is None:
            s.need("armed")
        s.cite("designed for military use and not known to be armed: USML VIII(a) if enumerated there or if it "
               "incorporates a defense article; otherwise ECCN 9A610.a - a 'specially designed' analysis decides",
               viii)
        if s.value(J + "ear_9a610_a") is not None:
            s.cite("a military UAV that USML VIII(a) does not enumerate is ECCN 9A610.a (600 series)",
                   J + "ear_9a610_a")
        result = Jurisdiction("USML or EAR", "USML VIII(a) or ECCN 9A610.a",
                              "military UAV: a 'specially designed' analysis decides between the USML and the 600 "
                              "series", "uncertain", s.next_step(True), notes=notes)
        result.alternative_reasons_rule = "us.licence.reasons_9a610_a"
    result.missing, result.trace = s.missing, s.trace
    result.questions = [QUESTIONS[m["fact"]] for m in s.missing]
    if result.list_name != "USML":
        result.questions = result.questions or [QUESTIONS["military_design"], QUESTIONS["armed"]]
    result.confidence = weakest([*s.used, result.confidence])
    return result


def _civil(s: _Steps, facts: ResolvedFacts, mtcr: str | None) -> Jurisdiction | None:
    """The EAR entry of a UAV not designed for military use, or None when a fact on the path is missing."""
    a2, a1 = s.value(A2_ENDURANCE), s.value(A1_ENDURANCE)
    gust_rule = s.value(A1_GUST)
    assert a2 is not None and a1 is not None and gust_rule is not None  # same start date (checked by the caller)
    bvlos, endurance, gust = facts.get("bvlos"), facts.get("endurance_h"), facts.get("gust")
    entry: str | None = None
    open_path = False
    if endurance is not None and endurance < a1.value:  # below both endurance tests, whatever its vision range
        s.cite(f"endurance {_h(endurance)} is below {_h(a1.value)}: not ECCN 9A012.a", A1_ENDURANCE)
    elif bvlos is None:
        s.need("bvlos")
        open_path = True
    elif bvlos is False:
        s.cite("not designed for flight beyond the operator's natural vision: not ECCN 9A012.a", A2_ENDURANCE)
    elif endurance is None:
        s.need("endurance_h")
        open_path = True
    elif endurance >= a2.value:
        s.cite(f"beyond natural vision with endurance {_h(endurance)} (at least {_h(a2.value)}): ECCN "
               "9A012.a.2", A2_ENDURANCE)
        entry = "9A012.a.2"
    elif endurance >= a1.value:
        if gust is None:
            s.cite(f"endurance {_h(endurance)} is at least {_h(a1.value)} and below "
                   f"{_h(a2.value)}: 9A012.a.1 then turns on the gust condition", A1_ENDURANCE)
            s.need("gust")
            open_path = True
        elif gust:
            s.cite(f"endurance {_h(endurance)} (at least {_h(a1.value)}, below {_h(a2.value)}) "
                   f"and stable flight in gusts of at least {fmt(gust_rule.value, 'km/h')}: ECCN 9A012.a.1",
                   A1_GUST)
            entry = "9A012.a.1"
        else:
            s.cite(f"endurance {_h(endurance)} is below {_h(a2.value)} and it is not designed for "
                   f"stable flight in gusts of {fmt(gust_rule.value, 'km/h')}: not 9A012.a.1", A1_GUST)
    notes: list[str] = []
    revision = s.value(J + "ear_9a012_revision_2026")
    if revision is not None and bvlos is not False:
        s.cite(str(revision.value), J + "ear_9a012_revision_2026", "Jurisdiction (confirm)")
        notes.append("The 9A012 endurance tests may have changed on 2026-08-13 (unverified); confirm the current "
                     "9A012 text before relying on this entry.")
    if entry is not None:
        result = Jurisdiction("EAR", entry, f"ECCN {entry}: non-military UAV designed for flight beyond natural "
                              "vision, by its endurance", "uncertain", "", notes=notes)
        result.reasons_rule = "us.licence.reasons_9a012_a2" if entry.endswith("a.2") else "us.licence.reasons_9a012_a1"
        if mtcr:
            s.cite(f"at least MTCR Category {mtcr} (range of at least 300 km): 9A012 is also controlled for missile "
                   "technology (MT)", "us.licence.reasons_9a012_mt", "Jurisdiction")
            result.mt = True
        return result
    return _aerosol_or_nes(s, facts, notes, open_path)


def _aerosol_or_nes(s: _Steps, facts: ResolvedFacts, notes: list[str], open_path: bool) -> Jurisdiction | None:
    limit_dated = s.value(AEROSOL)
    a120 = s.value(J + "ear_9a120")
    aerosol, autonomous, bvlos = facts.get("aerosol_l"), facts.get("autonomous"), facts.get("bvlos")
    if limit_dated is None or a120 is None:
        return None
    limit = limit_dated.value
    control = True if (autonomous or bvlos) else (False if autonomous is False and bvlos is False else None)
    if aerosol is None:
        s.need("aerosol_l")
        return None
    if aerosol > limit:
        if control is None:
            s.need("autonomous_or_bvlos")
            return None
        if control:
            if open_path:
                return None  # 9A120 covers systems not in 9A012, which is still open
            s.cite(f"aerosol system of {fmt(aerosol, 'L')} (more than {fmt(limit, 'L')}) with autonomous or "
                   "beyond-vision control, and not in 9A012: ECCN 9A120", J + "ear_9a120")
            result = Jurisdiction("EAR", "9A120", "UAV system with an aerosol system over 20 L (MTCR Item 19.A.3)",
                                  "uncertain", "", notes=notes)
            result.reasons_rule, result.mt = "us.licence.reasons_9a120", True
            return result
    if open_path:
        return None
    s.cite(f"no aerosol system over {fmt(limit, 'L')} with autonomous or beyond-vision control: not ECCN 9A120",
           J + "ear_9a120")
    s.cite("not described by 9A012 or 9A120: commonly ECCN 9A991.a (aircraft n.e.s.)", J + "ear_9a991_a")
    result = Jurisdiction("EAR", "9A991.a", "UAV not described by 9A012 or 9A120 (aircraft not elsewhere "
                          "specified)", "uncertain", "", notes=notes)
    result.reasons_rule = "us.licence.reasons_9a991_a"
    return result
