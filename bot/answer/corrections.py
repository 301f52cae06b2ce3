"""Wrong premises corrected with the fact and its citation (units of the thresholds, 'the MTCR is a treaty', 'the
MTCR changed'), and the thresholds given in the units asked for. The sentences live in
``prompts/corrections.md.j2``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.answer.citations import Citations
from bot.answer.read import Reading
from bot.render import environment
from bot.units import fmt, from_canonical

if TYPE_CHECKING:
    from bot.service import ComplianceService


def _cite_doc(citations: Citations, doc_id: str, keyword: str) -> int | None:
    """Cite the first passage of ``doc_id`` that contains ``keyword``; None if the corpus has none."""
    if citations.retriever is None:
        return None
    for passage in citations.retriever.document_passages(doc_id):
        if keyword in passage.text.lower():
            return citations.passage(passage)
    return None


def _distances(km: float) -> dict[str, str]:
    """A distance in statute and nautical miles, as the corrections write them."""
    return {"miles": fmt(from_canonical(km, "distance", "miles"), "statute miles"),
            "nautical": fmt(from_canonical(km, "distance", "nautical miles"), "nautical miles")}


def corrections(service: ComplianceService, citations: Citations, reading: Reading, day: date) -> list[str]:
    macros = environment(str(service.settings.prompts_dir)).get_template("corrections.md.j2").module
    out: list[str] = []
    rules = service.rules
    if {"units", "other-units"} & set(reading.premises):
        payload, rng = rules.at("mtcr.category_i.payload_kg", day), rules.at("mtcr.category_i.range_km", day)
        cat_i = {"payload": fmt(payload.value, "kg"), "range": fmt(rng.value, "km"), "n": citations.value(payload, ""),
                 "pounds": fmt(from_canonical(payload.value, "mass", "lb"), "lb"), **_distances(rng.value)}
        if "units" in reading.premises:
            out.append(str(macros.units(**cat_i)).strip())  # type: ignore[attr-defined]
        else:
            cat2 = rules.at("mtcr.category_ii.range_km", day)
            second = _distances(cat2.value)
            out.append(str(macros.other_units(  # type: ignore[attr-defined]
                **cat_i, range2=fmt(cat2.value, "km"), miles2=second["miles"], nautical2=second["nautical"],
                n2=citations.value(cat2, ""))).strip())
    if "treaty" in reading.premises:
        marker = _cite_doc(citations, "mtcr-overview", "treaty")
        if marker:
            out.append(str(macros.treaty(n=marker)).strip())  # type: ignore[attr-defined]
    if "national-policy" in reading.premises:
        markers = [m for m in (_cite_doc(citations, "us-uas-policy-2020", "annex"),
                               _cite_doc(citations, "us-uas-policy-2025", "mtcr")) if m]
        if markers:
            out.append(str(macros.national_policy(ns=markers)).strip())  # type: ignore[attr-defined]
    return out
