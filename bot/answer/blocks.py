"""Step 5: put each part's evidence into an answer block (what was understood, a lead sentence, cited points) and
render the blocks from ``prompts/answer.md.j2`` within the chat limit, citations numbered in order of use."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.answer.answer_kinds import asks_for, gives_what_is_asked
from bot.answer.citations import Citation, Citations
from bot.answer.corrections import corrections
from bot.answer.evidence import ITAR, MEMBERSHIP, PartEvidence, names_denied_destination
from bot.answer.parties import countries_named
from bot.answer.parts import Part
from bot.answer.plan import plan_points
from bot.answer.read import Reading
from bot.answer.rule_facts import itar_points, partner_point
from bot.answer.sale_extras import sale_extras
from bot.answer.select import DEFINING, DEFINING_FRAME, choose_sentences, defines_term
from bot.answer.sentences import specific_overlap, tokens
from bot.answer.terms import defined_term
from bot.answer.unmentioned import unmentioned, unrecorded_sales
from bot.answer.verdict_text import asked_figures, describe
from bot.answer.vocabulary import CONDITIONS_QUESTION, LICENCE_QUESTION
from bot.countries import country_in_text, country_name
from bot.render import environment, render
from bot.rules.engine import CIVIL_ITEM_126_1

if TYPE_CHECKING:
    import numpy as np

    from bot.retrieval.search import Retriever
    from bot.service import ComplianceService

CHAT_LIMIT = 1800  # the answer body: one chat message or an embed description with room to spare
SOURCES_LIMIT = 2000  # the Sources list: two embed fields of 1,024 (Discord continues it in a second field)
ABSTAIN_OVERLAP = 0.4
CLOSE_FACT = 0.8  # a rule fact holding nearly all of a question's specific words answers it, whatever it asks
SUB_QUESTION_HITS = 4  # passages searched for each thing a message asks, by its own words
COVERING = 4  # the passages whose overlap with the question decides whether the corpus covers it
CORE_OVERLAP = 0.2  # a question in the core vocabulary of the corpus needs less overlap to be answered
CORE = re.compile(r"\b(mtcr|missile technology|itar|usml|126\.1|ear\b|eccn|9a\d{3}|uavs?|uas|drones?|unmanned|"
                  r"fms|dcs|dsca|ddtc|bis|aeca|wassenaar|cat(?:egory)?\.?\s*(?:i|ii|1|2)\b|payload|aerosol|"
                  r"end[- ]use|congress\w*|notification|adherent|partners?|"
                  r"(?:19|20)\d\d\s+(?:\w+\s+)?polic(?:y|ies))\b",  # "the 2025 policy": one of the US UAS policies
                  re.I)
MARKER = re.compile(r"\[(\d+)\]")
ADHERENCE = "(adherence is not membership)"
# a claim put forward for confirmation: "..., right?", "isn't it ...?", "so X means Y?"
CONFIRMS = re.compile(r"(?:,|\s)\s*(?:right|correct|true|yes|no|isn[’']?t\s+it|aren[’']?t\s+they|doesn[’']?t\s+it|"
                      r"don[’']?t\s+they|can[’']?t\s+they|is\s+that\s+(?:right|correct|so))\s*\?+\s*$|"
                      r"^\s*(?:isn[’']?t|aren[’']?t|doesn[’']?t|don[’']?t|surely|is\s+it\s+(?:true|correct|right|"
                      r"the\s+case)\s+that|true\s+or\s+false)\b", re.I)


@dataclass
class Block:
    title: str
    lead: str
    points: list[str] = field(default_factory=list)  # kept as long as possible
    understood: str = ""
    understood_dict: dict[str, Any] = field(default_factory=dict)
    verdict: str | None = None
    extra: list[str] = field(default_factory=list)  # dropped first when the message is too long

    @property
    def all_points(self) -> list[str]:
        return self.points + self.extra


def understood_line(service: ComplianceService, reading: Reading, part: Part, evidence: PartEvidence | None
                    ) -> tuple[str, dict[str, Any]]:
    data: dict[str, Any] = {
        "exporter": country_name(part.exporter), "exporter_source": part.exporter_source,
        "reseller": country_in_text(part.reseller) if part.reseller else None,
        "destination": country_name(part.destination) if part.destination else None,
        "system": part.system.system.name if part.system else None,
        "figures": evidence.intake.understood if evidence and evidence.intake else [],
        "as_of": part.as_of.isoformat(), "as_of_note": part.as_of_note, "as_of_stated": part.as_of_stated,
        "assumptions": (evidence.intake.notes if evidence and evidence.intake else []),
        "not_in_catalogue": [{"text": m.text, "suggestions": list(m.suggestions)} for m in reading.near_misses],
    }
    text = render(service.settings.prompts_dir, "understood.md.j2", u=data).strip()
    return text, data


def sale_block(service: ComplianceService, retriever: Retriever, citations: Citations, reading: Reading,
               evidence: PartEvidence, search_text: str, parts: int) -> Block:
    decision = evidence.decision
    assert decision is not None
    essential = [f for f in evidence.facts if f not in evidence.plan]
    lead, main, licence, secondary = describe(
        decision, citations, sale_needs_destination=evidence.sale_needs_destination,
        sale_any_destination=evidence.sale_any_destination,
        licence_asked=bool(LICENCE_QUESTION.search(reading.question)),
        conditions_asked=bool(CONDITIONS_QUESTION.search(reading.question)), rules=service.rules,
        # the destination's status already says it adheres: once is enough
        omit=("MTCR adherence",) if any(ADHERENCE in f for f in essential) else (), reseller=evidence.part.reseller)
    denied = decision.verdict == "denial-policy"
    if denied:  # the §126.1 listing is the verdict's reason: before the partner status
        essential.sort(key=lambda fact: "§126.1" not in fact)
    if MEMBERSHIP.search(reading.question) or ITAR.search(reading.question) or denied:
        # the destination's status is asked for, or decides the verdict (a §126.1 listing): it comes right after the
        # verdict's first step, so a long answer drops other steps before it
        # (a denial's reason comes first of all)
        if denied:  # (an item not designed for military use has the caveat on what the listing binds right after it)
            caveat = [p for p in main if p.startswith(CIVIL_ITEM_126_1)]
            head = essential[:1] + caveat + essential[1:] + [p for p in main if p not in caveat]
        else:
            head = main[:1] + essential + main[1:]
        tail = evidence.plan[:1] + licence
    else:
        head, tail = main, essential + evidence.plan[:1] + licence
    if evidence.part.reseller and evidence.plan:  # a re-transfer: the approval it needs (22 CFR 123.9) comes first
        head, tail = evidence.plan[:1] + head, [p for p in tail if p != evidence.plan[0]]
    points = head + tail
    extra = evidence.plan[1:] + secondary
    fixes: list[str] = []
    if parts == 1:
        fixes = corrections(service, citations, reading, evidence.part.as_of)
        points = fixes + points
        chosen = sale_extras(retriever, reading, evidence, search_text, decision.verdict, points + extra)
        cited = [(c.sentence, f"{c.sentence} [{citations.passage(c.hit.passage, c.sentence)}]") for c in chosen]
        # a sentence that gives what the question asks for (a form, a period) follows the verdict's own steps; the
        # others are the first to go when the answer is too long
        asked = {text for sentence, text in cited if gives_what_is_asked(reading.question, sentence)}
        points = fixes + head + [text for _, text in cited if text in asked] + tail
        extra = [text for _, text in cited if text not in asked] + extra
    # a premise the question's words put ("the UK is NATO so no licence is needed") is corrected right after the
    # verdict, before its steps (after any correction of the rule data's own)
    leads = evidence.plan_leads
    first = [p for p in points if p in fixes]
    points = first + leads + [p for p in points if p not in first and p not in leads]
    extra = [p for p in extra if p not in leads]
    text, data = understood_line(service, reading, evidence.part, evidence)
    if names := unmentioned(reading.question, retriever):  # the verdict stands; what the question names does not
        points = [str(_facts_macros(service).unmentioned(names=names)).strip(), *points]
    figures = asked_figures(decision, citations, reading.question)
    if figures is not None:  # "what's its payload?": the figure asked for, then the verdict on the system
        lead, points = figures, [lead, *points]
    return Block(evidence.part.label, lead, points, text, data, decision.verdict, extra)


def general_block(service: ComplianceService, retriever: Retriever, citations: Citations, reading: Reading,
                  evidence: PartEvidence, search_text: str, parts: int, follow_up: bool = False,
                  vector: np.ndarray | None = None, *, own_words: str | None = None) -> Block | None:
    """Facts and passage sentences; None when nothing indexed covers the question (the caller abstains). A
    follow-up in an in-scope conversation is answered from the best passages for both turns. ``vector``: the
    embedding of ``search_text`` when the caller has it. ``own_words``: the question as asked when it is read with the
    earlier turn's words before it ("what's the 126.1 list? is Vietnam on it?"): one thing asked, not several, and
    the kind of answer it asks for is its own."""
    fixes = corrections(service, citations, reading, evidence.part.as_of)
    # a question that dates what it asks about ("the feb 2015 policy") reads the passages of that time as current
    years = {d.day.year for d in reading.dates}
    era = reading.dates[0].day if len(years) == 1 else None  # two dates compare periods: no one era
    term = defined_term(reading.question)  # "what is BVLOS?": the entry headed by the term answers it
    hits = retriever.search(search_text, k=8, era=era, term=term, vector=vector)
    frame = DEFINING_FRAME if DEFINING.search(reading.question) else frozenset()  # "define", "mean": not asked
    # how much of the question the best passages hold (the top four: a passage that holds it can rank fourth)
    covered = max((specific_overlap(search_text, h.passage.search_text, retriever.idf, frame)
                   for h in hits[:COVERING]), default=0.0)
    routed = any(h.routed for h in hits)
    threshold = CORE_OVERLAP if CORE.search(search_text) else ABSTAIN_OVERLAP
    leads: list[str] = []  # plan points that answer what the question's words ask ("State or Commerce?")
    asides: list[str] = []  # plan points that go with an answer, never in its place
    situation = {"names_country": bool(reading.countries), "service": reading.asks_about_a_service,
                 "names_denied": names_denied_destination(service.rules, reading, evidence.part)}
    plan = plan_points(service, retriever, citations, reading, situation, limit=2, leads=leads, asides=asides) \
        if parts == 1 else []
    answering = [f for f in evidence.facts if f not in evidence.incidental]  # (facts that make an answer)
    if not (fixes or answering or plan or routed or reading.near_misses or (hits and covered >= threshold)
            or (follow_up and hits)):
        return None
    limit = 5 if parts == 1 else 2
    chosen = choose_sentences(search_text, hits, retriever.idf, limit, exclude=fixes + evidence.facts + plan,
                              countries={m.code for m in reading.countries}, typed=reading.question,
                              search=None if own_words is not None else
                              lambda sub: retriever.search(sub, k=SUB_QUESTION_HITS, era=era), own_words=own_words)
    sentences = [f"{c.sentence}{_superseded(c.hit, retriever)} [{citations.passage(c.hit.passage, c.sentence)}]"
                 for c in chosen]
    # a question for a definition or a specific kind of answer (a period, a threshold, a form) is answered by the
    # passage sentences first; the points the plan adds, and rule facts that are not of the kind asked, come after
    # (a claim put for confirmation, "isn't every small drone exempt?", gets the premise's correction first)
    asked_words = own_words or reading.question  # ("is Vietnam on it?" after "what's the list?" asks for no list)
    asks_kind = asks_for(asked_words)
    if CONFIRMS.search(reading.question):  # the plan's points here are the premise corrections the words call for
        points = fixes + plan + evidence.facts + sentences[:2]
    elif (first := _about_the_categories(plan + sentences[:2], evidence.beyond_categories,
                                         {m.code for m in reading.countries})) is not None:
        # the category definitions do not say what is asked of them ("ban outright", "production technology"): the
        # plan point or passage sentence that does comes first
        points = fixes + [first] + evidence.facts + [p for p in plan + sentences[:2] if p != first]
    elif not (asks_kind or DEFINING.search(reading.question)):
        # the plan's points here are the ones the question's own words call for: before the status of a destination
        # the question names but does not ask about
        asked = [f for f in evidence.facts if f not in evidence.unasked]
        unasked = [f for f in evidence.facts if f in evidence.unasked]
        points = fixes + asked + plan + _after_the_asked(reading, unasked, sentences[:2])
    else:
        fitting = [f for f in evidence.facts if not (asks_kind and evidence.loose)
                   or gives_what_is_asked(asked_words, f)
                   or specific_overlap(reading.question, f, retriever.idf) >= CLOSE_FACT]
        others = [f for f in evidence.facts if f not in fitting]
        # a destination's status the question does not ask about comes after the facts it does ask for
        asked = [f for f in fitting if f not in evidence.unasked]
        unasked = [f for f in fitting if f in evidence.unasked]
        points = fixes + asked + _after_the_asked(reading, unasked, sentences[:2]) + others + plan
    # the plan points the question's words call for lead, after any correction of its premise
    points = [p for p in points if p in fixes] + [p for p in points if p in leads and p not in fixes] + \
        [p for p in points if p not in leads and p not in fixes]
    if points and points[0] in asides and (answer := next((p for p in points if p not in asides), None)):
        points = [answer] + [p for p in points if p != answer]
    if chosen and defines_term(chosen[0], term) and sentences[0] in points:
        # "what is end-use monitoring?": the entry that defines the term answers it, before the rule facts about it
        points = [p for p in points if p in fixes] + [sentences[0]] + \
            [p for p in points if p not in fixes and p != sentences[0]]
    if reading.near_misses:  # (what happened, "did China sell Wing Loongs to Egypt?", is told first: no
        # classification is asked of the name)
        points.insert(1 if reading.past_event and points else 0, str(_facts_macros(service).not_in_catalogue(
            names=[m.text for m in reading.near_misses])).strip())
    if points and (names := unmentioned(own_words or reading.question, retriever)):
        # "the AUKUS exemption", "§126.5": nothing indexed mentions it, so the sentences below are not about it
        points.insert(0, str(_facts_macros(service).unmentioned(names=names)).strip())
    if points and (unrecorded := unrecorded_sales(reading, retriever)):  # "has Japan bought the MQ-9B?"
        points.insert(0, str(_facts_macros(service).unrecorded(sales=[(s, country_in_text(c)) for s, c in unrecorded])
                             ).strip())
    if not points:
        return None
    text, data = "", {}  # type: tuple[str, dict[str, Any]]
    if (evidence.part.as_of_stated and parts > 1) or reading.near_misses:
        text, data = understood_line(service, reading, evidence.part, None)
    return Block(evidence.part.label, points[0], points[1:], text, data, None, sentences[2:])


def _facts_macros(service: ComplianceService) -> Any:
    """The macros of prompts/facts.md.j2 (fixed wording of facts)."""
    return environment(str(service.settings.prompts_dir)).get_template("facts.md.j2").module


def _after_the_asked(reading: Reading, unasked: list[str], sentences: list[str]) -> list[str]:
    """The status of a destination the question does not ask about, then the best passage sentences; for what
    happened ("how many MQ-9Bs did India buy?") the passages tell it, before the buyer's status today."""
    return sentences + unasked if reading.past_event else unasked + sentences


