from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.app import create_bot
from bot.config import Settings
from bot.retrieval.embedder import HashingEmbedder
from bot.retrieval.store import build_index
from bot.service import ComplianceService


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chat-index")
    build_index(folder, Settings().documents_dir, HashingEmbedder())
    return folder


@pytest.fixture()
def chat_settings(tmp_path: Path, fake_index: Path, request: pytest.FixtureRequest) -> Settings:
    overrides = getattr(request, "param", {})
    options = {"cooldown_seconds": 0.0, **overrides}
    return Settings(index_dir=fake_index, data_dir=tmp_path / "data", embed_model="fake-hashing", **options)


@pytest.fixture()
def chat_service(chat_settings: Settings) -> ComplianceService:
    return ComplianceService(chat_settings, embedder=HashingEmbedder())


@pytest.fixture()
def simcord_bot(chat_service: ComplianceService):  # type: ignore[no-untyped-def]
    return create_bot(chat_service)
