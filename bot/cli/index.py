"""`uavex index`: build or inspect the retrieval index (heavy imports inside the commands)."""

from __future__ import annotations

import json
import logging
import sys

import click

from bot.cli.common import _service, friendly

log = logging.getLogger(__name__)


@click.group("index")
def index_group() -> None:
    """Build or inspect the retrieval index (index/)."""


@index_group.command("build")
@click.option("--force", is_flag=True, help="Re-embed every passage instead of only the changed ones.")
@click.pass_context
@friendly
def index_build(ctx: click.Context, force: bool) -> None:
    """Build the FAISS index from corpus/documents (atomic; re-embeds only what changed)."""
    from bot.retrieval.store import build_index

    service = _service(ctx)
    settings = service.settings
    report = build_index(settings.index_dir, settings.documents_dir, service.embedder, force=force,
                         progress=sys.stderr.isatty())
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    rate = report.embedded / report.seconds if report.seconds else 0.0
    click.echo(f"built {report.passages} passages from {report.documents} documents in {report.seconds:.2f}s "
               f"({report.embedded} embedded, {report.reused} reused; {rate:.1f} passages/s)")


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def index_status(ctx: click.Context, as_json: bool) -> None:
    """Documents, passages, model, build time, and whether the index is stale."""
    from bot.retrieval.store import read_manifest, staleness

    settings = _service(ctx).settings
    manifest = read_manifest(settings.index_dir) or {}
    reason = staleness(settings.index_dir, settings.documents_dir, settings.embed_model)
    status = {"index_dir": str(settings.index_dir), "documents": manifest.get("documents"),
              "passages": manifest.get("passages"), "model": manifest.get("model"),
              "dimension": manifest.get("dimension"), "built_at": manifest.get("built_at"),
              "corpus_newest": manifest.get("corpus_newest"), "stale": reason is not None, "reason": reason,
              "skipped_files": manifest.get("warnings", [])}
    if as_json:
        click.echo(json.dumps(status))
        return
    for key, value in status.items():
        click.echo(f"{key + ':':15} {value}")
