"""A picture of the margins: the payload–range plane with the MTCR Category I region (payload ≥ 500 kg and range
≥ 300 km, the values of the rules in force), the 300 km line, the system's point (or its range bounds when the
range is an estimate, a lower bound or a datalink figure, drawn as such) and the US 800 km/h note where it applies.

``chart_data`` is pure (no plotting library); ``render_chart`` imports matplotlib (Agg) only when called."""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import InputError
from bot.rules.facts import ResolvedFacts, resolve_range
from bot.units import fmt

log = logging.getLogger(__name__)

SIZE_INCHES = (6.4, 4.6)
DPI = 125  # 800 × 575 px: readable when Discord scales an embed image down to about 400 px wide
AIRSPEED = "US 2020 airspeed limit"
CAT1_RANGE = "Category I/II range threshold"
CAT1_PAYLOAD = "Category I payload threshold"


@dataclass
class ChartData:
    title: str
    headline: str
    payload_kg: float | None
    range_km: float | None  # the MTCR range used (exact, estimate or lower bound); None when unknown
    range_kind: str  # exact | estimate | lower-bound | unknown
    range_note: str
    datalink_km: float | None  # a datalink figure: not the MTCR range, drawn as a reference only
    range_at_500kg_km: float | None
    range_limit: float
    payload_limit: float
    airspeed_note: str | None
    margins: list[str] = field(default_factory=list)

    def alt_text(self) -> str:
        """A description of the chart for screen readers (Discord's attachment description, ≤ 1024 characters)."""
        where = []
        if self.payload_kg is not None:
            where.append(f"payload {fmt(self.payload_kg, 'kg')}")
        if self.range_km is not None:
            kind = {"exact": "", "estimate": " (estimate)", "lower-bound": " (at least)"}.get(self.range_kind, "")
            where.append(f"range {fmt(self.range_km, 'km')}{kind}")
        else:
            where.append("range unknown" + (f" (datalink figure {fmt(self.datalink_km, 'km')} is not the MTCR range)"
                                            if self.datalink_km is not None else ""))
        text = (f"Payload-range chart for {self.title}: {', '.join(where)}. Category I region: payload at least "
                f"{fmt(self.payload_limit, 'kg')} and range at least {fmt(self.range_limit, 'km')}. "
                + " ".join(self.margins) + (f" {self.airspeed_note}" if self.airspeed_note else ""))
        return text[:1024]


def chart_data(decision: dict[str, Any]) -> ChartData:
    """What the chart shows, from a decision (Decision.as_dict(), as stored with a case)."""
    facts = decision.get("facts") or {}
    resolved = ResolvedFacts(values={k: v.get("value") for k, v in facts.items()},
                             origin={k: str(v.get("origin")) for k, v in facts.items()})
    rng = resolve_range(resolved)
    margins = {m["threshold"]: m for m in decision.get("margins") or []}
    range_limit = float(margins.get(CAT1_RANGE, {}).get("limit", 300))
    payload_limit = float(margins.get(CAT1_PAYLOAD, {}).get("limit", 500))
    datalink = resolved.get("range_km") if resolved.get("range_basis") == "datalink" else None
    speed = margins.get(AIRSPEED)
    airspeed = None
    if speed is not None:
        side = "below" if speed["value"] < speed["limit"] else "not below"
        airspeed = (f"US 2020 policy: maximum airspeed {fmt(speed['value'], 'km/h')} is {side} "
                    f"{fmt(speed['limit'], 'km/h')}.")
    payload = resolved.get("payload_kg")
    at500 = resolved.get("range_at_500kg_km")
    system = decision.get("system") or {}
    return ChartData(title=str(system.get("name") or "custom figures"), headline=str(decision.get("headline") or ""),
                     payload_kg=float(payload) if payload is not None else None, range_km=rng.value,
                     range_kind=rng.kind, range_note=rng.explanation,
                     datalink_km=float(datalink) if datalink is not None else None,
                     range_at_500kg_km=float(at500) if at500 is not None else None, range_limit=range_limit,
                     payload_limit=payload_limit, airspeed_note=airspeed,
                     margins=[m["text"][0].upper() + m["text"][1:] + "." for m in decision.get("margins") or []])


@dataclass
class Rendered:
    png: bytes
    width: int
    height: int
    # pixel positions (origin bottom-left, as matplotlib's display coordinates) of what the tests check
    point: tuple[float, float] | None
    range_line_x: float
    payload_line_y: float
    alt_text: str


def _limits(values: list[float], floor: float, threshold: float) -> tuple[float, float]:
    present = [v for v in values if v and v > 0]
    low = min([floor, *[v / 2 for v in present]])
    high = max([threshold * 4, *[v * 2 for v in present]])
    return low, high


