"""Properties of the engine over generated sales (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules.engine import evaluate
from bot.rules.facts import Sale
from bot.service import ComplianceService

RANK = {None: 0, "II": 1, "I": 2}
dates = st.dates(min_value=date(1993, 1, 1), max_value=date(2027, 12, 31))
ranges = st.floats(min_value=0, max_value=20_000, allow_nan=False)
payloads = st.floats(min_value=0, max_value=5_000, allow_nan=False)
maybe = st.none() | st.booleans()


def _rank(sale: Sale, service: ComplianceService) -> int:
    decision = evaluate(sale, service.rules)
    return max(RANK[decision.category], RANK[decision.at_least])


@settings(max_examples=300, deadline=None)
@given(on=dates, rng=ranges, payload=payloads, extra_r=ranges, extra_p=payloads,
       aerosol=st.none() | st.floats(min_value=0, max_value=200), auto=maybe, bvlos=maybe)
def test_more_range_or_payload_never_lowers_the_category(service: ComplianceService, on: date, rng: float,
                                                         payload: float, extra_r: float, extra_p: float,
                                                         aerosol: float | None, auto: bool | None,
                                                         bvlos: bool | None) -> None:
    base = Sale(as_of=on, range_km=rng, payload_kg=payload, aerosol_l=aerosol, autonomous=auto, bvlos=bvlos)
    assert _rank(base.with_(range_km=rng + extra_r), service) >= _rank(base, service)
    assert _rank(base.with_(payload_kg=payload + extra_p), service) >= _rank(base, service)


@settings(max_examples=300, deadline=None)
@given(on=dates, rng=st.none() | ranges, payload=st.none() | payloads, aerosol=st.none() | st.floats(0, 200),
       auto=maybe, bvlos=maybe, speed=st.none() | st.floats(0, 3000), basis=st.sampled_from(
           [None, "one-way", "ferry", "datalink", "radius"]), dest=st.none() | st.sampled_from(
           ["CN", "PL", "KH", "CY", "VE", "SA", "IN", "KR"]), exporter=st.sampled_from(["US", "FR", "CN", "IL"]))
def test_a_missing_fact_never_gives_not_mtcr_controlled(service: ComplianceService, on: date, rng: float | None,
                                                       payload: float | None, aerosol: float | None,
                                                       auto: bool | None, bvlos: bool | None, speed: float | None,
                                                       basis: str | None, dest: str | None, exporter: str) -> None:
    sale = Sale(as_of=on, range_km=rng, range_basis=basis if rng is not None else None, payload_kg=payload,
                aerosol_l=aerosol, autonomous=auto, bvlos=bvlos, max_speed_kmh=speed, destination=dest,
                exporter=exporter)
    decision = evaluate(sale, service.rules)
    if decision.verdict == "not-mtcr-controlled":
        # Only possible when the known facts exclude every item: range known below 300 km (not a datalink
        # figure) and 19.A.3 excluded by a known aerosol capacity or known absence of autonomy and BVLOS.
        assert rng is not None and basis not in ("datalink",)
        assert rng < 300 or basis == "radius"
        if service.rules.maybe("mtcr.category_ii.aerosol_l", on) is not None:  # 19.A.3 in force
            assert (aerosol is not None and aerosol <= 20) or (auto is False and bvlos is False)
        assert decision.missing == []
    if decision.missing:
        assert decision.verdict in {"insufficient-data", "denial-policy", "strong-presumption-of-denial"} or (
            decision.verdict == "case-by-case" and decision.at_least == "II")
