"""Step 3: gather the evidence for one part uniformly: the engine's decision (when a system or airframe figures
are named), facts from the rule data, the answer plan's supporting points, and corpus passages."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.answer.citations import Citations
from bot.answer.group_facts import MEMBERSHIP, group_facts
from bot.answer.parts import Part
from bot.answer.plan import plan_points
from bot.answer.read import UAV, Reading
from bot.answer.request import Intake, build_request
from bot.answer.rule_facts import (
    category_points,
    d4_point,
    ear_groups_point,
    foreign_exporter_point,
    itar_points,
    notification_point,
    partner_point,
)
from bot.answer.rule_passages import matching_facts
from bot.answer.select import DEFINING
from bot.answer.sentences import GENERIC, tokens, without_question_frames
from bot.answer.vocabulary import BARRED_DESTINATIONS, CHANGE, PARTS
from bot.answer.windows import (
    TIMELINE,
    asked_window,
    asks_only_about_changes,
    before_year,
    changes_asked,
    compared_periods,
    dated_policy_day,
    more_years_asked,
    timeline,
)
from bot.retrieval.identifiers import identifiers
from bot.rules.decision import Decision
from bot.rules.destinations import partner_status
from bot.rules.jurisdiction import A1_GUST

if TYPE_CHECKING:
    from bot.retrieval.search import Retriever
    from bot.service import ComplianceService

# "what are the unilateral adherents?", "which states adhere to the MTCR?": the dated list of adherents
ADHERENTS_ASKED = re.compile(r"\b(?:which|what|who|list|name)\b[^?]{0,40}\badher(?:ents|e)\b|\badherents\b[^?]{0,30}"
                             r"\b(?:are\s+there|list(?:ed)?)\b", re.I)
# "how many partners did the MTCR have in 2000?": the count on the day asked, whatever words the question shares with it
PARTNER_COUNT = re.compile(r"^(?!.*\b(?:nato|wassenaar|declaration|sign\w*|adher\w*|group)\b).*(?:"
                           r"\b(?:how\s+many|number\s+of)\s+(?:mtcr\s+)?(?:partners|members)\b|"
                           r"\b(?:how\s+many|number\s+of)\s+(?:countries|states|nations)\s+(?:are\s+|were\s+|did\s+)?"
                           r"(?:in|belong\s+to|part\s+of|joined?|members?\s+of)\s+(?:the\s+)?(?:mtcr|regime|missile))",
                           re.I)
# (one country "treated as" or "like" another, "is Taiwan treated as China?": the listing of each; "is Ukraine
# under any arms restrictions?": its listing)
ITAR = re.compile(r"\b(126\.1|itar|proscribed|embargo\w*|banned|denial|hard no|sanction\w*|prohibited|allowed|"
                  r"treated\s+(?:as|like)|(?:arms|export|weapons?)\s+restrictions?)\b", re.I)
# an item the question places under the EAR: an ECCN, EAR99, "dual-use", or the EAR, Commerce or BIS by name
EAR_ITEM = re.compile(r"\b\d[A-E]\d{3}\b|\bEAR(?:99)?\b|\bdual[- ]use\b|\bcommerce\b|\bBIS\b", re.I)
POLICY_FOR = re.compile(r"\bpolic(?:y|ies)\s+(?:for|on|toward|towards|regarding|with|to)\s+(?:the\s+)?[A-Za-z]", re.I)
DOLLARS = re.compile(r"\$|\bdollars?\b|\bthresholds?\b|\bhow\s+much\b|\bmillion\b|\bvalue\b", re.I)
NOTIFY = re.compile(r"\b(congress\w*|notif\w*|review period|how long|days|\d+[- ]day)\b", re.I)

# "which drones get the toughest treatment?": the strictest category, Category I
STRICTEST = re.compile(r"\b(?:toughest|strictest|harshest|hardest|"
                       r"most\s+(?:restrictive|restricted|controlled|sensitive))\s+(?:\w+\s+){0,2}"
                       r"(?:treatment|rules?|controls?|category|drones?|uavs?|systems?|review)\b", re.I)
THRESHOLDS = re.compile(r"\b(cat(?:egory|egories)?\.?\s*(?:1|i|one|2|ii|two)\b|thresholds?\b|19\.a\.[23]|1\.a\.2)|"
                        + STRICTEST.pattern, re.I)


@dataclass
class PartEvidence:
    part: Part
    intake: Intake | None = None
    decision: Decision | None = None
    sale_needs_destination: bool = False
    sale_any_destination: bool = False
    facts: list[str] = field(default_factory=list)  # rule-data and plan sentences, each with its [n] marker
    plan: list[str] = field(default_factory=list)  # the answer plan's supporting sentences (also in facts)
    # those of them the question's own words call for (a premise to correct: "the UK is NATO so no licence is needed")
    plan_leads: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    loose: bool = False  # the facts were matched by the question's words only, not called for by a cue in it
    # the question's words that the category definitions among the facts do not hold, when it asks something of the
    # categories beyond them: a passage sentence holding one answers it before the definitions
    beyond_categories: set[str] = field(default_factory=set)
    # facts of the situation the question's words do not ask for (the §126.1 status of a sale's destination)
    unasked: list[str] = field(default_factory=list)
    # facts that belong in an answer but do not make one: the listing of a proscribed place an export of an unnamed
    # item goes to ("we're fine for Syria?" is answered; "AI chips to China?" is still outside what uavex covers)
    incidental: list[str] = field(default_factory=list)


# EAR Country Group D:4 asked about ("D:4" is one of the question's identifiers; these are the spellings it is not)
D4_NAMED = re.compile(r"\bgroup\s+d[\s:-]*4\b|\bmissile[- ](?:technology\s+)?concern\b", re.I)


# a change asked of a country: "what changed for Syria in 2025?", "anything new regarding Cambodia?"
CHANGED_FOR = re.compile(r"\b(?:chang\w*|new|happened|eased?|loosen\w*|relax\w*|lifted)\b[^?]{0,20}?\b(?:for|to|with|"
                         r"regarding|about|on)\s+(?!(?:the\s+)?(?:us|u\.s\.|united\s+states|america)\b)[A-Z]")


def _situation(decision: Decision, reading: Reading, part: Part) -> dict[str, Any]:
    dest = decision.destination or {}
    treatment = (decision.us_treatment or "").lower()
    facts = decision.facts
    basis = (facts.get("range_basis") or {}).get("value")
    return {
        "verdict": decision.verdict, "category": decision.category or "none",
        "exporter_us": decision.exporter == "US",
        "destination_partner": dest.get("mtcr_partner") if dest else None,
        "destination_denied": decision.verdict == "denial-policy",
        "us_treatment": ("manned-aircraft" if "fighter" in treatment else "airspeed-subset" if "800" in treatment
                         else "strong-presumption" if "presumption" in treatment else None),
        "range_basis": basis, "estimate": any("estimate" in w.lower() for w in decision.warnings),
        "retransfer": part.reseller is not None, "service": reading.asks_about_a_service,
    }


def _names_an_unknown_item(question: str, reading: Reading, retriever: Retriever) -> bool:
    """Whether the question holds a word no passage uses, besides its country names ("AI chips to China?"): it names
    something uavex does not cover, which a destination's listing alone does not answer."""
    countries = {t for mention in reading.countries for t in tokens(mention.text)}
    return any(not retriever.used(t) for t in tokens(question) - GENERIC - countries)


