"""The vocabulary of the domain: the words that mark a question as in scope, topic words used to label a
question for its case record, and typo correction towards domain words and country names only."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.countries import name_table

DOMAIN = re.compile(
    r"\b(drones?|uavs?|uas|unmanned|mtcr|missile|export\w*|import\w*|itar|ear|usml|eccn|licen[cs]\w*|categor\w*|"
    r"cat\.? ?(?:i|ii|1|2)|payload|range|aerosol|sprayer|wassenaar|arms|sale|sell\w*|ship\w*|transfer\w*|"
    r"congress\w*|notification|end[- ]?use\w*|9a\d{3}|regime|partners?|members?|adherents?|treaty|policy|policies|"
    r"reaper|predator|bayraktar|loitering|munitions?|presumption|denial|proscribed|embargo\w*|126\.1|nsm|nspm|"
    r"executive order|bis|ddtc|dsca|state department|fms|dcs|article|seed|guidelines?|annex|controll?\w*|regulat\w*|"
    r"cj|taas?|mlas?|carve-?outs?|exceptions?|exemptions?|reinterpret\w*|"
    r"sanction\w*|defen[cs]e|military|airspeed|endurance|bvlos|spray\w*|glossary|km/h|"
    r"\d+\s*(?:km|kg|nm|lbs?|kmh|kph|kmph|km/hr|mph|kts?|knots|l|lit(?:er|re)s?|gal(?:lon)?s?)|\d{1,2}\.[a-e]\.\d{1,2}|"
    r"dsp-?\d+|entity\s+list|denied\s+part(?:y|ies)|ofac|armed|weapon\w*|hardpoints?|re-?export\w*|"
    r"deemed\s+export|technical\s+data|ccats|commodity\s+jurisdiction|brokering|end[- ]user\w*|reinterpret\w*|"
    r"autopilots?|flight[- ]control\w*|datalinks?|ground\s+control\s+stations?|"
    r"voluntary\s+(?:self[- ])?disclosures?|(?:aeca\s+)?(?:section\s+|§\s*)?36\s*\([bcd]\)|"
    r"know\s+your\s+customer|kyc|red\s+flags?|diversion|diverted|eei|electronic\s+export\s+information|nlr|"
    r"loas?|lors?|letters?\s+of\s+(?:offer|request)|public\s+domain|"
    r"de\s+minimis|empowered\s+officials?|deccs|snap-?r|"
    # "the 2025 change", "the 2020 reinterpretation": one of the dated US policy changes
    r"(?:19|20)\d\d\s+(?:\w+\s+)?(?:changes?|updates?|reinterpretations?|shifts?))(?!\w)",
    re.I)
# Regimes whose lists the corpus does not cover (it covers the MTCR and Wassenaar for UAVs): a question about one of
# them that names nothing of uavex's own ("what does the Nuclear Suppliers Group list?") is out of scope, whatever
# domain word ("weapons", "export") it shares
_SUPPLIER_GROUPS = r"australia\s+group|nuclear\s+suppliers\s+group|nsg"
UNCOVERED_REGIME_ONLY = re.compile(
    r"^(?!.*\b(?:drones?|uavs?|uas|unmanned|mtcr|missile\w*|itar|ear|usml|eccn|9a\d{3}|wassenaar)\b)"
    rf".*\b(?:{_SUPPLIER_GROUPS}|chemical\s+weapons\s+convention|cwc|"
    r"biological\s+weapons\s+convention|bwc|zangger\s+committee)\b", re.I | re.S)
# a membership question about another regime only ("is Mexico in Wassenaar?"): the MTCR status does not answer it
OTHER_REGIME_ONLY = re.compile(r"^(?!.*\b(?:mtcr|missile\s+technology|missile\s+regime)\b)"
                               rf".*\b(?:wassenaar|{_SUPPLIER_GROUPS})\b", re.I | re.S)
# items that are not a complete UAV system: its parts, software and data, or equipment that goes with it
PARTS = re.compile(r"\b(?:spare\s+)?(?:parts|spares|components|subsystems|autopilots?|flight\s+controllers?|ear99|"
                   r"software|source\s+code|technical\s+data|"
                   r"engines?|batter(?:y|ies)|(?:ground\s+)?control\s+stations?|ground\s+stations?|gcs|"
                   r"launchers?|propellers?|servos?|airframe\s+kits?|datalinks?|data\s+links?|firmware|"
                   # a drone's equipment ("a drone camera gimbal", "a thermal camera for a drone"; not a "camera drone")
                   r"(?:gimbals?|cameras?|imagers?|turrets?|sensor\s+balls?|transponders?|antennas?)(?!\s+(?:drones?|uavs?|"
                   r"quad\w*|copters?))|"
                   # its documents: "email the Reaper flight manual to Germany" passes technical data, not the aircraft
                   r"manuals?|documentation|drawings?|schematics?|blueprints?|design\s+(?:files?|data)|cad\s+files?|"
                   # "a deemed export for a Chinese engineer on our drone": data released to a person, not the aircraft
                   r"deemed\s+exports?)\b", re.I)
MEMBERSHIP = re.compile(r"\b(member\w*|partners?|join(?!t)\w*|accession|adher\w*|part of the mtcr)\b", re.I)
# "which countries can't we sell drones to?", "what countries are off-limits?": the US list of barred destinations (not
# a question about the MTCR, which bars no one)
BARRED_DESTINATIONS = re.compile(r"^(?!.*\bmtcr\b).*\b(?:which|what)\s+(?:countries|nations|states|destinations|"
                                 r"buyers)\b.{0,40}\b(?:can(?:not|[’']?t)|can\s+(?:we|i|you|one)\s+not|not\s+allowed|barred|"
                                 r"banned|prohibited|forbidden|denied|off[- ]limits|embargoed)\b", re.I)
CHANGE = re.compile(r"\b(chang\w*|new polic\w*|reinterpret\w*|updat\w*|shift\w*|when did|history|since|"
                    r"loosen\w*|relax\w*|eased?|reform\w*|what happened)\b", re.I)
PROCEDURE = re.compile(r"\b(notif\w*|congress\w*|how (?:do|does|can) (?:we|i|one) (?:apply|get|obtain)|"
                       r"process|procedure|steps|apply for|end[- ]use monitoring|assurances?)\b", re.I)
# a follow-up that asks how to proceed with what the earlier turn described ("which form do we file?", "how long will
# Congress take?"): it asks about the procedure, not for the earlier item to be decided again
PROCEDURAL_FOLLOW_UP = re.compile(r"\b(?:which|what)\s+(?:forms?|licen[cs]es?|paperwork|documents?|application)\b|"
                                  r"\bhow\s+long\b|\bhow\s+many\s+days\b|\bwho\s+(?:approves|decides|reviews|signs)\b|"
                                  r"\b(?:where|how)\s+do\s+(?:we|i)\s+(?:file|apply|register)\b|"
                                  r"\bwhat\s+(?:are\s+)?the\s+(?:steps|process|procedure)\b", re.I)
LICENCE_QUESTION = re.compile(r"\blicen[cs]\w*|\bitar\b.{0,20}\bear\b|\bear\b.{0,20}\bitar\b|\bwhich\s+list\b|\beccn\b|"
                              r"\bjurisdiction\b|\busml\b|\bpaperwork\b|\bdsp-?\d|\b9a\d{3}\b|\bear99\b|"
                              r"\bcountry\s+chart\b|\bcontrolled\s+(?:under|by)\b", re.I)
# the conditions of a sale asked for: "what does the US need from the buyer?", "which assurances?"
CONDITIONS_QUESTION = re.compile(r"\b(?:assurances?|conditions?|undertakings?|end[- ]use\s+monitoring|safeguards?)\b|"
                                 r"\b(?:need|want|require|expect|ask)\w*\s+(?:\w+\s+){0,2}(?:from|of)\s+the\s+"
                                 r"(?:buyer|customer|recipient|end[- ]?user|purchaser|government)\b", re.I)
DEFINITION = re.compile(r"\b(what (?:is|are|does|counts)|define|definition|meaning|mean|threshold\w*|criteria|"
                        r"how (?:far|much|heavy)|explain|difference)\b", re.I)


@lru_cache(maxsize=1)
def _spelling_targets() -> list[str]:
    """Domain words and country-name words: the only words a typo is ever corrected to."""
    return sorted(set(DOMAIN_WORDS) | {w for n in name_table() for w in n.split() if len(w) >= 4 and w.isalpha()})


_KNOWN: dict[int, tuple[list[str], frozenset[str]]] = {}  # by the vocabulary list (kept, so its id stays its own)


def _known_words(vocabulary: list[str], targets: list[str]) -> frozenset[str]:
    """The words never corrected: the corpus vocabulary and the targets, built once per vocabulary list."""
    found = _KNOWN.get(id(vocabulary))
    if found is None or found[0] is not vocabulary:
        if len(_KNOWN) >= 8:
            _KNOWN.clear()
        found = _KNOWN[id(vocabulary)] = (vocabulary, frozenset(vocabulary) | frozenset(targets))
    return found[1]


def correct_spelling(question: str, vocabulary: list[str]) -> str:
    """Fix typos of domain words ('tretay' -> 'treaty', 'polnad' -> 'poland'); ordinary English is left alone:
    a word is replaced only by a close domain word or country name, never by any corpus word."""
    known = _known_words(vocabulary, _spelling_targets())
    out = []
    for token in re.split(r"(\W+)", question):
        lower = token.lower()
        if len(lower) >= 4 and lower.isalpha() and lower not in known and lower not in KEEP:
            corrected = _correction(lower)
            if corrected is not None:
                out.append(corrected)
                continue
        out.append(token)
    return "".join(out)


@lru_cache(maxsize=8192)  # a warm bot meets the same unknown words again ("please", "thanks", names)
def _correction(word: str) -> str | None:
    """The domain word or country-name word ``word`` is a typo of, if one is close enough."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    best = process.extractOne(word, _spelling_targets(), scorer=OSA.normalized_similarity, score_cutoff=0.72)
    return best[0] if best and abs(len(best[0]) - len(word)) <= 2 else None


