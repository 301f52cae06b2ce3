"""Does this destination need a US licence for the entry the jurisdiction step found? A pure step of the engine.

EAR: the entry's reasons for control against the Commerce Country Chart columns, country groups (A:1, A:5, D:4,
D:5, E:1, E:2), License Exception STA (January 2026 UAV relief), the military end-use rule. ITAR: licence types,
FMS versus direct commercial sale, §126.1 and the AECA §36 thresholds with the review periods already modelled.
A fact or membership uavex does not hold gives ``required: None`` naming it, never "no licence required".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.countries import country_name
from bot.rules.decision import TraceStep
from bot.rules.destinations import notification, notification_thresholds
from bot.rules.facts import military_end_use
from bot.rules.jurisdiction import Jurisdiction, weakest
from bot.rules.model import RuleSet
from bot.rules.steps import CitedSteps

log = logging.getLogger(__name__)

L = "us.licence."
GROUPS = "us.country_groups."
GROUP_NAMES = {"a1": "A:1", "a5": "A:5", "d4": "D:4", "d5": "D:5", "e1": "E:1", "e2": "E:2",
               "mil_end_use": "the §744.21 list"}
NOT_CHECKED = ("Sanctions (OFAC, EAR part 746 embargoes) and restricted-party screening (Entity, Denied Persons, "
               "SDN and other lists) were not checked.")
NON_US = ("These are US rules: they bind US-origin items and foreign items with controlled US content; re-export "
          "rules are not modelled. The exporter's own national controls apply separately.")
CONFIRM = ("Some values behind this result were not verified in primary text (marked secondary or uncertain): "
           "confirm the entry and the Commerce Country Chart or ITAR text before relying on it.")


@dataclass
class Licence:
    required: bool | None
    authority: str | None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    confidence: str = "uncertain"
    missing: list[dict[str, str]] = field(default_factory=list)
    trace: list[TraceStep] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"required": self.required, "authority": self.authority, "reasons": self.reasons,
                "exceptions": self.exceptions, "notes": self.notes, "confidence": self.confidence,
                "missing": [m["fact"] for m in self.missing], "missing_detail": self.missing,
                "trace": [t.as_dict() for t in self.trace]}


class _Steps(CitedSteps):
    step = "Licence"

    def __init__(self, rules: RuleSet, on: date, dest: str) -> None:
        super().__init__(rules, on)
        self.dest, self.name = dest, country_name(dest)

    def member(self, group: str) -> bool | None:
        """Is the destination in the country group on this date? None when uavex does not know."""
        members = self.rules.group(GROUPS + group)
        parameter = members.get(self.dest)
        dated = parameter.at(self.on) if parameter is not None else None
        if parameter is not None and dated is not None:
            self.add("Licence", f"{self.name} is in {GROUP_NAMES[group]}", parameter, dated)
            return True
        # Before the date from which uavex records the group (observed values), membership is unknown.
        observed = [p.values[0].effective for p in members.values() if p.values[0].observed]
        if observed and self.on < min(observed):
            return None
        return False


def licence_for(rules: RuleSet, on: date, juris: Jurisdiction, destination: str | None, exporter: str,
                end_use: str | None, restrictions: list[dict[str, Any]]) -> Licence:
    notes = [NOT_CHECKED] + ([NON_US] if exporter != "US" else [])
    if destination is None:
        return Licence(None, None, notes=["No destination given: the licence requirement was not checked.", *notes],
                       missing=[{"fact": "destination", "why": "the licence requirement depends on the destination"}])
    s = _Steps(rules, on, destination)
    if juris.list_name == "unknown":
        open_facts = ", ".join(m["fact"] for m in juris.missing) or "the classification"
        ask = f"Depends on which list controls the item; give {open_facts} first."
        why = f"the controlling list and entry are not settled ({juris.basis})"
        result = Licence(None, None, notes=[ask, *notes], missing=[{"fact": "jurisdiction", "why": why}])
    elif juris.list_name == "USML":
        result = _itar(s, restrictions)
    elif juris.list_name == "EAR":
        result = _ear(s, juris.reasons_rule, juris.entry or "", juris.mt, end_use)
        if _denied_126_1(restrictions):
            result.notes.append(f"ITAR §126.1 lists {s.name}, but it binds defense articles only: for this EAR item "
                                "the EAR requirements above apply (the verdict's §126.1 denial presumes a defense "
                                "article).")
    else:
        itar = _itar(s, restrictions)
        ear = _ear(s, juris.alternative_reasons_rule, "9A610.a", juris.mt, end_use)
        required = True if itar.required and ear.required else None
        result = Licence(required, "DDTC (ITAR) or BIS (EAR), depending on the jurisdiction",
                         reasons=itar.reasons + ear.reasons, exceptions=ear.exceptions,
                         notes=["If USML VIII(a): " + n for n in itar.notes] + ["If 9A610.a: " + n for n in ear.notes],
                         missing=ear.missing)
        if required is None and not result.missing:
            result.missing.append({"fact": "jurisdiction", "why": "USML and 9A610.a give different answers here"})
    result.trace = s.trace
    result.notes += notes if juris.list_name != "unknown" else []
    result.confidence = weakest([*s.used, juris.confidence]) if s.used else juris.confidence
    if result.confidence != "verified" and juris.list_name != "unknown":
        result.notes.append(CONFIRM)
    return result


def _itar(s: _Steps, restrictions: list[dict[str, Any]]) -> Licence:
    result = Licence(True, "DDTC (ITAR)")
    types = s.value(L + "itar_licence_types")
    if types is not None:
        s.cite(f"a USML defense article needs {types.value}", L + "itar_licence_types")
        result.notes.append(str(types.value) + ".")
    result.reasons.append({"reason": "ITAR", "applies": True, "rule": L + "itar_licence_types",
                           "where": f"DDTC authorisation is needed for export to {s.name}; ITAR "
                                  "exemptions are not modelled"})
    denied = _denied_126_1(restrictions)
    if denied:
        result.notes.append(f"ITAR §126.1: {s.name} is under a {denied}; a licence is not expected.")
    channels = s.value(L + "fms_dcs")
    if channels is not None:
        s.cite(str(channels.value), L + "fms_dcs")
        result.notes.append(str(channels.value) + ".")
    found = notification(s.rules, s.dest, s.on)
    if found is not None:
        text, step = found
        s.trace.append(step)
        s.used.append(step.confidence)
        thresholds = notification_thresholds(s.rules, s.dest, s.on)
        if thresholds is not None:
            limits, rule, _ = thresholds
            s.cite(limits, rule)
            text = f"{limits}; {text[0].lower()}{text[1:]}"
        result.notes.append(text)
    return result


def _denied_126_1(restrictions: list[dict[str, Any]]) -> str | None:
    """The §126.1 denial effect recorded for the destination by the destination check, if any."""
    for entry in restrictions:
        if entry.get("regime") == "ITAR §126.1" and entry.get("applies") and "denial" in str(entry.get("effect")):
            return str(entry["effect"])
    return None


def _column(s: _Steps, code: str) -> tuple[bool | None, str]:
    rule = f"{L}column_{code}"
    dated = s.value(rule)
    if dated is None:
        return None, f"where column {code} applies is not recorded for this date"
    kind, _, arg = str(dated.value).partition(":")
    if kind == "except":
        applies: bool | None = s.dest not in arg.split(",")
        where = f"every destination except {', '.join(country_name(c) for c in arg.split(','))}"
    else:
        member = s.member(arg)
        label = GROUP_NAMES[arg]
        where = f"destinations {'outside' if kind == 'except-group' else 'in'} Country Group {label}"
        if member is None:
            applies = None
            where += f" (whether {s.name} is in {label} on this date is not recorded)"
        else:
            applies = (not member) if kind == "except-group" else member
            where += f"; {s.name} is {'' if member else 'not '}listed in {label} in uavex's data"
    verdict = "applies" if applies else ("is not settled" if applies is None else "does not apply")
    s.cite(f"{code} requires a licence for {where}: it {verdict} to {s.name}", rule)
    return applies, where


def _ear(s: _Steps, reasons_rule: str | None, entry: str, mt: bool, end_use: str | None) -> Licence:
    result = Licence(None, "BIS (EAR)")
    dated = s.value(reasons_rule) if reasons_rule else None
    if reasons_rule is None or dated is None:
        result.missing.append({"fact": "reasons_for_control", "why": f"the reasons for control of {entry} are not "
                               "recorded for this date"})
        return result
    codes = str(dated.value).split()
    s.cite(f"ECCN {entry} is controlled for {' '.join(codes)}", reasons_rule)
    if mt and "MT1" not in codes and s.value(L + "reasons_9a012_mt") is not None:
        codes.append("MT1")
    outcomes: list[bool | None] = []
    for code in codes:
        applies, where = _column(s, code)
        outcomes.append(applies)
        result.reasons.append({"reason": code, "applies": applies, "where": where, "rule": f"{L}column_{code}"})
    result.required = True if any(outcomes) else (None if None in outcomes else False)
    if None in outcomes and not result.required:
        result.missing.append({"fact": "country_group", "why": f"a country-group membership of {s.name} on this "
                               "date is not recorded"})
    aukus = s.value(L + "aukus_destinations")
    if aukus is not None and s.dest in str(aukus.value).split() and result.required:
        s.cite(f"{s.name}: 2024 amendments removed some EAR licence requirements for this destination; whether "
               "NS1 and MT1 still apply was not read", L + "aukus_destinations")
        result.notes.append(f"2024 amendments removed some EAR licence requirements for {s.name} (RS1 at least); "
                            "uavex has not read whether NS1 and MT1 still apply: confirm before applying for a "
                            "licence.")
    _exceptions(s, result, entry, "MT1" in codes)
    _end_use(s, result, end_use)
    if result.required is False:
        result.notes.append(f"No Country Chart column for {' '.join(codes)} requires a licence to {s.name}; the "
                            "end-use and end-user rules (EAR part 744, such as the §744.3 missile catch-all) still "
                            "apply.")
    return result


def _exceptions(s: _Steps, result: Licence, entry: str, mt: bool) -> None:
    if entry.startswith("9A012") and result.required and s.value(L + "sta_9a012_a5") is not None and s.member("a5"):
        sta = s.cite(f"{s.name} is in Country Group A:5: License Exception STA may apply to certain 9A012 "
                     "cargo-delivery and spraying UAVs", L + "sta_9a012_a5")
        result.exceptions.append(str(sta.value))
    if mt and s.value(L + "mt_exceptions_closed") is not None:
        member = s.member("d4")
        if member:
            closed = s.cite(f"{s.name} is in Country Group D:4: no licence exception for the MT-controlled item",
                            L + "mt_exceptions_closed")
            result.notes.append(str(closed.value)[0].upper() + str(closed.value)[1:] + f"; {s.name} is in D:4.")
        else:
            result.notes.append(f"{s.name} is not listed in uavex's (incomplete) D:4 data; confirm D:4 membership "
                                "before using any licence exception for an MT-controlled item.")
    if s.member("e1") or s.member("e2"):
        result.notes.append(f"{s.name} is an embargoed or terrorist-supporting destination (E:1/E:2): expect a "
                            "general policy of denial; EAR part 746 embargo rules were not checked.")
    if s.member("d5"):
        result.notes.append(f"{s.name} is in Country Group D:5 (US arms embargo): 600-series and UN-column rules "
                            "are strict there; confirm.")


def _end_use(s: _Steps, result: Licence, end_use: str | None) -> None:
    rule = s.value(L + "mil_end_use")
    if rule is None:
        return
    named = s.member("mil_end_use")
    if not named:
        if named is None:
            result.notes.append(f"Whether {s.name} is named in §744.21 on this date is not recorded; confirm.")
        return
    military = military_end_use(end_use)
    if military:
        s.cite(f"{s.name} is named in §744.21 and the stated end use or end user is military: licence required "
               "(for items listed in Supplement No. 2 to part 744)", L + "mil_end_use")
        result.notes.append("§744.21 reaches the items listed in Supplement No. 2 to part 744; uavex did not check "
                            "that this ECCN is listed: confirm.")
        result.required = True
        result.reasons.append({"reason": "§744.21", "applies": True, "where": "military end use or end user",
                               "rule": L + "mil_end_use"})
    elif military is None:
        s.cite(f"{s.name} is named in §744.21: whether the end use or end user is military decides a licence",
               L + "mil_end_use")
        if not result.required:
            result.required = None
            result.missing.append({"fact": "military_end_use", "why": f"{s.name} is named in §744.21; say whether "
                                   "the end use or end user is military (--end-use)"})
    else:
        s.cite(f"{s.name} is named in §744.21, but the stated end use is civil: no military end-use licence "
               "requirement (confirm the end user)", L + "mil_end_use")
