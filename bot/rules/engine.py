"""The rule engine: ``evaluate(sale, rules)`` is a pure function returning a Decision with its trace."""

from __future__ import annotations

import logging

from bot.countries import country_in_text, country_name
from bot.errors import InputError
from bot.rules.categories import Builder, earliest_date, mtcr_category, us_policy
from bot.rules.decision import Condition, Decision, TraceStep
from bot.rules.destinations import check_destination, notification, partner_status
from bot.rules.facts import ResolvedFacts, Sale, end_use_flags, resolve_facts, resolve_range
from bot.rules.jurisdiction import triage
from bot.rules.licence import licence_for
from bot.rules.model import RuleSet

log = logging.getLogger(__name__)

US_SAFEGUARDS = "us.safeguards"
# Facts that may stay unknown when the system is at least Category II and US policy treats I and II alike.
OPEN_WHEN_AT_LEAST_II = frozenset({"range_at_500kg_km", "payload_kg", "range_km"})
MTCR_SAFEGUARDS = "mtcr.safeguards"


# the §126.1 denial binds defense articles; an item described as not designed for military use is normally not one
CIVIL_ITEM_126_1 = ("ITAR §126.1 binds defense articles only: an item not designed for military use, or one under "
                    "the EAR, is not one, and for it the EAR's own rules for this destination decide (uavex does not "
                    "model them; this verdict presumes a defense article).")


def evaluate(sale: Sale, rules: RuleSet) -> Decision:
    """Classify a proposed sale under the rules in force on ``sale.as_of``."""
    on = sale.as_of
    first = earliest_date(rules)
    if on < first:
        raise InputError(f"as-of date: uavex's rule data starts on {first.isoformat()}; "
                         f"{on.isoformat()} is not covered")
    b = Builder(rules, on)
    facts = resolve_facts(sale)
    rng = resolve_range(facts)
    b.warnings.extend(facts.notes)
    category, item, at_least = mtcr_category(b, facts, rng, sale)

    # Exporter perspective.
    exporter = sale.exporter
    verdict_us, us_treatment = (None, None)
    if exporter == "US":
        verdict_us, us_treatment = us_policy(b, category, at_least, facts, sale)
        open_facts = {m["fact"] for m in b.missing}
        if category is None and at_least == "II" and open_facts and open_facts <= OPEN_WHEN_AT_LEAST_II:
            verdict_us, us_treatment = _either_category(b, facts, sale, verdict_us, us_treatment)
    else:
        partner, step, warning = partner_status(rules, exporter, on)
        if step:
            b.trace.append(step)
        if warning:
            b.warnings.append(warning)
        adherent = rules.group("destinations.mtcr_adherents").get(exporter)
        adherence = adherent.at(on) if adherent else None
        if not partner and adherent and adherence:
            kind = str(adherence.value).replace("-", " ")
            article = "an" if kind[:1] in "aeiou" else "a"
            who = country_in_text(exporter, start=True)
            finding = f"{who} is not an MTCR partner; it is recorded as {article} {kind}"
            b.trace.append(TraceStep.cite("Exporter", finding + ", so the Guidelines do not bind it", adherent,
                                          adherence))
        if not partner:
            b.warnings.append(f"The exporter ({country_name(exporter)}) is not an MTCR partner on {on.isoformat()}; "
                              "the Guidelines do not bind it, and its national policy is not modelled by uavex.")
        b.warnings.append("US national policies (2020 airspeed subset, 2025 manned-aircraft review) apply to US "
                          "transfers only; this decision applies the MTCR Guidelines.")

    # Destination.
    destination_info = None
    denial = False
    if sale.destination:
        check = check_destination(rules, sale.destination, exporter, on)
        destination_info = check.info
        b.trace.extend(check.trace)
        b.warnings.extend(check.warnings)
        b.missing.extend(check.missing)
        denial = check.denial
        if denial and facts.get("military_design") is False:
            b.warnings.append(CIVIL_ITEM_126_1)
    else:
        b.warnings.append("No destination given: the ITAR §126.1 and MTCR-partner checks were not run.")

    # End use and end user.
    flags = end_use_flags(sale.end_use)
    presumption = False
    if flags["wmd"]:
        b.cite("End use", "the stated end use involves delivery of weapons of mass destruction: strong presumption "
               "of denial whatever the category", "mtcr.end_use.wmd_delivery")
        if exporter == "US" and rules.maybe("mtcr.end_use.missile_catch_all", on):
            b.cite("End use", "the US missile catch-all (EAR §744.3) requires a licence for any item known to be for "
                   "such end uses", "mtcr.end_use.missile_catch_all")
        presumption = True
    if flags["non_state"]:
        if rules.maybe("mtcr.end_use.non_state_end_user", on) is not None:
            b.cite("End user", "the end user is a non-state actor: strong presumption of denial whatever the "
                   "category", "mtcr.end_use.non_state_end_user")
            presumption = True
        elif b.uncertain_before("mtcr.end_use.non_state_end_user") is not None:
            b.rule_status_uncertain("mtcr.end_use.non_state_end_user", "non_state_end_user_policy",
                                    "the presumption of denial for non-state end users")

    verdict = _verdict(b, denial, presumption, category, at_least, verdict_us, exporter)
    other_controls: list[str] = []
    if verdict == "not-mtcr-controlled" or category is None:
        other_controls = _other_controls(b, facts)
    conditions = _conditions(b, sale, category, at_least, verdict) if verdict != "denial-policy" else []
    jurisdiction = triage(rules, on, facts, category, at_least)
    restrictions = destination_info.get("restrictions", []) if destination_info else []
    licence = licence_for(rules, on, jurisdiction, sale.destination, exporter, sale.end_use, restrictions)
    seen = {(t.rule, t.finding) for t in b.trace}
    for step in jurisdiction.trace + licence.trace:
        if (step.rule, step.finding) not in seen:
            seen.add((step.rule, step.finding))
            b.trace.append(step)
    decision = Decision(
        verdict=verdict, category=category, item=item, at_least=at_least, us_treatment=us_treatment,
        destination=destination_info, exporter=exporter, as_of=on, rules_version=rules.version,
        system=sale.system.as_dict() if sale.system else None, facts=facts.as_dict(), missing=b.missing,
        warnings=b.warnings, margins=b.margins, conditions=conditions, trace=b.trace, other_controls=other_controls,
        jurisdiction=jurisdiction, licence=licence,
    )
    log.debug("evaluated %s -> %s", sale.system.id if sale.system else "custom", verdict)
    return decision


