"""Jinja2 rendering of answers and verdicts from the templates in prompts/ (strict: a missing variable raises)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from bot import ADVISORY_NOTICE
from bot.rules.cache import jinja_bytecode_cache
from bot.rules.decision import Decision

log = logging.getLogger(__name__)


def _link(url: str) -> str:
    """Wrap a URL in <...> so chat clients do not unfurl a preview."""
    return f"<{url}>" if url.startswith("http") else url


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "unknown"
    text = f"{round(value):,}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


@lru_cache(maxsize=4)
def environment(prompts_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir), undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False, bytecode_cache=jinja_bytecode_cache(),
        auto_reload=False,  # templates are read once per process: no stat of each template for every answer
    )
    env.filters["link"] = _link
    env.filters["num"] = _num
    env.globals["ADVISORY_NOTICE"] = ADVISORY_NOTICE
    return env


def render(prompts_dir: Path, template: str, **context: Any) -> str:
    text = environment(str(prompts_dir)).get_template(template).render(**context)
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:  # collapse runs of blank lines left by conditional blocks
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def decision_context(decision: Decision) -> dict[str, Any]:
    """The template context of a verdict: trace steps numbered against a deduplicated source list."""
    sources = decision.sources()
    index = {s["url"] + s["title"]: i + 1 for i, s in enumerate(sources)}
    steps = [{**t.as_dict(), "n": index[t.reference_url + t.reference_title]} for t in decision.trace]
    conditions = [{**c.as_dict(), "n": index[c.reference_url + c.reference_title]} for c in decision.conditions]
    data = decision.as_dict()
    return {"d": data, "steps": steps, "conditions": conditions, "sources": sources}


def render_decision(prompts_dir: Path, decision: Decision) -> str:
    return render(prompts_dir, "classify.md.j2", **decision_context(decision))
