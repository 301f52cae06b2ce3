"""What a passage sentence is like, whatever the question (step 4's per-sentence facts): its penalty as a lead
(fragments, notes about sources, pronouns with nothing to lean on, uncertain or recalled facts), its words and
countries, what follows it or what it leans on, the name it spells out, what it sets aside, the kinds of answer it
gives and the term it defines. Computed once per passage text; bot/answer/select.py scores them per question."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.answer.answer_kinds import ASKS
from bot.answer.parties import countries_named
from bot.answer.sentences import tokens
from bot.sentence_split import list_introductions, split_sentences

META = re.compile(r"^(?:status of|note|this document|see |sources?\b|summary\b|open questions?|the (?:next|same|"
                  r"previous|following|last|first) (?:section|paragraph|entry|part|document)|this (?:section|"
                  r"paragraph|entry|part)|in (?:this|the next) section|uavex note|"
                  r"(?:it|this|the article) should (?:never|not) be cited)", re.I)
SOURCING = re.compile(r"^(?:the|these|this|its?)\s+(?:[\w'’-]+\s+){0,3}(?:are|is|was|were)\s+(?:not\s+)?(?:verified|"
                      r"checked|taken|read|confirmed)(?:\s+(?:from|against|in|on|by|for)\b|\s*[(.])|"
                      r"^(?:the|its?)\s+(?:[\w'’-]+\s+){0,6}(?:was\s+not\s+checked\s+and\s+)?may\s+differ\b", re.I)
# about how a fact was sourced (or that it was not read; "the effective date ... may differ": a hedge on a date)
# a note in the corpus on what uavex's rule engine should do with a fact ("A rule engine should not infer ...")
ENGINE_NOTE = re.compile(r"\brule engine\b|\bthe engine\s+(?:should|must|can|needs?|will)\b|^further consequences\b",
                         re.I)
UNSURE = re.compile(r"\buncertain\b|\bnot verified\b", re.I)
GUESSED = re.compile(r"\bunverified\b|\bfrom recall\b|\brecalled\b", re.I)
POINTER = re.compile(r'^See\s+"[^"]+"(?:(?:,\s*|\s+and\s+)"[^"]+")*\.?$')  # a cross-reference, nothing more
CONTINUES = re.compile(r"^(?:It|They)\s+(?:covers?|controls?|includes?|applies|apply|means?|lists?|requires?)\b")
# leans on the sentence before: a pronoun, or a phrase pointing back ("According to that note", "Under this pattern")
PRONOUN_START = re.compile(r"^(?:(?:according\s+to|under|in|per|from)\s+)?"
                           r"(?:it|this|these|those|they|its|their|that|such|both|the (?:same|first|second|third|"
                           r"former|latter|other)|second(?:ly)?|third(?:ly)?|finally)\b", re.I)
# '"Payload" is ...', 'Section 36(b) covers ...', 'DSP-5 — permanent export of ...': a sentence that defines its
# opening term
DEFINES = re.compile(r"^(?:[Aa]n?\s+|[Tt]he\s+)?[\"“']?([A-Za-z][\w\s().-]{0,30}?)[\"”']?(?:\s+"
                     r"(?:is|are|means|refers\s+to|covers)\b|\s+[—–]\s)")

ORPHAN = 0.2  # a pronoun start with nothing before it to say who "they" are


SUBJECT = re.compile(r"(?:The\s+)?([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)\s+(?:asks?|covers?|is|are|applies|controls?)\b")


def _elaboration(sentence: str, after: list[str]) -> list[str]:
    """The next sentences that go on about the subjects the sentence names, one each ("Wassenaar and the MTCR answer
    different questions. The MTCR asks ... Wassenaar asks ...")."""
    out: list[str] = []
    for following in after:
        subject = SUBJECT.match(following)
        if not subject or subject.group(1) not in sentence:
            break
        out.append(following)
    return out


# an identifier a sentence names only to set it aside: "... not already caught by 1.A.2 or 19.A.2", "not in 9A012"
SET_ASIDE = re.compile(r"\b(?:not|other\s+than|except|excluding)\b(?:\W+[\w.]+){1,8}", re.I)


def _set_aside(sentence: str) -> frozenset[str]:
    """The identifiers (words with a digit) a sentence names only in what it sets aside."""
    aside = {t for span in SET_ASIDE.findall(sentence) for t in tokens(span) if any(ch.isdigit() for ch in t)}
    return frozenset(aside - tokens(SET_ASIDE.sub(" ", sentence))) if aside else frozenset()


def _gives(sentence: str) -> tuple[bool, ...]:
    """Which kinds of answer in ASKS a sentence gives (a period, a year, ...)."""
    return tuple(bool(answer.search(sentence)) for _, answer in ASKS)


@dataclass(frozen=True)
class Traits:
    """What a passage sentence is like, whatever the question: computed once per passage text."""
    sentence: str
    penalty: float  # fragments, notes about sources, pronoun starts, uncertain or recalled facts
    words: frozenset[str]
    countries: frozenset[str]
    following: str  # the next sentence(s) when they go on about the same subject ("It covers ...")
    previous: str  # the sentence before, when this one leans on it ("They set ...")
    spelled: str  # the initials of a name the sentence opens with ("The Missile Technology Control Regime" -> "mtcr")
    aside: frozenset[str]  # identifiers it names only to set them aside ("not already caught by 19.A.2")
    gives: tuple[bool, ...]  # which kinds of answer in ASKS it gives (a period, a year, ...)
    pointer: bool  # a cross-reference, nothing more ('See "MTCR overview".')
    defines: str | None  # the term it opens by defining ('"Payload" is ...'), if any
    headed: bool  # that term heads a list item ("DSP-5 — permanent export of ...")
    engine_note: bool = False  # a note to the rule engine, or a sentence leaning on one: never quoted


NAME_OPENING = re.compile(r"^(?:The\s+)?([A-Z][a-z]+(?:\s+(?:(?:of|and|for|on|in|the)\s+)*[A-Z][a-z]+){1,6})"
                          r"(?=\s*\(|,|\s+(?:is|are|was|dates|means)\b)")
NAME_LINKS = {"of", "and", "for", "on", "in", "the"}


def _initials(sentence: str) -> str:
    """The initials of the name a sentence opens with, when it is followed by a definition or apposition ("The
    Missile Technology Control Regime, an informal ..." -> "mtcr"); "" otherwise."""
    match = NAME_OPENING.match(sentence)
    if match is None:
        return ""
    words = [w for w in match.group(1).split() if w.lower() not in NAME_LINKS]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


MAX_LIST_ITEMS = 10  # how far back a sentence after a list looks for the list's introduction


def _antecedent(sentences: list[str], position: int) -> str:
    """The sentence a sentence at ``position`` follows; after a list ("These track ..."), the one that introduces
    the list, not its last item ("- whether a contract existed ...")."""
    before = position - 1
    while before > 0 and sentences[before][:1].islower() and position - before <= MAX_LIST_ITEMS:
        before -= 1
    return sentences[before] if before >= 0 else ""


@functools.lru_cache(maxsize=2048)
def passage_traits(text: str) -> tuple[Traits, ...]:
    """The traits of each sentence of a passage's text, in order."""
    sentences = split_sentences(text)
    introductions = list_introductions(text)
    out = []
    for position, sentence in enumerate(sentences):
        penalty = -0.01 * position
        following = sentences[position + 1] if position + 1 < len(sentences) else ""
        if len(sentence.split()) < 6 or META.search(sentence) or SOURCING.search(sentence) \
                or sentence in introductions:
            penalty -= 0.5
        if sentence[:1].islower():  # a list item or a fragment cut from its sentence
            penalty -= 0.5
        pronoun = bool(PRONOUN_START.search(sentence))
        if pronoun:
            penalty -= 0.1
        if UNSURE.search(sentence):
            penalty -= 0.05
        if GUESSED.search(sentence):  # a list or figure from memory: never the answer's lead if avoidable
            penalty -= 0.2
        before = _antecedent(sentences, position)
        leans = bool(before) and pronoun and len(before.split()) <= 40 \
            and not PRONOUN_START.search(before)  # the sentence before must say who "they" are
        if pronoun and not leans:
            penalty -= ORPHAN  # "It did not sign ..." with nothing to say what "it" is
        term = DEFINES.match(sentence)
        out.append(Traits(sentence, penalty, frozenset(tokens(sentence)), frozenset(countries_named(sentence)),
                           following if CONTINUES.search(following) else
                           " ".join(_elaboration(sentence, sentences[position + 1:position + 3])),
                           before if leans else "", _initials(sentence), _set_aside(sentence),
                           _gives(sentence), bool(POINTER.match(sentence)), term.group(1) if term else None,
                           term is not None and not term.group(0)[-1].isalpha(),
                           bool(ENGINE_NOTE.search(sentence) or (leans and ENGINE_NOTE.search(before)))))
    return tuple(out)
