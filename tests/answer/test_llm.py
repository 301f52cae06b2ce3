"""Optional language-model synthesis against a local server that speaks the chat-completions protocol."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.answer.llm import validate
from bot.config import Settings
from bot.retrieval.embedder import HashingEmbedder
from bot.service import ComplianceService
from tests.answer.llm_server import serving

REPLIES: list[str] = []
SEEN: list[dict] = []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SEEN.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        reply = REPLIES.pop(0)
        if reply == "500":
            self.send_response(500)
            self.end_headers()
            return
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def llm_url() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


@pytest.fixture()
def service(tmp_path: Path, llm_url: str) -> ComplianceService:
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", embed_model="fake-hashing",
                        llm_url=llm_url, llm_model="local-test", llm_api_key="sk-test-secret")
    return ComplianceService(settings, embedder=HashingEmbedder())


QUESTION = "what is item 19.A.3"


def test_grounded_reply_is_used(service: ComplianceService) -> None:
    extractive = ComplianceService(Settings(index_dir=service.settings.index_dir, embed_model="fake-hashing"),
                                   embedder=HashingEmbedder()).ask(QUESTION)
    quote = extractive.citations[0]["text"].split(".")[0][:40]
    REPLIES[:] = [f'Item 19.A.3 covers sprayer UAVs; the Annex says "{quote}". [1]']
    answer = service.ask(QUESTION)
    assert answer.synthesis == "llm"
    assert "Item 19.A.3 covers sprayer UAVs" in answer.answer and "Sources" in answer.answer
    sent = SEEN[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["body"]["model"] == "local-test"
    assert sent["auth"] == "Bearer sk-test-secret"
    assert "[1]" in sent["body"]["messages"][1]["content"]


def test_reply_citing_a_passage_not_sent_is_rejected(service: ComplianceService) -> None:
    REPLIES[:] = ["Item 19.A.3 is about sprayers [1], as passage [42] shows."]
    answer = service.ask(QUESTION)
    assert answer.synthesis.startswith("extractive (language-model reply rejected")
    assert "[42]" not in answer.answer


def test_reply_with_an_invented_quote_is_rejected(service: ComplianceService) -> None:
    REPLIES[:] = ['The Annex says "all drones need a licence everywhere". [1]']
    answer = service.ask(QUESTION)
    assert "does not appear" in answer.synthesis
    assert "all drones need a licence everywhere" not in answer.answer


def test_server_error_falls_back_to_extractive(service: ComplianceService) -> None:
    REPLIES[:] = ["500"]
    answer = service.ask(QUESTION)
    assert answer.synthesis == "extractive (language model unavailable)"
    assert "[1]" in answer.answer


def test_validate_rules() -> None:
    passages = {1: "Range is the maximum distance in stable flight."}
    assert validate("No markers here.", passages) == "the reply cites no passage"
    assert validate('It is "the maximum distance in stable flight" [1].', passages) is None
    assert "not sent" in (validate("See [2].", passages) or "")
