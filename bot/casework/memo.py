"""The memo for counsel: what was understood (each figure with its basis), the verdict, the full trace with each
rule's value, effective date, confidence and official link, the passages quoted with their pinpoint labels, the
as-of date, rules version and index manifest, and the reviewer block. Markdown from prompts/case_memo.md.j2; the
PDF is rendered from that same Markdown (bot/casework/pdf.py)."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from bot.cases import CaseRecord, content_hash, md_inline
from bot.casework.compare import decision_of
from bot.retrieval.passages import Passage, passage_by_label, passages_for

if TYPE_CHECKING:
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

# fact -> (what it is, unit); units are the engine's canonical ones (km, kg, km/h, h, L)
FACTS = {"range_km": ("range", "km"), "range_basis": ("what the range measures", ""),
         "payload_kg": ("payload", "kg"), "range_at_500kg_km": ("range while carrying 500 kg", "km"),
         "max_speed_kmh": ("maximum airspeed", "km/h"), "endurance_h": ("endurance", "h"),
         "cruise_speed_kmh": ("cruise speed", "km/h"), "aerosol_l": ("aerosol system capacity", "L"),
         "mtow_kg": ("maximum take-off weight", "kg"),
         "autonomous": ("autonomous flight control", ""), "bvlos": ("flight beyond direct vision", "")}
# fact -> the classify input it was typed into
TYPED = {"range_km": "range", "range_basis": "range_basis", "payload_kg": "payload",
         "range_at_500kg_km": "range_at_500kg", "max_speed_kmh": "speed", "endurance_h": "endurance",
         "cruise_speed_kmh": "cruise_speed", "aerosol_l": "aerosol", "autonomous": "autonomous", "bvlos": "bvlos",
         "mtow_kg": "mtow"}
QUOTE_LIMIT = 900


def _value(value: Any, unit: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        text = f"{round(value):,}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"
        return f"{text} {unit}".strip()
    return md_inline(value)


def _basis(record: CaseRecord, decision: dict[str, Any], fact: str, origin: str) -> str:
    system = decision.get("system") or {}
    if origin == "input":
        typed = record.inputs.get(TYPED.get(fact, ""))
        return f"as typed: {md_inline(typed)}" if typed is not None else "stated in the question"
    if origin == "catalogue":
        return f"uavex catalogue entry (confidence {system.get('confidence')}; sources below)"
    if origin == "assumed":
        return "assumed by uavex (see warnings)"
    if origin == "estimate":
        return "estimated by uavex (see warnings)"
    return md_inline(origin)


def understood(record: CaseRecord, decision: dict[str, Any] | None) -> list[dict[str, str]]:
    """What was understood: each fact the engine used, its value and where it came from."""
    if decision is None:
        return []
    rows: list[dict[str, str]] = []
    system = decision.get("system")
    if system:
        typed = record.inputs.get("system")
        rows.append({"what": "system", "value": md_inline(system.get("name")),
                     "basis": f"catalogue entry {md_inline(system.get('id'))}"
                              + (f", matched from {md_inline(typed)}" if typed else "")})
    for fact, entry in (decision.get("facts") or {}).items():
        what, unit = FACTS.get(fact, (fact, ""))
        rows.append({"what": what, "value": _value(entry.get("value"), unit),
                     "basis": _basis(record, decision, fact, str(entry.get("origin")))})
    rows.append({"what": "exporter", "value": md_inline(decision.get("exporter")),
                 "basis": f"as typed: {md_inline(record.inputs['exporter'])}" if record.inputs.get("exporter")
                 else "default (US)" if record.kind == "classify" else "read from the question"})
    destination = decision.get("destination")
    if destination:
        rows.append({"what": "destination", "value": md_inline(f"{destination.get('name')} "
                                                               f"({destination.get('country')})"),
                     "basis": f"as typed: {md_inline(record.inputs['destination'])}"
                     if record.inputs.get("destination") else "read from the question"})
    if record.inputs.get("end_use"):
        rows.append({"what": "end use", "value": md_inline(record.inputs["end_use"]), "basis": "as typed"})
    return rows


def _corpus_passages(service: ComplianceService) -> dict[str, list[Passage]]:
    from bot.retrieval.documents import load_corpus

    documents, _ = load_corpus(service.settings.documents_dir)
    return {d.meta.id: passages_for(d) for d in documents}


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[: QUOTE_LIMIT - 1] + "…"


def quoted(service: ComplianceService, record: CaseRecord, decision: dict[str, Any] | None) -> list[dict[str, str]]:
    """The passages relied on, quoted with their pinpoint labels: an answer's citations as recorded; for a
    classification, the corpus passage each trace reference names (when the corpus has it)."""
    out: list[dict[str, str]] = []
    for c in record.result.get("citations") or []:
        out.append({"label": str(c.get("label") or c.get("title")), "title": str(c.get("title")),
                    "url": str(c.get("url")), "text": _clip(str(c.get("text") or "")),
                    "hash": content_hash(str(c.get("text") or ""))})
    if out or decision is None:
        return out
    corpus: dict[str, list[Passage]] | None = None
    seen: set[str] = set()
    for step in decision.get("trace") or []:
        ref = step.get("reference") or {}
        if not ref.get("doc") or not ref.get("label") or ref["doc"] + ref["label"] in seen:
            continue
        seen.add(ref["doc"] + ref["label"])
        corpus = corpus if corpus is not None else _corpus_passages(service)
        passage = passage_by_label(corpus.get(ref["doc"], []), ref["label"])
        if passage is not None:
            out.append({"label": passage.label, "title": passage.title, "url": str(ref.get("url") or passage.url),
                        "text": _clip(passage.text), "hash": content_hash(passage.text)})
    return out


def manifest(service: ComplianceService, record: CaseRecord) -> dict[str, Any]:
    """The index manifest the case was answered with: its hash, and the current index's details when it matches."""
    info: dict[str, Any] = {"hash": record.index_manifest_hash, "matches": None, "built_at": None, "model": None,
                            "passages": None}
    if not record.index_manifest_hash:
        return info
    from bot.retrieval.store import current_dir

    folder = current_dir(service.settings.index_dir)
    path = folder / "manifest.json" if folder is not None else None
    if path is None or not path.exists():
        return info
    text = path.read_text()
    info["matches"] = content_hash(text) == record.index_manifest_hash
    if info["matches"]:
        data = json.loads(text)
        info.update(built_at=data.get("built_at"), model=data.get("model"), passages=data.get("passages"))
    return info