DOMAIN_WORDS = """mtcr missile technology control regime category categories treaty payload range aerosol sprayer
export exports exporting licence license partner partners member members membership adherent adherents
congressional congress notification threshold thresholds declaration signatory signatories wassenaar guidelines
annex definition presumption denial proscribed embargo unmanned aerial vehicle vehicles drone drones systems
policy reinterpretation airspeed endurance autonomous datalink radius assurances retransfer catch-all itar
nsm-18 nspm-10 executive order commerce state department defense military armed loitering munition target
reaper predator eagle bayraktar akinci global hawk triton heron hermes harop shahed mohajer switchblade
scaneagle shadow puma agras watchkeeper wing loong rainbow eurodrone orion lancet orlan
difference between""".split()

KEEP = {"gray", "grey", "eagle", "reaper", "predator", "with", "that", "what", "whats", "which", "does", "this",
        "have", "from", "they", "them", "their", "there", "were", "will", "would", "could", "should", "about",
        "into", "okay", "sell", "ship", "next", "year", "deal", "buyer", "quote",
        # time words ("last year" had become "east year")
        "last", "past", "years", "months", "weeks", "term", "terms",
        # ordinary words a letter away from a domain word ("is the sale done?" had become "... drone?")
        "done", "gone", "none", "sure"}
