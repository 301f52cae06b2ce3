"""The term a definition question asks about: "what is a UAV?", "define catch-all", "explain BVLOS", "what does
case-by-case mean?", "how is payload defined?", "how does the MTCR define range?", "what's a DSP-5 used for?", "what
does DDTC do?" (what a thing is for, or does, says what it is). Search routes such a question to the passages headed
by the term (bot/retrieval/headings.py)."""

from __future__ import annotations

import functools
import re

from bot.answer.framing import PREAMBLE

_QUOTED = r"[\"'‘“]?(?P<term>[^?\"“”‘’]{1,40}?)[\"'’”]?"
_ARTICLE = r"(?:an?\s+|the\s+)?(?:term\s+|word\s+|phrase\s+)?"
# "... under the ITAR?", "... for export purposes?": where the term is used, not part of it
_END = r"(?:\s+(?:under|in|for|per|according\s+to)\s+(?:the\s+)?[\w.§ -]{2,40}?)?\s*[?.!]*\s*$"
TERM_QUESTIONS = [re.compile(pattern, re.I) for pattern in (
    rf"\b(?:definition|meaning)\s+of\s+{_ARTICLE}{_QUOTED}{_END}",
    # "what's a DSP-5 used for?", "what is the EAR99 designation for?": what a thing is for says what it is
    rf"^\s*(?:so\s+|and\s+)?what(?:'?s|\s+is|\s+are)\s+{_ARTICLE}{_QUOTED}\s+(?:used\s+|needed\s+)?for\s*[?.!]*\s*$",
    rf"^\s*(?:so\s+|and\s+)?what(?:'?s|\s+is|\s+are)\s+{_ARTICLE}{_QUOTED}{_END}",
    rf"^\s*(?:please\s+)?define\s+{_ARTICLE}{_QUOTED}{_END}",
    # "explain BVLOS", "can you explain the 600 series?"; not "explain why/how ...", which ask for reasons
    rf"^\s*(?:(?:can|could)\s+you\s+)?(?:please\s+)?explain\s+(?!(?:why|how|what|when|where|whether|if|who)\b)"
    rf"{_ARTICLE}{_QUOTED}{_END}",
    rf"^\s*how\s+(?:do|does)\s+(?:the\s+)?[\w.§ ]{{2,30}}?\s+define\s+{_ARTICLE}{_QUOTED}{_END}",
    rf"^\s*how\s+(?:exactly\s+)?(?:is|are)\s+{_ARTICLE}{_QUOTED}\s+defined\b",
    # "what does the ITAR control?", "what does 9A012 cover?": the entry headed by the term says what it covers
    rf"^\s*what\s+(?:does|do)\s+{_ARTICLE}{_QUOTED}\s+(?:mean|stand\s+for|control|cover|regulate|govern)\b",
    # "what does DDTC do?": what an office or a rule does says what it is
    rf"^\s*what\s+(?:exactly\s+)?(?:does|do)\s+{_ARTICLE}{_QUOTED}\s+do\s*[?.!]*\s*$",
    rf"^\s*what\s+is\s+meant\s+by\s+{_ARTICLE}{_QUOTED}{_END}",
    rf"^\s*what\s+(?:counts|qualifies)\s+as\s+{_ARTICLE}{_QUOTED}{_END}",
)]


# "what's an ECCN and how do I find mine?": a second question joined to the first is not part of the term
NEXT_QUESTION = re.compile(r",?\s+(?:and|but|or)\s+(?=(?:how|what|when|where|who|which|why|is|are|was|were|does|do|did|"
                           r"can|could|should|would|will)\b)", re.I)


@functools.lru_cache(maxsize=4096)  # an answer asks it of the same question in several steps
def defined_term(question: str) -> str | None:
    """The term ``question`` (its first question, when it joins two; after a short label ending in a colon) asks the
    meaning of, as written; None for any other question."""
    question = NEXT_QUESTION.split(question, maxsplit=1)[0]
    # "export controls for beginners: what is an ECCN?": a label before a colon names the topic, not the term
    for text in dict.fromkeys((question, PREAMBLE.sub("", question, count=1))):
        for pattern in TERM_QUESTIONS:
            match = pattern.search(text)
            if match and match.group("term").strip():
                return match.group("term").strip()
    return None
