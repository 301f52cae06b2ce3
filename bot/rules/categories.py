"""MTCR category and US national treatment steps of the engine, each citing the rule value it applies."""

from __future__ import annotations

import logging
from datetime import date

from bot.rules.decision import Margin, TraceStep
from bot.rules.facts import RangeFact, ResolvedFacts, Sale
from bot.rules.model import DatedValue, RuleSet
from bot.units import fmt

log = logging.getLogger(__name__)

CAT1_PAYLOAD = "mtcr.category_i.payload_kg"
CAT1_RANGE = "mtcr.category_i.range_km"
CAT2_RANGE = "mtcr.category_ii.range_km"
AEROSOL = "mtcr.category_ii.aerosol_l"
US_TREATMENT = "us.uas_policy.category_i_treatment"
US_AIRSPEED = "us.uas_policy.subset_max_airspeed_kmh"
MISSING_TEXT = {
    "range_km": "the one-way range in km (fully fuelled, most fuel-efficient profile, independent of datalinks)",
    "payload_kg": "the maximum payload in kg",
    "range_at_500kg_km": "the range the system achieves while carrying 500 kg (the published maximum payload and "
                         "maximum range may not be achievable together)",
    "aerosol_l": "whether it carries, or is designed to carry, an aerosol dispensing system, and its capacity in "
                 "litres (0 if none)",
    "autonomous_or_bvlos": "whether it has autonomous flight control/navigation or controlled flight beyond the "
                           "operator's direct vision",
    "max_speed_kmh": "the maximum airspeed in km/h (the US 2020 policy turns on 'below 800 km/h')",
}


def earliest_date(rules: RuleSet) -> date:
    """The first date on which every rule the engine needs is in force."""
    return max(rules.get(p).first_effective for p in (CAT1_PAYLOAD, CAT1_RANGE, CAT2_RANGE, US_TREATMENT))


class Builder:
    def __init__(self, rules: RuleSet, on: date) -> None:
        self.rules, self.on = rules, on
        self.trace: list[TraceStep] = []
        self.missing: list[dict[str, str]] = []
        self.warnings: list[str] = []
        self.margins: list[Margin] = []

    def cite(self, step: str, finding: str, param_id: str) -> TraceStep:
        parameter = self.rules.get(param_id)
        dated = self.rules.at(param_id, self.on)
        traced = TraceStep.cite(step, finding, parameter, dated)
        self.trace.append(traced)
        return traced

    def need(self, fact: str, rule: str, why: str | None = None) -> None:
        """Record a missing fact, citing the rule that turns on it."""
        if any(m["fact"] == fact for m in self.missing):
            return
        self.missing.append({"fact": fact, "why": why or MISSING_TEXT[fact]})
        if self.rules.maybe(rule, self.on) is not None:
            self.cite("Missing fact", f"{fact} is needed: {why or MISSING_TEXT[fact]}", rule)

    def uncertain_before(self, param_id: str) -> DatedValue | None:
        """The rule's first value when the date is before it and that start date is not firmly established."""
        parameter = self.rules.parameters.get(param_id)
        if parameter is None:
            return None
        first = parameter.values[0]
        firm = first.confidence == "verified" and first.precision == "day" and not first.observed
        return first if self.on < first.effective and not firm else None

    def rule_status_uncertain(self, param_id: str, fact: str, what: str) -> None:
        """Before an uncertain start date the rule's status is unknown: a missing fact, never 'not controlled'."""
        parameter = self.rules.get(param_id)
        first = parameter.values[0]
        when = str(first.effective.year) if first.precision == "year" else first.effective.isoformat()
        why = (f"{what} is recorded only from {when} and that start date is {first.confidence}; whether it "
               f"applied on {self.on.isoformat()} is not settled")
        if any(m["fact"] == fact for m in self.missing):
            return
        self.missing.append({"fact": fact, "why": why})
        self.trace.append(TraceStep.cite("Rule status uncertain", why, parameter, first))

    def margin(self, threshold: str, value: float, limit: float, unit: str, inclusive: bool, what: str,
               rule: str = "") -> None:
        diff = round(value - limit, 3)
        if diff == 0:
            reading = "meets it ('at least')" if inclusive else "does not count as below it"
            text = f"{what} is exactly at the {threshold} ({fmt(limit, unit)}) and {reading}"
        else:
            side = "above" if diff > 0 else "below"
            text = f"{what} is {fmt(abs(diff), unit)} {side} the {threshold} ({fmt(limit, unit)})"
        self.margins.append(Margin(threshold, value, limit, unit, diff, text, rule))


Outcome = tuple[str | None, str | None, str | None]


