"""One shape schema (pydantic) for rule files and the systems catalogue; errors are one line with file and key.

The loaders check meaning (dates, references, confidence, units) after this shape check; the schema only makes
sure every key holds the kind of value the loaders expect, so a malformed file can never raise a traceback.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from bot.errors import RuleDataError

log = logging.getLogger(__name__)

MAX_DEPTH = 10  # deeper YAML than any shipped file is refused before validation

Text = Annotated[StrictStr, Field(max_length=5000)]
Number = Annotated[StrictInt | StrictFloat, Field(allow_inf_nan=False)]
Scalar = StrictBool | StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)] | Text
DateText = StrictStr | StrictInt  # checked as YYYY-MM-DD by the loaders


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReferenceShape(_Strict):
    title: Text
    issuer: Text
    published: DateText
    url: Text
    doc: Text | None = None
    label: Text | None = None
    retrieved_from: Text | None = None


class AlternativeShape(_Strict):
    effective: DateText
    source: Text
    precision: StrictStr | None = None
    url: Text | None = None


class ValueShape(_Strict):
    value: Scalar | None
    reference: Text | ReferenceShape | None = None
    confidence: StrictStr | None = None
    precision: StrictStr | None = None
    observed: StrictBool = False
    retrospective_source: StrictBool = False
    note: Text | None = None
    alternatives: list[AlternativeShape] | None = None
    lapses: DateText | None = None


class ParameterShape(_Strict):
    description: Text
    values: dict[DateText, ValueShape]
    unit: Text | None = None
    documentation: Text | None = None


class CountryShape(_Strict):
    values: dict[DateText, ValueShape]
    note: Text | None = None


class RuleFileShape(_Strict):
    description: Text
    references: dict[StrictStr, ReferenceShape] | None
    list_reference: StrictStr | None = None
    documentation: Text | None = None
    last_reviewed: DateText | None = None
    parameters: dict[StrictStr, ParameterShape] | None = None
    countries: dict[StrictStr, CountryShape] | None = None


class IndexShape(_Strict):
    version: StrictStr | StrictInt | StrictFloat
    description: Text | None = None


class SourceShape(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: Text
    url: Text
    date: DateText | None = None
    retrieved_from: Text | None = None


class ReportedShape(_Strict):
    value: StrictStr
    source: SourceShape


NonNegative = Annotated[StrictInt | StrictFloat, Field(ge=0, allow_inf_nan=False)]


class SystemShape(_Strict):
    id: StrictStr
    name: StrictStr
    class_: StrictStr = Field(alias="class")
    sources: list[SourceShape]
    confidence: StrictStr
    aliases: list[StrictStr | StrictInt] | None = None
    manufacturer: Text | None = None
    origin: StrictStr | None = None
    armed: StrictBool | None = None
    max_payload_kg: NonNegative | None = None
    range_km: NonNegative | None = None
    range_basis: StrictStr | None = None
    range_at_500kg_km: NonNegative | None = None
    endurance_h: NonNegative | None = None
    max_speed_kmh: NonNegative | None = None
    cruise_speed_kmh: NonNegative | None = None
    spray_capacity_l: NonNegative | None = None
    external_stores_kg: NonNegative | None = None
    max_takeoff_weight_kg: NonNegative | None = None
    autonomous: StrictBool | None = None
    bvlos: StrictBool | None = None
    mtcr_category_reported: ReportedShape | None = None
    notes: Text | None = None


class CatalogueShape(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: StrictInt | None = None
    systems: list[SystemShape]


def _too_deep(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """The key path of the first node nested deeper than ``limit`` levels, or None."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        item, level, where = stack.pop()
        if level > limit:
            return where or "file"
        if isinstance(item, dict):
            stack.extend((v, level + 1, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, level + 1, f"{where}[{i}]") for i, v in enumerate(item))
    return None


_BRANCH = re.compile(r"^(str|int|float|bool|none|list\[.*\]|dict\[.*\]|[A-Z]\w*Shape|function-.*|constrained-.*|"
                     r"json-or-python.*|is-instance.*|tagged-union.*|nullable.*|union.*)$")


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    """A readable key path such as 'systems.mq-9a.aliases' or 'parameters.x.values.2020-01-01.value'."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and 0 <= item < len(node):
            sid = node[item].get("id") if isinstance(node[item], dict) else None
            if isinstance(sid, str):
                parts.append(sid)
            elif parts:
                parts[-1] += f"[{item}]"
            else:
                parts.append(f"[{item}]")
            node = node[item]
            continue
        key = "class" if item == "class_" else item
        if isinstance(key, str) and _BRANCH.match(key) and not (isinstance(node, dict) and key in node):
            continue
        node = node.get(key) if isinstance(node, dict) else None
        parts.append(str(key))
    return ".".join(parts)


def check_shape(model: type[BaseModel], data: Any, path: str) -> None:
    """Raise RuleDataError(path, 'key: problem') for the first shape problem; return None when the shape is fine."""
    deep = _too_deep(data)
    if deep is not None:
        raise RuleDataError(path, f"{deep[:200]}: nested deeper than {MAX_DEPTH} levels (rule and catalogue values "
                                  "are flat)")
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        loc = tuple(first["loc"])
        if first["type"] in ("missing", "extra_forbidden") and loc:
            where = _where(loc[:-1], data) or "file"
            what = "missing required key" if first["type"] == "missing" else "unknown key"
            raise RuleDataError(path, f"{where}: {what} {str(loc[-1]).replace('class_', 'class')!r}") from None
        where = _where(loc, data) or "file"
        same = [e for e in errors if (_where(tuple(e["loc"]), data) or "file") == where]
        got = first.get("input")
        shown = repr(got) if not isinstance(got, dict | list) else f"a {type(got).__name__}"
        message = "wrong type or value" if len(same) > 1 else str(first["msg"]).replace("\n", " ")
        if isinstance(got, float) and not math.isfinite(got):
            shown, message = "a non-finite number", "expected a finite number"
        raise RuleDataError(path, f"{where}: {message} (got {shown[:80]})") from None


Kind = Literal["rules", "index", "catalogue"]
MODELS: dict[str, type[BaseModel]] = {"rules": RuleFileShape, "index": IndexShape, "catalogue": CatalogueShape}


def check(kind: Kind, data: Any, path: str) -> None:
    check_shape(MODELS[kind], data, path)
