"""The answer pipeline, end to end: read → parts → evidence → select → render. Each step lives in its own module;
this one wires them together and fits the result into a chat message."""

from __future__ import annotations

import dataclasses
import logging
import re
import weakref
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import ADVISORY_NOTICE
from bot.answer.blocks import Block, fit, fits, general_block, refusal_block, sale_block
from bot.answer.citations import Citations
from bot.answer.diversion import arranges_onward_transfer_to_denied
from bot.answer.evidence import asks_only_about_changes, gather
from bot.answer.expand import expand
from bot.answer.figures import Figure, with_earlier_unit
from bot.answer.follow_up import ELLIPTICAL, asked_again_for_category, asked_again_for_year, latest_countries
from bot.answer.framing import what_is_asked
from bot.answer.intents import DECLINES, IntentMatch, IntentModel, recognise
from bot.answer.parties import find_countries, role_cues
from bot.answer.parts import split_parts
from bot.answer.read import CATEGORY, UAV, Reading, premises_of, read_question
from bot.answer.sentences import GENERIC, PURPOSES_FRAME, quoted_phrases, specific_overlap, tokens
from bot.answer.terms import defined_term
from bot.answer.unmentioned import unmentioned
from bot.answer.vocabulary import (
    CHANGE,
    DEFINITION,
    DOMAIN,
    MEMBERSHIP,
    PROCEDURAL_FOLLOW_UP,
    PROCEDURE,
    UNCOVERED_REGIME_ONLY,
    correct_spelling,
)
from bot.answer.windows import policy_changes
from bot.errors import InputError
from bot.intake import parse_as_of
from bot.render import render
from bot.retrieval.identifiers import identifiers
from bot.rules.categories import earliest_date

if TYPE_CHECKING:
    import numpy as np

    from bot.retrieval.search import Retriever
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

MAX_QUESTION = 2000
DEFAULT_EXPORTER = "US"
# One intent model per service (its embedder and corpus); weak keys, so a dropped service takes its model along.
_INTENT_MODELS: weakref.WeakKeyDictionary[ComplianceService, IntentModel] = weakref.WeakKeyDictionary()


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
    understood: list[dict[str, Any]] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "intent": self.intent, "verdict": self.verdict,
                "citations": self.citations, "abstained": self.abstained, "refused": self.refused,
                "as_of": self.as_of.isoformat(), "rules_version": self.rules_version, "closest": self.closest,
                "synthesis": self.synthesis, "details": self.details, "understood": self.understood,
                "parts": self.parts, "notice": ADVISORY_NOTICE}


def intent_model(service: ComplianceService) -> IntentModel:
    if service not in _INTENT_MODELS:
        _INTENT_MODELS[service] = IntentModel(service.settings.corpus_dir / "language" / "intents.yaml",
                                              service.embedder, cache_dir=service.settings.index_dir / "cache")
    return _INTENT_MODELS[service]


def _intent_label(reading: Reading, match: IntentMatch | None, decided: bool) -> str:
    """A label for the case record and --json: the refusal kind, or what the question is about."""
    if match is not None:
        return match.label
    q = reading.question
    if decided:
        return "sale" if reading.sale or reading.destinations else "classify"
    if reading.countries and (MEMBERSHIP.search(q) or re.search(r"\bin the (?:mtcr|regime)\b", q, re.I)):
        return "membership"
    if PROCEDURE.search(q) and not reading.premises:
        return "procedure"
    if reading.premises or (DEFINITION.search(q) and not CHANGE.search(q)):
        return "definition"
    if CHANGE.search(q):
        return "policy-change"
    if reading.countries:
        return "destination"
    return "general"


