"""Scale: replicate the corpus N times (distinct document ids, titles and citation labels, so every passage is
embedded), then for each size print build time from scratch, index size, query latency p50/p99 (warm hybrid search
over the labelled queries), warm `ask` latency p50/p99 (the same queries, each embedded anew) and peak RSS of the
build and of a query process. Each build and each query run is a new process; peak RSS comes from wait4.

Usage: .venv/bin/python bench/scale.py [--scales 1 10 100]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, env, run_cold

QUERY_SCRIPT = """
import json, statistics, sys, time, yaml
from bot.config import Settings
from bot.service import ComplianceService
service = ComplianceService(Settings.from_env())
retriever = service.retriever(build_if_needed=False)
queries = [q["query"] for q in yaml.safe_load(open("tests/retrieval/queries.yaml"))]
retriever.search(queries[0])
times = []
for q in queries:
    t = time.perf_counter(); retriever.search(q, k=5); times.append(time.perf_counter() - t)
service.ask("is a 600 kg payload drone with 400 km range Category I?")
asks = []
for q in queries:
    service.embedder.clear()  # a new question each time: the ask embeds it
    t = time.perf_counter(); service.ask(q); asks.append(time.perf_counter() - t)
pick = lambda xs: (statistics.median(xs), sorted(xs)[min(len(xs) - 1, round(0.99 * (len(xs) - 1)))])
print(json.dumps({"search": pick(times), "ask": pick(asks), "passages": len(retriever.passages),
                  "onnx": bool(getattr(service.embedder, "uses_onnx", False))}))
"""


def replicate(target: Path, copies: int) -> None:
    """corpus/ with each document written ``copies`` times under distinct ids, titles and citation labels."""
    shutil.copytree(ROOT / "corpus", target, ignore=shutil.ignore_patterns("documents"))
    out = target / "documents"
    out.mkdir()
    for source in sorted((ROOT / "corpus" / "documents").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for n in range(copies):
            if n == 0:
                copy = text
            else:
                copy = re.sub(r"^(id|superseded_by): ([a-z0-9][\w.-]*)", rf"\1: \2-copy{n}", text, count=2, flags=re.M)
                copy = re.sub(r'^(title|cite_as): "(.*)"', rf'\1: "\2 (copy {n})"', copy, count=2, flags=re.M)
            name = source.name if n == 0 else f"{source.stem}-copy{n}.md"  # a document's id is its file name
            (out / name).write_text(copy, encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    rows = []
    for scale in args.scales:
        work = Path(tempfile.mkdtemp(prefix=f"uavex-scale-{scale}x-"))
        replicate(work / "corpus", scale)
        environ = env(UAVEX_CORPUS_DIR=str(work / "corpus"), UAVEX_INDEX_DIR=str(work / "index"),
                      UAVEX_DATA_DIR=str(work / "data"), UAVEX_CACHE_DIR=str(work / "cache"))
        build_seconds, build_rss, _ = run_cold([PY, "-m", "bot", "index", "build"], environ)
        current = (work / "index" / "current").resolve()
        encoder = folder_size(current / "encoder") if (current / "encoder").exists() else 0
        proc = subprocess.run([PY, "-c", QUERY_SCRIPT], cwd=ROOT, env=environ, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr[-600:])
        stats = json.loads(proc.stdout.strip().splitlines()[-1])
        _, query_rss, _ = run_cold([PY, "-m", "bot", "cite", "range definition"], environ)
        rows.append((scale, stats["passages"], build_seconds, folder_size(current) - encoder, encoder, stats,
                     build_rss, query_rss))
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'scale':>5} {'passages':>9} {'build s':>8} {'passages/s':>10} {'index MB':>9} {'+encoder MB':>11} "
          f"{'query p50 ms':>12} {'p99 ms':>7} {'ask p50 ms':>10} {'p99 ms':>7} {'build RSS MB':>12} "
          f"{'cite RSS MB':>11}")
    for scale, passages, build, size, encoder, stats, build_rss, query_rss in rows:
        (search_p50, search_p99), (ask_p50, ask_p99) = stats["search"], stats["ask"]
        print(f"{scale:>4}x {passages:9d} {build:8.1f} {passages / build:10.1f} {size / 1e6:9.1f} "
              f"{encoder / 1e6:11.1f} {search_p50 * 1000:12.2f} {search_p99 * 1000:7.2f} {ask_p50 * 1000:10.2f} "
              f"{ask_p99 * 1000:7.2f} {build_rss:12.0f} {query_rss:11.0f}")
    print("build s: a new `uavex index build` process from an empty index folder (model load, embedding, ONNX "
          "export); query: warm hybrid search, k=5, labelled queries; ask: a warm `ask` of each labelled query, "
          "embedded anew (the query cache emptied before each); cite RSS: a cold `uavex cite` process")


if __name__ == "__main__":
    main()
