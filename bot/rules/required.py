"""The rule parameters and groups the engine reads: a rule tree without one of them is refused at load time."""

from __future__ import annotations

import logging

from bot.errors import RuleDataError
from bot.rules.model import RuleSet

log = logging.getLogger(__name__)

# Parameter ids read directly by bot/rules (categories, engine, destinations).
REQUIRED_PARAMETERS = (
    "mtcr.category_i.payload_kg", "mtcr.category_i.range_km", "mtcr.category_i.transfer_policy",
    "mtcr.category_ii.range_km", "mtcr.category_ii.aerosol_l", "mtcr.category_ii.transfer_policy",
    "mtcr.end_use.wmd_delivery", "mtcr.end_use.non_state_end_user", "mtcr.end_use.missile_catch_all",
    "us.uas_policy.category_i_treatment", "us.uas_policy.subset_max_airspeed_kmh",
    "us.other_controls.usml_category_viii", "us.other_controls.ear_9a012_endurance_h",
    "us.other_controls.ear_9a012_a1_endurance_h", "us.other_controls.ear_9a610",
    "us.congressional_notification.review_days", "us.congressional_notification.shortened_review_days",
    "us.other_controls.ear_9a012_a1_gust_kmh", "us.jurisdiction.usml_viii_a_uav", "us.jurisdiction.ear_9a610_a",
    "us.jurisdiction.ear_9a120", "us.jurisdiction.ear_9a991_a", "us.jurisdiction.commodity_jurisdiction",
    "us.jurisdiction.classification_request", "us.licence.reasons_9a012_a1", "us.licence.reasons_9a012_a2",
    "us.licence.reasons_9a012_mt", "us.licence.reasons_9a120", "us.licence.reasons_9a610_a",
    "us.licence.reasons_9a991_a", "us.licence.column_NS1", "us.licence.column_NS2", "us.licence.column_RS1",
    "us.licence.column_MT1", "us.licence.column_AT1", "us.licence.column_UN",
)
# Groups (one file each) whose members the engine looks up by country code or iterates.
REQUIRED_GROUPS = (
    "destinations.mtcr_partners", "destinations.mtcr_adherents", "destinations.itar_126_1", "destinations.nato",
    "us.congressional_notification_shortened", "us.safeguards", "mtcr.safeguards",
    "us.country_groups.a1", "us.country_groups.a5", "us.country_groups.d4", "us.country_groups.d5",
    "us.country_groups.e1", "us.country_groups.e2", "us.country_groups.mil_end_use",
)


def _file_for(rule_id: str) -> str:
    """The rule file that defines ``rule_id`` (files map to id prefixes: mtcr/category_i.yaml -> mtcr.category_i)."""
    parts = rule_id.split(".")
    return "/".join(parts[:2]) + ".yaml"


def missing_rules(rules: RuleSet) -> list[str]:
    """One line per rule or group the engine needs but the rule tree does not define."""
    out = [f"{_file_for(p)}: rule {p!r} is not defined (the engine reads it)"
           for p in REQUIRED_PARAMETERS if p not in rules.parameters]
    out += [f"{g.replace('.', '/')}.yaml: no entries for {g!r} (the engine reads this list)"
            for g in REQUIRED_GROUPS if not rules.group(g)]
    return out


def check_required(rules: RuleSet, root: str) -> None:
    """Raise RuleDataError naming the first missing rule and the file expected to define it."""
    problems = missing_rules(rules)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RuleDataError(root, problems[0] + more)
