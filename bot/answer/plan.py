"""The answer plan (``corpus/language/answer_plan.yaml``): points a question's words or its decided situation call for,
each answered by the best sentence of a fixed search, with its citation."""

from __future__ import annotations

import weakref
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.answer.citations import Citations
from bot.answer.folded import FoldedPattern
from bot.answer.parties import countries_named
from bot.answer.read import Reading
from bot.answer.select import choose_sentences
from bot.yamlstrict import load_language_data

if TYPE_CHECKING:
    from bot.retrieval.search import Retriever
    from bot.service import ComplianceService

# The plan's searches are fixed: each runs once per loaded index (weak keys: a replaced index drops its entries).
_PLAN_CACHE: weakref.WeakKeyDictionary[Retriever, dict[tuple[str, str], list[tuple[str, Any]]]] = \
    weakref.WeakKeyDictionary()


QUESTION_KEYS = {"asks", "service"}  # conditions on the question's own words, not on the decision's situation


@lru_cache(maxsize=4)
def answer_plan(path: Path) -> list[dict[str, Any]]:
    """The plan's points, those the question's own words call for (``asks``) first, their patterns compiled."""
    points = []
    raw = load_language_data(path.read_text(encoding="utf-8"))["points"]
    for point in sorted(raw, key=lambda p: not QUESTION_KEYS & p["when"].keys()):
        point = dict(point)
        for condition in ("when", "unless"):
            if point.get(condition):  # (the situation's values, the pattern on the question's words or None)
                wanted = dict(point[condition])
                asks = wanted.pop("asks", None)
                point[condition] = (tuple(wanted.items()), FoldedPattern(asks) if asks else None)
        points.append(point)
    return points


Condition = tuple[tuple[tuple[str, Any], ...], FoldedPattern | None]


def _holds(condition: Condition, situation: dict[str, Any], question: str, lowered: str) -> bool:
    """Whether every condition holds; the situation's values are compared before the pattern is searched."""
    wanted, asks = condition
    for key, value in wanted:
        if situation.get(key) != value:
            return False
    return asks is None or asks.search(question, lowered)


def plan_points(service: ComplianceService, retriever: Retriever, citations: Citations, reading: Reading,
                situation: dict[str, Any], limit: int = 3, leads: list[str] | None = None,
                asides: list[str] | None = None) -> list[str]:
    """The plan's points whose conditions hold, each the best sentence for its search with its [n] marker; the texts
    of points marked ``lead`` (they answer the question their ``asks`` pattern matches) are also put in ``leads``, and
    those marked ``aside`` (they belong with an account of what is asked, not in its place) in ``asides``."""
    out: list[str] = []
    points = answer_plan(service.settings.corpus_dir / "language" / "answer_plan.yaml")
    question, lowered = reading.question, reading.question.lower()
    cache = _PLAN_CACHE.setdefault(retriever, {})
    asked = {c.code for c in reading.countries}
    # a point the question's own words call for (a premise to correct) before one the situation calls for (the
    # plan's order)
    for point in points:
        if len(out) >= limit:
            break
        if not _holds(point["when"], situation, question, lowered):
            continue
        if point.get("unless") and _holds(point["unless"], situation, question, lowered):
            continue
        key = (point["find"], point.get("doc") or "")
        if key not in cache:
            hits = retriever.search(point["find"], k=6)
            if point.get("doc"):
                hits = [h for h in hits if h.passage.doc_id == point["doc"]] or hits
            cache[key] = [(c.sentence, c.hit.passage)
                          for c in choose_sentences(point["find"], hits[:4], retriever.idf, 3)]
        for sentence, passage in cache[key]:  # the best candidate not about another country than the one asked
            named = countries_named(sentence)
            if asked and named and not named & asked:
                continue
            point_text = f"{sentence} [{citations.passage(passage, sentence)}]"
            if point_text not in out:
                out.append(point_text)
                if point.get("lead") and leads is not None:
                    leads.append(point_text)
                if point.get("aside") and asides is not None:
                    asides.append(point_text)
            break
    return out
