"""Query encoder and index build speed, side by side in one run.

- one warm query embedding: ONNX Runtime (the query-time encoder) vs sentence-transformers (median over the
  labelled queries, each embedded once per encoder; the ratio is the speed-up);
- warm `ask` per answer, in a process of its own as `uavex serve` runs it (no torch; the dev set asked first; median
  over the labelled queries, ONNX encoder, new question each time) vs one query embedding by the service's own
  onnxruntime session, timed interleaved, and vs that session's back-to-back embedding; and the same for the shared
  dev questions as new questions (the labelled queries asked first), which are longer and often of several
  sentences;
- index build from nothing: `uavex index build` in a new process with empty index and data folders (corpus load, the
  ONNX export written from the model's weights, passage embedding through it), ``--builds`` times: the median build
  time the command prints and the median process time, as passages/s; and once into another empty index folder with
  the export that build kept in the data folder;
- bulk passage embedding alone: sentence-transformers fp32, onnxruntime fp32 (batches of ``PASSAGE_BATCH``),
  OpenVINO f32 and OpenVINO bf16 where the CPU has it (the build's path), passages/s, each with hybrid Recall@5 on
  tests/retrieval/queries.yaml from an index built with those vectors (queries embedded in float32, as uavex does).

Usage: .venv/bin/python bench/encoder.py [--repeat 3] [--builds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OFFLINE, PY, ROOT, env, median, run_cold
from devset import DEV_SET

sys.path.insert(0, str(ROOT))
os.environ.update(OFFLINE)

from bot.config import Settings
from bot.retrieval.documents import load_corpus
from bot.retrieval.embedder import Embedder, SentenceTransformerEmbedder, bf16_supported
from bot.retrieval.onnx_encoder import PASSAGE_BATCH, OnnxEmbedder
from bot.retrieval.openvino_encoder import OPENVINO_BATCH, OpenVinoEmbedder
from bot.retrieval.passages import passages_for
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index
from bot.service import ComplianceService

MODEL = "all-MiniLM-L6-v2"
QUERIES = yaml.safe_load((ROOT / "tests" / "retrieval" / "queries.yaml").read_text())


class PassagesBy:
    """Passages (calls of more than 16 texts) by ``bulk``, queries by ``query`` (float32, as uavex embeds them)."""

    def __init__(self, bulk: Embedder, query: Embedder) -> None:
        self.bulk, self.query, self.name = bulk, query, query.name

    @property
    def dimension(self) -> int:
        return self.query.dimension

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return (self.query if len(texts) <= 16 else self.bulk).embed(texts)


class Plain:
    """Another embedder without its ``export_encoder``, so the bulk builds below measure embedding alone."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name = inner, inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.inner.embed(texts)


def scratch_build() -> tuple[float, float, Path, Path]:
    """One `uavex index build` into empty index and data folders in a new process: the build's own time (as the
    command prints it), the process's start-to-exit time, and the two folders."""
    index = Path(tempfile.mkdtemp(prefix="uavex-bench-index-"))
    data = Path(tempfile.mkdtemp(prefix="uavex-bench-data-"))
    started = time.perf_counter()
    done = subprocess.run([PY, "-m", "bot", "index", "build"], cwd=ROOT, capture_output=True, text=True, check=True,
                          env=env(UAVEX_INDEX_DIR=str(index), UAVEX_DATA_DIR=str(data)))
    process = time.perf_counter() - started
    found = re.search(r"in ([0-9.]+)s \(", done.stdout)
    if not found:
        raise SystemExit(f"unexpected `uavex index build` output: {done.stdout!r}")
    return float(found.group(1)), process, index, data


def recall_at_5(settings: Settings, embedder: Embedder) -> float:
    retriever = Retriever.open(settings, embedder, build_if_needed=False)
    hits = 0
    for item in QUERIES:
        ids = [h.passage.id for h in retriever.search(item["query"], k=5)]
        hits += any(i in item["relevant"] for i in ids)
    return hits / len(QUERIES)


def per_call(embedder: Embedder, texts: list[str]) -> float:
    embedder.embed(texts[:3])  # warm
    times = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed([text])
        times.append(time.perf_counter() - started)
    return median(times)


UNRELATED = "an unrelated sentence about the weather in spring"  # embedded before a cached answer: the cache effect
PAUSE = 0.02  # seconds idle before a cached answer


def cached_asks(service: ComplianceService, queries: list[str], before: Callable[[], object]) -> float:
    """The median time of an ask of each query (their embeddings cached), each right after ``before()``."""
    times = []
    for question in queries:
        before()
        started = time.perf_counter()
        service.ask(question)
        times.append(time.perf_counter() - started)
    return median(times)