def answer_question(service: ComplianceService, question: str, as_of: str | None = None,
                    today: date | None = None, context: str | None = None) -> Answer:
    """Answer ``question``; ``context`` is the earlier question of the same conversation (a follow-up)."""
    question = " ".join(question.split())
    if not question:
        raise InputError("question: empty; type a question")
    if len(question) > MAX_QUESTION:
        raise InputError("question: longer than 2,000 characters; shorten it")
    today = today or date.today()
    retriever = service.retriever()
    asked = what_is_asked(question)
    if context and (again := asked_again_for_year(asked, context) or asked_again_for_category(asked, context)):
        asked, context = again, None  # "and the 2020 one?", "and category II?": the earlier question, asked of it
    search_text = correct_spelling(with_earlier_unit(asked, context) if context else asked, retriever.vocabulary)
    reading = read_question(search_text, service.catalogue, today, service.settings.corpus_dir / "language" /
                            "roles.yaml", policy_changes(service))
    # a short follow-up that names nothing of its own and points back ("what form do we file for that?") is about
    # the earlier turn: its passages are searched with both turns' words
    names_nothing = bool(context) and not (reading.systems or reading.countries or reading.figures)
    # "does that affect sales to India?" after "what changed in 2025?": the earlier subject, asked of a country
    asks_it_of = bool(context) and not (reading.systems or reading.figures) and bool(IT_OF.match(question))
    refers_back = (((names_nothing or asks_it_of) and bool(REFERS_BACK.search(question)))
                   or bool(context and ASKED_OF_IT.search(question))) and len(question.split()) <= 10
    # a bare follow-up of a few words ("since when?", "why?", "how long?") asks about the earlier turn's subject
    bare = names_nothing and (len(question.split()) <= BARE_WORDS or bool(ONLY_QUESTION_WORDS.match(question))) \
        and not identifiers(question)
    own_words: str | None = None  # the question's own words when the earlier turn's are read as part of it
    if context:
        # "which form do we file?" after a sale: the procedure for that sale's destination, not the sale decided again
        procedural = names_nothing and bool(PROCEDURAL_FOLLOW_UP.search(question))
        reading = _with_context(service, reading, context, today, item=not procedural)
        if (ELLIPTICAL.match(question) and len(question.split()) <= 6) or bare or refers_back:
            own_words = reading.question
            # "and for Norway?" asks the earlier question again of something else: its cues (a review period, a
            # partner status) are the earlier question's; "in pounds?" and "is it still in effect?" ask about it
            reading.question = f"{correct_spelling(context, retriever.vocabulary)} {reading.question}"
            reading.premises = reading.premises or premises_of(reading.question)
    forced_day = parse_as_of(as_of, today) if as_of else None
    model = intent_model(service)
    synonyms = service.settings.corpus_dir / "language" / "synonyms.yaml"
    query = _search_query(search_text, synonyms)
    vector = service.embedder.embed([query])[0]  # the question's one query embedding, for intents and search
    match = recognise(model, question, vector)
    if match is None and arranges_onward_transfer_to_denied(reading, service.rules, today):
        match = IntentMatch("evasion", 1.0, "", "onward transfer to a destination under a denial policy")
    in_domain, follow_up = _in_domain(reading, search_text, retriever, vector), False
    if context and (not in_domain or refers_back or bare) and (match is None or match.label in DECLINES):
        # a short follow-up ("did the 2025 one undo it?") is in scope when the turn it follows was
        earlier = correct_spelling(context, retriever.vocabulary)
        if DOMAIN.search(earlier) or _earlier_in_scope(service, retriever, earlier, today):
            in_domain, match, follow_up = True, None, True
            search_text = f"{earlier} {search_text}"
            query = _search_query(search_text, synonyms)
            vector = service.embedder.embed([query])[0]
    if match is None and not in_domain:
        match = IntentMatch("off-topic", 0.0, "", "domain")
    parts = split_parts(reading, forced_day or today, DEFAULT_EXPORTER)
    if forced_day:
        for part in parts:
            part.as_of, part.as_of_stated, part.as_of_note = forced_day, True, None
    first = earliest_date(service.rules)
    for part in parts:
        if part.as_of < first:
            part.as_of_note = (f"uavex's rule data starts on {first.isoformat()}; the rules of "
                               f"{part.as_of.isoformat()} are not covered, so this uses the earliest it has")
            part.as_of = first
    base: dict[str, Any] = {"question": question, "as_of": parts[0].as_of, "rules_version": service.rules.version}
    citations = Citations(retriever)
    declined_certification = match is not None and match.label == "certify"
    if match is not None and not declined_certification:
        declined = match.label in DECLINES
        block = refusal_block(service, retriever, citations, reading, parts[0], model.reasons[match.label],
                              declined=declined)
        return _finish(service, [block], citations, base, intent=match.label, refused=not declined,
                       abstained=declined, decision=None)
    # the figures go to the engine; as search words ("statute miles", "lb") they only pull in unrelated passages
    sale_query = ""  # written when a part is a sale the engine decides
    blocks: list[Block] = []
    decisions = []
    for part in parts:
        evidence = gather(service, retriever, citations, reading, part)
        if evidence.decision is not None:
            decisions.append(evidence.decision)
            sale_query = sale_query or expand(_without_figures(search_text, reading), synonyms)
            blocks.append(sale_block(service, retriever, citations, reading, evidence, sale_query, len(parts)))
        else:
            general = general_block(service, retriever, citations, reading, evidence, query, len(parts), follow_up,
                                    vector, own_words=own_words)
            if general is None:
                if declined_certification:  # "just say it's legal": the declining block is the answer
                    continue
                return _abstain(service, retriever, search_text, base, own_words or reading.question)
            blocks.append(general)
    if declined_certification:  # declined first; with nothing else to show, no promise of guidance below
        blocks.insert(0, Block("", model.reasons["certify" if blocks else "certify-alone"]))
    intent = _intent_label(reading, match, bool(decisions))
    # Certification is declined (refused flag set, as documented) but the guidance is still shown below it.
    return _finish(service, blocks, citations, base, intent=intent, refused=declined_certification,
                   abstained=False, decision=decisions[0] if decisions else None)


