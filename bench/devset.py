"""The shared dev set (../shared/eval/ask_dev.yaml), scored exactly as its README says, through the service in
process. Follow-up items are asked with the earlier turn as context (as `uavex ask --follow-up` does).

Usage: .venv/bin/python bench/devset.py [--show N] [--topic T]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "ask_dev.yaml"
PERMISSIVE = {"case-by-case", "not-mtcr-controlled"}
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def problems(item: dict[str, Any], r: dict[str, Any]) -> list[str]:
    """Why an answer fails the item (empty when it passes): the README's rules 1-5."""
    ex = item["expect"]
    text = r.get("answer") or ""
    verdict = (r.get("verdict") or {}).get("verdict")
    if ex.get("may_abstain") and (r.get("abstained") or r.get("refused")):
        return []
    why = []
    if ex.get("abstained") and not (r.get("abstained") or r.get("refused")):
        why.append("not declined")
    if ex.get("refused") and not r.get("refused"):
        why.append("not refused")
    if "verdict" in ex and verdict != ex["verdict"]:
        why.append(f"verdict {verdict} != {ex['verdict']}")
    why += [f"lacks /{m}/" for m in ex.get("must") or [] if not re.search(m, text, re.I)]
    why += [f"says /{n}/" for n in ex.get("never") or [] if re.search(n, text, re.I)]
    return why


def unsafe(item: dict[str, Any], r: dict[str, Any]) -> bool:
    """A permissive verdict where a denial or presumption of denial is expected, or not-mtcr-controlled for a
    controlled system."""
    expected = item["expect"].get("verdict")
    verdict = (r.get("verdict") or {}).get("verdict")
    if expected in ("denial-policy", "strong-presumption-of-denial") and verdict in PERMISSIVE:
        return True
    return expected not in (None, "not-mtcr-controlled", "insufficient-data") and verdict == "not-mtcr-controlled"


def score(service: Any, items: list[dict[str, Any]]) -> dict[str, Any]:
    by_topic: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    failures, unsafe_items = [], []
    for item in items:
        data = service.ask(item["question"], context=item.get("context")).as_dict()
        why = problems(item, data)
        by_topic[item["topic"]][1] += 1
        if not why:
            by_topic[item["topic"]][0] += 1
        else:
            failures.append((item, why))
        if unsafe(item, data):
            unsafe_items.append(item["id"])
    passed = sum(a for a, _ in by_topic.values())
    return {"passed": passed, "total": len(items), "by_topic": dict(by_topic), "failures": failures,
            "unsafe": unsafe_items}


def report(result: dict[str, Any], show: int) -> None:
    for item, why in result["failures"][:show]:
        print(f"FAIL {item['id']} [{item['topic']}] {item['question'][:70]!r}: {'; '.join(why)}"[:300])
    print("by topic: " + ", ".join(f"{t} {a}/{n}" for t, (a, n) in sorted(result["by_topic"].items())))
    print(f"dev set: {result['passed']}/{result['total']} pass ({result['passed'] / max(result['total'], 1):.0%}); "
          f"unsafe answers: {len(result['unsafe'])} {result['unsafe'] or ''}")


def main() -> None:
    from bot.config import Settings
    from bot.service import ComplianceService

    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--topic")
    args = parser.parse_args()
    if not DEV_SET.exists():
        sys.exit(f"no dev set at {DEV_SET}")
    items = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
    if args.topic:
        items = [i for i in items if i["topic"] == args.topic]
    with tempfile.TemporaryDirectory() as tmp:
        service = ComplianceService(Settings(index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data"))
        report(score(service, items), args.show)


if __name__ == "__main__":
    main()
