"""Destination and exporter checks: MTCR partners and adherents, ITAR §126.1, NATO, notification periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.countries import country_in_text, country_name
from bot.rules.decision import TraceStep
from bot.rules.model import DatedValue, RuleSet

PARTNERS = "destinations.mtcr_partners"
ADHERENTS = "destinations.mtcr_adherents"
ITAR = "destinations.itar_126_1"
NATO = "destinations.nato"
NOTIFICATION = "us.congressional_notification"


# §126.1 statuses that carry a policy of denial: (table label or None, effect).
DENIAL = {
    "table-1": ("Table 1", "policy of denial"),
    "table-2": ("Table 2", "policy of denial, with listed exceptions"),
    "denial": (None, "policy of denial"),
    "denial-exceptions": (None, "policy of denial, with listed exceptions"),
}


def _uncertain_why(name: str, status: str, note: str | None, year_only: bool, year: int) -> str:
    if year_only:
        return f"the §126.1 status of {name} is recorded only from {year} (no exact date)"
    if status == "non-lethal-waiver":
        return ("the §126.1 denial policy was suspended for non-lethal defense articles only; whether the "
                "articles are non-lethal decides it" + (f" ({note})" if note else ""))
    return note or f"the §126.1 status of {name} is not verified"


@dataclass
class DestinationCheck:
    country: str
    info: dict[str, Any]
    trace: list[TraceStep] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)
    denial: bool = False


def _sources_differ(dated: DatedValue) -> str:
    if not dated.alternatives:
        return ""
    others = "; ".join(f"{a.when()} per {a.source}" for a in dated.alternatives)
    return f" (sources differ: {dated.when()} per {dated.reference.title}; {others}; uncertain)"


def partner_status(rules: RuleSet, code: str, on: date) -> tuple[bool | None, TraceStep | None, str | None]:
    """(is partner, trace step, warning). None means membership cannot be stated for that date."""
    parameter = rules.group(PARTNERS).get(code)
    if parameter is None:
        return False, None, None
    name = country_in_text(code, start=True)
    dated = parameter.at(on)
    if dated is None:
        first = parameter.values[0]
        return False, TraceStep.cite("MTCR partner", f"{name} is not yet an MTCR partner on {on.isoformat()} "
                                     f"(joined {first.when()}){_sources_differ(first)}", parameter, first), None
    differ = _sources_differ(dated)
    later = {a.effective.year for a in dated.alternatives if a.effective >= dated.effective}
    open_years = {dated.effective.year} | later
    if dated.precision == "year" and on.year <= max(open_years):
        years = " or ".join(str(y) for y in sorted(open_years))
        detail = "exact date not recorded" + ("; sources differ" if differ else "")
        warning = f"{name} joined the MTCR in {years} ({detail}); partner status on {on.isoformat()} is uncertain"
        step = TraceStep.cite("MTCR partner", f"{name} joined the MTCR in {years} (year only){differ}", parameter,
                              dated)
        return None, step, warning
    step = TraceStep.cite("MTCR partner", f"{name} is an MTCR partner (joined {dated.when()}){differ}", parameter,
                          dated)
    return True, step, None


def check_destination(rules: RuleSet, code: str, exporter: str, on: date) -> DestinationCheck:
    name = country_name(code)
    check = DestinationCheck(country=code, info={"country": code, "name": name})
    partner, step, warning = partner_status(rules, code, on)
    check.info["mtcr_partner"] = partner
    if step:
        check.trace.append(step)
    if warning:
        check.warnings.append(warning)
    adherent = rules.group(ADHERENTS).get(code)
    dated_adherent = adherent.at(on) if adherent else None
    check.info["mtcr_adherent"] = dated_adherent.value if dated_adherent and adherent else None
    if adherent and dated_adherent:
        check.trace.append(TraceStep.cite("MTCR adherence", f"{name}: {dated_adherent.value.replace('-', ' ')} "
                                          "(adherence is not membership)", adherent, dated_adherent))
    restrictions: list[dict[str, Any]] = []
    itar = rules.group(ITAR).get(code)
    if itar is not None:
        dated = itar.at(on)
        ended = itar.ended_at(on)
        if dated is not None:
            status = str(dated.value)
            entry = {"regime": "ITAR §126.1", "status": status, "rule": itar.id,
                     "effective": dated.effective.isoformat(), "confidence": dated.confidence,
                     "note": itar.description, "applies": exporter == "US"}
            if dated.note:
                entry["value_note"] = dated.note
            year_only = dated.precision == "year" and on.year == dated.effective.year
            if status in DENIAL and not year_only:
                table, effect = DENIAL[status]
                entry["effect"] = effect
                listed = f"on ITAR §126.1 {table}" if table else f"under an ITAR §126.1 {effect}"
                if exporter == "US":
                    check.denial = True
                    finding = f"{name} is {listed}: {effect}" if table else f"{name} is {listed}"
                else:
                    finding = (f"{name} is {listed}; this binds US-origin defense articles, not this non-US "
                               "transfer")
                check.trace.append(TraceStep.cite("ITAR §126.1", finding, itar, dated))
            elif status == "suspended":
                entry["effect"] = "denial policy suspended"
                check.trace.append(TraceStep.cite("ITAR §126.1", f"{name}: the §126.1 denial policy is suspended "
                                                  "on this date", itar, dated))
            else:
                entry["effect"] = "status uncertain"
                why = _uncertain_why(name, status, dated.note, year_only, dated.effective.year)
                check.trace.append(TraceStep.cite("ITAR §126.1", f"{name}: {why}", itar, dated))
                if exporter == "US":
                    check.missing.append({"fact": "itar_126_1_status",
                                          "why": f"whether {name} is proscribed under ITAR §126.1 on "
                                                 f"{on.isoformat()} is not settled: {why}"})
            restrictions.append(entry)
        elif ended is not None:
            restrictions.append({"regime": "ITAR §126.1", "status": "removed", "rule": itar.id,
                                 "effective": ended.effective.isoformat(), "effect": "no longer proscribed",
                                 "applies": exporter == "US", "confidence": ended.confidence})
            check.trace.append(TraceStep.cite("ITAR §126.1", f"{name} was removed from ITAR §126.1 on "
                                              f"{ended.effective.isoformat()}", itar, ended))
        elif itar.values[0].observed and exporter == "US":
            first = itar.values[0]
            check.missing.append({"fact": "itar_126_1_status",
                                  "why": f"uavex records {name}'s §126.1 listing only from "
                                         f"{first.effective.isoformat()}; its status on {on.isoformat()} is unknown"})
            check.warnings.append(f"ITAR §126.1 status of {name} before {first.effective.isoformat()} is not "
                                  "recorded in uavex's rule data")
            check.trace.append(TraceStep.cite("ITAR §126.1", f"{name}'s §126.1 status on {on.isoformat()} is unknown: "
                                              f"the listing is recorded only from {first.effective.isoformat()}",
                                              itar, first))
    check.info["restrictions"] = restrictions
    nato = rules.group(NATO).get(code)
    nato_value = nato.at(on) if nato else None
    check.info["nato_member"] = bool(nato_value)
    return check


def _in_shortened_group(rules: RuleSet, code: str, on: date) -> tuple[bool, bool]:
    """Whether ``code`` is a NATO member on ``on``, and whether the statute names it for the shorter review."""
    nato = rules.group(NATO).get(code)
    listed = rules.group(f"{NOTIFICATION}_shortened").get(code)
    return bool(nato and nato.at(on)), bool(listed and listed.at(on))


def notification(rules: RuleSet, code: str, on: date) -> tuple[str, TraceStep] | None:
    """The congressional review period for a US sale to ``code`` on ``on``, if sourced in the rules."""
    general = rules.parameters.get(f"{NOTIFICATION}.review_days")
    shortened = rules.parameters.get(f"{NOTIFICATION}.shortened_review_days")
    if general is None or shortened is None:
        return None
    in_nato, in_list = _in_shortened_group(rules, code, on)
    if in_nato or in_list:
        dated = shortened.at(on)
        if dated is None:
            return None
        why = "a NATO member" if in_nato else "named in the statute"
        text = (f"Congressional review period before the sale may proceed: {dated.value} days "
                f"({country_in_text(code)} is {why}), if the sale meets the statutory value thresholds.")
        return text, TraceStep.cite("Congressional notification", text, shortened, dated)
    dated = general.at(on)
    if dated is None:
        return None
    text = (f"Congressional review period before the sale may proceed: {dated.value} days for {country_in_text(code)}, "
            "if the sale meets the statutory value thresholds.")
    return text, TraceStep.cite("Congressional notification", text, general, dated)


def notification_thresholds(rules: RuleSet, code: str, on: date) -> tuple[str, str, DatedValue] | None:
    """The AECA §36 value thresholds for a US sale to ``code`` on ``on`` (the higher ones of NATO and the countries
    the statute names), with the rule to cite and its value; None when they are not in the rules on that day."""
    prefix = f"{NOTIFICATION}." + ("shortened_" if any(_in_shortened_group(rules, code, on)) else "")
    mde, total = rules.maybe(prefix + "mde_threshold_usd", on), rules.maybe(prefix + "articles_threshold_usd", on)
    if mde is None or total is None:
        return None
    return (f"AECA §36 notification applies at ${mde.value / 1e6:g} million of major defense equipment or "
            f"${total.value / 1e6:g} million of defense articles or services", prefix + "mde_threshold_usd", mde)