def _either_category(b: Builder, facts: ResolvedFacts, sale: Sale, verdict_ii: str | None,
                     treatment_ii: str | None) -> tuple[str | None, str | None]:
    """When only Category I vs II is open, decide anyway if both give the same US verdict on this date."""
    probe = Builder(b.rules, b.on)
    verdict_i, treatment_i = us_policy(probe, "I", None, facts, sale)
    if verdict_i != verdict_ii or probe.missing:
        return verdict_ii, treatment_ii
    open_facts = " and ".join(m["fact"] for m in b.missing)  # named before they are cleared
    b.missing.clear()
    b.trace[:] = [step for step in b.trace if step.step != "Missing fact"]
    b.warnings.append(f"Category I or II is not settled ({open_facts} unknown), but on {b.on.isoformat()} US "
                      f"policy gives the same result either way: {verdict_i}.")
    for step in probe.trace:
        b.trace.append(step.__class__(**{**step.__dict__, "finding": "If Category I: " + step.finding}))
    b.margins.extend(m for m in probe.margins if m not in b.margins)
    return verdict_i, f"If Category I: {treatment_i}. If Category II: {treatment_ii}."


def _verdict(b: Builder, denial: bool, presumption: bool, category: str | None, at_least: str | None,
             verdict_us: str | None, exporter: str) -> str:
    if denial:
        return "denial-policy"
    if presumption:
        return "strong-presumption-of-denial"
    if b.missing:
        return "insufficient-data"
    if exporter == "US" and verdict_us:
        return verdict_us
    if category == "I":
        b.cite("MTCR Guidelines", "Category I transfers face a strong presumption to deny under the Guidelines",
               "mtcr.category_i.transfer_policy")
        return "strong-presumption-of-denial"
    if category == "II" or at_least == "II":
        b.cite("MTCR Guidelines", "Category II transfers are reviewed case by case, with restraint",
               "mtcr.category_ii.transfer_policy")
        return "case-by-case"
    return "not-mtcr-controlled"


