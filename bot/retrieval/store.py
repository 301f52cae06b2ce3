"""The index as a build artifact: FAISS vectors + passage metadata + a manifest, swapped in atomically.

Layout: index/current -> builds/<stamp>/ {vectors.faiss, passages.jsonl, bm25.npz, bm25.json, encoder/,
manifest.json}. A build writes a new folder and then repoints `current` with an atomic rename, so a killed build
leaves the previous index serving.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bot import __version__
from bot.errors import IndexUnavailable
from bot.retrieval import integrity
from bot.retrieval.documents import corpus_files, load_corpus
from bot.retrieval.embedder import Embedder
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.passages import Passage, passages_for

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: passages carry the URLs of sentences that draw on another source
REBUILD_HINT = "run `uavex index build` (or `uavex index build --force`) to rebuild it"


@dataclass
class BuildReport:
    documents: int
    passages: int
    embedded: int
    reused: int
    seconds: float
    path: Path
    warnings: list[str] = field(default_factory=list)
    export_seconds: float = 0.0  # the ONNX export (or linking a kept one), model load included
    embed_seconds: float = 0.0  # embedding the passages


def file_hashes(documents_dir: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in corpus_files(documents_dir):
        digest = hashlib.sha256(path.read_bytes())
        sidecar = path.with_name(path.name + ".meta.yaml")
        if sidecar.exists():
            digest.update(sidecar.read_bytes())
        out[path.relative_to(documents_dir).as_posix()] = digest.hexdigest()
    return out


def current_dir(index_dir: Path) -> Path | None:
    link = index_dir / "current"
    if not link.exists():
        return None
    return link.resolve()


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    folder = current_dir(index_dir)
    if folder is None:
        return None
    try:
        data: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
        return data
    except (OSError, ValueError):
        return None


def staleness(index_dir: Path, documents_dir: Path, model: str) -> str | None:
    """None when the index matches the corpus and model; otherwise why it cannot be served."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return "no index has been built"
    if manifest.get("format") != FORMAT_VERSION:
        return f"the index format {manifest.get('format')} is not {FORMAT_VERSION}"
    if manifest.get("model") != model:
        return f"the index was built with model {manifest.get('model')!r}, not {model!r}"
    damaged = integrity.problem(current_dir(index_dir), manifest)
    if damaged:
        return damaged
    current = file_hashes(documents_dir)
    built = manifest.get("files", {})
    changed = sorted(set(current) ^ set(built) | {k for k in current if built.get(k) not in (None, current[k])})
    if changed:
        return f"{len(changed)} corpus file(s) changed since the build (e.g. {changed[0]})"
    return None


def load_built(index_dir: Path) -> tuple[Any, list[Passage], dict[str, Any]]:
    """Load the current build; IndexUnavailable if it is missing or corrupt."""
    return _load_folder(index_dir, current_dir(index_dir))


def open_built(index_dir: Path) -> tuple[Any, list[Passage], dict[str, Any], LexicalIndex | None, Path]:
    """``load_built``, the build's stored BM25 scores (None for a build without them) and the build folder."""
    folder = current_dir(index_dir)
    index, passages, manifest = _load_folder(index_dir, folder)
    assert folder is not None  # _load_folder refuses a missing build
    try:
        lexical = LexicalIndex.load(folder)
    except Exception as exc:  # checksummed with the build, so only a half-written file gets here
        raise IndexUnavailable(f"the index in {index_dir} is corrupt (BM25 scores: {type(exc).__name__}); "
                               f"{REBUILD_HINT}") from None
    return index, passages, manifest, lexical, folder


def _load_folder(index_dir: Path, folder: Path | None) -> tuple[Any, list[Passage], dict[str, Any]]:
    import faiss

    if folder is None:
        raise IndexUnavailable(f"no index in {index_dir}; {REBUILD_HINT}")
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        index = faiss.read_index(str(folder / "vectors.faiss"))
        with (folder / "passages.jsonl").open(encoding="utf-8") as handle:
            passages = [Passage.from_dict(json.loads(line)) for line in handle if line.strip()]
    except Exception as exc:  # faiss raises RuntimeError; json ValueError; missing files OSError
        raise IndexUnavailable(f"the index in {index_dir} is corrupt ({type(exc).__name__}); {REBUILD_HINT}") from None
    damaged = integrity.problem(folder, manifest)
    if damaged:
        raise IndexUnavailable(f"the index in {index_dir} is not usable: {damaged}; {REBUILD_HINT}")
    if index.ntotal != len(passages) or manifest.get("passages") != len(passages):
        raise IndexUnavailable(f"the index in {index_dir} is corrupt (vector and passage counts differ); "
                               f"{REBUILD_HINT}")
    if index.d != manifest.get("dimension"):
        raise IndexUnavailable(f"the index dimension {index.d} does not match its manifest; {REBUILD_HINT}")
    return index, passages, manifest


