"""Large index builds embed passages in bfloat16 where the CPU has it: the vectors stay within cosine 0.999 of
float32 sentence-transformers and recall@5 on the labelled queries moves by at most one near tie; the shipped
corpus (below the size threshold) is embedded in float32, and the manifest says which precision was used. A
bfloat16 copy that drifts is refused and the build falls back to float32."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval import embedder as embedder_module
from bot.retrieval.documents import load_corpus
from bot.retrieval.embedder import SentenceTransformerEmbedder, bf16_supported
from bot.retrieval.passages import passages_for
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index

MODEL = "all-MiniLM-L6-v2"
QUERIES = yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text())
DOCUMENTS = PROJECT_ROOT / "corpus" / "documents"


def _recall(index_dir: Path, embedder: SentenceTransformerEmbedder) -> list[bool]:
    retriever = Retriever.open(Settings(index_dir=index_dir), embedder, build_if_needed=False)
    return [any(h.passage.id in item["relevant"] for h in retriever.search(item["query"], k=5)) for item in QUERIES]


@pytest.mark.slow
def test_shipped_corpus_is_embedded_in_float32(real_index_dir: Path) -> None:
    manifest = json.loads((real_index_dir / "current" / "manifest.json").read_text())
    assert manifest["passages"] < embedder_module.BULK_MIN
    assert manifest["embedding_precision"] == "float32"


@pytest.mark.slow
@pytest.mark.skipif(not bf16_supported(), reason="this CPU has no native bfloat16; builds use float32")
def test_bf16_build_matches_float32(real_index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedder_module, "BULK_MIN", 1)  # the shipped corpus built as a large corpus would be
    st = SentenceTransformerEmbedder(MODEL)
    documents, _ = load_corpus(DOCUMENTS)
    texts = [p.embed_text for d in documents for p in passages_for(d)]
    reference = st.embed(texts)
    bulk = st.embed_passages(texts)
    assert st.last_precision == "bfloat16"
    assert float((reference * bulk).sum(axis=1).min()) >= 0.999
    build_index(tmp_path / "bf16", DOCUMENTS, st)
    assert json.loads((tmp_path / "bf16" / "current" / "manifest.json").read_text())["embedding_precision"] \
        == "bfloat16"
    bf16_hits, fp32_hits = _recall(tmp_path / "bf16", st), _recall(real_index_dir, st)
    # near ties may swap: at most 2 % of the labelled queries (measured: 1 on the corpus of issue 11, 2 after the
    # §126.1 history documents were added)
    allowed = max(1, len(QUERIES) // 50)
    assert abs(sum(bf16_hits) - sum(fp32_hits)) <= allowed
    assert sum(a != b for a, b in zip(bf16_hits, fp32_hits, strict=True)) <= 2 * allowed


@pytest.mark.slow
@pytest.mark.skipif(not bf16_supported(), reason="this CPU has no native bfloat16; builds use float32")
def test_drifting_bf16_falls_back_to_float32(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(embedder_module, "PARITY_MIN", 1.01)  # no bfloat16 copy can pass this check
    monkeypatch.setattr(embedder_module, "BULK_MIN", 1)
    st = SentenceTransformerEmbedder(MODEL)
    texts = [q["query"] for q in QUERIES][:64]
    with caplog.at_level(logging.WARNING):
        vectors = st.embed_passages(texts)
    assert st.last_precision == "float32" and st.precision == "float32"
    assert np.allclose(vectors, st.embed(texts), atol=1e-6)
    assert any("embedding in float32" in r.getMessage() for r in caplog.records)
