"""Country names, ISO codes and the aliases people type ("the Emirates", "KSA", "ROK", "Turkiye")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process

from bot.errors import InputError

ALIASES: dict[str, str] = {
    "usa": "US", "us": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "united states": "US",
    "the united states": "US", "united states of america": "US", "the us": "US", "the usa": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "the uk": "GB",
    "united kingdom": "GB", "uae": "AE", "u.a.e.": "AE", "emirates": "AE", "the emirates": "AE",
    "the uae": "AE", "ksa": "SA", "saudi": "SA", "saudi arabia": "SA", "the kingdom of saudi arabia": "SA",
    "rok": "KR", "south korea": "KR", "korea": "KR", "republic of korea": "KR", "s. korea": "KR",
    "s korea": "KR", "n korea": "KP",
    "dprk": "KP", "north korea": "KP", "n. korea": "KP", "turkiye": "TR", "türkiye": "TR", "turkey": "TR",
    "russia": "RU", "russian federation": "RU", "iran": "IR", "syria": "SY", "burma": "MM", "myanmar": "MM",
    "holland": "NL", "the netherlands": "NL", "czechia": "CZ", "czech republic": "CZ", "ivory coast": "CI",
    "taiwan": "TW", "tecro": "TW", "republic of china": "TW",
    "vietnam": "VN", "viet nam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "drc": "CD", "dr congo": "CD", "democratic republic of the congo": "CD",
    "congo-kinshasa": "CD", "congo-brazzaville": "CG", "car": "CF", "central african republic": "CF",
    "prc": "CN", "china": "CN", "mainland china": "CN", "the philippines": "PH", "philippines": "PH",
    "macedonia": "MK", "north macedonia": "MK", "brunei": "BN", "palestine": "PS", "vatican": "VA",
    "east timor": "TL", "cape verde": "CV", "swaziland": "SZ", "eswatini": "SZ", "kosovo": "XK",
    "south sudan": "SS", "the gambia": "GM", "bahamas": "BS", "the bahamas": "BS",
}

# Regions whose names hold a country's name or alias ("South America" is not the United States)
REGIONS = frozenset({"south america", "latin america", "central america", "north america"})
NON_COUNTRY = {"nato", "eu", "europe", "asia", "africa", "middle east", "gulf", *REGIONS}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return " ".join(text.replace("’", "'").split())


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    """Every known name (lower-cased) mapped to its ISO alpha-2 code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[_norm(value)] = code
        table[_norm(country.alpha_3)] = code
    table["kosovo"] = "XK"
    table.update({_norm(k): v for k, v in ALIASES.items()})
    return table


@lru_cache(maxsize=512)  # a warm answer names countries about 70 times
def country_name(code: str) -> str:
    """Short English name for an ISO alpha-2 code."""
    special = {"KR": "South Korea", "KP": "North Korea", "RU": "Russia", "IR": "Iran", "SY": "Syria",
               "GB": "United Kingdom", "US": "United States", "TW": "Taiwan", "VE": "Venezuela",
               "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova", "CD": "DR Congo", "MM": "Burma (Myanmar)",
               "TR": "Türkiye", "XK": "Kosovo", "LA": "Laos", "VN": "Vietnam", "CZ": "Czech Republic"}
    if code in special:
        return special[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


# names read with "the" inside a sentence: "a sale to the United Kingdom", "the Netherlands is a NATO member"
DEFINITE_ARTICLE = frozenset({"AE", "BS", "CD", "CF", "CZ", "DO", "GB", "GM", "KM", "MH", "MV", "NL", "PH", "SB", "SC",
                              "US", "VA"})


def country_in_text(code: str, *, start: bool = False) -> str:
    """The country's name as it reads in a sentence: "the United Kingdom" ("The United Kingdom" opening one),
    "Poland"."""
    name = country_name(code)
    if code not in DEFINITE_ARTICLE:
        return name
    return f"{'The' if start else 'the'} {name}"


def resolve_country(text: str, *, field_name: str = "country") -> str:
    """Return the ISO 3166-1 alpha-2 code for a name, code or alias; raise InputError if unknown."""
    raw = _norm(text)
    if not raw:
        raise InputError(f"{field_name}: empty value; give a country name or ISO code (e.g. 'Poland', 'PL')")
    if raw in NON_COUNTRY:
        raise InputError(f"{field_name}: {text!r} is a group, not a country; name one country")
    if len(raw) == 2 and raw.isalpha():
        upper = raw.upper()
        if upper == "UK":
            return "GB"
        if upper == "XK" or pycountry.countries.get(alpha_2=upper):
            return upper
    table = name_table()
    if raw in table:
        return table[raw]
    stripped = raw.removeprefix("the ")
    if stripped in table:
        return table[stripped]
    if len(raw) >= 4:
        best = process.extractOne(raw, list(table), scorer=fuzz.ratio, score_cutoff=86)
        if best:
            return table[best[0]]
    raise InputError(
        f"{field_name}: unknown country {text!r}; use a country name, ISO code or common alias "
        "(e.g. 'Poland', 'PL', 'the Emirates', 'KSA', 'ROK')"
    )