def _other_controls(b: Builder, facts: ResolvedFacts) -> list[str]:
    """The lists outside the MTCR that may still control the item: the military ones (USML VIII, ECCN 9A610) unless it
    is stated not to be designed for military use, the civil one (ECCN 9A012) unless it is stated to be."""
    out: list[str] = []
    rules, on = b.rules, b.on
    military = facts.get("military_design")
    viii = rules.maybe("us.other_controls.usml_category_viii", on) if military is not False else None
    if viii:
        out.append(str(viii.value))
        b.cite("Other controls", str(viii.value), "us.other_controls.usml_category_viii")
    endurance, bvlos = facts.get("endurance_h"), facts.get("bvlos")
    a2 = rules.maybe("us.other_controls.ear_9a012_endurance_h", on)
    a1 = rules.maybe("us.other_controls.ear_9a012_a1_endurance_h", on)
    if a2 and a1 and military is not True:
        if bvlos and endurance is not None and endurance >= a2.value:
            text = (f"If not military, ECCN 9A012.a.2 may apply: designed for flight beyond natural vision with "
                    f"endurance {endurance:g} h (at least {a2.value:g} h).")
        elif bvlos and endurance is not None and endurance >= a1.value:
            text = (f"If not military, ECCN 9A012.a.1 may apply: endurance {endurance:g} h is at least {a1.value:g} h "
                    "and below 1 h; it also turns on stable flight in gusts of at least 46.3 km/h (25 kt).")
        else:
            text = ("ECCN 9A012 (civil UAVs designed for flight beyond the operator's natural vision with endurance "
                    "of at least 30 minutes) may apply; check endurance and design.")
        out.append(text)
        b.cite("Other controls", text, "us.other_controls.ear_9a012_endurance_h")
    a610 = rules.maybe("us.other_controls.ear_9a610", on) if military is not False else None
    if a610:
        out.append(str(a610.value))
        b.cite("Other controls", str(a610.value), "us.other_controls.ear_9a610")
    return out


def _conditions(b: Builder, sale: Sale, category: str | None, at_least: str | None, verdict: str) -> list[Condition]:
    rules, on = b.rules, b.on
    military = bool(sale.system and (sale.system.armed or sale.system.uav_class in
                                     {"male", "hale", "ucav", "loitering-munition", "tactical"}))
    controlled = category is not None or at_least is not None
    out: list[Condition] = []
    prefixes: list[str] = []
    if sale.exporter == "US" and (controlled or military):
        prefixes.append(US_SAFEGUARDS)
    if controlled:
        prefixes.append(MTCR_SAFEGUARDS)
    for prefix in prefixes:
        for parameter in rules.group(prefix).values():
            dated = parameter.at(on)
            if dated is None:
                continue
            out.append(Condition(condition=str(dated.value), rule=parameter.id, effective=dated.effective,
                                 reference_title=dated.reference.title, reference_url=dated.reference.url,
                                 confidence=dated.confidence, reference_doc=dated.reference.doc,
                                 reference_label=dated.reference.label))
    if sale.exporter == "US" and sale.destination and (controlled or military):
        found = notification(rules, sale.destination, on)
        if found:
            text, step = found
            b.trace.append(step)
            out.append(Condition(condition=text, rule=step.rule, effective=step.effective,
                                 reference_title=step.reference_title, reference_url=step.reference_url,
                                 confidence=step.confidence, reference_doc=step.reference_doc,
                                 reference_label=step.reference_label))
    return out


__all__ = ["Condition", "Decision", "Sale", "TraceStep", "evaluate"]
