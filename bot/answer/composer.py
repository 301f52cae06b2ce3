"""Compose a grounded answer: rule-engine verdict first when a sale is described, then extractive points from
retrieved passages, numbered citations, the as-of date, rules version and the advisory notice."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import ADVISORY_NOTICE
from bot.answer.citations import Citation, Citations
from bot.answer.sentences import best_sentences, leading_sentences, specific_overlap
from bot.answer.understand import Understanding, correct_spelling, understand
from bot.answer.verdict_text import describe, safeguards
from bot.errors import InputError
from bot.intake import ClassifyRequest, parse_as_of
from bot.render import render
from bot.rules.decision import Decision
from bot.units import fmt

if TYPE_CHECKING:
    from bot.retrieval.search import Hit
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

CHAT_LIMIT = 1800
ABSTAIN_OVERLAP = 0.4
REFUSALS = {
    "evasion": ("uavex will not help structure a transfer to avoid export controls (splitting shipments, "
                "understating range or payload, hiding end users or falsifying documents). The lawful path is to "
                "classify the system, apply for the licence, consult export counsel and, if something has already "
                "gone wrong, make a voluntary disclosure to the licensing authority."),
    "technical-data": ("uavex does not provide technical data for designing, building or upgrading controlled "
                       "systems; sharing such data can itself be a controlled export. Ask about classification, "
                       "licensing or policy instead."),
    "off-topic": ("uavex answers questions about UAV export controls (MTCR categories, US drone export policy, "
                  "ITAR/EAR destinations). Try e.g. 'is the MQ-1C Category I?' or 'what changed in 2020?'."),
}
CERTIFY_NOTE = ("uavex cannot certify that a transfer is legal; only the licensing authority can decide, and "
                "counsel should confirm. Here is what the guidance says.")


@dataclass
class Answer:
    question: str
    answer: str
    details: str
    intent: str
    verdict: dict[str, Any] | None
    citations: list[dict[str, Any]]
    abstained: bool
    refused: bool
    as_of: date
    rules_version: str
    closest: list[dict[str, Any]] = field(default_factory=list)
    synthesis: str = "extractive"

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "intent": self.intent, "verdict": self.verdict,
                "citations": self.citations, "abstained": self.abstained, "refused": self.refused,
                "as_of": self.as_of.isoformat(), "rules_version": self.rules_version, "closest": self.closest,
                "synthesis": self.synthesis, "details": self.details, "notice": ADVISORY_NOTICE}


def _request(u: Understanding, as_of: date) -> ClassifyRequest:
    figure = {dim: u.figure(dim) for dim in ("distance", "mass", "speed", "volume", "duration")}
    speeds = [f for f in u.figures if f.dimension == "speed"]

    system = u.systems[0] if u.systems else None
    published = {"distance": system.range_km, "mass": system.max_payload_kg} if system else {}

    def q(dim: str, unit: str) -> str | None:
        item = figure[dim]
        if item is None:
            return None
        known = published.get(dim)
        if known is not None and abs(item.value - known) <= 0.02 * known:
            return None  # the catalogue's own figure, quoted back: keep its basis (e.g. a datalink range)
        return f"{item.value} {unit}"

    return ClassifyRequest(
        system=u.systems[0].id if u.systems else None, range=q("distance", "km"), payload=q("mass", "kg"),
        speed=f"{speeds[0].value} km/h" if speeds else None,
        aerosol=q("volume", "L") or ("0 L" if u.no_aerosol else None), endurance=q("duration", "h"),
        autonomous=u.autonomous, bvlos=u.bvlos, destination=u.destination, exporter=u.exporter,
        end_use=u.question, as_of=as_of.isoformat())


def _corrections(u: Understanding, service: ComplianceService, citations: Citations, day: date) -> list[str]:
    out: list[str] = []
    rules = service.rules
    if "units" in u.premises:
        payload, rng = rules.at("mtcr.category_i.payload_kg", day), rules.at("mtcr.category_i.range_km", day)
        n = citations.reference(payload.reference.doc, payload.reference.label, payload.reference.title,
                                payload.reference.url, "", payload.effective.isoformat())
        out.append(f"Not quite: the MTCR thresholds are in kilograms and kilometres: Category I is at least "
                   f"{fmt(payload.value, 'kg')} of payload to at least {fmt(rng.value, 'km')} "
                   f"(about 1,102 lb and 186 statute miles or 162 nautical miles), not 500 lb or 300 miles. [{n}]")
    if "treaty" in u.premises:
        marker = _cite_doc(citations, "mtcr-overview", "treaty")
        if marker:
            out.append("The MTCR is not a treaty: it is an informal, voluntary political understanding whose "
                       f"partners apply common guidelines through their own national laws. [{marker}]")
    if "national-policy" in u.premises:
        marker = _cite_doc(citations, "us-uas-policy-2020", "annex")
        if marker:
            out.append("The US changes of 2020 and 2025 are national policy (how the US exercises its discretion), "
                       f"not changes to the MTCR Guidelines or Annex. [{marker}]")
    return out


def _cite_doc(citations: Citations, doc_id: str, keyword: str) -> int | None:
    """Cite the first passage of ``doc_id`` that contains ``keyword``; None if the corpus has none."""
    if citations.retriever is None:
        return None
    for passage in citations.retriever.document_passages(doc_id):
        if keyword in passage.text.lower():
            return citations.passage(passage)
    return None


def _points_from_passages(question: str, hits: list[Hit], citations: Citations, limit: int) -> list[str]:
    points: list[str] = []
    for hit in hits:
        if len(points) >= limit:
            break
        if hit.routed and hit.rank == 1:
            lead = leading_sentences(hit.passage.text, 3)
            chosen = lead + [x for x in best_sentences(question, hit.passage.text, 4) if x not in lead][:1]
        elif hit.rank == 1:
            chosen = best_sentences(question, hit.passage.text, 2)
        else:
            chosen = best_sentences(question, hit.passage.text, 1)
        for k, sentence in enumerate(chosen):
            marker = citations.passage(hit.passage)
            flag = f" (superseded by {hit.passage.superseded_by})" if hit.superseded and k == 0 else ""
            points.append(f"{sentence}{flag} [{marker}]")
    return points


MARKER = re.compile(r"\[(\d+)\]")
CATEGORY_WORDS = re.compile(r"\b(cat(?:egory|egories)?\.?\s*(?:1|i|one|2|ii|two)\b|thresholds?\b)", re.I)


def _renumber(lead: str, points: list[str], sources: list[Citation]) -> tuple[str, list[str], list[Citation]]:
    """Keep only the sources the text cites, numbered in order of first use."""
    order: list[int] = []
    for text in [lead, *points]:
        for match in MARKER.finditer(text):
            n = int(match.group(1))
            if n not in order:
                order.append(n)
    mapping = {old: new for new, old in enumerate(order, start=1)}
    by_n = {c.n: c for c in sources}

    def sub(text: str) -> str:
        return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", text)

    kept = [dataclasses.replace(by_n[old], n=mapping[old]) for old in order if old in by_n]
    return sub(lead), [sub(p) for p in points], kept


def _fit(lead: str, points: list[str], extra: dict[str, Any], service: ComplianceService
         ) -> tuple[str, list[Citation]]:
    """Render the answer, dropping trailing points until it fits a chat message."""
    keep = list(points)
    while True:
        new_lead, new_points, sources = _renumber(lead, keep, extra["sources"])
        text = render(service.settings.prompts_dir, "answer.md.j2", lead=new_lead, points=new_points,
                      **{**extra, "sources": sources})
        if len(text) <= CHAT_LIMIT or not keep:
            return text, sources
        keep.pop()


def _notification_points(code: str, service: ComplianceService, citations: Citations, day: date) -> list[str]:
    from bot.rules.destinations import notification

    found = notification(service.rules, code, day)
    if found is None:
        return []
    text, step = found
    n = citations.reference(step.reference_doc, step.reference_label, step.reference_title, step.reference_url,
                            text, step.effective.isoformat())
    return [f"{text} [{n}]"]


def _category_points(service: ComplianceService, citations: Citations, day: date) -> list[str]:
    """The MTCR category thresholds in force on ``day``, straight from the rule data."""
    rules = service.rules
    out = []
    p1, r1 = rules.maybe("mtcr.category_i.payload_kg", day), rules.maybe("mtcr.category_i.range_km", day)
    if p1 and r1:
        n = citations.reference(p1.reference.doc, p1.reference.label, p1.reference.title, p1.reference.url, "",
                                p1.effective.isoformat())
        out.append(f"Category I (Item 1.A.2): a complete UAV system capable of delivering at least "
                   f"{fmt(p1.value, 'kg')} of payload to a range of at least {fmt(r1.value, 'km')}; transfers face "
                   f"a strong presumption of denial. [{n}]")
    r2, aerosol = rules.maybe("mtcr.category_ii.range_km", day), rules.maybe("mtcr.category_ii.aerosol_l", day)
    if r2:
        n = citations.reference(r2.reference.doc, r2.reference.label, r2.reference.title, r2.reference.url, "",
                                r2.effective.isoformat())
        out.append(f"Category II (Item 19.A.2): a complete UAV system with a range of at least {fmt(r2.value, 'km')}, "
                   f"whatever its payload; transfers are reviewed case by case. [{n}]")
    if aerosol:
        n = citations.reference(aerosol.reference.doc, aerosol.reference.label, aerosol.reference.title,
                                aerosol.reference.url, "", aerosol.effective.isoformat())
        out.append(f"Category II also covers (Item 19.A.3) UAVs with autonomous flight or flight beyond the "
                   f"operator's direct vision that carry an aerosol dispensing system of more than "
                   f"{fmt(aerosol.value, 'L')}. [{n}]")
    return out


def _destination_points(code: str, service: ComplianceService, citations: Citations, day: date) -> list[str]:
    """Rule-based ITAR §126.1 status of a destination for a US exporter on ``day``."""
    from bot.countries import country_name
    from bot.rules.destinations import check_destination

    check = check_destination(service.rules, code, "US", day)
    points = []
    for step in check.trace:
        if step.step != "ITAR §126.1":
            continue
        n = citations.reference(step.reference_doc, step.reference_label, step.reference_title, step.reference_url,
                                step.finding, step.effective.isoformat())
        points.append(f"{step.finding} (as of {day.isoformat()}). [{n}]")
    if not points and not check.missing:
        itar = service.rules.group("destinations.itar_126_1")
        any_entry = next(iter(itar.values()))
        ref = any_entry.values[0].reference
        n = citations.reference(ref.doc, ref.label, ref.title, ref.url, "", any_entry.values[0].effective.isoformat())
        points.append(f"{country_name(code)} is not on the ITAR §126.1 lists in uavex's rule data on "
                      f"{day.isoformat()}. [{n}]")
    return points


def _membership_points(question: str, service: ComplianceService, citations: Citations, day: date) -> list[str]:
    """Rule-based membership statements for each country named in the question."""
    from bot.answer.understand import countries
    from bot.countries import country_name
    from bot.rules.destinations import ADHERENTS, PARTNERS

    rules = service.rules
    out: list[str] = []
    for _pos, code, _span in countries(question):
        name = country_name(code)
        parameter = rules.group(PARTNERS).get(code)
        dated = parameter.at(day) if parameter else None
        if parameter and dated:
            since = dated.effective.year if dated.precision == "year" else dated.effective.isoformat()
            n = citations.reference(dated.reference.doc, dated.reference.label, dated.reference.title,
                                    dated.reference.url, parameter.description, dated.effective.isoformat())
            sure = "" if dated.confidence == "verified" else f" (accession date {dated.confidence})"
            out.append(f"{name} is an MTCR partner on {day.isoformat()}, since {since}{sure}. [{n}]")
            continue
        any_partner = next(iter(rules.group(PARTNERS).values()))
        ref = any_partner.values[0].reference
        partners_doc = citations.reference("mtcr-partners", "MTCR partners Partner list", ref.title, ref.url, "",
                                           any_partner.values[0].effective.isoformat())
        sentence = f"{name} is not one of the MTCR partners on {day.isoformat()}. [{partners_doc}]"
        adherent = rules.group(ADHERENTS).get(code)
        adherence = adherent.at(day) if adherent else None
        if adherent and adherence:
            m = citations.reference(adherence.reference.doc, adherence.reference.label, adherence.reference.title,
                                    adherence.reference.url, adherent.description, adherence.effective.isoformat())
            kind = str(adherence.value).replace("-", " ")
            article = "an" if kind[0] in "aeiou" else "a"
            sentence += (f" It is recorded as {article} {kind} of the Guidelines "
                         f"(adherence is not membership). [{m}]")
        out.append(sentence)
    return out


def _years(label: str) -> list[int]:
    return [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", label)] or [0]


def _timeline_points(u: Understanding, question: str, citations: Citations) -> list[str]:
    """For 'what changed after/before YEAR' questions: the policy timeline eras on the asked side of the year."""
    if citations.retriever is None:
        return []
    match = re.search(r"\b(after|since|following|before|prior to|until)\s+(?:the\s+)?((?:19|20)\d{2})\b",
                      question.lower())
    eras = citations.retriever.document_passages("us-policy-timeline")
    chosen = []
    for passage in eras:
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", passage.label)]
        if not years or "before" in passage.label.lower():
            continue
        if match:
            year = int(match.group(2))
            after = match.group(1) in ("after", "since", "following")
            if (after and max(years) <= year) or (not after and min(years) >= year):
                continue
        chosen.append(passage)
    points = []
    named = {int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", question)}
    if named and not match:
        in_year = [p for p in chosen if any(min(_years(p.label)) <= y <= max(_years(p.label)) for y in named)]
        for passage in in_year[:2]:
            for sentence in best_sentences(question, passage.text, 2):
                points.append(f"{passage.label.removeprefix('US UAS policy timeline ')}: {sentence} "
                              f"[{citations.passage(passage)}]")
        if points:
            return points
    if match and match.group(1) in ("after", "since", "following"):
        chosen = chosen[:5]
    elif match:
        chosen = chosen[-5:]
    for passage in chosen:
        for sentence in leading_sentences(passage.text, 1):
            points.append(f"{passage.label.removeprefix('US UAS policy timeline ')}: {sentence} "
                          f"[{citations.passage(passage)}]")
    return points


def answer_question(service: ComplianceService, question: str, as_of: str | None = None,
                    today: date | None = None) -> Answer:
    question = " ".join(question.split())
    if not question:
        raise InputError("question: empty; type a question")
    if len(question) > 2000:
        raise InputError("question: longer than 2,000 characters; shorten it")
    today = today or date.today()
    retriever = service.retriever()
    u = understand(question, service.catalogue, today)
    question_for_search = question
    corrected = correct_spelling(question, retriever.vocabulary)
    if corrected != question and u.intent in ("general", "off-topic", "definition", "membership"):
        u_corrected = understand(corrected, service.catalogue, today)
        if u_corrected.intent != "off-topic" or u.intent == "off-topic":
            u, question_for_search = u_corrected, corrected
    if u.intent not in ("sale", "classify", "destination"):
        u.as_of, u.date_note = None, None  # a date in a history question is its topic, not the as-of date
    day = parse_as_of(as_of, today) if as_of else (u.as_of or today)
    rules_version = service.rules.version
    base: dict[str, Any] = {"question": question, "as_of": day, "rules_version": rules_version}
    if u.intent in REFUSALS:
        text = render(service.settings.prompts_dir, "refusal.md.j2", message=REFUSALS[u.intent])
        return Answer(answer=text, details=text, intent=u.intent, verdict=None, citations=[],
                      abstained=u.intent == "off-topic", refused=u.intent != "off-topic", **base)
    hits = retriever.search(question_for_search, k=6)
    citations = Citations(retriever)
    lead: str = ""
    points: list[str] = []
    decision: Decision | None = None
    notes = [n for n in [u.date_note] if n]
    corrections = _corrections(u, service, citations, day)
    if u.intent in ("sale", "classify") or (u.destination and u.intent == "destination"):
        decision = service.classify(_request(u, day), today=today)
        lead, points = describe(decision, citations)
        points += safeguards(decision, citations, limit=2)
        if len(u.systems) > 1:
            notes.append("Also mentioned: " + ", ".join(s.name for s in u.systems[1:]) + " (ask about each "
                         "separately).")
    else:
        rule_points: list[str] = []
        if u.destination and re.search(r"congress|notif", question_for_search, re.I):
            rule_points = _notification_points(u.destination, service, citations, day)
        elif u.intent == "membership":
            rule_points = _membership_points(question_for_search, service, citations, day)
        elif CATEGORY_WORDS.search(question_for_search):
            rule_points = _category_points(service, citations, day)
        elif u.destination and re.search(r"126\.1|itar|proscribed|embargo|banned|denial", question_for_search, re.I):
            rule_points = _destination_points(u.destination, service, citations, day)
        routed = any(h.routed for h in hits)
        covered = max((specific_overlap(question_for_search, h.passage.search_text, retriever.idf)
                       for h in hits[:3]), default=0.0)
        confident = bool(hits) and (routed or bool(rule_points) or covered >= ABSTAIN_OVERLAP)
        if not confident and not corrections:
            closest = [h.as_dict() for h in hits[:3]]
            text = render(service.settings.prompts_dir, "abstain.md.j2", passages=closest)
            return Answer(answer=text, details=text, intent=u.intent, verdict=None, citations=[], abstained=True,
                          refused=False, closest=closest, **base)
        passage_points = _points_from_passages(question_for_search, hits, citations, limit=5)
        if u.intent == "policy-change":
            timeline = _timeline_points(u, question_for_search, citations)
            if timeline:
                passage_points = timeline + passage_points[:1]
        passage_points = rule_points + passage_points
        if corrections:
            lead, points = corrections[0], corrections[1:] + passage_points
        elif passage_points:
            lead, points = passage_points[0], passage_points[1:]
    if decision is not None:
        points += _points_from_passages(question, [h for h in hits if h.passage.kind != "analysis"], citations, 1)
        points = corrections + points
    if u.certify:
        notes.insert(0, CERTIFY_NOTE)
    extra = {"notes": notes, "sources": citations.items, "as_of": day.isoformat(), "rules_version": rules_version}
    text, sources = _fit(lead, points, extra, service)
    full_lead, full_points, full_sources = _renumber(lead, points, citations.items)
    details = render(service.settings.prompts_dir, "answer.md.j2", lead=full_lead, points=full_points,
                     **{**extra, "sources": full_sources})
    if decision is not None:
        details += "\n" + service.render_decision(decision)
    answer = Answer(answer=text, details=details, intent=u.intent,
                    verdict=decision.as_dict() if isinstance(decision, Decision) else None,
                    citations=[c.as_dict() for c in sources], abstained=False, refused=False, **base)
    if service.settings.llm_url:
        from bot.answer.llm import synthesise

        synthesise(service, answer, hits, decision)
    return answer
