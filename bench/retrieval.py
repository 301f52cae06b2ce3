"""Retrieval quality and speed: Recall@1, Recall@5, MRR@10 for dense, BM25 and hybrid on the labelled query
set (tests/retrieval/queries.yaml); cite latency p50/p99 (warm); index build time; peak memory.

Usage: .venv/bin/python bench/retrieval.py [--fake] [--queries FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bot.config import Settings  # noqa: E402
from bot.retrieval.embedder import HashingEmbedder, SentenceTransformerEmbedder  # noqa: E402
from bot.retrieval.search import Retriever  # noqa: E402
from bot.retrieval.store import build_index  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def evaluate(retriever: Retriever, queries: list[dict], mode: str) -> tuple[float, float, float, list[str]]:
    r1 = r5 = mrr = 0.0
    misses = []
    for item in queries:
        relevant = set(item["relevant"])
        ids = [h.passage.id for h in retriever.search(item["query"], k=10, mode=mode)]
        ranks = [i + 1 for i, pid in enumerate(ids) if pid in relevant]
        first = ranks[0] if ranks else None
        r1 += first == 1
        r5 += first is not None and first <= 5
        mrr += 1.0 / first if first else 0.0
        if first is None or first > 5:
            misses.append(f"{item['query']!r} -> {ids[:3]}")
    n = len(queries)
    return r1 / n, r5 / n, mrr / n, misses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fake", action="store_true", help="use the hashing embedder (no model)")
    parser.add_argument("--queries", default=str(ROOT / "tests" / "retrieval" / "queries.yaml"))
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    queries = yaml.safe_load(Path(args.queries).read_text())
    embedder = HashingEmbedder() if args.fake else SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp), embed_model=embedder.name)
        start = time.perf_counter()
        _ = embedder.dimension  # load the model outside the build timing
        load_s = time.perf_counter() - start
        report = build_index(settings.index_dir, settings.documents_dir, embedder, force=True)
        retriever = Retriever.open(settings, embedder, build_if_needed=False)
        print(f"model: {embedder.name} (load {load_s:.2f}s)")
        print(f"index build: {report.passages} passages from {report.documents} documents in {report.seconds:.2f}s "
              f"({report.passages / report.seconds:.1f} passages/s)")
        print(f"queries: {len(queries)}")
        print(f"{'mode':8} {'R@1':>6} {'R@5':>6} {'MRR@10':>7}")
        for mode in ("dense", "bm25", "hybrid"):
            r1, r5, mrr, misses = evaluate(retriever, queries, mode)
            print(f"{mode:8} {r1:6.3f} {r5:6.3f} {mrr:7.3f}")
            if args.show_misses and mode == "hybrid":
                for miss in misses:
                    print("  miss:", miss)
        for q in queries[:5]:
            retriever.search(q["query"], k=5)
        timings = []
        for q in queries:
            t = time.perf_counter()
            retriever.search(q["query"], k=5)
            timings.append((time.perf_counter() - t) * 1000)
        print(f"cite latency (warm, hybrid, k=5): p50 {percentile(timings, 50):.1f} ms, "
              f"p99 {percentile(timings, 99):.1f} ms, mean {statistics.mean(timings):.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
