"""Optional language-model synthesis (UAVEX_LLM_URL, an OpenAI-compatible chat-completions endpoint).

The reply replaces the extractive body only if every citation marker points to a passage that was sent and
every quoted span appears verbatim in one of them; otherwise the extractive answer stands and the reason is
logged. The rule-engine verdict line is always kept as the lead.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from bot.render import render

if TYPE_CHECKING:
    from bot.answer.composer import Answer
    from bot.retrieval.search import Hit
    from bot.rules.decision import Decision
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

_QUOTE = re.compile(r"\"([^\"]{6,})\"|“([^”]{6,})”")
_MARKER = re.compile(r"\[(\d+)\]")


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def validate(reply: str, passages: dict[int, str]) -> str | None:
    """None when the reply is grounded; otherwise the reason it is rejected."""
    markers = [int(m) for m in _MARKER.findall(reply)]
    if not markers:
        return "the reply cites no passage"
    unknown = sorted({m for m in markers if m not in passages})
    if unknown:
        return f"the reply cites passage(s) {unknown} that were not sent"
    bodies = [_normal(t) for t in passages.values()]
    for match in _QUOTE.finditer(reply):
        quoted = _normal(match.group(1) or match.group(2))
        if not any(quoted in body for body in bodies):
            return f"the quoted span {quoted[:60]!r} does not appear in the passages sent"
    return None


def call(url: str, model: str, messages: list[dict[str, str]], api_key: str | None, timeout: float) -> str:
    endpoint = url if url.rstrip("/").endswith("/chat/completions") else url.rstrip("/") + "/chat/completions"
    body = json.dumps({"model": model, "messages": messages, "temperature": 0}).encode()
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data: dict[str, Any] = json.loads(response.read())
    return str(data["choices"][0]["message"]["content"])


def synthesise(service: ComplianceService, answer: Answer, hits: list[Hit], decision: Decision | None) -> None:
    settings = service.settings
    if not settings.llm_url or not answer.citations:
        return
    passages = {c["n"]: c["text"] for c in answer.citations}
    context = {"question": answer.question, "citations": answer.citations,
               "verdict": decision.headline if decision else None,
               "trace": [f"{t.step}: {t.finding}" for t in decision.trace] if decision else [],
               "as_of": answer.as_of.isoformat()}
    messages = [{"role": "system", "content": render(settings.prompts_dir, "llm_system.md.j2")},
                {"role": "user", "content": render(settings.prompts_dir, "llm_user.md.j2", **context)}]
    try:
        reply = call(settings.llm_url, settings.llm_model, messages, settings.llm_api_key, settings.llm_timeout)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError) as exc:
        log.warning("language-model synthesis failed (%s); using the extractive answer", type(exc).__name__)
        answer.synthesis = "extractive (language model unavailable)"
        return
    reason = validate(reply, passages)
    if reason:
        log.warning("language-model reply rejected: %s; using the extractive answer", reason)
        answer.synthesis = f"extractive (language-model reply rejected: {reason})"
        return
    lead = answer.answer.split("\n", 1)[0] if decision else None
    answer.answer = render(settings.prompts_dir, "answer_llm.md.j2", lead=lead, body=reply.strip(),
                           sources=answer.citations, as_of=answer.as_of.isoformat(),
                           rules_version=answer.rules_version)
    answer.synthesis = "llm"
