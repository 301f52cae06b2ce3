"""Trimming an answer to one chat message: the fewest points dropped, in the order the answer's blocks give."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.answer.blocks import Block, fit, fits
from bot.answer.citations import Citation

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
SERVICE: Any = SimpleNamespace(settings=SimpleNamespace(prompts_dir=PROMPTS))
EXTRA = {"as_of": "2026-12-06", "rules_version": "test"}


def _sources(n: int) -> list[Citation]:
    return [Citation(i, "doc", "Title", f"Label {i}", f"https://example.org/{i}", "text", None, "2026-01-01")
            for i in range(1, n + 1)]


def _blocks() -> list[Block]:
    words = "a sentence long enough to count against the limit of the message"
    return [Block("Part one", "Lead one. [1]", [f"Point {i}: {words}. [{i}]" for i in range(1, 9)],
                  extra=[f"Extra {i}: {words}. [{i + 8}]" for i in range(1, 5)]),
            Block("Part two", "Lead two. [13]", [f"Point {i}: {words}. [13]" for i in range(1, 6)])]


def _one_at_a_time(blocks: list[Block], limit: int) -> str:
    """The trimming rule applied one drop at a time, as the answer's docstring states it."""
    keep = [dataclasses.replace(b, points=list(b.points), extra=list(b.extra)) for b in blocks]
    while True:
        text, _ = fit(SERVICE, keep, _sources(13), EXTRA, limit=None)
        if fits(text, limit):
            return text
        with_extra = [b for b in keep if b.extra]
        if with_extra:
            max(with_extra, key=lambda b: len(b.all_points)).extra.pop()
            continue
        longest = max(keep, key=lambda b: len(b.points))
        if len(longest.points) <= 1:
            return text
        longest.points.pop()


@pytest.mark.parametrize("limit", [100, 400, 700, 900, 1200, 5000])
def test_the_fewest_drops_that_fit(limit: int) -> None:
    text, _ = fit(SERVICE, _blocks(), _sources(13), EXTRA, limit=limit)
    assert text == _one_at_a_time(_blocks(), limit)
    assert "Lead one." in text and "Lead two." in text and "Point 1:" in text  # a block keeps its lead and a point
