"""Embeds for answers, verdicts, passages, systems and /about, all built through format.build_embed."""

from __future__ import annotations

from typing import Any

import discord

from bot import ADVISORY_NOTICE
from bot.chat.format import (
    FIELD_VALUE_LIMIT,
    build_embed,
    clip,
    escape_answer,
    escape_corpus,
    line_fields,
    link_safe,
    strip_sources,
)
from bot.rules.licence import CONFIRM, NON_US, NOT_CHECKED

VERDICT_COLOUR = {
    "denial-policy": discord.Colour.red(), "strong-presumption-of-denial": discord.Colour.orange(),
    "case-by-case": discord.Colour.gold(), "not-mtcr-controlled": discord.Colour.green(),
    "insufficient-data": discord.Colour.light_grey(),
}


def answer_embed(answer: dict[str, Any], case_id: str | None) -> discord.Embed:
    body, sources, footer = strip_sources(answer["answer"])
    verdict = answer.get("verdict") or {}
    title = verdict.get("headline") or ("uavex answer" if not answer.get("refused") else "uavex cannot help with that")
    fields = line_fields("Sources", [link_safe(escape_answer(line)) for line in sources])
    foot = f"{footer or ADVISORY_NOTICE}" + (f" · case {case_id}" if case_id else "")
    return build_embed(title, link_safe(escape_answer(body)), fields, foot,
                       colour=VERDICT_COLOUR.get(verdict.get("verdict", ""), discord.Colour.blurple()))


def decision_embed(d: dict[str, Any], case_id: str | None) -> discord.Embed:
    dest = d.get("destination") or {}
    lines = [f"**Exporter:** {d['exporter']} · **Destination:** {dest.get('name', 'not given')} · "
             f"**As of:** {d['as_of']}"]
    if d.get("system"):
        lines.append(f"**System:** {d['system']['name']} ({d['system']['origin']})")
    if d.get("us_treatment"):
        lines.append(f"**US treatment:** {d['us_treatment']}")
    if d.get("missing_detail"):
        lines.append("**Missing:** " + "; ".join(f"{m['fact']} — {m['why']}" for m in d["missing_detail"]))
    sources: list[str] = []

    def cite(ref: dict[str, Any]) -> int:
        line = f"{ref.get('label') or ref['title']} <{ref['url']}>"
        if line not in sources:
            sources.append(line)
        return sources.index(line) + 1

    why = "\n".join(f"• {s['finding']} [{cite(s['reference'])}] (from {s['effective']})" for s in d["trace"])
    fields = [*_jurisdiction_fields(d), ("Why", why or "—")]
    if d.get("margins"):
        fields.append(("Distance to thresholds", "\n".join(f"• {m['text']}" for m in d["margins"])))
    if d.get("warnings"):
        fields.append(("Warnings", "\n".join(f"• {w}" for w in d["warnings"])))
    if d.get("conditions"):
        fields.append(("Safeguards a sale would carry", "\n".join(
            f"• {c['condition']} [{cite(c['reference'])}]" for c in d["conditions"])))
    if d.get("other_controls") and not d.get("jurisdiction"):
        fields.append(("Other controls", "\n".join(f"• {o}" for o in d["other_controls"])))
    fields.append(("Sources", "\n".join(f"[{i}] {s}" for i, s in enumerate(sources, 1))))
    foot = f"Rules {d['rules_version']} · {ADVISORY_NOTICE}" + (f" · case {case_id}" if case_id else "")
    return build_embed(d["headline"], "\n".join(lines), fields, foot,
                       colour=VERDICT_COLOUR.get(d["verdict"], discord.Colour.blurple()))


_SETTLED = {True: "required", False: "not required under the reasons checked", None: "not settled"}