def _without_figures(text: str, reading: Reading) -> str:
    for figure in sorted(reading.figures, key=lambda f: -f.start):
        if text[figure.start:figure.end] == figure.text:  # a follow-up's figures may come from the earlier turn
            text = text[:figure.start] + " " + text[figure.end:]
    return " ".join(text.split())


def _search_query(text: str, synonyms: Path) -> str:
    """The search query for a question: "for export control purposes" is the question's frame, not searched; the
    phrasings in synonyms.yaml are written out."""
    return expand(PURPOSES_FRAME.sub(" ", text), synonyms)


REFERS_BACK = re.compile(r"\b(?:that|this|it|them|those|these)\b", re.I)
# "is Vietnam on it?", "is India one of them?": something named, asked of what the earlier turn was about
ASKED_OF_IT = re.compile(r"\b(?:on|in|under|among|within|part\s+of|one\s+of|covered\s+by|listed\s+(?:on|in))\s+"
                         r"(?:it|that|this|them|those|these|there|that\s+list|the\s+list)\W*$", re.I)
IT_OF = re.compile(r"^\W*(?:and\s+|so\s+)?(?:does|did|will|would|is|was|can|could)\s+(?:that|this|it)\b", re.I)
ACRONYM_LIKE = re.compile(r"\b[A-Za-z]{3,6}\b")
# "what's an LOR?", "what does TPT stand for?"
ASKS_AN_ACRONYM = re.compile(r"^\W*what['’]?s\s+(?:an?\s+|the\s+)?[A-Za-z]{2,6}\W*$|\bstands?\s+for\b", re.I)
BARE_WORDS = 3  # a follow-up this short that names nothing of its own is about the earlier turn
# ... as is one of question words alone, however many ("since when and why?", "how long and why?")
ONLY_QUESTION_WORDS = re.compile(r"^\W*(?:(?:and|or|so|then|but|since|when|why|how|long|where|who|what|which|"
                                 r"exactly|again|also|too|until|till|from)\b\W*)+$", re.I)


def _restating(figure: Figure, earlier: list[Figure]) -> Figure:
    if figure.measure != "other" or figure.stated:
        return figure
    same_unit = [f for f in earlier if f.unit == figure.unit and f.measure != "other"]
    if len(same_unit) != 1:
        return figure
    return dataclasses.replace(figure, measure=same_unit[0].measure, basis=same_unit[0].basis, stated=True)


def _about_a_uav(earlier: Reading) -> bool:
    """Whether the earlier turn was about a UAV: a system, a UAV word, figures, or an MTCR category or item ("what is
    19.A.3?" then "does it apply to a 15 liter tank?")."""
    return bool(earlier.systems or UAV.search(earlier.question) or earlier.figures
                or CATEGORY.search(earlier.question))


def _with_context(service: ComplianceService, reading: Reading, context: str, today: date, *,
                  item: bool = True) -> Reading:
    """A follow-up keeps the earlier turn's system, countries and dates unless it names its own; with ``item`` False
    (it asks how to proceed) the countries and dates only, so the earlier item is not decided again."""
    roles = service.settings.corpus_dir / "language" / "roles.yaml"
    earlier = read_question(context, service.catalogue, today, roles)
    if not item:
        reading.countries = reading.countries or latest_countries(earlier.countries, context)
        reading.dates = reading.dates if reading.dates or reading.now is not None else earlier.dates
        reading.uav_context = _about_a_uav(earlier)
        return reading
    if not reading.systems and not reading.near_misses:
        reading.systems = earlier.systems
    if reading.countries and not reading.exporters and role_cues(roles).sells_on.search(reading.question):
        # "can they resell them to Egypt later?" after a sale to Saudi Arabia: the earlier buyer sells on
        both = find_countries(f"{context} {reading.question}", roles, service.catalogue)
        if any(m.role == "exporter" for m in both):
            reading.countries = latest_countries(both, context)
    if not reading.countries:
        reading.countries = latest_countries(earlier.countries, context)
    if not reading.dates and reading.now is None:
        reading.dates = earlier.dates
    if not reading.systems:  # the earlier airframe's figures, unless the follow-up restates that measure
        # a figure the follow-up gives without saying what it measures ("what if it only has 18 litres?") restates
        # the earlier figure of the same unit, when there is one
        reading.figures = [_restating(f, earlier.figures) for f in reading.figures]
        restated = {f.measure for f in reading.figures}
        reading.figures = [f for f in earlier.figures if f.measure not in restated] + reading.figures
        # "same but to Pakistan?" after "cat II drone to India": the category the asker gave the item
        reading.stated_category = reading.stated_category or (earlier.stated_category if not restated else None)
    reading.autonomous = reading.autonomous if reading.autonomous is not None else earlier.autonomous
    reading.bvlos = reading.bvlos if reading.bvlos is not None else earlier.bvlos
    reading.uav_context = _about_a_uav(earlier)
    reading.sale = reading.sale or earlier.sale
    return reading


