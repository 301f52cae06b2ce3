"""Turn what a person typed (CLI flags, slash-command options) into a validated Sale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.catalogue import Catalogue
from bot.countries import resolve_country
from bot.errors import InputError
from bot.rules.facts import Sale
from bot.units import parse_quantity
from bot.yamlstrict import parse_date


@dataclass(frozen=True)
class ClassifyRequest:
    """Raw text fields, exactly as typed; every one optional."""

    system: str | None = None
    range: str | None = None
    payload: str | None = None
    range_at_500kg: str | None = None
    speed: str | None = None
    endurance: str | None = None
    cruise_speed: str | None = None
    range_basis: str | None = None
    aerosol: str | None = None
    mtow: str | None = None  # maximum take-off weight
    autonomous: bool | None = None
    bvlos: bool | None = None
    military: bool | None = None  # designed for military use
    armed: bool | None = None
    gust: bool | None = None  # designed for stable flight in gusts of at least 46.3 km/h (25 kt)
    separate_maxima: bool | None = None
    stated_category: str | None = None  # "I" or "II" when the question itself says so ("our Cat I UAV")
    destination: str | None = None
    exporter: str | None = None
    end_use: str | None = None
    as_of: str | None = None


def parse_as_of(text: str | None, today: date | None = None) -> date:
    if text is None or not str(text).strip():
        return today or date.today()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError(f"as-of date: {exc}; use YYYY-MM-DD, e.g. 2026-01-15") from None


def build_sale(req: ClassifyRequest, catalogue: Catalogue, today: date | None = None) -> Sale:
    """Validate every field; the first bad one raises InputError with the accepted forms."""
    notes: list[str] = []

    def quantity(text: str | None, dimension: str, name: str) -> float | None:
        if text is None or str(text).strip() == "":
            return None
        q = parse_quantity(text, dimension, field_name=name)  # type: ignore[arg-type]
        if q.note:
            notes.append(f"{name}: {q.note}")
        return q.value

    system = catalogue.resolve(req.system) if req.system and req.system.strip() else None
    basis = req.range_basis.strip().lower() if req.range_basis else None
    if basis is not None and not req.range:
        raise InputError("range basis: give --range as well (the basis says what that range figure measures)")
    exporter = resolve_country(req.exporter, field_name="exporter") if req.exporter else "US"
    destination = resolve_country(req.destination, field_name="destination") if req.destination else None
    if destination is not None and destination == exporter:
        notes.append("destination is the exporter's own country: no export is involved")
    return Sale(
        as_of=parse_as_of(req.as_of, today), system=system,
        range_km=quantity(req.range, "distance", "range"), range_basis=basis,
        payload_kg=quantity(req.payload, "mass", "payload"),
        range_at_500kg_km=quantity(req.range_at_500kg, "distance", "range at 500 kg"),
        max_speed_kmh=quantity(req.speed, "speed", "speed"),
        endurance_h=quantity(req.endurance, "duration", "endurance"),
        cruise_speed_kmh=quantity(req.cruise_speed, "speed", "cruise speed"),
        aerosol_l=quantity(req.aerosol, "volume", "aerosol"),
        mtow_kg=quantity(req.mtow, "mass", "maximum take-off weight"),
        autonomous=req.autonomous, bvlos=req.bvlos, military_design=req.military, armed=req.armed, gust=req.gust,
        separate_maxima=req.separate_maxima,
        destination=destination, exporter=exporter, end_use=(req.end_use or None), input_notes=tuple(notes),
        stated_category=req.stated_category if req.stated_category in ("I", "II") else None,
    )
