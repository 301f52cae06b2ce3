"""Requests uavex refuses or declines, recognised by meaning: the question (and each of its sentences) is compared
with labelled example phrasings (``corpus/language/intents.yaml``) in the embedding space the index already uses;
a few high-precision patterns from the same file win outright. Refusal wins over any sale reading."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from bot.answer.folded import FoldedPattern
from bot.retrieval.embedder import Embedder
from bot.yamlstrict import load_language_data

log = logging.getLogger(__name__)

REFUSALS = ("evasion", "technical-data", "weapons", "certify", "injection")
DECLINES = ("off-topic",)
# Cosine similarity a question (or one of its sentences) must reach with an example of a refusal label, and the
# lead it must have over the nearest ordinary question. Chosen on the examples themselves (leave-one-out).
MIN_SIMILARITY = 0.7
MIN_LEAD = 0.1


@dataclass(frozen=True)
class IntentMatch:
    label: str
    similarity: float
    example: str
    how: str  # "pattern" or "examples"


class IntentModel:
    """Example phrasings embedded once per embedder; nearest examples decide."""

    def __init__(self, path: Path, embedder: Embedder, cache_dir: Path | None = None) -> None:
        raw = path.read_text(encoding="utf-8")
        data: dict[str, Any] = load_language_data(raw)
        digest = hashlib.sha256(f"{embedder.name}\n{raw}".encode()).hexdigest()[:16]
        self.cache_file = cache_dir / f"intents-{digest}.npy" if cache_dir else None
        self.reasons: dict[str, str] = {k: " ".join(str(v).split()) for k, v in data["refusal_reasons"].items()}
        self.examples: list[tuple[str, str]] = [(label, text) for label, texts in data["examples"].items()
                                                for text in texts]
        self.overrides = {label: [re.compile(p, re.I) for p in patterns]
                          for label, patterns in (data.get("overrides") or {}).items()}
        # one search per label for the usual question that matches none of its patterns
        self.any_override = {label: FoldedPattern(_alternation(p.pattern for p in patterns))
                             for label, patterns in self.overrides.items() if patterns}
        # questions an override's words match, or an example is nearest to, that the label still does not fit
        self.override_exceptions = {label: FoldedPattern(_alternation(patterns))
                                    for label, patterns in (data.get("override_exceptions") or {}).items() if patterns}
        self.example_exceptions = {label: re.compile(_alternation(patterns), re.I)
                                   for label, patterns in (data.get("example_exceptions") or {}).items() if patterns}
        self.embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    @property
    def vectors(self) -> np.ndarray:
        """The examples' embeddings, cached on disk next to the index (keyed by model and examples file)."""
        with self._lock:
            if self._vectors is None:
                self._vectors = self._load_cached()
            if self._vectors is None:
                self._vectors = self.embedder.embed([text for _, text in self.examples])
                self._save_cached(self._vectors)
            return self._vectors

    def _load_cached(self) -> np.ndarray | None:
        if self.cache_file is None or not self.cache_file.exists():
            return None
        try:
            vectors = np.load(self.cache_file, allow_pickle=False)
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable intent cache %s: %s", self.cache_file, exc)
            return None
        if vectors.shape[0] != len(self.examples):
            return None
        return np.asarray(vectors, dtype="float32")

    def _save_cached(self, vectors: np.ndarray) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_file.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                np.save(handle, vectors, allow_pickle=False)
            os.replace(tmp, self.cache_file)
        except OSError as exc:
            log.warning("could not write the intent cache %s: %s", self.cache_file, exc)

    @cached_property
    def _label_rows(self) -> dict[str, np.ndarray]:
        """Each label's example rows, in order."""
        labels = np.array([label for label, _ in self.examples])
        return {label: np.flatnonzero(labels == label) for label in dict.fromkeys(labels.tolist())}

    def pattern(self, text: str) -> IntentMatch | None:
        lowered = text.lower()
        for label in ("injection", "certify", "evasion", "technical-data", "weapons"):
            if label not in self.any_override or not self.any_override[label].search(text, lowered):
                continue
            if label in self.override_exceptions and self.override_exceptions[label].search(text, lowered):
                continue
            for pattern in self.overrides[label]:
                match = pattern.search(text)
                if match:
                    return IntentMatch(label, 1.0, match.group(0), "pattern")
        return None

    def nearest(self, units: np.ndarray) -> IntentMatch | None:
        """The refusal or decline label whose examples are nearest to any unit, if clearly nearer than ordinary
        questions; None when the question reads as an ordinary one."""
        if units.size == 0:
            return None
        sims = units @ self.vectors.T  # (units, examples)
        rows = self._label_rows
        best: IntentMatch | None = None
        for row in sims:
            answer = float(row[rows["answer"]].max()) if "answer" in rows else 0.0
            for label in (*REFUSALS, *DECLINES):
                if label not in rows:
                    continue
                idx = int(rows[label][int(np.argmax(row[rows[label]]))])  # the first of the label's best examples
                score = float(row[idx])
                if score >= MIN_SIMILARITY and score - answer >= MIN_LEAD and (best is None or score > best.similarity):
                    best = IntentMatch(label, score, self.examples[idx][1], "examples")
        return best


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", text) if len(p.split()) >= 3]
    return parts if len(parts) > 1 else []


def _alternation(patterns: Iterable[str]) -> str:
    """A label's patterns as one alternation (searched once for the usual question that matches none of them)."""
    return "|".join(f"(?:{p})" for p in patterns)


def recognise(model: IntentModel, question: str, question_vector: np.ndarray | None = None) -> IntentMatch | None:
    """A refusal/decline label for ``question``, or None. ``question_vector`` is the part's query embedding
    (reused, so the question itself is not embedded twice)."""
    found = model.pattern(question)
    if found:
        return found
    units = [question_vector.reshape(1, -1)] if question_vector is not None else [model.embedder.embed([question])]
    extra = sentences(question)
    if extra:
        units.append(model.embedder.embed(extra))
    found = model.nearest(np.vstack(units).astype("float32"))
    exception = model.example_exceptions.get(found.label) if found is not None else None
    return None if exception is not None and exception.search(question) else found
