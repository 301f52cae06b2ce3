"""Issue 10, items 6 and 11: a hostile language-model server never breaks `ask`, never outlasts the deadline,
and its reply is used only when it invents no quote, does not contradict the engine and is not oversize."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.answer.llm import validate
from bot.cli import cli
from bot.config import Settings
from bot.retrieval.embedder import HashingEmbedder
from bot.service import ComplianceService
from tests.answer.llm_server import serving

BODIES: list[bytes | str] = []


def wrap(content: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = BODIES.pop(0) if BODIES else b"{}"
        if body == "trickle":
            payload = wrap("Item 19.A.3 covers sprayers. [1]")
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                for byte in payload:  # one byte every 0.2 s: each read is quick, the whole reply is not
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                return
            return
        assert isinstance(body, bytes)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def llm_url() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


@pytest.fixture()
def service(tmp_path: Path, llm_url: str) -> ComplianceService:
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", embed_model="fake-hashing",
                        llm_url=llm_url, llm_timeout=1.0)
    return ComplianceService(settings, embedder=HashingEmbedder())


QUESTION = "what is item 19.A.3"
SALE = "can we sell a gray eagle to poland?"


def ask(service: ComplianceService, question: str = QUESTION) -> dict:
    result = CliRunner().invoke(cli, ["ask", question, "--json"], obj={"service": service})
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data: dict = json.loads(result.stdout)
    return data


# Item 6: malformed replies fall back; a trickling server is cut off at the whole-call deadline.
@pytest.mark.parametrize("body", [b"[]", b'{"choices":"abc"}', b'{"choices":[]}', b'{"choices":[{"message":5}]}',
                                  b'{"choices":[{"message":{"content":null}}]}', b"not json", b"\xff\xfe",
                                  b'{"choices":[{"message":{"content":["a"]}}]}'])
def test_malformed_replies_fall_back_to_the_extractive_answer(service: ComplianceService, body: bytes) -> None:
    BODIES[:] = [body]
    data = ask(service)
    assert "[1]" in data["answer"] and "Sources" in data["answer"]


def test_a_trickling_server_is_cut_off_at_the_deadline(service: ComplianceService) -> None:
    BODIES[:] = ["trickle"]
    started = time.perf_counter()
    data = ask(service)
    assert time.perf_counter() - started < 5  # timeout 1 s for the whole call; the trickle would take ~10 s
    assert "[1]" in data["answer"]


# Item 11: invented quotes in any style, claims contradicting the engine, oversize replies.
PASSAGES = {1: "Range is the maximum distance in stable flight.", 2: "Category II covers any payload."}


@pytest.mark.parametrize("reply", [
    "The Annex says 'all drones need a licence everywhere' [1].",
    "The Annex says «all drones need a licence everywhere» [1].",
    "The Annex says „all drones need a licence everywhere“ [1].",
    "The Annex says ‘all drones need a licence everywhere’ [1].",
    "The Annex says:\n> all drones need a licence everywhere\n\nSo it is [1].",
])
def test_invented_quotes_in_any_style_are_rejected(reply: str) -> None:
    assert "does not appear" in (validate(reply, PASSAGES) or "")


def test_real_quotes_and_apostrophes_pass() -> None:
    assert validate("It's 'the maximum distance in stable flight' [1].", PASSAGES) is None
    assert validate("The Annex's text:\n> Range is the maximum distance in stable flight.\n\n[1]", PASSAGES) is None


def test_claims_contradicting_the_engine_verdict_are_rejected() -> None:
    reply = "This system is not MTCR-controlled, so no licence is needed [1]."
    assert "contradicts" in (validate(reply, PASSAGES, verdict="case-by-case") or "")
    assert "not supported" in (validate(reply, PASSAGES, verdict=None) or "")
    assert validate("It faces a strong presumption of denial [1].", PASSAGES, verdict="case-by-case")
    assert validate("It is reviewed case by case [1].", PASSAGES, verdict="case-by-case") is None


def test_oversize_replies_are_rejected() -> None:
    reply = "Range is defined in the Annex [1]. " * 200_000
    assert "too long" in (validate(reply, PASSAGES) or "")


def test_contradicting_reply_is_not_served(service: ComplianceService) -> None:
    BODIES[:] = [wrap("A Gray Eagle is not MTCR-controlled, so it ships freely [1].")]
    data = ask(service, SALE)
    assert "not MTCR-controlled, so it ships freely" not in data["answer"]
    assert data["verdict"]["verdict"] == "case-by-case"


def test_huge_reply_is_not_read_whole(service: ComplianceService) -> None:
    BODIES[:] = [wrap("Range is defined in the Annex [1]. " * 170_000)]  # about 6 MB
    data = ask(service)
    assert "Range is defined in the Annex [1]. Range" not in data["answer"]
