"""Wrong premises corrected with the fact and its citation (units of the thresholds, 'the MTCR is a treaty', 'the
MTCR changed'), and the thresholds given in the units asked for. The sentences live in
``prompts/corrections.md.j2``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.answer.citations import Citations
from bot.answer.read import Reading
from bot.render import environment
from bot.units import fmt

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


def corrections(service: ComplianceService, citations: Citations, reading: Reading, day: date) -> list[str]:
    macros = environment(str(service.settings.prompts_dir)).get_template("corrections.md.j2").module
    out: list[str] = []
    rules = service.rules
    if "units" in reading.premises:
        payload, rng = rules.at("mtcr.category_i.payload_kg", day), rules.at("mtcr.category_i.range_km", day)
        n = citations.value(payload, "")
        out.append(str(macros.units(payload=fmt(payload.value, "kg"), range=fmt(rng.value, "km"),  # type: ignore[attr-defined]
                                    pounds=fmt(payload.value / 0.45359237, "lb"),
                                    miles=fmt(rng.value / 1.609344, "statute miles"),
                                    nautical=fmt(rng.value / 1.852, "nautical miles"), n=n)).strip())
    if "other-units" in reading.premises:
        payload, rng = rules.at("mtcr.category_i.payload_kg", day), rules.at("mtcr.category_i.range_km", day)
        cat2 = rules.at("mtcr.category_ii.range_km", day)
        out.append(str(macros.other_units(  # type: ignore[attr-defined]
            payload=fmt(payload.value, "kg"), range=fmt(rng.value, "km"), pounds=fmt(payload.value / 0.45359237, "lb"),
            miles=fmt(rng.value / 1.609344, "statute miles"), nautical=fmt(rng.value / 1.852, "nautical miles"),
            range2=fmt(cat2.value, "km"), miles2=fmt(cat2.value / 1.609344, "statute miles"),
            nautical2=fmt(cat2.value / 1.852, "nautical miles"), n=citations.value(payload, ""),
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
