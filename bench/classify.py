"""Rule-engine speed: p50/p99 of one evaluation (in process) and the cold start of `uavex classify --json`
(a new process each time; it must not import torch).

Usage: .venv/bin/python bench/classify.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.intake import ClassifyRequest  # noqa: E402
from bot.service import ComplianceService  # noqa: E402

REQUESTS = [
    ClassifyRequest(system="gray eagle", destination="Poland"),
    ClassifyRequest(system="reaper", destination="KSA", as_of="2019-06-01"),
    ClassifyRequest(range="1,200 km", payload="600 kg", speed="420 kt", as_of="2021-01-01"),
    ClassifyRequest(range="5 km", payload="30 kg", aerosol="21 L", autonomous=True),
    ClassifyRequest(system="tb2", destination="China"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    service = ComplianceService(Settings())
    started = time.perf_counter()
    service.rules, service.catalogue  # noqa: B018
    print(f"load rules + catalogue: {(time.perf_counter() - started) * 1000:.0f} ms")
    timings = []
    for i in range(args.runs):
        request = REQUESTS[i % len(REQUESTS)]
        t = time.perf_counter()
        service.classify(request)
        timings.append((time.perf_counter() - t) * 1000)
    print(f"one evaluation (parse + engine), {args.runs} runs: p50 {percentile(timings, 50):.3f} ms, "
          f"p99 {percentile(timings, 99):.3f} ms, throughput {1000 / statistics.mean(timings):.0f}/s")
    env = {**os.environ, "UAVEX_DATA_DIR": "/tmp/uavex-bench-data"}
    code = ("import sys, runpy; sys.argv=['uavex','classify','--system','gray eagle','--destination','PL','--json'];"
            "from bot.cli import main\ntry:\n  main()\nexcept SystemExit: pass\n"
            "print('TORCH_IMPORTED' if 'torch' in sys.modules else 'NO_TORCH', file=sys.stderr)")
    runs = []
    torch_seen = False
    for _ in range(args.cold):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        runs.append(time.perf_counter() - t)
        torch_seen |= "TORCH_IMPORTED" in proc.stderr
    median = statistics.median(runs) * 1000
    print(f"cold start `uavex classify --json` ({args.cold} processes): median {median:.0f} ms, "
          f"max {max(runs) * 1000:.0f} ms; torch imported: {torch_seen}")


if __name__ == "__main__":
    main()
