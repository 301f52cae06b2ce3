"""`uavex classify`: a proposed sale under the MTCR and US policy in force on a date."""

from __future__ import annotations

import json
import logging
from typing import Any

import click

from bot.cli.common import _service, finish, friendly, record
from bot.intake import ClassifyRequest

log = logging.getLogger(__name__)


@click.command()
@click.option("--system", help="Catalogue system name or alias (fuzzy), e.g. 'gray eagle'.")
@click.option("--range", "range_", metavar="R", help="Maximum one-way range, e.g. '1,200 km', '650 nm', '400 mi'.")
@click.option("--payload", metavar="P", help="Payload carried over that range, e.g. '500 kg', '1,100 lb'.")
@click.option("--mtow", metavar="W", help="Maximum take-off weight, e.g. '25 kg', '4,200 lb' (bounds an unknown "
              "payload).")
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
@click.option("--chart", metavar="FILE.png", help="Also draw the payload-range chart of the margins to this PNG.")
@click.pass_context
@friendly
def classify(ctx: click.Context, range_: str | None, as_json: bool, require_record: bool, chart: str | None,
             **options: Any) -> None:
    """Classify a proposed UAV sale under the MTCR and US policy in force on a date."""
    service = _service(ctx)
    request = ClassifyRequest(range=range_, **options)
    decision = service.classify(request)
    case_id = record(ctx, lambda: service.record_decision(request, decision, source="cli"))
    if chart:
        from bot.casework.chart import write_chart  # matplotlib only on this path

        write_chart(decision.as_dict(), chart)
        click.echo(f"chart: wrote {chart}", err=True)
    if as_json:
        data = decision.as_dict()
        data["case_id"] = case_id
        if chart:
            data["chart"] = chart
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(service.render_decision(decision))
    finish(ctx, require_record)
