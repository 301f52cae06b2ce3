"""Answer quality and speed: pass rate of the project's own set tests/answers/answers.yaml (facts a correct
answer must contain and claims it must not make) and, side by side, of the shared dev set written independently
of the code (../shared/eval/ask_dev.yaml, scored as its README says, per topic, with follow-ups; bench/devset.py);
ask latency p50/p99 (warm, per question) and CLI cold start.

Usage: .venv/bin/python bench/answers.py [--no-cold] [--file FILE] [--show N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.devset import DEV_SET, report, score  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.service import ComplianceService  # noqa: E402


def check(expect: dict[str, Any], data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    text = data["answer"].lower()
    verdict = (data.get("verdict") or {}).get("verdict")
    if "verdict" in expect and verdict != expect["verdict"]:
        problems.append(f"verdict {verdict!r} != {expect['verdict']!r}")
    for key in ("intent", "refused", "abstained"):
        if key in expect and data[key] != expect[key]:
            problems.append(f"{key} {data[key]!r} != {expect[key]!r}")
    for needle in expect.get("contains", []):
        if needle.lower() not in text:
            problems.append(f"missing {needle!r}")
    for needle in expect.get("not_contains", []):
        if needle.lower() in text:
            problems.append(f"must not say {needle!r}")
    if expect.get("cited") and not data["citations"]:
        problems.append("no citation")
    return problems


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default=str(ROOT / "tests" / "answers" / "answers.yaml"))
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--show", type=int, default=30, help="dev-set failures to print")
    args = parser.parse_args()
    cases = yaml.safe_load(Path(args.file).read_text())
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data")
        service = ComplianceService(settings)
        started = time.perf_counter()
        service.retriever()
        print(f"service ready (model load + index build): {time.perf_counter() - started:.1f}s")
        service.ask("warm-up question about payload")
        timings, failures = [], []
        for case in cases:
            t = time.perf_counter()
            data = service.ask(case["question"]).as_dict()
            timings.append((time.perf_counter() - t) * 1000)
            problems = check(case.get("expect", {}), data)
            if problems:
                failures.append((case["question"], problems))
        passed = len(cases) - len(failures)
        print(f"answer set: {passed}/{len(cases)} passed ({passed / len(cases):.1%})")
        for question, problems in failures:
            print(f"  FAIL {question!r}: {'; '.join(problems)}")
        if DEV_SET.exists():
            dev = score(service, yaml.safe_load(DEV_SET.read_text(encoding="utf-8")))
            report(dev, args.show)
        print(f"ask latency (warm, per question): p50 {percentile(timings, 50):.1f} ms, "
              f"p99 {percentile(timings, 99):.1f} ms, mean {statistics.mean(timings):.1f} ms")
        if not args.no_cold:
            env = {**os.environ, "UAVEX_INDEX_DIR": str(settings.index_dir), "UAVEX_DATA_DIR": str(settings.data_dir)}
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run([str(ROOT / ".venv" / "bin" / "uavex"), "ask", "is the gray eagle category I?"],
                               env=env, capture_output=True, check=True)
                runs.append(time.perf_counter() - t)
            print(f"ask cold start (CLI process, index built): median {statistics.median(runs):.2f}s "
                  f"(runs: {', '.join(f'{r:.2f}' for r in runs)})")


if __name__ == "__main__":
    main()