# A question without a domain word is still in scope when the corpus covers it closely: one of the three best
# passages holds most of its specific words and is close in meaning ("is the 2016 joint declaration binding?").
# Off-topic questions measured 0.27 overlap at most, covered ones 0.59 and more.
COVERED_OVERLAP = 0.5
COVERED_DENSE = 0.35
# A short question whose specific words (two or more) all stand in one passage is covered when it is closer than this
# in meaning: a few words sit further from a long passage ("what is the 600 series?" measured 0.30 to the passage
# defining it).
FULLY_COVERED_DENSE = 0.25


def _in_domain(reading: Reading, question: str, retriever: Retriever, vector: np.ndarray) -> bool:
    if UNCOVERED_REGIME_ONLY.search(question) and not (reading.systems or reading.describes_item):
        return False
    if (reading.systems or reading.near_misses or reading.countries or DOMAIN.search(question)
            or reading.describes_item or identifiers(question) or asks_only_about_changes(reading)):
        return True
    if _names_a_corpus_term(question, retriever):
        return True
    several = len(tokens(question) - GENERIC) >= 2
    quoted = quoted_phrases(question)
    for hit in retriever.search(question, k=3, vector=vector):
        overlap = specific_overlap(question, hit.passage.search_text, retriever.idf)
        if (hit.dense >= COVERED_DENSE and overlap >= COVERED_OVERLAP) \
                or (several and overlap == 1.0 and hit.dense >= FULLY_COVERED_DENSE):
            return True
        if any(q in " ".join(hit.passage.text.lower().split()) for q in quoted):
            return True  # 'what does "carefully selected subset" mean?': a passage uses the words quoted
    return False


def _earlier_in_scope(service: ComplianceService, retriever: Retriever, earlier: str, today: date) -> bool:
    """Whether the earlier turn was in scope by the test a question gets ("what changed in 2020?" names no domain word,
    but asks what changed in the rule data)."""
    reading = read_question(earlier, service.catalogue, today, service.settings.corpus_dir / "language" / "roles.yaml",
                            policy_changes(service))
    query = _search_query(earlier, service.settings.corpus_dir / "language" / "synonyms.yaml")
    return _in_domain(reading, earlier, retriever, service.embedder.embed([query])[0])


def _names_a_corpus_term(question: str, retriever: Retriever) -> bool:
    """Whether the question asks what a term of the corpus means: an acronym the corpus spells out ("what is an
    LOA?") or a term a passage is headed by ("define catch-all")."""
    if (DEFINITION.search(question) or ASKS_AN_ACRONYM.search(question)) \
            and any(word.lower().removesuffix("s") in retriever.acronyms for word in ACRONYM_LIKE.findall(question)):
        return True
    return (term := defined_term(question)) is not None and bool(retriever.headings.headed(term))


def _abstain(service: ComplianceService, retriever: Retriever, text: str, base: dict[str, Any],
             question: str) -> Answer:
    closest = [h.as_dict() for h in retriever.search(text, k=3)]
    # what the question names that nothing indexed mentions ("5D002", "the Hague Code of Conduct") is why
    rendered = render(service.settings.prompts_dir, "abstain.md.j2", passages=closest,
                      unmentioned=unmentioned(question, retriever))
    return Answer(answer=rendered, details=rendered, intent="general", verdict=None, citations=[], abstained=True,
                  refused=False, closest=closest, **base)


def _finish(service: ComplianceService, blocks: list[Block], citations: Citations, base: dict[str, Any], *,
            intent: str, refused: bool, abstained: bool, decision: Any) -> Answer:
    extra = {"as_of": base["as_of"].isoformat(), "rules_version": base["rules_version"]}
    details, everything = fit(service, blocks, citations.items, extra, limit=None)
    text, sources = (details, everything) if fits(details) else \
        fit(service, blocks, citations.items, extra, whole=(details, everything))
    if decision is not None:
        details += "\n" + service.render_decision(decision)
    answer = Answer(answer=text, details=details, intent=intent,
                    verdict=decision.as_dict() if decision is not None else None,
                    citations=[c.as_dict() for c in sources], abstained=abstained, refused=refused,
                    understood=[b.understood_dict for b in blocks if b.understood_dict],
                    parts=[{"title": b.title, "verdict": b.verdict} for b in blocks], **base)
    if service.settings.llm_url and not refused and not abstained:
        from bot.answer.llm import synthesise

        synthesise(service, answer, [], decision)
    return answer