def _jurisdiction_fields(d: dict[str, Any]) -> list[tuple[str, str]]:
    """Short 'Jurisdiction' and 'Licence' fields (each clipped by build_embed to the field limit)."""
    out: list[tuple[str, str]] = []
    j, lic = d.get("jurisdiction"), d.get("licence")
    if j:
        head = f"**{j['entry']}** ({j['list']})" if j.get("entry") else "**not settled**"
        lines = [f"{head} · confidence {j['confidence']}", escape_corpus(j["basis"])]
        if j.get("missing"):
            lines.append("Needed: " + ", ".join(j["missing"]))
        lines.append(f"Next: {escape_corpus(j['next_step'])}")
        lines += [f"• {escape_corpus(q)}" for q in j.get("questions", [])[:3]]
        out.append(("Jurisdiction", "\n".join(lines)))
    if lic:
        head = f"**{_SETTLED[lic['required']]}**" + (f" · {lic['authority']}" if lic.get("authority") else "")
        lines = [f"{head} · confidence {lic['confidence']}"]
        reasons = [f"{r['reason']} {'✓' if r['applies'] else ('?' if r['applies'] is None else '✗')}"
                   for r in lic.get("reasons", [])]
        if reasons:
            lines.append("Reasons: " + ", ".join(reasons) + " (✓ licence needed, ✗ not for this destination)")
        if lic.get("missing"):
            lines.append("Needed: " + ", ".join(lic["missing"]))
        lines += [f"• Exception: {clip(escape_corpus(e), 220)}" for e in lic.get("exceptions", [])]
        notes = lic.get("notes", [])
        specific = [n for n in notes if n not in (NOT_CHECKED, NON_US, CONFIRM)]
        lines += [f"• {clip(escape_corpus(n), 220)}" for n in specific[:3]]
        always = ["Sanctions and restricted-party screening were not checked."]
        if NON_US in notes:
            always.append("US rules: they bind US-origin items and US content only.")
        if CONFIRM in notes:
            always.append("Some values are not verified in primary text: confirm.")
        lines.append("_" + " ".join(always) + "_")
        value = "\n".join(lines)
        if len(value) > FIELD_VALUE_LIMIT:  # keep the caveats (last line) when clipping
            value = clip("\n".join(lines[:-1]), FIELD_VALUE_LIMIT - len(lines[-1]) - 1) + "\n" + lines[-1]
        out.append(("Licence", value))
    return out


def passages_embed(query: str, passages: list[dict[str, Any]]) -> discord.Embed:
    fields = []
    for p in passages:
        flag = " (superseded)" if p.get("superseded") else ""
        name = f"[{p['rank']}] {escape_corpus(p['label'])}{flag}"
        value = f"{clip(escape_corpus(p['text']), 850)}\n<{p['url']}> · `{p['passage_id']}`"
        fields.append((name, value))
    if not fields:
        fields = [("No passage matched", "Try other words or an identifier such as 19.A.2.")]
    return build_embed(f"Passages: {escape_corpus(query)}", "Cite these in a memo with their labels and links.",
                       fields, ADVISORY_NOTICE)


def source_embed(passage: dict[str, Any]) -> discord.Embed:
    text = escape_corpus(passage["text"])
    successor = passage.get("superseded_by")
    meta = (f"**{escape_corpus(passage['title'])}** · {passage['kind']} · in effect from "
            f"{passage['effective']} · confidence {passage['confidence']}"
            + (f" · superseded by {successor}" if successor else ""))
    return build_embed(escape_corpus(passage["label"]), f"{meta}\n\n{text}", [("Source", f"<{passage['url']}>"),
                                                               ("Passage id", f"`{passage['id']}`")],
                       ADVISORY_NOTICE)


def system_embed(spec: dict[str, Any]) -> discord.Embed:
    def fig(key: str, unit: str) -> str:
        value = spec.get(key)
        return "not published (left empty)" if value is None else f"{value:g} {unit}"

    fields = [
        ("Class / origin", f"{spec['class']} · {spec['origin']} · {spec['manufacturer']}"),
        ("Payload / max take-off weight", f"{fig('max_payload_kg', 'kg')} · MTOW {fig('max_takeoff_weight_kg', 'kg')}"),
        ("Range", f"{fig('range_km', 'km')} (published figure measures: {spec['range_basis']})"),
        ("Endurance / speeds", f"{fig('endurance_h', 'h')} · max {fig('max_speed_kmh', 'km/h')} · cruise "
                               f"{fig('cruise_speed_kmh', 'km/h')}"),
        ("Spray capacity", fig("spray_capacity_l", "L")),
        ("Armed / autonomy", f"armed: {spec['armed']} · autonomous: {spec['autonomous']} · BVLOS: {spec['bvlos']}"),
        ("Notes", escape_corpus(spec.get("notes") or "—")),
        ("Sources", "\n".join(f"{s['title']} ({s['date']}) <{s['url']}>" for s in spec["sources"])),
    ]
    return build_embed(spec["name"], f"Aliases: {', '.join(spec['aliases']) or '—'} · catalogue confidence: "
                       f"{spec['confidence']}", fields, "Catalogue figures as published; " + ADVISORY_NOTICE)


def about_embed(info: dict[str, Any]) -> discord.Embed:
    fields = [(k.replace("_", " "), str(v)) for k, v in info.items()]
    return build_embed("About uavex", "UAV export-compliance assistant: MTCR rule engine and cited policy "
                       "passages.", fields, ADVISORY_NOTICE)