def _denied(rules: Any, code: str, day: Any) -> bool:
    from bot.rules.destinations import check_destination

    return check_destination(rules, code, "US", day).denial


def names_denied_destination(rules: Any, reading: Reading, part: Part) -> bool:
    """Whether a US export in the question goes to a destination under a §126.1 denial policy (the answer plan's
    ``names_denied``, in an answer the engine does not decide)."""
    return part.exporter == "US" and any(_denied(rules, c.code, part.as_of) for c in reading.countries
                                         if c.role in ("destination", None) and c.code not in ("US", part.reseller))


THRESHOLD_FIGURE = re.compile(r"\b(?:500\s*kg|300\s*km|20\s*(?:l|lit\w*))\b", re.I)  # the Annex's three figures
CATEGORY_WORDS = tokens("mtcr category categories cat threshold thresholds what which difference between define "
                        "definition criteria explain")


def _relevant_category_points(question: str, points: list[str]) -> tuple[list[str], set[str]]:
    """All the category definitions for a question about the categories themselves; for a question about a detail
    (incorporated items, what counts as fuel) only the definitions that share its specific words, often none. With
    them, the question's words they do not hold when it asks something of the categories beyond their definitions
    ("does the MTCR ban Category I outright?": ban, outright)."""
    if STRICTEST.search(question):
        return points[:1], set()
    if THRESHOLD_FIGURE.search(question) and not DEFINING.search(question):
        # "is it 500 kg AND 300 km?": the definitions are the answer, the item asked about first ("is the aerosol
        # threshold 20 L?"); "does fuel count toward the 20 L?" is not
        return _named_items_first(question, points), set()
    points = _named_items_first(question, points)
    words = tokens(without_question_frames(question)) - GENERIC - CATEGORY_WORDS
    vocabulary = set().union(*(tokens(p) for p in points)) if points else set()
    if len(words - vocabulary) <= 2:
        return points, words - vocabulary
    return [p for p in points if words & (tokens(p) - GENERIC - CATEGORY_WORDS)], set()