def render_chart(data: ChartData) -> Rendered:
    """Draw the chart (log–log axes, so a 5 km quadcopter and a 20,000 km HALE both read) and return the PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)  # an Agg canvas: draw() lays out and renders, so pixel positions are the saved ones
    ax, caption = fig.subplots(2, 1, gridspec_kw={"height_ratios": [5, 1]})
    caption.axis("off")
    ranges = [v for v in (data.range_km, data.datalink_km, data.range_at_500kg_km) if v is not None]
    x0, x1 = _limits(ranges, 10.0, data.range_limit)
    y0, y1 = _limits([data.payload_kg] if data.payload_kg is not None else [], 1.0, data.payload_limit)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.fill_between([data.range_limit, x1], data.payload_limit, y1, color="#d62728", alpha=0.15, linewidth=0)
    ax.text(data.range_limit * 1.08, y1 / 1.25, "Category I", color="#a01010", fontsize=12, va="top",
            fontweight="bold")
    ax.axvline(data.range_limit, color="#a01010", linewidth=1.6)
    ax.text(data.range_limit * 1.05, y0 * 1.15, f"{fmt(data.range_limit, 'km')}", ha="left", va="bottom",
            fontsize=10, color="#a01010")
    ax.hlines(data.payload_limit, data.range_limit, x1, color="#a01010", linewidth=1.6)
    ax.text(x1 / 1.05, data.payload_limit * 0.92, f"{fmt(data.payload_limit, 'kg')}", ha="right", va="top",
            fontsize=10, color="#a01010")
    ax.text(data.range_limit * 1.08, data.payload_limit / 2.2, "Category II\n(range alone)", fontsize=10,
            va="top", color="#7a4a00")
    point: tuple[float, ...] | None = None
    y = data.payload_kg
    if data.range_km is not None and y is not None:
        if data.range_kind == "lower-bound":
            ax.annotate("", xy=(x1, max(y, y0)), xytext=(data.range_km, max(y, y0)),
                        arrowprops={"arrowstyle": "->", "color": "#1f3f99", "linewidth": 2})
            label = f"range at least {fmt(data.range_km, 'km')}"
        elif data.range_kind == "estimate":
            label = f"estimated range {fmt(data.range_km, 'km')}"
        else:
            label = ""  # the title names the system; an exact point needs no label
        filled = data.range_kind == "exact"
        ax.plot([data.range_km], [max(y, y0)], marker="o", markersize=11, color="#1f3f99",
                markerfacecolor="#1f3f99" if filled else "white", markeredgewidth=2.2, linestyle="none")
        if label:
            right = data.range_km > (x0 * x1) ** 0.5 * 2  # in the right part of the (log) axis: label to the left
            ax.annotate(label, (data.range_km, max(y, y0)), textcoords="offset points",
                        xytext=(-10 if right else 10, -12), ha="right" if right else "left", va="top", fontsize=11,
                        color="#1f3f99")
    elif y is not None:  # range unknown: the payload is known, the range is not
        ax.axhline(max(y, y0), color="#1f3f99", linestyle="--", linewidth=1.6)
        ax.text(x0 * 1.1, max(y, y0) * 1.08, f"payload {fmt(y, 'kg')}, range unknown", fontsize=10,
                color="#1f3f99")
    elif data.range_km is not None:  # payload unknown
        ax.axvline(data.range_km, color="#1f3f99", linestyle="--", linewidth=1.6)
        ax.text(data.range_km * 1.05, y0 * 1.3, "payload unknown", rotation=90, fontsize=10, color="#1f3f99")
    if data.datalink_km is not None:
        ax.axvline(data.datalink_km, color="#777777", linestyle=":", linewidth=1.6)
        ax.text(data.datalink_km * 0.95, (y0 * y1) ** 0.5, "datalink figure (not the MTCR range)", rotation=90,
                ha="right", va="center", fontsize=9, color="#555555")
    if data.range_at_500kg_km is not None:
        ax.plot([data.range_at_500kg_km], [data.payload_limit], marker="D", markersize=8, color="#2ca02c",
                linestyle="none")
        ax.annotate("range with 500 kg", (data.range_at_500kg_km, data.payload_limit), textcoords="offset points",
                    xytext=(8, -14), fontsize=10, color="#2ca02c")
    notes = [*data.margins[:3], *([data.airspeed_note] if data.airspeed_note else [])]
    caption.text(0.0, 1.0, "\n".join(textwrap.fill(n, 95) for n in notes), transform=caption.transAxes,
                 ha="left", va="top", fontsize=8.5, color="#222222")
    plain = FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}")
    ax.xaxis.set_major_formatter(plain)
    ax.yaxis.set_major_formatter(plain)
    ax.set_xlabel("one-way range, km (log scale)", fontsize=11)
    ax.set_ylabel("payload, kg (log scale)", fontsize=11)
    ax.set_title(f"{data.title}: payload–range margins", fontsize=13)
    ax.grid(True, which="major", alpha=0.3)
    fig.canvas.draw()  # layout first, so the pixel positions below are the saved ones
    if data.range_km is not None and y is not None:
        point = tuple(float(v) for v in ax.transData.transform((data.range_km, max(y, y0))))
    line_x = float(ax.transData.transform((data.range_limit, data.payload_limit))[0])
    line_y = float(ax.transData.transform((data.range_limit, data.payload_limit))[1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    width, height = (int(v) for v in fig.canvas.get_width_height())
    return Rendered(png=buffer.getvalue(), width=width, height=height,
                    point=(point[0], point[1]) if point else None, range_line_x=line_x, payload_line_y=line_y,
                    alt_text=data.alt_text())


def write_chart(decision: dict[str, Any], path: str) -> Rendered:
    """Render the chart of a decision to ``path`` (a .png file); a path that cannot be written is one InputError."""
    if not path.lower().endswith(".png"):
        raise InputError(f"--chart: give a .png file name, got {path[:200]!r}")
    rendered = render_chart(chart_data(decision))
    try:
        Path(path).write_bytes(rendered.png)
    except OSError as exc:
        raise InputError(f"--chart: cannot write {path[:200]!r} ({exc.strerror or type(exc).__name__})") from None
    return rendered
