"""Search-query expansion: the way people phrase things mapped to the terms the corpus uses, kept as reviewable
data in ``corpus/language/synonyms.yaml``. The expansion only widens retrieval; the question's reading and the
answer never see it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=4)
def _expansions(path: Path) -> list[tuple[re.Pattern[str], str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(re.compile(item["when"], re.I), str(item["add"])) for item in data["expansions"]]


def expand(question: str, path: Path) -> str:
    extra = [add for pattern, add in _expansions(path) if pattern.search(question)]
    return " ".join([question, *extra])