def mtcr_category(b: Builder, facts: ResolvedFacts, rng: RangeFact, sale: Sale) -> Outcome:
    """Return (category, item, at_least)."""
    p1 = b.rules.at(CAT1_PAYLOAD, b.on).value
    r1 = b.rules.at(CAT1_RANGE, b.on).value
    r2 = b.rules.at(CAT2_RANGE, b.on).value
    payload = facts.get("payload_kg")
    range_ok = rng.at_least(r1)
    payload_ok = _payload_bound(b, facts, sale, p1) if payload is None else payload >= p1
    if rng.value is not None:
        b.margin("Category I/II range threshold", rng.value, r1, "km", True,
                 "range" if rng.kind == "exact" else f"range ({rng.kind})", CAT1_RANGE)
    if payload is not None:
        b.margin("Category I payload threshold", payload, p1, "kg", True, "payload", CAT1_PAYLOAD)
    if rng.kind == "estimate":
        b.warnings.append(f"Range is an estimate: {rng.explanation}. Confirm the one-way range.")
    elif rng.kind == "lower-bound":
        b.warnings.append(f"Range is a lower bound: {rng.explanation}. MTCR range is one-way, fully fuelled.")
    elif rng.kind == "unknown" and "datalink" in rng.explanation:
        b.warnings.append(f"{rng.explanation[0].upper()}{rng.explanation[1:]}: MTCR range is the one-way distance "
                          "the airframe can fly fully fuelled, independent of datalinks or telemetry limits.")

    _endurance_bound(b, facts, rng)

    cat1: bool | None
    if range_ok is False or payload_ok is False:
        cat1 = False
    elif range_ok and payload_ok:
        at500 = facts.get("range_at_500kg_km")
        if at500 is not None:
            cat1 = at500 >= r1
            b.margin("Category I range at 500 kg", at500, r1, "km", True, "range with 500 kg", CAT1_RANGE)
        elif facts.separate_maxima:
            reported = sale.system.reported_category if sale.system else None
            if reported in ("I", "II"):
                cat1 = reported == "I"
                src = sale.system.reported_category_source if sale.system else None
                b.warnings.append(
                    f"Maximum payload and maximum range are published separately and may not be achievable "
                    f"together; uavex relies on a published classification as Category {reported}"
                    + (f" ({src.title}, {src.url})" if src else "") + ".")
            else:
                cat1 = None
                b.warnings.append("Maximum payload and maximum range are quoted separately and may not be "
                                  "achievable together; Category I turns on the range while carrying 500 kg.")
                b.need("range_at_500kg_km", CAT1_RANGE)
        else:
            cat1 = True
    elif sale.stated_category in ("I", "II") and payload is None and range_ok is None:
        cat1 = sale.stated_category == "I"
        b.warnings.append(f"Category {sale.stated_category} as stated in the question; uavex could not check it "
                          "against the range and payload, which were not given.")
    else:
        cat1 = None
        if payload is None:
            b.need("payload_kg", CAT1_PAYLOAD)
        if range_ok is None:
            b.need("range_km", CAT1_RANGE)

    if cat1 and sale.stated_category == "I" and payload is None:
        b.cite("MTCR Category I", f"Category I as stated (Item 1.A.2: at least {fmt(p1, 'kg')} to at least "
               f"{fmt(r1, 'km')}; not checked, no figures given)", CAT1_PAYLOAD)
        return "I", "1.A.2", None
    if cat1 is False and sale.stated_category == "II" and payload is None and range_ok is None:
        b.cite("MTCR Category II", f"Category II as stated (Item 19.A.2: at least {fmt(r2, 'km')}, any payload; "
               "not checked, no figures given)", CAT2_RANGE)
        return "II", "19.A.2", None
    if cat1:
        at500 = facts.get("range_at_500kg_km")
        if at500 is not None and rng.value is not None and at500 < rng.value:  # the heavy load goes less far
            met = f"at least {fmt(p1, 'kg')} carried {fmt(at500, 'km')} (the range with {fmt(p1, 'kg')}) meets"
        else:
            met = f"payload {fmt(payload, 'kg')} and range {fmt(rng.value or 0, 'km')} meet"
        b.cite("MTCR Category I", f"{met} Item 1.A.2 (at least {fmt(p1, 'kg')} to at least {fmt(r1, 'km')})",
               CAT1_PAYLOAD)
        return "I", "1.A.2", None
    if cat1 is False:
        mtow = facts.get("mtow_kg")
        payload_low = payload_ok is False and payload is not None
        reason = (f"payload {fmt(payload, 'kg')} is below {fmt(p1, 'kg')}" if payload_low
                  else f"the maximum take-off weight {fmt(mtow, 'kg')} is below {fmt(p1, 'kg')}, so the payload "
                  "is too" if payload_ok is False
                  else f"range is below {fmt(r1, 'km')}" if range_ok is False
                  else "the range with 500 kg is below 300 km" if facts.get("range_at_500kg_km") is not None
                  else "the published classification is Category II")
        b.cite("MTCR Category I", f"not Item 1.A.2: {reason} (Category I needs both at least {fmt(p1, 'kg')} of "
               f"payload and at least {fmt(r1, 'km')} of range, together)", CAT1_PAYLOAD)
    range2 = rng.at_least(r2)
    if range2:
        if cat1 is None:
            b.cite("MTCR Category II", f"range of at least {fmt(r2, 'km')} meets Item 19.A.2 at any payload, so the "
                   "system is at least Category II", CAT2_RANGE)
            return None, None, "II"
        b.cite("MTCR Category II", f"range meets Item 19.A.2 (at least {fmt(r2, 'km')}, any payload): "
               f"{rng.explanation}", CAT2_RANGE)
        return "II", "19.A.2", None
    if range2 is False:
        b.cite("MTCR Category II", f"range below {fmt(r2, 'km')}: Item 19.A.2 does not apply", CAT2_RANGE)
        return _aerosol(b, facts)
    # Range unknown: only a sprayer that already meets 19.A.3 is decided; otherwise ask for the range.
    aerosol_rule = b.rules.maybe(AEROSOL, b.on)
    aerosol, autonomous, bvlos = facts.get("aerosol_l"), facts.get("autonomous"), facts.get("bvlos")
    if aerosol_rule is not None and aerosol is not None and aerosol > aerosol_rule.value and (autonomous or bvlos):
        category, item, at_least = _aerosol(b, facts)
        if category == "II" and cat1 is None:
            return None, None, "II"  # 19.A.3 is met, so at least Category II; Category I is still open
        return category, item, at_least
    if aerosol_rule is not None and aerosol and (aerosol <= aerosol_rule.value
                                                 or (autonomous is False and bvlos is False)):
        _aerosol(b, facts)  # a sprayer that Item 19.A.3 rules out (cited); the range still decides Item 19.A.2
    b.need("range_km", CAT2_RANGE)
    return None, None, None


