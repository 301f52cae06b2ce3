"""The passage sentences a sale's answer adds to the engine's verdict: ones that say something the question asks beyond
the facts the engine was given, never another verdict, a roll of countries not asked for, or events after the sale's
stated day."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer.parties import countries_named
from bot.answer.select import Chosen, choose_sentences
from bot.answer.sentences import GENERIC, only_later_than, specific_overlap, tokens
from bot.answer.traits import passage_traits

if TYPE_CHECKING:
    from bot.answer.evidence import PartEvidence
    from bot.answer.read import Reading
    from bot.retrieval.search import Retriever

EXTRA_OVERLAP = 0.05  # a sale answer's passage sentence shares some of what the question asks beyond its facts
VERDICT_PHRASES = {
    "not-mtcr-controlled": re.compile(r"\bnot\s+mtcr[- ]controlled\b", re.I),
    "denial-policy": re.compile(r"\bpolicy\s+of\s+denial\b|\bproscribed\b", re.I),
}
ROLL = 6  # a sentence naming this many countries is a list of them
ASKS_A_LIST = re.compile(r"\b(?:which|what|list|name|who)\b[^?]{0,30}\b(?:countries|states|nations|partners|members|"
                         r"participants|signatories)\b", re.I)


def sale_extras(retriever: Retriever, reading: Reading, evidence: PartEvidence, search_text: str, verdict: str,
                shown: list[str]) -> list[Chosen]:
    """At most two passage sentences for a sale's answer, none of them like one in ``shown``."""
    beyond = reading.beyond_the_facts  # a passage sentence must answer something the facts do not
    if not tokens(beyond) - GENERIC:
        return []  # (no search: nothing is asked that the facts do not give)
    hits = [h for h in retriever.search(search_text, k=6) if h.passage.kind != "analysis"]
    # a sale on a stated day is not told of what came later ("FMS only back then?" of 2017: not a 2025 order)
    year = evidence.part.as_of.year
    later = [t.sentence for h in hits for t in passage_traits(h.passage.text)
             if only_later_than(t.sentence, year, " ".join(h.passage.section))] if evidence.part.as_of_stated else []
    return [c for c in choose_sentences(search_text, hits, retriever.idf, 3, exclude=shown + later,
                                        countries={m.code for m in reading.countries}, typed=reading.question)
            if not _contradicts(c.sentence, verdict) and not _a_roll_of_countries(c.sentence, reading.question)
            and specific_overlap(beyond, c.sentence, retriever.idf) >= EXTRA_OVERLAP][:2]


def _a_roll_of_countries(sentence: str, question: str) -> bool:
    """A sentence listing many countries ("the Wassenaar participating states are ...") answers a question that asks
    which countries, not a proposed sale that names one of them."""
    return len(countries_named(sentence)) >= ROLL and not ASKS_A_LIST.search(question)


def _contradicts(sentence: str, verdict: str) -> bool:
    """A passage sentence that states another verdict than the engine's is left out of a verdict's block."""
    return any(v != verdict and pattern.search(sentence) for v, pattern in VERDICT_PHRASES.items())
