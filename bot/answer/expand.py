"""Search-query expansion: the way people phrase things mapped to the terms the corpus uses, kept as reviewable
data in ``corpus/language/synonyms.yaml``. The expansion only widens retrieval; the question's reading and the
answer never see it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.answer.folded import FoldedPattern
from bot.yamlstrict import load_language_data


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[list[tuple[FoldedPattern, str]], list[tuple[re.Pattern[str], str]]]:
    data = load_language_data(path.read_text(encoding="utf-8"))
    return ([(FoldedPattern(item["when"]), str(item["add"])) for item in data["expansions"]],
            [(re.compile(item["pattern"], re.I), str(item["with"])) for item in data.get("replacements") or []])


def expand(question: str, path: Path) -> str:
    """The search query for ``question``: shorthand written out ("cat II" -> "Category II", so that it does not
    match the Conventional Arms Transfer "CAT" policy), then the expansions whose pattern matches."""
    expansions, replacements = _load(path)
    for pattern, replacement in replacements:
        question = pattern.sub(replacement, question)
    lowered = question.lower()
    extra = [add for pattern, add in expansions if pattern.search(question, lowered)]
    return " ".join([question, *extra])