def _previous_vectors(index_dir: Path, model: str, dimension: int) -> dict[str, np.ndarray]:
    try:
        index, passages, manifest = load_built(index_dir)
    except IndexUnavailable:
        return {}
    if manifest.get("model") != model or manifest.get("dimension") != dimension:
        return {}
    vectors = index.reconstruct_n(0, index.ntotal)
    return {p.text_hash: vectors[i] for i, p in enumerate(passages)}


def build_index(index_dir: Path, documents_dir: Path, embedder: Embedder, *, force: bool = False,
                progress: bool = False) -> BuildReport:
    """Build (re-embedding only changed passages unless ``force``) and atomically switch to the new build."""
    import faiss
    from filelock import FileLock  # only a build takes the lock; a query start does not import it

    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(index_dir / ".build.lock")):
        integrity.remove_leftovers(index_dir)
        documents, warnings = load_corpus(documents_dir)
        if not documents:
            raise IndexUnavailable(f"no readable documents in {documents_dir}")
        passages = [p for document in documents for p in passages_for(document)]
        bulk: Embedder = getattr(embedder, "builder", embedder)  # the service's embedder builds with its builder
        previous = current_dir(index_dir)
        previous_manifest = (read_manifest(index_dir) or {}) if previous else {}
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        builds = index_dir / "builds"
        folder = builds / stamp
        tmp = builds / f".tmp-{stamp}-{os.getpid()}"
        tmp.mkdir(parents=True)
        # The ONNX export first (bot/retrieval/direct_export.py or export.py; linked from the previous build or the data
        # folder when one of these model files is kept): the passages are embedded through it.
        export = getattr(bulk, "export_encoder", None)
        phase = time.perf_counter()
        encoder = export(tmp / "encoder", previous, previous_manifest.get("encoder"), reuse=not force) \
            if export else None
        dimension = int(encoder["dimension"]) if encoder else bulk.dimension
        export_seconds, phase = time.perf_counter() - phase, time.perf_counter()
        reuse = {} if force else _previous_vectors(index_dir, embedder.name, dimension)
        todo = [p for p in passages if p.text_hash not in reuse]
        fresh = _embed_passages(bulk, [p.embed_text for p in todo], progress, tmp / "encoder" if encoder else None) \
            if todo else np.zeros((0, dimension))
        embed_seconds = time.perf_counter() - phase
        by_hash = dict(reuse)
        by_hash.update({p.text_hash: fresh[i] for i, p in enumerate(todo)})
        matrix = np.stack([by_hash[p.text_hash] for p in passages]).astype("float32")
        faiss.normalize_L2(matrix)
        index = faiss.IndexFlatIP(dimension)
        index.add(matrix)
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        LexicalIndex.build([p.search_text for p in passages]).save(tmp)  # BM25, so a query start needs no bm25s
        with (tmp / "passages.jsonl").open("w", encoding="utf-8") as handle:
            for passage in passages:
                handle.write(json.dumps(passage.as_dict(), ensure_ascii=False) + "\n")
        manifest = {
            "format": FORMAT_VERSION, "model": embedder.name, "dimension": dimension,
            "files": file_hashes(documents_dir), "documents": len(documents), "passages": len(passages),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"), "uavex_version": __version__,
            "corpus_newest": max(d.meta.effective for d in documents).isoformat(), "warnings": warnings,
            "encoder": encoder, "embedding_precision": (getattr(bulk, "last_precision", "float32") if todo else
                                    previous_manifest.get("embedding_precision", "float32")),
            "embedding_engine": (getattr(bulk, "last_engine", bulk.name) if todo else
                                 previous_manifest.get("embedding_engine", "sentence-transformers")),
            "checksums": integrity.checksums(tmp),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        os.replace(tmp, folder)
        link_tmp = index_dir / f".current-{os.getpid()}"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(Path("builds") / stamp)
        os.replace(link_tmp, index_dir / "current")
        _prune(builds, keep={stamp})
    report = BuildReport(documents=len(documents), passages=len(passages), embedded=len(todo),
                         reused=len(passages) - len(todo), seconds=time.perf_counter() - started,
                         path=folder, warnings=warnings, export_seconds=export_seconds, embed_seconds=embed_seconds)
    log.info("index built: %d passages (%d embedded, %d reused) in %.1fs (export %.1fs, embedding %.1fs)",
             report.passages, report.embedded, report.reused, report.seconds, export_seconds, embed_seconds)
    return report


def _embed_passages(bulk: Embedder, texts: list[str], progress: bool, export: Path | None) -> np.ndarray:
    """The builder's bulk path (``embed_passages``: through the ONNX export, by OpenVINO in bfloat16 where the CPU
    has it; see embedder.py) when it has one, else its ``embed``."""
    embed_passages = getattr(bulk, "embed_passages", None)
    if embed_passages is None:
        return bulk.embed(texts, progress=progress)
    return np.asarray(embed_passages(texts, progress=progress, export=export))


def _prune(builds: Path, keep: set[str]) -> None:
    """Remove old builds and abandoned temporary folders, keeping the newest two."""
    finished = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-2]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in builds.glob(".tmp-*"):
        if tmp.stat().st_mtime < time.time() - 3600:
            shutil.rmtree(tmp, ignore_errors=True)