def new_questions(service: ComplianceService, questions: list[str]) -> dict[str, float]:
    """Each question (none asked before) timed right after one embedding of it by the service's own onnxruntime
    session (which does not fill the service's query cache, so the ask still embeds it), interleaved, so both
    medians see the same load; and the encoder calls each answer makes, and their time."""
    inner: Any = getattr(service.embedder, "inner", service.embedder)  # behind the query cache
    calls: dict[str, float] = {"n": 0, "seconds": 0.0}
    original = inner.embed

    def counting(texts: list[str], *, progress: bool = False) -> np.ndarray:
        calls["n"] += 1
        started = time.perf_counter()
        try:
            return original(texts, progress=progress)
        finally:
            calls["seconds"] += time.perf_counter() - started

    inner.embed = counting
    session: Any = inner._query_encoder()
    asks, embeds, composing = [], [], []
    for question in questions:
        started = time.perf_counter()
        session.embed([question])
        embeds.append(time.perf_counter() - started)
        calls["seconds"] = 0.0
        started = time.perf_counter()
        service.ask(question)
        asks.append(time.perf_counter() - started)
        composing.append(asks[-1] - calls["seconds"])
    inner.embed = original
    return {"ask": median(asks), "embed": median(embeds), "composing": median(composing),
            "calls": calls["n"] / len(questions), "n": len(questions)}


def warm_ask(index: Path, data: Path) -> dict[str, float]:
    """Warm `ask` in a process of its own, as `uavex serve` runs it: no torch loaded, no build done in it (a process
    that built the index keeps torch's threads, which slow every later onnxruntime call two to three times). The
    shared dev questions are asked first (fixed answer-plan queries embedded, caches filled); then each labelled
    query is timed as a new question (``new_questions``); then the same questions again with their embeddings
    cached, and one search alone; then once more, each right after an encoder call of another text (the CPU caches
    as a new question's answer finds them), and once more each after a pause."""
    service = ComplianceService(Settings(index_dir=index, data_dir=data))
    for item in yaml.safe_load(DEV_SET.read_text()):
        service.ask(item["question"])
    queries = [q["query"] for q in QUERIES]
    timed = new_questions(service, queries)
    again, searches = [], []
    retriever = service.retriever()
    for question in queries:
        started = time.perf_counter()
        service.ask(question)
        again.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever.search(question, k=5)
        searches.append(time.perf_counter() - started)
    # the same, each right after one encoder call, as a new question's answer runs; and each after a pause, as a bot
    # waiting for its next message runs it
    inner: Any = getattr(service.embedder, "inner", service.embedder)
    session: Any = inner._query_encoder()
    after_encoder = cached_asks(service, queries, lambda: session.embed([UNRELATED]))
    after_pause = cached_asks(service, queries, lambda: time.sleep(PAUSE))
    return {**timed, "back_to_back": per_call(session, queries), "again": median(again),
            "after_encoder": after_encoder, "after_pause": after_pause, "search": median(searches),
            "torch": "torch" in sys.modules}


