"""Citation support: in every rendered answer sentence that cites sources, do the thresholds, years, day periods
and item numbers it states appear in what it cites (the passage text, or the rule value and its effective date)?
Runs over the project's answer set and the shared dev set and prints the rate and the unsupported claims.

Usage: .venv/bin/python bench/citations.py [--show N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MARKERS = re.compile(r"((?:\s*\[\d+\])+)\s*$")
CLAIMS = [
    ("item", re.compile(r"\b\d{1,2}\.[A-E]\.\d{1,2}\b|\b\d[A-E]\d{3}(?:\.[a-z0-9]+)?\b|§\s?\d{3}\.\d+\b")),
    ("period", re.compile(r"\b(\d{1,3})\s+(?:calendar\s+)?days?\b")),
    ("threshold", re.compile(r"\b(300\s?km|500\s?kg|800\s?km/h|20\s?(?:L|litres))\b")),
    ("year", re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")),
]


def claims(sentence: str) -> list[tuple[str, str]]:
    out = []
    for kind, pattern in CLAIMS:
        for m in pattern.finditer(sentence):
            out.append((kind, m.group(1) if m.groups() else m.group(0)))
    return out


def supported(kind: str, value: str, cited: list[dict[str, Any]]) -> bool:
    for c in cited:
        haystack = " ".join([c.get("text") or "", c.get("label") or "", c.get("effective") or "",
                             c.get("rule_text") or ""])
        flat = haystack.replace(",", "")
        if kind == "item" and value.replace(" ", "").lower() in flat.replace(" ", "").lower():
            return True
        number = re.match(r"\d+", value)
        if kind == "threshold" and number and re.search(rf"(?<!\d){number.group(0)}(?!\d)", flat):
            return True
        if kind != "item" and re.search(rf"(?<!\d){re.escape(value)}(?!\d)", flat):
            return True
    return False


def check_answer(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(sentence, kind, value) for every claim its citations do not contain."""
    by_n = {c["n"]: c for c in data.get("citations") or []}
    as_of = data.get("as_of") or ""
    body = (data.get("answer") or "").partition("**Sources**")[0]
    missing = []
    for line in body.splitlines():
        line = line.strip().lstrip("-").strip()
        m = MARKERS.search(line)
        if not m or line.startswith("_"):
            continue
        cited = [by_n[int(n)] for n in re.findall(r"\d+", m.group(1)) if int(n) in by_n]
        sentence = line[:m.start()]
        sentence = re.sub(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b", lambda d: "" if d.group(0) == as_of else d.group(0),
                          sentence)  # the as-of date is the question's, not a cited fact
        for kind, value in claims(sentence):
            if not supported(kind, value, cited):
                missing.append((sentence, kind, value))
    return missing


def rate(answers: list[dict[str, Any]]) -> tuple[int, int, list[tuple[str, str, str]]]:
    total, unsupported = 0, []
    for data in answers:
        body = (data.get("answer") or "").partition("**Sources**")[0]
        for line in body.splitlines():
            if MARKERS.search(line.strip()) and not line.strip().startswith("_"):
                total += len(claims(MARKERS.sub("", line)))
        unsupported += check_answer(data)
    return total - len(unsupported), total, unsupported


def main() -> None:
    from bench.devset import DEV_SET
    from bot.config import Settings
    from bot.service import ComplianceService

    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    questions = [(c["question"], None) for c in yaml.safe_load((ROOT / "tests/answers/answers.yaml").read_text())]
    if DEV_SET.exists():
        questions += [(i["question"], i.get("context")) for i in yaml.safe_load(DEV_SET.read_text())]
    with tempfile.TemporaryDirectory() as tmp:
        service = ComplianceService(Settings(index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data"))
        answers = [service.ask(q, context=ctx).as_dict() for q, ctx in questions]
    ok, total, unsupported = rate(answers)
    for sentence, kind, value in unsupported[:args.show]:
        print(f"UNSUPPORTED {kind} {value!r}: {sentence[:160]}")
    print(f"citation support: {ok}/{total} claims found in what their sentence cites "
          f"({ok / max(total, 1):.1%}) over {len(answers)} answers")


if __name__ == "__main__":
    main()
