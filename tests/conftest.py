from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.service import ComplianceService

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's data dir or the repo's index/."""
    monkeypatch.setenv("UAVEX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UAVEX_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("UAVEX_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def repo_settings() -> Settings:
    return Settings(data_dir=Path("/nonexistent-uavex-data"))


@pytest.fixture(scope="session")
def service(repo_settings: Settings) -> ComplianceService:
    return ComplianceService(repo_settings)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped corpus built once per session with the real (offline) model."""
    from bot.retrieval.embedder import SentenceTransformerEmbedder
    from bot.retrieval.store import build_index

    folder = tmp_path_factory.mktemp("real-index")
    build_index(folder, PROJECT_ROOT / "corpus" / "documents", SentenceTransformerEmbedder("all-MiniLM-L6-v2"))
    return folder


@pytest.fixture(scope="session")
def real_service(real_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ComplianceService:
    settings = Settings(index_dir=real_index_dir, data_dir=tmp_path_factory.mktemp("real-data"))
    return ComplianceService(settings)


def build_fake_service(folder: Path) -> ComplianceService:
    """A service on the deterministic hashing embedder with its index built in ``folder`` (no model load)."""
    from bot.retrieval.embedder import HashingEmbedder

    settings = Settings(index_dir=folder / "index", data_dir=folder / "data", embed_model="fake-hashing")
    service = ComplianceService(settings, embedder=HashingEmbedder())
    service.retriever()
    return service