def warm_written(index: Path, data: Path) -> dict[str, float]:
    """The same for questions as people write them, longer and often of several sentences: the labelled queries
    asked first, then each shared dev question timed as a new question (follow-ups without their earlier turn)."""
    service = ComplianceService(Settings(index_dir=index, data_dir=data))
    for item in QUERIES:
        service.ask(item["query"])
    return new_questions(service, [item["question"] for item in yaml.safe_load(DEV_SET.read_text())])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="timing passes for the bulk embedding rates")
    parser.add_argument("--builds", type=int, default=5, help="index builds from scratch (median)")
    parser.add_argument("--warm", nargs=2, type=Path, metavar=("INDEX", "DATA"),
                        help="internal: print the warm-ask figures (JSON) for a built index, in this process")
    parser.add_argument("--warm-written", nargs=2, type=Path, metavar=("INDEX", "DATA"),
                        help="internal: the same for the shared dev questions")
    args = parser.parse_args()
    if args.warm or args.warm_written:
        print(json.dumps(warm_ask(*args.warm) if args.warm else warm_written(*args.warm_written)))
        return
    load_start = os.getloadavg()
    documents_dir = ROOT / "corpus" / "documents"
    documents, _ = load_corpus(documents_dir)
    passages = [p.embed_text for d in documents for p in passages_for(d)]
    queries = [q["query"] for q in QUERIES]

    # From scratch: `uavex index build` in a new process with empty index and data folders, --builds times.
    scratch = [scratch_build() for _ in range(args.builds)]
    index, data = scratch[-1][2], scratch[-1][3]
    settings = Settings(index_dir=index, data_dir=data)
    build_seconds, process_seconds = median([b[0] for b in scratch]), median([b[1] for b in scratch])
    manifest = json.loads((index / "current" / "manifest.json").read_text())
    # The same from an empty index folder in a new process, with the export kept in the data folder by that build.
    kept_seconds = run_cold([PY, "-m", "bot", "index", "build"], env(
        UAVEX_INDEX_DIR=tempfile.mkdtemp(prefix="uavex-bench-index-"), UAVEX_DATA_DIR=str(settings.data_dir)))[0]

    st = SentenceTransformerEmbedder(MODEL)
    onnx = OnnxEmbedder(index / "current" / "encoder", MODEL)
    st_query, onnx_query = per_call(st, queries), per_call(onnx, queries)

    warm, written = (json.loads(subprocess.run([PY, __file__, flag, str(index), str(settings.data_dir)], cwd=ROOT,
                                               env=env(), capture_output=True, text=True, check=True).stdout)
                     for flag in ("--warm", "--warm-written"))

    bulk: dict[str, tuple[float, float]] = {}
    export = index / "current" / "encoder"
    onnx_bulk = OnnxEmbedder(export, MODEL, batch_size=PASSAGE_BATCH)
    precision = "bf16" if bf16_supported() else "f32"
    for label, embedder in (("sentence-transformers fp32", st), (f"onnxruntime fp32, batch {PASSAGE_BATCH}", onnx_bulk),
                            (f"OpenVINO f32, batch {OPENVINO_BATCH}",
                             PassagesBy(OpenVinoEmbedder(export, MODEL, "f32"), onnx)),
                            (f"OpenVINO {precision}, batch {OPENVINO_BATCH}",
                             PassagesBy(OpenVinoEmbedder(export, MODEL, precision), onnx))):
        embedder.embed(passages[:80])
        rates = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            embedder.embed(passages)
            rates.append(len(passages) / (time.perf_counter() - started))
        folder = Path(tempfile.mkdtemp(prefix="uavex-bench-bulk-"))
        build_index(folder, documents_dir, Plain(embedder), force=True)
        bulk[label] = (median(rates), recall_at_5(Settings(index_dir=folder, data_dir=settings.data_dir), embedder))

    print("load average (1, 5, 15 min) at start {:.2f} {:.2f} {:.2f}, at end {:.2f} {:.2f} {:.2f}".format(
        *load_start, *os.getloadavg()))
    print(f"one query embedding (warm, median of {len(queries)}):")
    print(f"  onnxruntime            {onnx_query * 1000:7.2f} ms")
    print(f"  sentence-transformers  {st_query * 1000:7.2f} ms   -> ONNX is {st_query / onnx_query:.1f}x faster "
          "(target >= 3x)")
    ask, embed = warm["ask"], warm["embed"]
    print(f"warm ask per answer, in a process of its own ({'torch loaded!' if warm['torch'] else 'no torch'}; after "
          f"the dev set; median of {warm['n']:.0f} new questions; {warm['calls']:.2f} encoder calls per answer):")
    print(f"  {ask * 1000:.2f} ms = {ask / embed:.2f}x one embedding of the same question by the service's own "
          f"onnxruntime session timed alongside ({embed * 1000:.2f} ms) (target <= 1.5x); "
          f"{ask / warm['back_to_back']:.2f}x that session's back-to-back embedding "
          f"({warm['back_to_back'] * 1000:.2f} ms)")
    print(f"  of which the answer without its encoder calls (reading, search, sentence choice, rendering): "
          f"{warm['composing'] * 1000:.2f} ms; the target needs it within half an embedding")
    print(f"  the same questions again with their embeddings cached: {warm['again'] * 1000:.2f} ms per answer (answer "
          f"composition and search without the encoder), of which one search {warm['search'] * 1000:.2f} ms;\n"
          f"  the same again, each right after one encoder call of another text: {warm['after_encoder'] * 1000:.2f} ms "
          f"(the same work run after other work, as a new question's answer is: the answer code then finds less of "
          f"its data in the CPU caches);\n  and each after a {PAUSE * 1000:.0f} ms pause: "
          f"{warm['after_pause'] * 1000:.2f} ms")
    print(f"  questions as people write them (the shared dev set, after the labelled queries; median of "
          f"{written['n']:.0f}; {written['calls']:.2f} encoder calls per answer: a message of several sentences also "
          f"has each sentence checked for a refusal): {written['ask'] * 1000:.2f} ms = "
          f"{written['ask'] / written['embed']:.2f}x one embedding of the question ({written['embed'] * 1000:.2f} ms); "
          f"without the encoder calls {written['composing'] * 1000:.2f} ms")
    passages_n = int(manifest["passages"])
    print(f"index build from nothing (`uavex index build`, a new process, empty index and data folders; median of "
          f"{len(scratch)}): {passages_n} passages in {build_seconds:.2f}s = "
          f"{passages_n / build_seconds:.1f} passages/s (target >= 60); {process_seconds:.2f}s = "
          f"{passages_n / process_seconds:.1f} passages/s from process start "
          f"to exit; passages embedded by {manifest['embedding_engine']} in {manifest['embedding_precision']}, "
          f"export by {manifest['encoder']['exporter']}")
    print("  builds (build s, process s): " + ", ".join(f"{b[0]:.2f}/{b[1]:.2f}" for b in scratch))
    print(f"  the same into an empty index folder with the export kept in the data folder (`uavex index build`, "
          f"a new process, start to exit): {kept_seconds:.1f}s = {passages_n / kept_seconds:.1f} passages/s")
    print("bulk passage embedding (median of passes) and hybrid Recall@5 of the resulting index:")
    for label, (rate, recall) in bulk.items():
        print(f"  {label:28} {rate:7.1f} passages/s   Recall@5 {recall:.3f}")


if __name__ == "__main__":
    main()