def _about_the_categories(candidates: list[str], beyond: set[str], countries: set[str]) -> str | None:
    """Which of the plan's points and the two best sentences (``candidates``, in that order) says what a question asks
    of the categories beyond their definitions: one holding such a word and naming a category, else one holding such
    an identifier ("9A012"); None when none does. A sentence about a country the question does not name ("... parts
    for Russia") does not say it."""
    holding = [c for c in candidates if beyond & tokens(c) and countries_named(c) <= countries]
    naming = [c for c in holding if re.search(r"\bcategor(?:y|ies)\s+(?:i|ii)\b", c, re.I)]
    identifying = [c for c in holding if any(any(ch.isdigit() for ch in w) for w in beyond & tokens(c))]
    found = naming or identifying
    return found[0] if found else None


def _superseded(hit: Any, retriever: Retriever) -> str:
    """" (superseded by <the successor's title>)" for a passage of a replaced document."""
    if not hit.superseded:
        return ""
    successor = retriever.document_passages(hit.passage.superseded_by)
    return f" (superseded by {successor[0].title if successor else hit.passage.superseded_by})"


def refusal_block(service: ComplianceService, retriever: Retriever, citations: Citations, reading: Reading,
                  part: Part, reason: str, *, declined: bool = False) -> Block:
    """The refusal with its reason, plus what the rule data says about the countries named (why it matters). A
    declined question (off-topic: "the weather in Paris") gets the reason alone."""
    if declined:
        return Block("", reason, [])
    points: list[str] = plan_points(service, retriever, citations, reading, {"service": reading.asks_about_a_service},
                                    limit=1)
    for code in list(dict.fromkeys(c.code for c in reading.countries))[:2]:
        if code == part.exporter:
            continue
        points += itar_points(service.rules, citations, code, part.as_of, service.settings.prompts_dir)
        points.append(partner_point(service.rules, citations, code, part.as_of))
    return Block("", reason, points)


