"""ComplianceService: the core every front end calls (CLI, Discord). Imports no discord.py and no torch.

Heavy parts (the embedding model, the index) load lazily on first use, so `classify` starts fast.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.cases import CaseStore, content_hash
from bot.catalogue import Catalogue
from bot.config import Settings
from bot.intake import ClassifyRequest, build_sale
from bot.rules.cache import load_catalogue_cached, load_rules_cached
from bot.rules.decision import Decision
from bot.rules.engine import evaluate
from bot.rules.model import RuleSet

if TYPE_CHECKING:
    from bot.answer.composer import Answer
    from bot.retrieval.embedder import Embedder
    from bot.retrieval.search import Retriever

log = logging.getLogger(__name__)


class ComplianceService:
    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.Lock()
        self._retriever: Retriever | None = None

    @cached_property
    def rules(self) -> RuleSet:
        return load_rules_cached(self.settings.rules_dir)

    @cached_property
    def catalogue(self) -> Catalogue:
        return load_catalogue_cached(self.settings.systems_file)

    def classify(self, request: ClassifyRequest, today: date | None = None) -> Decision:
        sale = build_sale(request, self.catalogue, today)
        return evaluate(sale, self.rules)

    def render_decision(self, decision: Decision) -> str:
        from bot.render import render_decision  # jinja2 on first use

        return render_decision(self.settings.prompts_dir, decision)

    # Retrieval and answers (lazy: these import numpy/faiss; queries use the index's ONNX export, and only builds
    # or an index without one import torch).
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from bot.retrieval.embedder import CachedEmbedder, IndexEmbedder

            self._embedder = CachedEmbedder(IndexEmbedder(self.settings.embed_model, self.settings.index_dir,
                                                          batch_size=self.settings.embed_batch_size,
                                                          export_store=self.settings.data_dir / "encoders"))
        return self._embedder

    def retriever(self, *, build_if_needed: bool = True, progress: bool = False) -> Retriever:
        """The loaded index; builds it on first use when missing or stale."""
        with self._lock:
            if self._retriever is None:
                prefetch = getattr(self.embedder, "prefetch", None)
                if prefetch is not None:
                    prefetch()
                from bot.retrieval.search import Retriever

                self._retriever = Retriever.open(self.settings, self.embedder, build_if_needed=build_if_needed,
                                                 progress=progress)
            return self._retriever

    def cite(self, query: str, k: int = 5, **filters: Any) -> list[Any]:
        return self.retriever().search(query, k=k, **filters)

    def ask(self, question: str, as_of: str | None = None, today: date | None = None,
            context: str | None = None) -> Answer:
        """Answer a question; ``context`` is the earlier question of the conversation, for a follow-up."""
        from bot.answer.composer import answer_question

        return answer_question(self, question, as_of=as_of, today=today, context=context)

    @cached_property
    def cases(self) -> CaseStore:
        return CaseStore(self.settings.cases_db, self.settings.retention_days)

    def _manifest_hash(self) -> str | None:
        from bot.retrieval.store import current_dir

        folder = current_dir(self.settings.index_dir)
        if folder is None or not (folder / "manifest.json").exists():
            return None
        return content_hash((folder / "manifest.json").read_text())

    def follow_up_context(self, case_id: str) -> str:
        """The earlier conversation a follow-up to ``case_id`` is asked in: its context and its question."""
        record = self.cases.get(case_id)
        return self.conversation_of(record.inputs)

    @staticmethod
    def conversation_of(inputs: dict[str, Any]) -> str:
        earlier = str(inputs.get("context") or "")
        return " ".join(part for part in (earlier[-1500:], str(inputs.get("question") or "")) if part)

    def record_answer(self, answer: Answer, *, source: str, guild_id: int | None = None,
                      channel_id: int | None = None, user_id: int | None = None, context: str | None = None,
                      follow_up_of: str | None = None, private: bool = False) -> str:
        """Store a case record of an answer; returns its id. A follow-up keeps its context and parent case."""
        verdict = answer.verdict["verdict"] if answer.verdict else None
        passages = [{"id": c["passage_id"] or c["url"], "hash": content_hash(c["text"])} for c in answer.citations]
        inputs: dict[str, Any] = {"question": answer.question}
        if context:
            inputs["context"] = context
        if follow_up_of:
            inputs["follow_up_of"] = follow_up_of
        return self.cases.add(kind="ask", source=source, inputs=inputs,
                              verdict=verdict, answer=answer.answer, result=answer.as_dict(), passages=passages,
                              rules_version=answer.rules_version, index_manifest_hash=self._manifest_hash(),
                              as_of=answer.as_of.isoformat(), guild_id=guild_id, channel_id=channel_id,
                              user_id=user_id, private=private)

    def record_decision(self, request: ClassifyRequest, decision: Decision, *, source: str,
                        guild_id: int | None = None, channel_id: int | None = None,
                        user_id: int | None = None, private: bool = False) -> str:
        inputs = {k: v for k, v in request.__dict__.items() if v is not None}
        return self.cases.add(kind="classify", source=source, inputs=inputs, verdict=decision.verdict,
                              answer=self.render_decision(decision), result=decision.as_dict(), passages=[],
                              rules_version=decision.rules_version, index_manifest_hash=None,
                              as_of=decision.as_of.isoformat(), guild_id=guild_id, channel_id=channel_id,
                              user_id=user_id, private=private)

    def case_memo(self, case_id: str) -> str:
        """The Markdown memo for counsel (bot/casework/memo.py)."""
        from bot.casework.memo import render_memo

        return render_memo(self, self.cases.get(case_id))

    def case_memo_pdf(self, case_id: str) -> bytes:
        """The same memo as a PDF (fpdf2)."""
        from bot.casework.pdf import memo_pdf

        return memo_pdf(self.case_memo(case_id), title=f"uavex case {case_id.strip()}")

    def about(self) -> dict[str, Any]:
        from bot import __version__

        info: dict[str, Any] = {"version": __version__, "rules_version": self.rules.version,
                                "rules_newest_effective": self.rules.newest_effective.isoformat(),
                                "systems": len(self.catalogue.systems), "embed_model": self.settings.embed_model}
        try:
            from bot.retrieval.store import read_manifest

            manifest = read_manifest(self.settings.index_dir)
            info["index_built_at"] = manifest.get("built_at") if manifest else None
            info["corpus_newest"] = manifest.get("corpus_newest") if manifest else None
        except Exception:  # the about page must never fail because the index is broken
            log.exception("could not read the index manifest for /about")
            info["index_built_at"] = None
        return info
