"""Passages headed by a term ("## UAS/UAV", "## Case-by-case", "## ECCN"): a question asking what the term means is
routed to them, as a question naming an identifier is routed to the passage whose label names it. This finds the
definition of a term too common to stand out by its words ("what is a UAV?") or written differently ("what does
case by case mean?")."""

from __future__ import annotations

import re

from bot.retrieval.passages import Passage, heading_label

# a defined term followed by the kind of thing it is: "a MALE drone" asks about the term "MALE"
HEAD_NOUNS = ("drones", "drone", "uavs", "uav", "uas", "systems", "system", "aircraft")
# a term qualified by the regime it belongs to: "the MTCR Guidelines" asks about the term "Guidelines"
REGIMES = ("mtcr", "itar", "ear")
PER_TERM = 2  # passages routed for one term at most
# headings that name a part of a document, not a term: "what is the overview?" asks nothing of the corpus
STRUCTURAL = frozenset({"overview", "introduction", "scope", "background", "summary", "conclusion", "conclusions",
                        "notes", "purpose", "contents", "sources"})


def normal_term(text: str) -> str:
    """Lower case, hyphens and runs of spaces as one space, no quotes or end punctuation: 'Case-by-case' and
    'case by case' are one term."""
    text = re.sub(r"[\"“”‘’'`*]", "", text.lower())
    return " ".join(re.sub(r"[-–—]", " ", text).split()).strip(" .,;:?!")


def term_variants(term: str) -> list[str]:
    """The forms of an asked term a heading may use: as asked, without the regime that qualifies it, in the singular,
    without a trailing head noun, and a hyphenated term written as one word."""
    base = normal_term(term)
    out = [base]
    words = base.split()
    if len(words) > 1 and words[0] in REGIMES:
        words = words[1:]
        out.append(" ".join(words))
    if len(words) > 1 and words[-1] in HEAD_NOUNS:
        out.append(" ".join(words[:-1]))
    for form in list(out):
        if form.endswith("s") and not form.endswith("ss") and len(form) > 3:
            out.append(form[:-1])
    if re.search(r"[-–—]", term):  # "re-export", "re-transfer": the headings write "Reexport", "Retransfer"
        out += [form.replace(" ", "") for form in out]
    return [form for form in dict.fromkeys(out) if form]


ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}")
SPELLED_WITHIN = 400  # characters of a passage in which its heading's acronym is spelled out
LINKS = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})


def heading_terms(passage: Passage) -> list[str]:
    """The terms a passage's heading names: each alternative of 'UAS/UAV'; none for a page of a PDF. A heading that
    is an acronym also names what it stands for, as the heading or the passage spells it out ("MTEC: The interagency
    Missile Technology Export Control Group" heads "missile technology export control (group)")."""
    if not passage.section or passage.page is not None:
        return []
    heading = heading_label(passage.section[-1])
    alternatives = heading.split("/") if " " not in heading else [heading]  # "UAS/UAV", not "below 800 km/h"
    spelled = [name for acronym in alternatives if ACRONYM.fullmatch(acronym)
               for name in spelled_out(acronym, f"{passage.section[-1]} {passage.text[:SPELLED_WITHIN]}")]
    return [term for term in map(normal_term, [*alternatives, *spelled]) if term and term not in STRUCTURAL]


def spelled_out(acronym: str, text: str) -> list[str]:
    """The first run of words in ``text`` whose initials (link words such as "of" aside) spell ``acronym``, alone
    and with the capitalised word that follows it; none if no run does."""
    words = re.findall(r"[A-Za-z][\w'’-]*|&", text)
    letters = acronym.upper()
    for start, word in enumerate(words):
        if word[0].upper() != letters[0] or word.lower() in LINKS:
            continue
        initials, end = "", start
        while end < len(words) and len(initials) < len(letters):
            if words[end].lower() not in LINKS or end == start:
                initials += words[end][0].upper()
            end += 1
        if initials == letters:
            run = " ".join(words[start:end])
            following = words[end] if end < len(words) and words[end][:1].isupper() \
                and words[end].upper() != letters else ""
            return [run, f"{run} {following}"] if following else [run]
    return []


def heads(passage: Passage, term: str) -> bool:
    """Whether ``passage`` is headed by ``term`` (in any of its forms)."""
    return bool(set(term_variants(term)) & set(heading_terms(passage)))


class HeadingIndex:
    """Each passage's heading (each of its alternatives: 'UAS/UAV' heads both 'uas' and 'uav'), normalised once."""

    def __init__(self, passages: list[Passage]) -> None:
        by_term: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            for term in heading_terms(passage):
                by_term.setdefault(term, []).append(i)
        # current before superseded, then the shorter label (the document given to the term), then corpus order
        self._by_term = {term: sorted(found, key=lambda i: (passages[i].superseded_by is not None,
                                                            len(passages[i].label), i))
                         for term, found in by_term.items()}

    def headed(self, term: str) -> list[int]:
        """The passages headed by ``term`` in the first of its forms that heads any."""
        for form in term_variants(term):
            if form in self._by_term:
                return self._by_term[form][:PER_TERM]
        return []