def _payload_bound(b: Builder, facts: ResolvedFacts, sale: Sale, threshold: float) -> bool | None:
    """Payload unknown: a maximum take-off weight below the Category I payload threshold rules the payload out.

    Returns False (the payload cannot reach the threshold) or None (not decided). The take-off weight includes
    the payload, so a lighter aircraft cannot carry the threshold payload."""
    mtow = facts.get("mtow_kg")
    if mtow is None or mtow >= threshold:
        return None
    origin = facts.origin.get("mtow_kg")
    where = "as typed" if origin == "input" else (
        f"catalogue entry for {sale.system.name}, sources listed there" if sale.system else str(origin))
    text = (f"the maximum payload is not known, but the maximum take-off weight is {fmt(mtow, 'kg')} ({where}); "
            f"the payload is part of that weight, so it cannot reach the Category I payload threshold of "
            f"{fmt(threshold, 'kg')}")
    b.cite("Reasoning: payload bound from maximum take-off weight", text, CAT1_PAYLOAD)
    b.margin("Category I payload threshold", mtow, threshold, "kg", True,
             "maximum take-off weight (an upper bound on the payload)", CAT1_PAYLOAD)
    return False


def _endurance_bound(b: Builder, facts: ResolvedFacts, rng: RangeFact) -> None:
    """Range unknown, endurance known, no cruise speed: state the speed at which the endurance covers 300 km."""
    endurance = facts.get("endurance_h")
    if rng.kind != "unknown" or not endurance or facts.get("cruise_speed_kmh") is not None:
        return
    threshold = b.rules.at(CAT2_RANGE, b.on).value
    speed = threshold / endurance
    text = (f"over an endurance of {endurance:g} h the system reaches {fmt(threshold, 'km')} one-way at any "
            f"average ground speed above {speed:.3g} km/h ({fmt(threshold, 'km')} / {endurance:g} h); this is "
            "reasoning, not a published figure, and the one-way range is still needed")
    b.warnings.append(f"Range bound from endurance: {text}.")
    b.cite("Reasoning: range bound from endurance", text, CAT2_RANGE)