def memo_context(service: ComplianceService, record: CaseRecord) -> dict[str, Any]:
    decision = decision_of(record)
    trace = [{**s, "value": _value(s.get("value"), "") if isinstance(s.get("value"), str | int | float | bool)
              else md_inline(json.dumps(s.get("value"), ensure_ascii=False))}
             for s in (decision or {}).get("trace") or []]
    warnings = [md_inline(w) for w in (decision or {}).get("warnings") or []]
    missing = [{"fact": md_inline(m.get("fact")), "why": md_inline(m.get("why"))}
               for m in (decision or {}).get("missing_detail") or []]
    understood_lines = [md_inline(part) for u in record.result.get("understood") or []
                        for part in (u.get("figures") or [])]
    return {"case": record.memo_view(), "decision": decision, "understood": understood(record, decision),
            "figures_read": understood_lines, "trace": trace, "warnings": warnings, "missing": missing,
            "passages": quoted(service, record, decision),
            "manifest": manifest(service, record), "current_rules": service.rules.version,
            "catalogue_sources": ((decision or {}).get("system") or {}).get("sources") or []}


def render_memo(service: ComplianceService, record: CaseRecord) -> str:
    from bot.render import render

    return render(service.settings.prompts_dir, "case_memo.md.j2", **memo_context(service, record))
