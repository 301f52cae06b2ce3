"""Load corpus/rules/**/*.yaml into a RuleSet, rejecting anything malformed with the file and key."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from bot.errors import RuleDataError
from bot.rules.model import CONFIDENCE, Alternative, DatedValue, Parameter, Reference, RuleSet
from bot.rules.required import check_required
from bot.rules.schema import check as check_shape
from bot.yamlstrict import load_strict, parse_date

log = logging.getLogger(__name__)

FILE_KEYS = {"description", "documentation", "last_reviewed", "references", "list_reference", "parameters",
             "countries"}
PARAMETER_KEYS = {"description", "unit", "values", "documentation"}
COUNTRY_KEYS = {"values", "note"}
VALUE_KEYS = {"value", "reference", "confidence", "precision", "observed", "retrospective_source", "note",
              "alternatives", "lapses"}
ALTERNATIVE_KEYS = {"effective", "precision", "source", "url"}
REFERENCE_KEYS = {"title", "issuer", "published", "url", "doc", "label", "retrieved_from"}
INDEX_KEYS = {"version", "description"}
PRECISIONS = {"day", "month", "year"}


def _keys(path: str, where: str, data: Any, allowed: set[str],
          required: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleDataError(path, f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise RuleDataError(path, f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(data))
    if missing:
        raise RuleDataError(path, f"{where}: missing required key {missing[0]!r}")
    return data


def _date(path: str, where: str, value: Any) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise RuleDataError(path, f"{where}: {exc}") from None


def _reference(path: str, where: str, raw: Any, named: dict[str, Reference]) -> Reference:
    if raw is None:
        raise RuleDataError(path, f"{where}: value has no reference")
    if isinstance(raw, str):
        if raw not in named:
            raise RuleDataError(path, f"{where}: reference {raw!r} is not defined under 'references'")
        return named[raw]
    data = _keys(path, f"{where}.reference", raw, REFERENCE_KEYS, {"title", "issuer", "published", "url"})
    url = str(data["url"])
    if not (url.startswith("https://") or url.startswith("http://")):
        raise RuleDataError(path, f"{where}.reference.url: {url!r} is not an http(s) URL")
    retrieved = data.get("retrieved_from")
    if retrieved is not None and not str(retrieved).startswith(("https://", "http://")):
        raise RuleDataError(path, f"{where}.reference.retrieved_from: {retrieved!r} is not an http(s) URL")
    for key in ("title", "issuer"):
        if not str(data[key]).strip():
            raise RuleDataError(path, f"{where}.reference.{key}: empty")
    return Reference(
        title=str(data["title"]), issuer=str(data["issuer"]),
        published=_date(path, f"{where}.reference.published", data["published"]), url=url,
        doc=str(data["doc"]) if data.get("doc") else None, label=str(data["label"]) if data.get("label") else None,
        retrieved_from=str(retrieved) if retrieved else None,
    )


def _alternatives(path: str, where: str, raw: Any) -> tuple[Alternative, ...]:
    """Other figures that sources give for the same fact (e.g. a second accession year)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise RuleDataError(path, f"{where}.alternatives: expected a non-empty list of mappings")
    out: list[Alternative] = []
    for i, item in enumerate(raw):
        at = f"{where}.alternatives[{i}]"
        data = _keys(path, at, item, ALTERNATIVE_KEYS, {"effective", "source"})
        precision = data.get("precision", "day")
        if precision not in PRECISIONS:
            raise RuleDataError(path, f"{at}.precision: {precision!r} is not one of day, month, year")
        url = data.get("url")
        if url is not None and not str(url).startswith(("https://", "http://")):
            raise RuleDataError(path, f"{at}.url: {url!r} is not an http(s) URL")
        if not isinstance(data["source"], str) or not data["source"].strip():
            raise RuleDataError(path, f"{at}.source: expected a non-empty description of the source")
        out.append(Alternative(effective=_date(path, f"{at}.effective", data["effective"]), precision=precision,
                               source=data["source"], url=str(url) if url else None))
    return tuple(out)


