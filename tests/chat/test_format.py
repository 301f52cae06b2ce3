"""The Discord renderer against the platform's limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.format import (
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    build_embed,
    embed_size,
    escape_corpus,
    link_safe,
    split_message,
)


def test_split_prefers_paragraphs_then_lines() -> None:
    paragraphs = ["A" * 900, "B" * 900, "C" * 900]
    chunks = split_message("\n\n".join(paragraphs))
    assert chunks == ["A" * 900 + "\n\n" + "B" * 900, "C" * 900]


def test_split_reopens_code_fences() -> None:
    text = "intro\n```\n" + "\n".join(f"line {i}" for i in range(600)) + "\n```\nend"
    chunks = split_message(text)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= CONTENT_LIMIT and chunk.count("```") % 2 == 0


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=12000))
def test_every_chunk_fits(text: str) -> None:
    chunks = split_message(text)
    assert all(0 < len(c) <= CONTENT_LIMIT for c in chunks)
    assert "".join("".join(c.split()) for c in chunks).replace("```", "") == "".join(text.split()).replace("```", "")


def test_embed_stays_within_every_limit() -> None:
    fields = [(f"Field {i} " + "n" * 300, "v" * 2000) for i in range(40)]
    embed = build_embed("T" * 400, "D" * 9000, fields, "F" * 3000)
    assert len(embed.title) <= 256 and len(embed.description) <= 4096 and len(embed.footer.text) <= 2048
    assert len(embed.fields) <= 25
    assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields)
    assert embed_size(embed) <= EMBED_TOTAL_LIMIT


def test_corpus_text_cannot_ping_or_inject_markdown() -> None:
    escaped = escape_corpus("@everyone **bold** <@123>")
    assert "@everyone" not in escaped.replace("@\u200beveryone", "")
    assert "\\*\\*bold\\*\\*" in escaped


def test_links_are_wrapped_to_suppress_previews() -> None:
    assert link_safe("see https://mtcr.info/x and <https://a.b/>") == "see <https://mtcr.info/x> and <https://a.b/>"


def test_a_long_sources_list_continues_in_a_second_field_with_every_link_whole() -> None:
    from bot.chat.embeds import answer_embed

    sources = [f"[{i}] US UAS policy {i} (2020-07-24) <https://www.state.gov/a-long-official-page-{i:03d}-" + "x" * 60
               + ">" for i in range(1, 15)]
    answer = {"answer": "Body. [1]\n\n**Sources**\n" + "\n".join(sources) + "\n\n_As of 2026-12-06_"}
    embed = answer_embed(answer, None)
    names = [f.name for f in embed.fields]
    assert names[:2] == ["Sources", "Sources (continued)"]
    shown = "\n".join(f.value or "" for f in embed.fields)
    for i in range(1, 15):
        assert f"<https://www.state.gov/a-long-official-page-{i:03d}-" + "x" * 60 + ">" in shown