ITEM_LABEL = re.compile(r"\(Item (\d{1,2}\.[A-E]\.\d{1,2})\)")  # the item a category point defines


# what a question says of an Annex item when it names none: an aerosol system is Item 19.A.3; Category II alone (not
# Category I with it) is 19.A.2 and 19.A.3
AEROSOL_ASKED = re.compile(r"\b(?:aerosol|spray\w*|crop[- ]?dust\w*|litres?|liters?|gallons?|"
                           r"(?<!fuel\s)(?<!aux\s)tanks?)\b", re.I)  # (a fuel tank is no sprayer)
CATEGORY_II_ASKED = re.compile(r"^(?!.*\bcat(?:egory)?\.?\s*(?:i|1|one)\b(?!\s*(?:i|1)\b)).*\bcat(?:egory)?\.?\s*"
                               r"(?:ii|2|two)\b", re.I)


def _named_items_first(question: str, points: list[str]) -> list[str]:
    """The definitions of the Annex items a question names first ("what is 19.A.2?" is about Category II; "what is
    the aerosol threshold?" about 19.A.3; "the range threshold for Category II" about 19.A.2 and 19.A.3), the
    others after them in their usual order."""
    named = set(identifiers(question))  # canonical: "19.a.2" and "19 . A . 2" are "19.A.2"
    if not named and AEROSOL_ASKED.search(question):
        named = {"19.A.3"}
    elif not named and CATEGORY_II_ASKED.search(question):
        named = {"19.A.2", "19.A.3"}
    if not named:
        return points

    def names_it(point: str) -> bool:
        own = ITEM_LABEL.search(point)
        return own is not None and own.group(1) in named
    return sorted(points, key=lambda p: not names_it(p))


# "sales to Poland under the 2025 policy": the US UAS export policies are about UAV sales, so a sale to a named
# destination asked about under one is a UAV sale whose destination facts apply
POLICY = re.compile(r"\b(?:(?:19|20)\d\d|uas|drone|export|current|new|latest)\s+(?:\w+\s+)?(?:polic(?:y|ies)|update)\b",
                    re.I)  # ("the 2025 UAS update": the State Department's 2025 policy update)


