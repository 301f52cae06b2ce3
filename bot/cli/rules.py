"""`uavex rules`: rule data commands."""

from __future__ import annotations

import logging

import click

from bot.cli.common import _service, friendly
from bot.rules.audit import JURISDICTION_AND_LICENCE, audit_citations, confidence_counts
from bot.rules.model import CONFIDENCE

log = logging.getLogger(__name__)


@click.group()
def rules() -> None:
    """Rule data commands."""


@rules.command("check")
@click.pass_context
@friendly
def rules_check(ctx: click.Context) -> None:
    """Validate every rule file and the systems catalogue; print a summary."""
    service = _service(ctx)
    ruleset = service.rules
    catalogue = service.catalogue
    click.echo(f"rules version:         {ruleset.version}")
    click.echo(f"rule files:            {len(ruleset.files)}")
    click.echo(f"parameters:            {len(ruleset.parameters)}")
    click.echo(f"dated values:          {ruleset.value_count()}")
    click.echo(f"newest effective date: {ruleset.newest_effective.isoformat()}")
    click.echo(f"catalogue systems:     {len(catalogue.systems)}")
    by_conf = confidence_counts(ruleset)
    click.echo("values by confidence:  " + ", ".join(f"{k} {by_conf.get(k, 0)}" for k in CONFIDENCE))
    scoped = confidence_counts(ruleset, JURISDICTION_AND_LICENCE)
    click.echo("jurisdiction/licence:  " + ", ".join(f"{k} {scoped.get(k, 0)}" for k in CONFIDENCE))
    findings = audit_citations(ruleset, catalogue, service.settings.documents_dir)
    click.echo(f"non-publisher references: {len(findings)}")
    for finding in findings:
        click.echo(f"  {'ERROR' if finding.blocking else 'note '} {finding.where}: <{finding.url}> {finding.problem}")
    if any(f.blocking for f in findings):
        raise click.ClickException("citations must be the publisher's text (see ERROR lines)")
    click.echo("OK")
