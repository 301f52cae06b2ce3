"""What a question names that no indexed passage mentions: a regulation section, list entry or statute ("126.5",
"9A515") or an acronym put as the name of a rule or an arrangement ("the AUKUS exemption"). The answer says so before
the closest guidance, instead of letting unrelated sentences pass for an answer about it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer.parties import countries_named
from bot.answer.sentences import tokens
from bot.retrieval.identifiers import identifiers

if TYPE_CHECKING:
    from bot.retrieval.search import Retriever

# an acronym typed as the name of a rule or an arrangement: "the AUKUS exemption", "under HCOC rules", "what is CTR?"
NAMED_ACRONYM = re.compile(r"\b([A-Z]{3,6})\s+(?:\w+\s+)?(?:exemptions?|exceptions?|treaty|agreements?|pact|rules?|"
                           r"regime|program(?:me)?|code|list|partnership|initiative|framework|arrangement|convention|"
                           r"waivers?|licen[cs]es?|carve-?outs?)\b|"
                           r"\b(?:what(?:['’]s|\s+is|\s+are)|explain|under\s+the|does\s+the)\s+([A-Z]{3,6})\b")


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
    return out
