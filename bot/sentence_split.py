"""Passage text split into sentences: shared by retrieval (which source each sentence draws on) and answering
(which sentences to quote)."""

from __future__ import annotations

import functools
import re

ABBREVIATIONS = ("U.S.", "U.K.", "U.N.", "e.g.", "i.e.", "No.", "Art.", "Inc.", "Co.", "vs.", "St.", "Dr.", "Mr.",
                 "Ms.", "Rep.", "Sen.", "Gen.", "Gov.", "Corp.", "Ltd.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.",
                 "Oct.", "Nov.", "Dec.", "para.", "Pub.", "L.")


LIST_LABEL = re.compile(r"^\*\*([^*\n]{2,80}?)\.\*\*\s+")


def _raw_sentences(text: str) -> list[str]:
    out: list[str] = []
    blocks = re.split(r"\n\s*(?:[-*]|\d{1,2}[.)])\s+|\n\s*\n", "\n" + text)  # ("2025) says": a wrapped line, no item)
    for block in blocks:
        block = LIST_LABEL.sub(r"\1: ", block.strip())  # "**End-use assurances.** The recipient ..." keeps its label
        flat = " ".join(block.replace("**", "").replace("__", "").split())
        for abbreviation in ABBREVIATIONS:
            flat = flat.replace(abbreviation, abbreviation.replace(".", "\x00"))
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z(\"“'])", flat):
            part = part.replace("\x00", ".").strip().rstrip(";")
            if len(part.split()) >= 5:
                out.append(part)
    return out


def _finish(sentence: str) -> str:
    if sentence.endswith(":"):  # a list's introduction ("... in its FAQ 238 (verified):") ends as a sentence
        return sentence.rstrip(":").rstrip() + "."
    return sentence if sentence[-1] in ".!?)\"”" else sentence + "."


def split_sentences(text: str) -> list[str]:
    """Sentences, with Markdown list items and emphasis treated as plain sentences."""
    return list(_split_cached(text)[0])


def list_introductions(text: str) -> frozenset[str]:
    """The sentences of ``text`` (as split_sentences gives them) that introduce a list: written ending in a colon
    ("All 35 MTCR partners, in alphabetical order:"), they say little without the items that follow."""
    return _split_cached(text)[1]


@functools.lru_cache(maxsize=4096)  # a passage is split again for every question that retrieves it
def _split_cached(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    raw = _raw_sentences(text)
    return tuple(_finish(s) for s in raw), frozenset(_finish(s) for s in raw if s.endswith(":"))
