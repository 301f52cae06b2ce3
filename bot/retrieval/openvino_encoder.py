"""The index build's passage encoder: the ONNX export run by OpenVINO, in bfloat16 where the CPU multiplies it
natively (AMX or AVX-512 BF16), else in float32.

Measured on the 2-core CPU of bench/encoder.py with the shipped corpus: OpenVINO embeds about 125-130 passages/s in
bfloat16 and about 48 /s in float32, against about 38 /s for onnxruntime in float32, and its vectors stay within cosine
0.99998 of onnxruntime's. Queries keep the float32 onnxruntime encoder (``OnnxEmbedder``); the build checks that the
two agree before it uses this one (``embedder.SentenceTransformerEmbedder.embed_passages``).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np

from bot.retrieval.onnx_encoder import ExportEmbedder, progress_bar

log = logging.getLogger(__name__)

# Passages per OpenVINO call in a build (length-sorted). 4, 8, 16 and 32 measured within 6 % of each other.
OPENVINO_BATCH = 8


class OpenVinoEmbedder(ExportEmbedder):
    """An ``Embedder`` over an export folder, run by OpenVINO's CPU plugin at ``precision`` ("bf16" or "f32"). Several
    texts are embedded as batches in flight on the plugin's streams at once (its throughput mode: about 10-25 % more
    passages/s than one batch at a time here); one text goes through one request."""

    engine = "openvino"

    def __init__(self, folder: Path, name: str, precision: str, batch_size: int = OPENVINO_BATCH) -> None:
        self.precision = precision
        self._run_lock = threading.Lock()  # the requests serve one call at a time
        super().__init__(folder, name, batch_size)

    def _open(self, model_file: Path) -> None:
        import openvino as ov

        core = ov.Core()
        self._compiled = core.compile_model(core.read_model(str(model_file)), "CPU",
                                            {"INFERENCE_PRECISION_HINT": self.precision,
                                             "PERFORMANCE_HINT": "THROUGHPUT"})
        self._inputs = [port.get_any_name() for port in self._compiled.inputs]
        streams = max(1, int(self._compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
        # One request more than the plugin runs at once: a batch waits ready while this thread pools the last one and
        # tokenizes the next (with one per stream, 128 against 144 passages/s here)
        self._requests = [self._compiled.create_infer_request() for _ in range(streams + 1)]
        self._request = self._requests[0]

    def _run(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        with self._run_lock:
            result = self._request.infer({name: feeds[name] for name in self._inputs})
            return np.array(result[0])  # a copy: the request reuses its output buffer

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if len(texts) <= 1:
            return super().embed(texts, progress=progress)
        out = np.zeros((len(texts), self.dimension), dtype="float32")
        # One batch in flight per request; each request's result is read (and pooled) in this thread before the
        # request takes its next batch. No Python callback runs on OpenVINO's threads: a callback there needs the
        # GIL, and a compiled model freed while one waits for it deadlocks the process.
        in_flight: list[tuple[Any, list[int], np.ndarray] | None] = [None] * len(self._requests)
        with self._run_lock, progress_bar(len(texts), progress) as bar:
            for job, chunk in enumerate(self._chunks(texts)):
                slot = job % len(self._requests)
                bar.update(self._collect(in_flight[slot], out))
                feeds = self._feeds([texts[i] for i in chunk])
                request = self._requests[slot]
                request.start_async({name: feeds[name] for name in self._inputs})
                in_flight[slot] = (request, chunk, feeds["attention_mask"])
            for waiting in in_flight:
                bar.update(self._collect(waiting, out))
        return out

    def _collect(self, waiting: tuple[Any, list[int], np.ndarray] | None, out: np.ndarray) -> int:
        """Wait for a request's batch and write its vectors into ``out``; how many texts it held."""
        if waiting is None:
            return 0
        request, chunk, mask = waiting
        request.wait()
        out[chunk] = self._vectors(np.array(request.get_output_tensor(0).data), mask)
        return len(chunk)
