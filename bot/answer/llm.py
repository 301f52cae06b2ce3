"""Optional language-model synthesis (UAVEX_LLM_URL, an OpenAI-compatible chat-completions endpoint).

The reply replaces the extractive body only if every citation marker points to a passage that was sent and
every quoted span appears verbatim in one of them; otherwise the extractive answer stands and the reason is
logged. The rule-engine verdict line is always kept as the lead.
"""

from __future__ import annotations

import json
import logging
import re
import threading
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

MAX_REPLY_CHARS = 8000  # a grounded answer is a few paragraphs; anything longer is rejected
MAX_RESPONSE_BYTES = 256_000  # never read more than this from the server
# Quoted spans in every common style: "…", “…”, ‘…’, '…' (not apostrophes), «…», „…“ / „…”, and > block quotes.
_QUOTE = re.compile(r"\"([^\"\n]{6,}?)\"|“([^”\n]{6,}?)”|‘([^’\n]{6,}?)’|(?<!\w)'([^'\n]{6,}?)'(?!\w)|"
                    r"«\s*([^»\n]{6,}?)\s*»|„([^“”\n]{6,}?)[“”]")
_BLOCK_QUOTE = re.compile(r"^[ \t]*>+[ \t]?(.+)$", re.M)
_MARKER = re.compile(r"\[(\d+)\]")
# Phrases that state a verdict. A reply may only state the engine's own verdict (or, with no sale described,
# a verdict phrase that appears in a passage sent).
VERDICT_CLAIMS: dict[str, re.Pattern[str]] = {
    "not-mtcr-controlled": re.compile(r"\bnot\s+(?:mtcr[\s-]*controlled|controlled\s+(?:by|under)\s+the\s+mtcr|"
                                      r"(?:subject\s+to|covered\s+by)\s+the\s+mtcr)|\boutside\s+(?:the\s+)?mtcr\b",
                                      re.I),
    "denial-policy": re.compile(r"\bdenial\s+policy\b|\bpolicy\s+of\s+denial\b", re.I),
    "strong-presumption-of-denial": re.compile(r"\bstrong\s+presumption\s+of\s+denial\b", re.I),
    "case-by-case": re.compile(r"\bcase[\s-]+by[\s-]+case\b", re.I),
}


class MalformedReply(ValueError):
    """The server's reply is not a chat-completions object with a text message."""


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).lower()


def _quotes(reply: str) -> list[str]:
    spans = [next(g for g in m.groups() if g) for m in _QUOTE.finditer(reply)]
    lines = [m.group(1) for m in _BLOCK_QUOTE.finditer(reply)]
    return spans + [line for line in lines if len(line.strip()) >= 6]


def validate(reply: str, passages: dict[int, str], verdict: str | None = None) -> str | None:
    """None when the reply is grounded; otherwise the reason it is rejected. ``verdict`` is the rule engine's
    verdict when a sale was described (None otherwise)."""
    if len(reply) > MAX_REPLY_CHARS:
        return f"the reply is too long ({len(reply):,} characters, at most {MAX_REPLY_CHARS:,})"
    markers = [int(m) for m in _MARKER.findall(reply)]
    if not markers:
        return "the reply cites no passage"
    unknown = sorted({m for m in markers if m not in passages})
    if unknown:
        return f"the reply cites passage(s) {unknown} that were not sent"
    bodies = [_normal(t) for t in passages.values()]
    for span in _quotes(reply):
        quoted = _normal(span).strip(" .,;:")
        if not any(quoted in body for body in bodies):
            return f"the quoted span {quoted[:60]!r} does not appear in the passages sent"
    for claimed, pattern in VERDICT_CLAIMS.items():
        if not pattern.search(reply):
            continue
        if verdict is not None and claimed != verdict:
            return f"the reply states {claimed!r}, which contradicts the rule-engine verdict {verdict!r}"
        if verdict is None and not any(pattern.search(body) for body in bodies):
            return f"the reply states {claimed!r}, which is not supported by the passages sent"
    return None


def content_of(data: Any) -> str:
    """The message text of a chat-completions reply; MalformedReply for any other shape."""
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise MalformedReply(f"unexpected reply shape ({type(exc).__name__})") from None
    if not isinstance(content, str) or not content.strip():
        raise MalformedReply("the reply has no text content")
    return content


def _post(request: urllib.request.Request, timeout: float) -> bytes:
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
    if len(body) > MAX_RESPONSE_BYTES:
        raise MalformedReply(f"the reply is larger than {MAX_RESPONSE_BYTES:,} bytes")
    return body


def call(url: str, model: str, messages: list[dict[str, str]], api_key: str | None, timeout: float) -> str:
    """POST the chat request; ``timeout`` bounds the whole call (connect, headers and body), not each read."""
    endpoint = url if url.rstrip("/").endswith("/chat/completions") else url.rstrip("/") + "/chat/completions"
    body = json.dumps({"model": model, "messages": messages, "temperature": 0}).encode()
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["body"] = _post(request, timeout)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="uavex-llm", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():  # the daemon thread ends by itself at its socket timeout
        raise TimeoutError(f"no complete reply within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    try:
        data = json.loads(outcome["body"])
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedReply(f"the reply is not JSON ({type(exc).__name__})") from None
    return content_of(data)


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
    except Exception as exc:  # any failure of the optional path (network, timeout, malformed reply) falls back
        log.warning("language-model synthesis failed (%s: %s); using the extractive answer", type(exc).__name__,
                    str(exc)[:200])
        answer.synthesis = "extractive (language model unavailable)"
        return
    reason = validate(reply, passages, decision.verdict if decision else None)
    if reason:
        log.warning("language-model reply rejected: %s; using the extractive answer", reason)
        answer.synthesis = f"extractive (language-model reply rejected: {reason})"
        return
    lead = answer.answer.split("\n", 1)[0] if decision else None
    answer.answer = render(settings.prompts_dir, "answer_llm.md.j2", lead=lead, body=reply.strip(),
                           sources=answer.citations, as_of=answer.as_of.isoformat(),
                           rules_version=answer.rules_version)
    answer.synthesis = "llm"
