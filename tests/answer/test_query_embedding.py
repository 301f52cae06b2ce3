"""A question is embedded once: the one query embedding serves the refusal check, the domain check and every passage
search its answer makes (issue 11). Each extra encoder call costs about as much as the whole rest of an answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.config import Settings
from bot.retrieval.embedder import CachedEmbedder, HashingEmbedder
from bot.service import ComplianceService


class Recording(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.texts += texts
        return super().embed(texts, progress=progress)


def _service(tmp_path: Path) -> tuple[ComplianceService, Recording]:
    recording = Recording()
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", embed_model="fake-hashing")
    service = ComplianceService(settings, embedder=CachedEmbedder(recording))
    service.retriever()
    return service, recording


def test_a_sale_with_figures_embeds_the_question_once(tmp_path: Path) -> None:
    service, recording = _service(tmp_path)
    # the first sale fills the cache with the intent examples and the answer plan's fixed queries
    assert service.ask("Can we sell a UAV with a 600 kg payload and 350 km range to Japan?").verdict is not None
    recording.texts.clear()
    answer = service.ask("We want to export a drone that carries 700 kg over 400 km to Japan. Licence?")
    assert answer.verdict is not None and "Category I" in answer.answer
    # the passage search for the sentences under the verdict leaves the figures out of its words, not out of its
    # embedding: it reuses the question's
    assert len(recording.texts) == 1 and "700 kg" in recording.texts[0], recording.texts