def _aerosol(b: Builder, facts: ResolvedFacts) -> Outcome:
    aerosol_rule = b.rules.maybe(AEROSOL, b.on)
    if aerosol_rule is None:
        first = b.uncertain_before(AEROSOL)
        if first is None:
            b.warnings.append(f"Item 19.A.3 (aerosol UAVs) is not recorded as in force on {b.on.isoformat()}.")
            return None, None, None
        aerosol, autonomous, bvlos = facts.get("aerosol_l"), facts.get("autonomous"), facts.get("bvlos")
        excluded = (aerosol is not None and aerosol <= first.value) or (autonomous is False and bvlos is False)
        if not excluded:
            b.rule_status_uncertain(AEROSOL, "item_19a3_in_force", "Item 19.A.3 (aerosol UAVs)")
            if aerosol is None:
                b.need("aerosol_l", AEROSOL)
        return None, None, None
    limit = aerosol_rule.value
    aerosol, autonomous, bvlos = facts.get("aerosol_l"), facts.get("autonomous"), facts.get("bvlos")
    if aerosol is not None and aerosol > 0:
        b.margin("Item 19.A.3 aerosol threshold", aerosol, limit, "L", False, "aerosol capacity", AEROSOL)
    sprayer = None if aerosol is None else aerosol > limit
    control = True if (autonomous or bvlos) else (False if autonomous is False and bvlos is False else None)
    if sprayer and control:
        how = "autonomous flight control" if autonomous else "flight beyond the operator's direct vision"
        b.cite("MTCR Category II", f"aerosol system of {fmt(aerosol, 'L')} (more than {fmt(limit, 'L')}) with {how} "
               "meets Item 19.A.3", AEROSOL)
        return "II", "19.A.3", None
    if sprayer is False or control is False:
        why = (f"no aerosol dispensing system over {fmt(limit, 'L')}" if sprayer is False
               else "neither autonomous flight nor flight beyond direct vision")
        b.cite("MTCR Category II", f"Item 19.A.3 does not apply: {why}", AEROSOL)
        return None, None, None
    if sprayer is None:
        b.need("aerosol_l", AEROSOL)
    if control is None:
        b.need("autonomous_or_bvlos", AEROSOL)
    return None, None, None


def us_policy(b: Builder, category: str | None, at_least: str | None, facts: ResolvedFacts,
               sale: Sale) -> tuple[str | None, str | None]:
    """US national treatment for US exports. Returns (verdict or None, us_treatment text)."""
    if category == "II" or (at_least == "II" and category is None):
        return "case-by-case", "Category II: case-by-case review under MTCR and US policy"
    if category != "I":
        return None, None
    treatment = b.rules.at(US_TREATMENT, b.on)
    if treatment.value == "strong-presumption-of-denial":
        b.cite("US policy", "the US applies the MTCR strong presumption of denial to Category I UAS", US_TREATMENT)
        return "strong-presumption-of-denial", "Category I: strong presumption of denial"
    speed = facts.get("max_speed_kmh")
    limit = b.rules.at(US_AIRSPEED, b.on).value
    if speed is not None:
        b.margin("US 2020 airspeed limit", speed, limit, "km/h", False, "maximum airspeed", US_AIRSPEED)
    if sale.system is not None and sale.system.uav_class == "loitering-munition":
        b.warnings.append("The 2020 and 2025 US policies were reported as not covering cruise missiles; whether this "
                          "loitering munition is treated as one is for the licensing authority (secondary).")
    if treatment.value == "subset-below-airspeed-as-category-ii":
        if speed is None:
            b.cite("US policy", f"from 2020-07-24 the US treats a selected subset of Category I UAS below "
                   f"{fmt(limit, 'km/h')} as Category II; the maximum airspeed is needed", US_TREATMENT)
            b.need("max_speed_kmh", US_AIRSPEED)
            return "insufficient-data", "Category I: depends on maximum airspeed (US 2020 policy)"
        if speed < limit:
            b.cite("US policy", f"maximum airspeed {fmt(speed, 'km/h')} is below {fmt(limit, 'km/h')}: eligible to be "
                   "treated as Category II (case-by-case) as one of a carefully selected subset", US_AIRSPEED)
            return "case-by-case", ("Category I UAS below 800 km/h: may be treated as Category II (case-by-case); "
                                    "selection is the US government's decision")
        b.cite("US policy", f"maximum airspeed {fmt(speed, 'km/h')} is not below {fmt(limit, 'km/h')}: the strong "
               "presumption of denial still applies", US_AIRSPEED)
        return "strong-presumption-of-denial", "Category I at or above 800 km/h: strong presumption of denial"
    b.cite("US policy", "from 2025-09-15 the US reviews UAS exports much as it reviews manned fighter aircraft, "
           "case by case under the Conventional Arms Transfer policy", US_TREATMENT)
    if speed is None or speed >= limit:
        b.warnings.append("Whether the 2020 '< 800 km/h' criterion still limits US review after September 2025 is "
                          "not known (uncertain); confirm with State.")
    return "case-by-case", "Category I UAS: reviewed like manned fighter aircraft, case by case (US, from 2025-09-15)"
