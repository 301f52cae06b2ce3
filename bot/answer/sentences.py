"""Sentence splitting and the word tokens used to score relevance and question coverage."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet

from bot.sentence_split import split_sentences

STOP = set("""a an the of to in on for and or is are was were be been it its this that these those with by as at from
what which who whom how when where why do does did can could should would will shall may might must we our you your i
me my they them their there here not no yes if then than so such any all about into over under more most other some
anything something isnt cant dont doesnt us uavex please tell know wat whats wats pls plz have has had many much
rn right yes toward towards didnt wasnt werent wont arent havent hasnt shouldnt wouldnt couldnt basically
after before comes regarding concerning happen happens happened happening without though although thought
thoughts""".split())


# "feb 2015" asks about what the passages call "February 2015"
MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
          "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
          "dec": "december"}
# Stems of words people use for the same thing as the passages' word ("prohibit" asks what "ban" answers)
SAME_SENSE = {"bann": "ban", "prohib": "ban", "forbid": "ban", "outlaw": "ban", "armed": "arm"}
_WORD = re.compile(r"[a-z0-9§¶.:]+")
DESIGNATION = re.compile(r"\b[a-z]{2,5}-\d{1,4}[a-z]?\b")  # a form, memorandum or model: dsp-5, nsm-18, mq-9b
SUBSECTION = re.compile(r"(?<![\w.(])(\d{1,3})\s?\(([a-z])\)")  # a statute's subsection: "36(b)" is not "36(c)"


DECADE = re.compile(r"^(?:19|20)\d0s$")
INFLECTION = re.compile(r"(?<=[a-z]{4})(?:ing|ed)$")


def tokens(text: str) -> set[str]:
    return set(_tokens(text))  # a copy: callers may change their set


@functools.lru_cache(maxsize=16384)  # passage sentences are tokenised for every question that retrieves them
def _tokens(text: str) -> frozenset[str]:
    lower = text.lower()
    out = {token for token in map(_token, _WORD.findall(lower)) if token is not None}
    out.update(DESIGNATION.findall(lower))  # "DSP-5" is not "DSP-73", "NSM-18" not "NSPM-10"
    out.update(f"{number}({letter})" for number, letter in SUBSECTION.findall(lower))
    return frozenset(out)


@functools.lru_cache(maxsize=65536)  # a new question is mostly words seen before
def _token(word: str) -> str | None:
    """One lower-case word's token, or None for a stop word or one too short."""
    word = word.strip(".:").lstrip("§¶")  # "§126.1" is the "126.1" people type
    word = MONTHS.get(word, word)
    if DECADE.match(word):  # "the 1990s" asks about the years the passages write as 1990, 1991, ...
        word = word[:4]
    if len(word) < 3 or word in STOP:
        return None
    if word.isalpha() and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # plural
    if word.isalpha():
        word = INFLECTION.sub("", word) if len(word) > 5 else word  # "joined", "joining" -> "join"
    return SAME_SENSE.get(word[:6], word[:6]) if word.isalpha() else word  # crude stem: prefix


GENERIC = {token for t in """export exports exporting rule rules control controls controlled drone drones uav uavs uas
policy policies sale sell selling ship license licence licences licenses regulation regulations guidance
allowed allow legal need needs required require current currently now today country countries government item items
people keep talking talk thing things stuff really actually okay get gets getting big small mean means say says
buyer buyers customer customers recipient recipients purchaser purchasers deal deals quote quotes
want wants wanted wanting compare compared comparison versus
flat out totally completely absolutely simply just
explain explained describe summarise summarize outline overview
asia asian europe european africa african pacific region regions continent
""".split() if (token := _token(t)) is not None}  # as the question's words are tokenised ("versus" is "versu")


# a phrase the asker quotes ('what does "rare occasions" mean?', "what's 'carefully selected subset'?")
QUOTED = re.compile(r"[\"“‘]([^\"“”‘’]{3,80})[\"”’]|(?<!\w)'([^']{3,80})'(?!\w)")


def quoted_phrases(text: str) -> list[str]:
    """The phrases of two words or more that ``text`` puts in quotation marks, lower-cased, spaces collapsed."""
    return [" ".join((a or b).lower().split()) for a, b in QUOTED.findall(text) if len((a or b).split()) >= 2]


CONFIRMATION_FRAME = re.compile(r"^\s*(?:is\s+it|it'?s)\s+(?:true|correct|right)\s+that\b|"
                                r"^\s*true\s+or\s+false\s*[:,-]?|"
                                r"[,;-]?\s*(?:is\s+(?:that|this|it)\s+)?(?:true|correct|right)\s*\?+\s*$", re.I)


# "for export control purposes", "for the purposes of the EAR": the frame of the question, not what it asks about
PURPOSES_FRAME = re.compile(r"\bfor\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?purposes\b(?:\s+of\b)?", re.I)


def without_question_frames(question: str) -> str:
    """The question without the words that frame it rather than say what it asks: those that put a claim for
    confirmation ("is it true that ...", "..., correct?": "true" there is not the "true" of "maximum true airspeed")
    and "for ... purposes"."""
    return PURPOSES_FRAME.sub(" ", CONFIRMATION_FRAME.sub(" ", question)).strip()


def specific_overlap(question: str, text: str, idf: Callable[[str], float] | None = None,
                     frame: AbstractSet[str] = frozenset()) -> float:
    """Share of the question's specific words (generic export-control words and the ``frame`` words ignored) found
    in the text, weighted by rarity when ``idf`` is given; 1.0 when the question has no specific words."""
    query = tokens(question) - GENERIC - frame
    if not query:
        return 1.0
    weight = idf or (lambda _t: 1.0)
    found = _tokens(text)  # only looked up in: the cached set itself, not a copy of a passage's hundreds of tokens
    total = sum(weight(t) for t in query)
    return sum(weight(t) for t in query if t in found) / total if total else 1.0


_LIST_ITEM = re.compile(r"^\s*[-*]\s+\*\*([^*\n]{2,80}?)[.:]\*\*", re.M)


@functools.lru_cache(maxsize=4096)
def list_labels(text: str) -> dict[str, tuple[str, ...]]:
    """The sentences of a paragraph that introduces a labelled list ("... conditions they could attach:" then
    "- **End-use assurances.** ..."), each mapped to the list's labels, so that a chosen introduction can name what
    the list holds."""
    out: dict[str, tuple[str, ...]] = {}
    paragraphs = re.split(r"\n\s*\n", text)
    for intro, following in itertools.pairwise(paragraphs):
        if _LIST_ITEM.match(intro):
            continue
        labels = tuple(_LIST_ITEM.findall(following))
        if len(labels) >= 2:
            out.update((sentence, labels) for sentence in split_sentences(intro))
    return out


YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def only_later_than(sentence: str, year: int, heading: str = "") -> bool:
    """Whether every year ``sentence`` names (or, naming none, its section ``heading``) comes after ``year``: it tells
    of later events, not of the time a question about that year asks about ("FMS only back then?" of 2017 is not
    answered by a 2025 order, nor by the 2018 policy's "could now be sold")."""
    years = [int(y) for y in YEAR.findall(sentence) or YEAR.findall(heading)]
    return bool(years) and min(years) > year
