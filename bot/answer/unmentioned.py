"""What a question names that no indexed passage mentions: a regulation section, list entry or statute ("126.5",
"9A515") or an acronym put as the name of a rule or an arrangement ("the AUKUS exemption"). The answer says so before
the closest guidance, instead of letting unrelated sentences pass for an answer about it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from bot.answer.parties import countries_named
from bot.answer.sentences import tokens
from bot.retrieval.identifiers import identifiers

if TYPE_CHECKING:
    from bot.answer.read import Reading
    from bot.retrieval.search import Retriever

# an acronym typed as the name of a rule or an arrangement: "the AUKUS exemption", "under HCOC rules", "what is CTR?"
NAMED_ACRONYM = re.compile(r"\b([A-Z]{3,6})\s+(?:\w+\s+)?(?:exemptions?|exceptions?|treaty|agreements?|pact|rules?|"
                           r"regime|program(?:me)?|code|list|partnership|initiative|framework|arrangement|convention|"
                           r"waivers?|licen[cs]es?|carve-?outs?)\b|"
                           r"\b(?:what(?:['’]s|\s+is|\s+are)|explain|under(?:\s+the)?|does\s+the)\s+([A-Z]{3,6})\b")

# a named arrangement or instrument: "the Hague Code of Conduct", "is the australia group relevant?"
ARRANGEMENT = re.compile(r"\b(group|code\s+of\s+conduct|treaty|convention|arrangement|accord|protocol|pact)\b", re.I)
# a USML category by its roman numeral ("what is Category XIX of the USML?"); the MTCR's I and II are always covered
ROMAN_CATEGORY = re.compile(r"\bcat(?:egory)?\.?\s+((?:X{0,3})(?:IX|IV|V?I{0,3}))\b(?!\s*(?:or|/|and)\b)", re.I)
NOT_A_NAME = frozenset("""a about an and any are as at by can company companies does do did each every for from has
have her his in is it its join joined joining my new no of on or other our same sign signed some such that the their
these this those to under was what which who why with your""".split())


def _arrangement_names(question: str, retriever: Retriever) -> list[str]:
    """Named arrangements no passage mentions: the words just before the head noun name it when one is capitalised,
    a country ("australia group") or a word no passage uses ("hague")."""
    out = []
    for match in ARRANGEMENT.finditer(question):
        before = re.findall(r"[\w'’-]+", question[:match.start()])[-3:]
        name: list[str] = []
        for word in reversed(before):
            if re.sub(r"['’]s$", "", word.lower()) in NOT_A_NAME:  # ("what's", "it's": a question word, no name)
                break
            name.insert(0, word)
        if not name or (len(name) == 1 and name[0].isupper() and retriever.used(name[0].lower())):
            continue  # "NATO treaty": an acronym the passages use (an unknown one is found below)
        phrase = " ".join([*name, match.group(1)])
        if retriever.mentions(phrase):
            continue
        if any(w[0].isupper() or countries_named(w) or not any(retriever.used(t) for t in tokens(w)) for w in name):
            out.append(phrase)
    return out


def unmentioned(question: str, retriever: Retriever) -> list[str]:
    """The identifiers and named acronyms in ``question`` that no passage mentions, as the question writes them."""
    out: list[str] = []
    for ident in identifiers(question):
        bare = ident.lstrip("§")
        if not (retriever.mentions(bare) or retriever.mentions(ident)):
            out.append(ident)
    for match in NAMED_ACRONYM.finditer(question):
        acronym = match.group(1) or match.group(2)
        words = tokens(acronym)
        if acronym not in out and words and not any(retriever.used(w) for w in words) \
                and acronym.lower() not in retriever.acronyms and not countries_named(acronym):
            out.append(acronym)
    out += [name for name in _arrangement_names(question, retriever) if name not in out]
    for match in ROMAN_CATEGORY.finditer(question):
        numeral = match.group(1).upper()
        if numeral and numeral not in ("I", "II") and not retriever.mentions(f"category {numeral}"):
            out.append(f"Category {numeral}")
    return out


def unrecorded_sales(reading: Reading, retriever: Retriever) -> list[tuple[str, str]]:
    """(system, country code) for what happened to a named system and a named buyer ("has Japan bought the MQ-9B?")
    when neither a passage nor the system's catalogue notes name both: the sources record no such sale, so sentences
    about other buyers do not answer it."""
    if not reading.past_event:
        return []
    out = []
    for mention in reading.systems:
        system = mention.system
        naming = [retriever.passages[i] for i in np.flatnonzero(np.logical_or.reduce(
            [retriever.passages_containing(name) for name in (system.name, *system.aliases)]))]
        for country in reading.countries:
            if country.code in ("US", system.origin) or country.role not in ("destination", None):
                continue
            if country.code not in countries_named(system.notes) and \
                    not any(country.code in countries_named(p.text) for p in naming):
                out.append((system.name, country.code))
    return out