def _renumber(blocks: list[Block], sources: list[Citation]) -> tuple[list[Block], list[Citation]]:
    order: list[int] = []
    for block in blocks:
        for text in [block.lead, *block.all_points]:
            for match in MARKER.finditer(text):
                n = int(match.group(1))
                if n not in order:
                    order.append(n)
    mapping = {old: new for new, old in enumerate(order, start=1)}
    by_n = {c.n: c for c in sources}

    def sub(text: str) -> str:
        return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", text)

    out = [dataclasses.replace(b, lead=sub(b.lead), points=[sub(p) for p in b.points],
                               extra=[sub(p) for p in b.extra]) for b in blocks]
    kept = [dataclasses.replace(by_n[old], n=mapping[old]) for old in order if old in by_n]
    return out, kept


def fits(text: str, limit: int | None = CHAT_LIMIT) -> bool:
    """Whether a rendered answer fits one chat message: the body within ``limit``, the Sources within theirs."""
    body, _, tail = text.partition("**Sources**")
    return limit is None or (len(body) <= limit and len(tail.rsplit("_As of", 1)[0]) <= SOURCES_LIMIT)


def fit(service: ComplianceService, blocks: list[Block], sources: list[Citation], extra: dict[str, Any],
        limit: int | None = CHAT_LIMIT, whole: tuple[str, list[Citation]] | None = None) -> tuple[str, list[Citation]]:
    """Render the blocks, dropping the last droppable point of the longest block (then the last point) until the
    text fits ``limit``; a block keeps its lead and at least one point. Each drop only shortens the text, so the
    fewest drops that fit are found by bisection over the order the drops would be made in. ``whole``: the blocks
    already rendered with nothing dropped (``fit`` with no limit), not rendered again."""
    def rendered(drops: int) -> tuple[str, list[Citation]]:
        numbered, kept = _renumber(_dropped(blocks, order[:drops]), sources)
        return render(service.settings.prompts_dir, "answer.md.j2", blocks=numbered, sources=kept, **extra), kept

    order = _drop_order(blocks)
    text, kept = whole if whole is not None else rendered(0)
    if fits(text, limit) or not order:
        return text, kept
    low, high = 0, len(order)  # rendered(low) does not fit; rendered(high) fits, or nothing more can be dropped
    best = rendered(high)
    while high - low > 1:
        middle = (low + high) // 2
        attempt = rendered(middle)
        if fits(attempt[0], limit):
            high, best = middle, attempt
        else:
            low = middle
    return best


def _drop_order(blocks: list[Block]) -> list[tuple[int, str]]:
    """The drops ``fit`` makes, in order, as (block, "extra" or "points"): the last droppable extra point of the
    block with most points while any is left, then the last point of the longest block until each keeps one."""
    extras = [len(b.extra) for b in blocks]
    points = [len(b.points) for b in blocks]
    order: list[tuple[int, str]] = []
    while True:
        with_extra = [i for i, n in enumerate(extras) if n]
        if with_extra:
            i = max(with_extra, key=lambda j: points[j] + extras[j])
            extras[i] -= 1
            order.append((i, "extra"))
            continue
        i = max(range(len(blocks)), key=lambda j: points[j])
        if points[i] <= 1:
            return order
        points[i] -= 1
        order.append((i, "points"))


def _dropped(blocks: list[Block], drops: list[tuple[int, str]]) -> list[Block]:
    cut = {(i, kind): sum(1 for d in drops if d == (i, kind)) for i, kind in set(drops)}
    return [dataclasses.replace(b, points=b.points[:len(b.points) - cut.get((i, "points"), 0)],
                                extra=b.extra[:len(b.extra) - cut.get((i, "extra"), 0)]) for i, b in enumerate(blocks)]
