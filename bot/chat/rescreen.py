"""The re-screening summary for UAVEX_RESCREEN_CHANNEL: one line per changed case; private cases by id only."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.utils import escape_markdown, escape_mentions

from bot.render import render

if TYPE_CHECKING:
    from bot.casework.rescreen import Screened, Screening
    from bot.service import ComplianceService

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000  # Discord's limit for one message
MAX_LINES = 40  # beyond this the summary points to `uavex cases rescreen`


def case_line(case: Screened) -> str:
    if case.private:
        return f"• `{case.case_id}`: verdict for today changed (private case; details with /case show)"
    rules = ", ".join(f"`{r}`" for r in case.rules[:3]) or "a fact or the date"
    subject = escape_mentions(escape_markdown(case.subject))
    return (f"• `{case.case_id}` {case.kind} · {subject}: {case.recorded} → {case.today} today "
            f"(changed: {rules})")


def summary_messages(service: ComplianceService, screening: Screening) -> list[str]:
    """The summary, split into messages under Discord's 2,000-character limit (never mid-line)."""
    lines = [case_line(c) for c in screening.changed[:MAX_LINES]]
    text = render(service.settings.prompts_dir, "rescreen_summary.md.j2", s=screening.as_dict(), lines=lines,
                  more=max(0, len(screening.changed) - MAX_LINES))
    messages: list[str] = []
    current = ""
    for line in text.splitlines():
        line = line[: MESSAGE_LIMIT - 1]
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            messages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current.strip():
        messages.append(current)
    return messages
