"""A strict YAML loader: duplicate keys are errors and dates stay strings (checked by the caller)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml


class DuplicateKeyError(yaml.YAMLError):
    pass


# libyaml's C parser when it is installed (about five times faster on the corpus front matter an index build reads);
# the construction below, where the checks are, is Python either way.
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BASE):  # type: ignore[misc,valid-type]
    """SafeLoader that rejects duplicate mapping keys and does not turn dates into objects."""


_DROPPED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Only true/false are booleans: YAML 1.1 would read Norway's code NO (and yes/on/off) as a boolean.
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise DuplicateKeyError(f"duplicate key {key!r} at line {line}")
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_strict(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> date:
    """Parse a YYYY-MM-DD string; raise ValueError with a readable message otherwise."""
    text = str(value).strip() if value is not None else ""
    if not _DATE.match(text):
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None
    if not 1900 <= parsed.year <= 2100:
        raise ValueError(f"{text!r} is outside the plausible range 1900-2100")
    return parsed


def load_language_data(text: str) -> Any:
    """Safe-load one of the plain data files under ``corpus/language/`` with libyaml's C parser when it is
    installed (about five times faster, which a cold `uavex ask` notices); the pure-Python SafeLoader otherwise."""
    return yaml.load(text, Loader=_BASE)
