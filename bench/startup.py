"""Cold start: `uavex ask` with a built index against `python -c "import numpy, faiss"`, and `uavex classify`
against `python -c "import yaml"`, each a new process, interleaved, medians and ratios to the floor measured in the
same run; peak RSS per process (wait4). Also whether the ask process imported torch.

Usage: .venv/bin/python bench/startup.py [--runs 7] [--index DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, build_real_index, env, median, run_cold

QUESTION = "is the reaper category I?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--index", type=Path, help="a built index (default: build one in a temporary folder)")
    args = parser.parse_args()
    index = args.index or build_real_index()
    data, cache = tempfile.mkdtemp(prefix="uavex-bench-data-"), tempfile.mkdtemp(prefix="uavex-bench-cache-")
    environ = env(UAVEX_INDEX_DIR=str(index), UAVEX_DATA_DIR=data, UAVEX_CACHE_DIR=cache)
    commands = {
        "floor: import numpy, faiss": [PY, "-c", "import numpy, faiss"],
        "uavex ask": [PY, "-m", "bot", "ask", QUESTION],
        "floor: import yaml": [PY, "-c", "import yaml"],
        "uavex classify --json": [PY, "-m", "bot", "classify", "--system", "mq-9a", "--json"],
    }
    first = {name: run_cold(argv, environ) for name, argv in commands.items()}  # cold caches (rules, jinja)
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            seconds, peak, _ = run_cold(argv, environ)
            times[name].append(seconds)
            rss[name].append(peak)
    trace = subprocess.run([PY, "-X", "importtime", "-m", "bot", "ask", QUESTION], cwd=ROOT, env=environ,
                           capture_output=True, text=True, check=True).stderr
    heavy = sorted({m for m in ("torch", "sentence_transformers", "transformers")
                    if f"| {m}\n" in trace or trace.rstrip().endswith(f"| {m}")})
    floors = {"uavex ask": "floor: import numpy, faiss", "uavex classify --json": "floor: import yaml"}
    print(f"cold starts, {args.runs} runs each (median; first run with empty rules/jinja caches in brackets)")
    print(f"{'command':32} {'median s':>9} {'ratio':>7} {'peak RSS MB':>12} {'first s':>8}")
    for name in commands:
        floor = floors.get(name)
        ratio = f"{median(times[name]) / median(times[floor]):.1f}x" if floor else ""
        print(f"{name:32} {median(times[name]):9.3f} {ratio:>7} {max(rss[name]):12.0f} {first[name][0]:8.3f}")
    print(f"ask imported: {', '.join(heavy) if heavy else 'no torch, no sentence-transformers'}")
    print("targets: ask <= 6x floor (aim 4x), peak RSS <= 250 MB; classify <= 6x floor (aim 4x)")


if __name__ == "__main__":
    main()
