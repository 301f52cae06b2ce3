"""Discord output within the platform's limits: message splitting, escaping and embed budgets.

Limits (Discord API docs): content 2,000; embed title 256, description 4,096, 25 fields of name 256 / value
1,024, footer 2,048, 6,000 characters across all embeds of a message.
"""

from __future__ import annotations

import re

import discord

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000


def clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def one_line(exc: BaseException | str, limit: int = 300) -> str:
    """An error as one short line (whitespace collapsed, long echoed input clipped), mentions escaped."""
    return safe_mentions(clip(" ".join(str(exc).split()), limit))


_ESCAPED = re.compile(r"\\([\\_*~|`#>\[\]()-])")
_MASKED = re.compile(r"(?<!\\)\[(?=[^\[\]\n]*\]\()")  # every '[' that would open a masked link
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*(.*)$")
_ANGLE_URL = re.compile(r"(<https?://[^\s>]+>)")


def escape_corpus(text: str) -> str:
    """Corpus or user text echoed into Discord: no Markdown injection (masked links, headings, emphasis,
    block quotes), no mentions. Text that already carries Markdown escapes (trafilatura's output) is
    unescaped first, so it is escaped once, not twice."""
    escaped = discord.utils.escape_markdown(_ESCAPED.sub(r"\1", text))
    return discord.utils.escape_mentions(_MASKED.sub(r"\\[", escaped))


def _escape_line(line: str) -> str:
    """One line of an answer: the answer's own markup (bullet, italic note, bold lead) is kept, the text in it
    (corpus sentences, labels, language-model text) is escaped; <url> links stay clickable."""
    if line.startswith("- "):
        return "- " + _escape_line(line[2:])
    if len(line) > 2 and line.startswith("_") and line.endswith("_") and not line.startswith("__"):
        return "_" + escape_corpus(line[1:-1]) + "_"
    bold = _BOLD_LINE.match(line)
    if bold:
        return f"**{escape_corpus(bold.group(1))}**{_escape_line(bold.group(2)) if bold.group(2) else ''}"
    return "".join(part if _ANGLE_URL.fullmatch(part) else escape_corpus(part) for part in _ANGLE_URL.split(line))


def escape_answer(markdown: str) -> str:
    """A rendered answer (body, **Sources**, footer) safe to post: every line escaped by ``_escape_line``."""
    return "\n".join(_escape_line(line) for line in markdown.splitlines())


def safe_mentions(text: str) -> str:
    return discord.utils.escape_mentions(text)


def _split_point(text: str, limit: int) -> int:
    window = text[:limit]
    for pattern in ("\n\n", "\n", ". ", " "):
        index = window.rfind(pattern)
        if index >= limit // 2:
            return index + len(pattern)
    return limit


def split_message(text: str, limit: int = CONTENT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then sentence, then word boundaries; re-open an open code fence."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        if len(rest) <= limit:
            chunks.append(rest)
            break
        budget = limit - 4  # room to close a code fence
        point = _split_point(rest, budget)
        head, rest = rest[:point].rstrip(), rest[point:].lstrip("\n")
        if head.count("```") % 2 == 1:
            head += "\n```"
            rest = "```\n" + rest
        chunks.append(head)
    return [c for c in chunks if c.strip()]


def embed_size(embed: discord.Embed) -> int:
    size = len(embed.title or "") + len(embed.description or "")
    size += sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    size += len(embed.footer.text or "") if embed.footer else 0
    size += len(embed.author.name or "") if embed.author else 0
    return size


def build_embed(title: str, description: str, fields: list[tuple[str, str]], footer: str,
                colour: discord.Colour | None = None, url: str | None = None) -> discord.Embed:
    """An embed that always satisfies every Discord limit, trimming fields and description when needed."""
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), description=clip(description, DESCRIPTION_LIMIT),
                          colour=colour or discord.Colour.blurple(), url=url)
    footer_text = clip(footer, FOOTER_LIMIT)
    used = len(embed.title or "") + len(embed.description or "") + len(footer_text)
    for name, value in fields[:FIELD_LIMIT]:
        name, value = clip(name, FIELD_NAME_LIMIT) or "—", clip(value, FIELD_VALUE_LIMIT) or "—"
        if used + len(name) + len(value) > EMBED_TOTAL_LIMIT:
            room = EMBED_TOTAL_LIMIT - used - len(name)
            if room < 40:
                break
            value = clip(value, room)
        embed.add_field(name=name, value=value, inline=False)
        used += len(name) + len(value)
    embed.set_footer(text=footer_text)
    while embed_size(embed) > EMBED_TOTAL_LIMIT and embed.description:
        embed.description = clip(embed.description, max(0, len(embed.description) - 200))
    return embed


def line_fields(name: str, lines: list[str]) -> list[tuple[str, str]]:
    """Lines spread over as many embed fields as they need (whole lines per field, each within the field limit):
    a long Sources list is continued, never cut mid-link."""
    fields: list[tuple[str, str]] = []
    current: list[str] = []
    for line in lines:
        if current and len("\n".join([*current, line])) > FIELD_VALUE_LIMIT:
            fields.append((name if not fields else f"{name} (continued)", "\n".join(current)))
            current = []
        current.append(line)
    if current:
        fields.append((name if not fields else f"{name} (continued)", "\n".join(current)))
    return fields


def strip_sources(markdown: str) -> tuple[str, list[str], str]:
    """Split a rendered answer into (body, source lines, footer line)."""
    body, _, tail = markdown.partition("**Sources**")
    lines = [line for line in tail.strip().splitlines() if line.strip()]
    footer = ""
    if lines and lines[-1].startswith("_As of"):
        footer = lines.pop().strip("_")
    return body.strip(), lines, footer


def link_safe(text: str) -> str:
    """Wrap bare URLs in <...> so Discord does not unfurl previews."""
    return re.sub(r"(?<![<(])(https?://[^\s>)]+)", r"<\1>", text)
