"""The `uavex` command line: thin translation of flags into ComplianceService calls."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from bot.config import Settings
from bot.errors import CaseStoreUnavailable, InputError, UavexError
from bot.intake import ClassifyRequest
from bot.rules.audit import JURISDICTION_AND_LICENCE, audit_citations, confidence_counts
from bot.rules.model import CONFIDENCE
from bot.service import ComplianceService

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _service(ctx: click.Context) -> ComplianceService:
    obj = ctx.ensure_object(dict)
    if "service" not in obj:
        obj["service"] = ComplianceService(Settings.from_env())
    service: ComplianceService = obj["service"]
    return service


MESSAGE_LIMIT = 300


def one_line(exc: BaseException) -> str:
    """An error as one short line: whitespace collapsed, long echoed input clipped."""
    text = " ".join(str(exc).split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def record(ctx: click.Context, write: Callable[[], str]) -> str | None:
    """Store a case record; when the store cannot be written, warn in one line and carry on (the answer is
    still printed). ``finish`` then exits non-zero if a record was required."""
    try:
        return write()
    except CaseStoreUnavailable as exc:
        click.echo(f"uavex: warning: this answer was not recorded: {one_line(exc)}", err=True)
        ctx.ensure_object(dict)["unrecorded"] = True
        return None


def finish(ctx: click.Context, require_record: bool) -> None:
    """Exit 1 after the answer was printed if a case record could not be written and one was required."""
    obj = ctx.ensure_object(dict)
    if obj.get("unrecorded") and (require_record or _service(ctx).settings.require_record):
        click.echo("uavex: error: a case record was required (--require-record / UAVEX_REQUIRE_RECORD)", err=True)
        sys.exit(1)


def friendly(func: F) -> F:
    """Turn uavex errors into one line on stderr: exit 2 for bad input, 1 for data or index problems."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"uavex: error: {one_line(exc)}", err=True)
            sys.exit(2)
        except UavexError as exc:
            click.echo(f"uavex: error: {one_line(exc)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="uavex")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """uavex: does this proposed drone sale fit current guidance? (advisory, not a determination)"""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.ensure_object(dict)


@cli.command()
@click.option("--system", help="Catalogue system name or alias (fuzzy), e.g. 'gray eagle'.")
@click.option("--range", "range_", metavar="R", help="Maximum one-way range, e.g. '1,200 km', '650 nm', '400 mi'.")
@click.option("--payload", metavar="P", help="Payload carried over that range, e.g. '500 kg', '1,100 lb'.")
@click.option("--range-at-500kg", metavar="R", help="Range achieved while carrying 500 kg, if known.")
@click.option("--separate-maxima", is_flag=True, default=None,
              help="Payload and range are separately quoted maxima (not achievable together).")
@click.option("--speed", metavar="V", help="Maximum airspeed, e.g. '780 km/h', '420 kt', 'Mach 0.7'.")
@click.option("--endurance", metavar="H", help="Endurance, e.g. '24 h' (used with --cruise-speed to estimate range).")
@click.option("--cruise-speed", metavar="V", help="Cruise speed, e.g. '300 km/h'.")
@click.option("--range-basis", type=click.Choice(["one-way", "ferry", "datalink", "radius"]),
              help="What the --range figure measures (default one-way).")
@click.option("--aerosol", metavar="L", help="Aerosol (spray) system capacity, e.g. '30 L', '8 gal'; 0 if none.")
@click.option("--autonomous/--no-autonomous", default=None, help="Autonomous flight control and navigation.")
@click.option("--bvlos/--no-bvlos", default=None, help="Controlled flight beyond the operator's direct vision.")
@click.option("--military/--no-military", default=None, help="Designed (specially) for military use (US jurisdiction).")
@click.option("--armed/--no-armed", default=None, help="Armed or designed to carry weapons (USML VIII(a)(5)).")
@click.option("--gust/--no-gust", default=None,
              help="Designed to take off and fly stably in gusts of at least 46.3 km/h / 25 kt (ECCN 9A012.a.1).")
@click.option("--destination", metavar="C", help="Destination country: name, ISO code or alias ('KSA', 'ROK').")
@click.option("--exporter", metavar="C", help="Exporting country (default US).")
@click.option("--end-use", metavar="TEXT", help="End use / end user, e.g. 'border surveillance by the air force'.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Apply the rules in force on this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--require-record", is_flag=True, help="Exit 1 if the case record cannot be written.")
@click.pass_context
@friendly
def classify(ctx: click.Context, range_: str | None, as_json: bool, require_record: bool, **options: Any) -> None:
    """Classify a proposed UAV sale under the MTCR and US policy in force on a date."""
    service = _service(ctx)
    request = ClassifyRequest(range=range_, **options)
    decision = service.classify(request)
    case_id = record(ctx, lambda: service.record_decision(request, decision, source="cli"))
    if as_json:
        data = decision.as_dict()
        data["case_id"] = case_id
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(service.render_decision(decision))
    finish(ctx, require_record)


@cli.group()
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


@cli.command()
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def systems(ctx: click.Context, name: str | None, as_json: bool) -> None:
    """List catalogue systems, or show one (fuzzy name)."""
    catalogue = _service(ctx).catalogue
    if name:
        spec = catalogue.resolve(name)
        if as_json:
            click.echo(json.dumps(spec.as_dict(), ensure_ascii=False))
            return
        for key, value in spec.as_dict().items():
            if key == "sources":
                for s in value:
                    click.echo(f"source: {s['title']} ({s['date']}) <{s['url']}>")
            else:
                click.echo(f"{key}: {value}")
        return
    rows = [s.as_dict() for s in catalogue.systems]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for s in catalogue.systems:
        click.echo(f"{s.id:22} {s.name:32} {s.uav_class:20} {s.origin}")


def main() -> None:
    from bot.cli_extra import register

    register(cli)
    try:
        cli(prog_name="uavex")
    except InputError as exc:
        click.echo(f"uavex: error: {one_line(exc)}", err=True)
        sys.exit(2)