def _values(path: str, where: str, raw: Any, named: dict[str, Reference]) -> tuple[DatedValue, ...]:
    if not isinstance(raw, dict) or not raw:
        raise RuleDataError(path, f"{where}.values: expected a non-empty mapping of dates to values")
    out: list[DatedValue] = []
    for key, entry in raw.items():
        effective = _date(path, f"{where}.values", key)
        at = f"{where}.values.{key}"
        data = _keys(path, at, entry, VALUE_KEYS, {"value"})
        if "reference" not in data:
            raise RuleDataError(path, f"{at}: value has no reference")
        reference = _reference(path, at, data["reference"], named)
        confidence = data.get("confidence")
        if confidence not in CONFIDENCE:
            raise RuleDataError(path, f"{at}.confidence: {confidence!r} is not one of {', '.join(CONFIDENCE)}")
        retrospective = bool(data.get("retrospective_source", False))
        if reference.published > effective and not retrospective:
            raise RuleDataError(
                path, f"{at}: reference published {reference.published.isoformat()} after the effective date "
                "(set retrospective_source: true only when a later source records an earlier fact)")
        precision = data.get("precision", "day")
        if precision not in PRECISIONS:
            raise RuleDataError(path, f"{at}.precision: {precision!r} is not one of day, month, year")
        lapses = _date(path, f"{at}.lapses", data["lapses"]) if data.get("lapses") is not None else None
        if lapses is not None and (lapses <= effective or data["value"] is None):
            raise RuleDataError(path, f"{at}.lapses: {lapses.isoformat()} must be after the effective date, "
                                      "on a value that is not null (the last day the value holds unless renewed)")
        out.append(DatedValue(
            effective=effective, value=data["value"], reference=reference, confidence=confidence,
            precision=precision, observed=bool(data.get("observed", False)),
            retrospective_source=retrospective, note=data.get("note"),
            alternatives=_alternatives(path, at, data.get("alternatives")), lapses=lapses,
        ))
    out.sort(key=lambda v: v.effective)
    for earlier, later in pairwise(out):
        if earlier.lapses is not None and earlier.lapses >= later.effective:
            raise RuleDataError(path, f"{where}.values.{earlier.effective.isoformat()}.lapses: "
                                      f"{earlier.lapses.isoformat()} is not before the next value "
                                      f"({later.effective.isoformat()}); a value lapses before the next one starts")
    if out[0].value is None:
        raise RuleDataError(path, f"{where}.values: the first value cannot be null (null ends a value)")
    return tuple(out)


def _list_reference(path: str, data: dict[str, Any], named: dict[str, Reference]) -> Reference | None:
    """The named reference that lists every country of the file (``list_reference``), if the file names one."""
    name = data.get("list_reference")
    if name is None:
        return None
    if not data.get("countries"):
        raise RuleDataError(path, "list_reference: only a file of countries lists a group")
    if name not in named:
        raise RuleDataError(path, f"list_reference: {name!r} is not defined under 'references'")
    return named[name]


def load_file(file: Path, root: Path) -> list[Parameter]:
    path = str(file)
    try:
        data = load_strict(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleDataError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleDataError(path, f"cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise RuleDataError(path, f"file: expected a mapping, got {type(data).__name__}")
    data = _keys(path, "file", data, FILE_KEYS, {"description", "references"})
    check_shape("rules", data, path)
    if "last_reviewed" in data:
        _date(path, "last_reviewed", data["last_reviewed"])
    named: dict[str, Reference] = {}
    refs = data.get("references") or {}
    if not isinstance(refs, dict):
        raise RuleDataError(path, "references: expected a mapping of names to references")
    for name, raw in refs.items():
        named[str(name)] = _reference(path, f"references.{name}", raw, {})
    listed_by = _list_reference(path, data, named)
    prefix = ".".join(file.relative_to(root).with_suffix("").parts)
    params: list[Parameter] = []
    for name, raw in (data.get("parameters") or {}).items():
        where = f"parameters.{name}"
        body = _keys(path, where, raw, PARAMETER_KEYS, {"description", "values"})
        params.append(Parameter(id=f"{prefix}.{name}", description=str(body["description"]), file=path,
                                values=_values(path, where, body["values"], named), unit=body.get("unit")))
    for code, raw in (data.get("countries") or {}).items():
        where = f"countries.{code}"
        if not (isinstance(code, str) and len(code) == 2 and code.isupper() and code.isalpha()):
            raise RuleDataError(path, f"{where}: country keys must be ISO 3166-1 alpha-2 codes like 'PL'")
        body = _keys(path, where, raw, COUNTRY_KEYS, {"values"})
        params.append(Parameter(id=f"{prefix}.{code}", description=str(body.get("note") or data["description"]),
                                file=path, values=_values(path, where, body["values"], named), listed_by=listed_by))
    if not params:
        raise RuleDataError(path, "file defines no parameters or countries")
    return params


def load_rules(root: Path) -> RuleSet:
    """Load and validate every rule file under ``root``; the first error aborts with file and key."""
    if not root.is_dir():
        raise RuleDataError(str(root), "rules directory not found")
    index_file = root / "index.yaml"
    try:
        index = load_strict(index_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleDataError(str(index_file), f"cannot read rules index: {' '.join(str(exc).split())[:200]}") from None
    index = _keys(str(index_file), "file", index, INDEX_KEYS, {"version"})
    check_shape("index", index, str(index_file))
    digest = hashlib.sha256()
    parameters: dict[str, Parameter] = {}
    files = sorted(p for p in root.rglob("*.yaml") if p != index_file)
    for file in files:
        digest.update(file.relative_to(root).as_posix().encode())
        try:
            digest.update(file.read_bytes())
        except OSError as exc:
            raise RuleDataError(str(file), f"cannot read: {' '.join(str(exc).split())[:200]}") from None
        for parameter in load_file(file, root):
            if parameter.id in parameters:
                raise RuleDataError(str(file), f"parameter {parameter.id!r} is already defined in "
                                               f"{parameters[parameter.id].file}")
            parameters[parameter.id] = parameter
    version = f"{index['version']}+{digest.hexdigest()[:8]}"
    log.debug("loaded %d rule parameters from %d files (version %s)", len(parameters), len(files), version)
    ruleset = RuleSet(parameters=parameters, version=version, files=[str(f) for f in files])
    check_required(ruleset, str(root))
    return ruleset