STILL_IN_FORCE = re.compile(r"\b(?:still|currently)\s+(?:in\s+(?:effect|force|place)|valid|appl(?:y|ies|icable)|"
                            r"current|used|a\s+thing|the\s+rule)\b|"
                            r"\bno\s+longer\s+(?:in\s+(?:effect|force)|valid|appl\w*)\b", re.I)
A_POLICY = re.compile(r"\bpolic(?:y|ies)\b|\brules?\b|\breinterpret\w*|\bcarve-?out\b|\bsubset\b", re.I)
FOUNDING = re.compile(r"\bfound(?:ing|ers?|ed)\b|\boriginal\s+(?:members?|partners?)\b", re.I)
TREATS = re.compile(r"\b(?:treat(?:s|ed|ing|ment)?|review(?:s|ed|ing)?|handl(?:e|es|ed|ing))\b", re.I)
IN_REGIME = re.compile(r"\b(?:in|part\s+of|members?\s+of|partners?\s+(?:in|of)|join\w*)\s+(?:the\s+)?(?:mtcr|regime)\b|"
                       r"\b(?:mtcr|regime)\s+(?:members?|partners?|membership)\b", re.I)


def gather(service: ComplianceService, retriever: Retriever, citations: Citations, reading: Reading,
           part: Part) -> PartEvidence:
    ev = PartEvidence(part)
    rules, day = service.rules, part.as_of
    destination = part.destination if reading.sale and not PARTS.search(reading.question) else None
    if reading.describes_item or (destination and reading.stated_category) \
            or (destination and (UAV.search(reading.question) or reading.near_misses)
                and _denied(rules, destination, day)):
        # an item described, a sale to a named destination of a UAV of a stated category ("can a Category II drone
        # be sold to Pakistan?"), or a proposed UAV sale to a proscribed destination (which decides it alone); parts
        # and EAR99 items are not the complete systems the engine classifies: the rule facts and passages answer them
        gust = rules.maybe(A1_GUST, day)
        ev.intake = build_request(reading, part, float(gust.value) if gust and gust.value is not None else None)
        decision = service.classify(ev.intake.request)
        if reading.sale and part.destination is None and decision.verdict == "strong-presumption-of-denial":
            # the most favourable destination gets no better than this: a lower bound is safe to state
            ev.sale_any_destination = True
        elif reading.sale and part.destination is None and decision.verdict != "insufficient-data":
            ev.sale_needs_destination = True
            decision = dataclasses.replace(
                decision, verdict="insufficient-data",
                missing=[*decision.missing, {"fact": "destination", "why": "the destination country (the sale "
                                             "verdict turns on its ITAR §126.1 and MTCR-partner status)"}])
        ev.decision = decision
        prompts = service.settings.prompts_dir
        if part.exporter != "US":  # US policy, review and §126.1 do not govern it: say so first
            point = foreign_exporter_point(rules, citations, part.exporter, day, prompts)
            if IN_REGIME.search(reading.question) and partner_status(rules, part.exporter, day)[0] is not False:
                # "is Turkey in the MTCR, and can they export ...?" (a non-partner exporter is a step of the decision)
                ev.facts.append(partner_point(rules, citations, part.exporter, day))
            if point:
                ev.facts.append(point)
        if part.destination:
            ev.facts.append(partner_point(rules, citations, part.destination, day))
            if part.exporter == "US":
                ev.facts += itar_points(rules, citations, part.destination, day, prompts)
        situation = _situation(decision, reading, part)
        ev.plan = plan_points(service, retriever, citations, reading, situation, leads=ev.plan_leads)
        ev.facts += ev.plan
        return ev
    codes = [part.destination] if part.destination and len(part.countries) <= 1 else list(
        dict.fromkeys(c.code for c in reading.countries if c.role != "context"))
    q = reading.question

    if (membership := group_facts(rules, citations, q, codes, day)) is not None:
        ev.facts += membership
        if MEMBERSHIP.search(q) and FOUNDING.search(q):  # "... and what are its founding members?"
            ev.facts += matching_facts(service, q, day, retriever.idf, citations.value, wanted=("founders",))
        elif PARTNER_COUNT.search(q):  # "how many countries are in the mtcr? is israel one?": the count too
            ev.facts += matching_facts(service, q, day, retriever.idf, citations.value, wanted=("partners",))
    d4_asked = "D:4" in identifiers(q) or bool(D4_NAMED.search(q))
    if d4_asked:
        # "is Saudi Arabia in Country Group D:4?": recorded, or unknown (the data is incomplete)
        ev.facts += [d4_point(rules, citations, code, day) for code in codes if code != "US"]
    # "what's the policy for Iraq?": the US export policy for a destination is its §126.1 status
    # ... and "what changed for Syria in 2025?": the destination's listing, with the date it runs from
    itar_asked = bool(ITAR.search(q)) or bool(codes and POLICY_FOR.search(q)) \
        or bool(codes and CHANGED_FOR.search(q) and not reading.sale)
    uav_asked = bool(UAV.search(q) or reading.systems)
    # a UAV that another country exports, or another country's exports when the question asks whether a US policy
    # reaches them ("we're a French company, does the US 2025 policy apply to our exports?")
    us_policy = bool(A_POLICY.search(q)) and any(c.code == "US" and c.role != "exporter" for c in reading.countries)
    foreign_export = part.exporter != "US" and (uav_asked or us_policy)
    if foreign_export and (itar_asked or us_policy or (reading.sale and codes)):
        # a sale by another country, or "do ITAR rules apply to a drone made in France?": US review and §126.1 do not
        # govern it, US rules reach it only through US content
        point = foreign_exporter_point(rules, citations, part.exporter, day, service.settings.prompts_dir)
        ev.facts += [point] if point else []
        if point and reading.past_event and not (itar_asked or us_policy):
            ev.unasked.append(point)  # "which countries has China sold Wing Loongs to?": what happened comes first
    # a proposed export to a proscribed place ("we're fine for Syria?") meets its listing whatever the item is
    to_denied = reading.sale and any(_denied(rules, c, day) for c in codes if c not in (part.exporter, part.reseller))
    if foreign_export and not itar_asked and reading.sale and codes:
        # the Guidelines and the buyer's status govern another country's sale
        ev.facts += [partner_point(rules, citations, c, day) for c in codes if c != part.exporter
                     and not (us_policy and c == "US") and not MEMBERSHIP.search(q)]
    elif itar_asked or (reading.sale and codes and (uav_asked or POLICY.search(q) or part.reseller or to_denied)
                        and not EAR_ITEM.search(q)):  # §126.1 governs defense articles, not an EAR item's export
        # nor is a re-seller, nor the United States (the origin of US parts: §126.1 lists where US articles may go);
        # a named re-seller brings the onward destination's listing whatever the item is called
        for code in [c for c in codes if c not in (part.exporter, part.reseller, "US")]:
            listing = itar_points(rules, citations, code, day, service.settings.prompts_dir)
            ev.facts += listing
            ev.unasked += [] if itar_asked else listing
            named = itar_asked or uav_asked or POLICY.search(q) or part.reseller
            ev.incidental += listing if not named and _names_an_unknown_item(q, reading, retriever) else []
    if EAR_ITEM.search(q) and not foreign_export and membership is None and not d4_asked:
        # "Russia's status under the EAR", "the EAR position on flight controllers to Iran": the restrictive country
        # groups the destination is in (§126.1 governs defense articles only)
        ev.facts += [point for code in codes if code not in (part.exporter, part.reseller, "US")
                     if (point := ear_groups_point(rules, citations, code, day, service.settings.prompts_dir))]
    if NOTIFY.search(q) and part.exporter == "US":
        for code in [c for c in codes if c != part.exporter]:  # the review period of a sale to another country
            point = notification_point(rules, citations, code, day, thresholds=bool(DOLLARS.search(q)))
            if point:
                ev.facts.append(point)
    # "how did the US treat Category I drones before 2020?": the US policy in force then, not the categories
    us_context = any(c.code == "US" and c.role == "context" for c in reading.countries)
    # "what was US drone export policy in 2016?": the policy in force on that day (a date named, nothing compared)
    policy_then = us_context and bool(POLICY.search(q)) and any(d.as_of for d in reading.dates) \
        and not CHANGE.search(q) and not codes  # (a date that names a policy, "the 2018 policy", is no such day)
    # "is the 800 km/h policy still in effect?": the US policy in force on the day asked about (today by default)
    policy_now = bool(STILL_IN_FORCE.search(q) and A_POLICY.search(q)) and not codes \
        and not identifiers(q)  # a named instrument ("is NSM-18 still in force?") is answered by its own facts
    us_treatment = (bool(TREATS.search(q) and THRESHOLDS.search(q)) and us_context) or policy_then or policy_now
    if (THRESHOLDS.search(q) or (THRESHOLD_FIGURE.search(q) and not reading.systems)) and not codes \
            and not us_treatment \
            and not re.search(r"\$|dollar|notif|value|million|\b36\s*\(|\bsection\s+36\b|§\s*36\b", q, re.I):
        # "drones under 300 km": the categories (a §36 threshold is the dollar value of a notified sale)
        definitions, ev.beyond_categories = _relevant_category_points(q, category_points(rules, citations, day))
        ev.facts += definitions
    policy = part.exporter == "US" and bool(ev.facts) and bool(POLICY.search(q))
    if not ev.facts or policy:
        ev.loose = True
        destination_facts, ev.facts = ev.facts, []
        only_changes = asks_only_about_changes(reading)
        window = asked_window(reading, only_changes)
        since = (window[:2] if window else timeline(reading, rules)) if itar_asked or MEMBERSHIP.search(q) \
            or CHANGE.search(q) or TIMELINE.search(q) or (window and only_changes) else None
        on = (window[2] or day) if window else (before_year(reading) or day) if us_treatment \
            else dated_policy_day(reading, day) or day
        # ("the history of US drone export policy", "... from 2015 to now": the whole list of changes of what it asks
        # about, in the window asked)
        # (the partners' history is their list by year of joining, below)
        history = ("itar-changes",) if itar_asked else () if MEMBERSHIP.search(q) else ("policy-changes",)
        wanted = changes_asked(q) if window and only_changes \
            else history if since and (not window or TIMELINE.search(q)) and history \
            else ("policy-in-force",) if us_treatment and not window \
            else ("itar",) if BARRED_DESTINATIONS.search(q) else ("partners",) if PARTNER_COUNT.search(q) \
            else ("adherents",) if ADHERENTS_ASKED.search(q) and not codes else ()
        # ("the difference between the 2020 and 2025 changes": the policy each change put in force)
        periods = compared_periods(reading, day) if part.exporter == "US" and (POLICY.search(q) or CHANGE.search(q)) \
            else []
        for end in periods:  # "the sept 2025 policy vs the 2020 one": the US policy in force at each time
            ev.facts += matching_facts(service, q, end, retriever.idf, citations.value, wanted=("policy-in-force",))
            ev.loose = False  # called for by the comparison, not matched by its words
        if not periods:
            ev.facts += matching_facts(service, q, on, retriever.idf, citations.value, since=since,
                                       defining=bool(DEFINING.search(q)), wanted=wanted)
            # ("what's the difference in how the US treated a Cat I drone in 2019 vs 2021?": the policy in force is
            # what its words ask for, whatever kind of answer the comparison frame suggests)
            ev.loose = ev.loose and wanted != ("policy-in-force",)
        for start, label, end in more_years_asked(reading, window) if only_changes and not periods else ():
            # "what changed in 2020 and in 2025?": each year's changes, in the order asked
            ev.facts += matching_facts(service, q, end, retriever.idf, citations.value, since=(start, label),
                                       wanted=wanted)
        ev.facts += destination_facts
    return ev
