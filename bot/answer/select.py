"""Step 4: choose the sentences that answer the question from the retrieved passages, by relevance: rarity-weighted
overlap with the question, what kind of answer the question asks for (a period, a year, a list of countries),
the passage's rank, and no fragments or repeats."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answer.answer_kinds import ASKS, COMPARES, CONTRASTS, asks_for, kinds_asked
from bot.answer.comparisons import COMPARISON_FRAME, compared_heads, compared_sides
from bot.answer.parties import countries_named, country_words
from bot.answer.sentences import GENERIC, STOP, list_labels, tokens, without_question_frames
from bot.answer.terms import defined_term
from bot.answer.traits import DEFINES, Traits, passage_traits
from bot.retrieval.headings import heads

if TYPE_CHECKING:
    from bot.retrieval.passages import Passage
    from bot.retrieval.search import Hit

DEFINING = re.compile(r"\b(?:how (?:exactly )?is .{1,40} defined|definition of|what counts as|(?:does|do|would) "
                      r"(?:\w+\s+){1,3}count\b|what (?:kind|sort|type)s? of\b|what (?:is|are|does) "
                      r"(?:an? |the )?['\"‘“]?[\w-]+['\"’”]? (?:mean|cover)|what is meant by|defined|defines?)\b|"
                      r"^\s*what(?:'?s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?[^?]{1,40}\??\s*$|"
                      # "what does DSCA do?": what an office or a rule does says what it is
                      r"^\s*what\s+(?:exactly\s+)?(?:does|do)\s+(?:an?\s+|the\s+)?[\w-]+\s+do\s*[?.!]*\s*$", re.I)


# the words that frame a definition question ("what counts as X", "what does X mean"), not what it is about
DEFINING_FRAME = tokens("count counts counted mean means meant define defined definition cover covers kind sort type")
# "when did the US first reinterpret ...?": the word asks for the earliest date, it is not what a sentence is about
# ("America First" is not an answer)
FIRST_ASKED = re.compile(r"\b(?:when|what\s+year|which\s+year|since\s+when)\b.*"
                         r"\b(?:first|earliest|originally|initially)\b|"
                         r"\b(?:first|earliest)\s+time\b", re.I)
ORDINAL_FRAME = tokens("first earliest originally initially time")
COMMENTARY = re.compile(r"\b(?:article|analys\w+|argu\w+|critic\w*|opinion|commentary|view|debate|why did)\b", re.I)


@dataclass(frozen=True)
class Chosen:
    sentence: str
    hit: Hit
    score: float


def _entry_for(passage: Passage, term: str | None) -> bool:
    """Whether ``passage`` is the entry for ``term`` in a glossary or definitions document, which opens by defining
    its heading (a rule's section headed by the term need not)."""
    return term is not None and passage.kind in DEFINING_KINDS and heads(passage, term)


def defines_term(chosen: Chosen, term: str | None) -> bool:
    """Whether a chosen sentence is the opening of the entry for ``term``: the sentence defining it."""
    if not _entry_for(chosen.hit.passage, term):
        return False
    opening = passage_traits(chosen.hit.passage.text)
    return bool(opening) and opening[0].sentence in chosen.sentence


def _similar(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) > 0.7


SUB_QUESTION = re.compile(r"(?<=\?)\s+|[,;]?\s+and\s+(?=(?:what|how|when|which|who|why|whats|what's|is|are|does|do|did|"
                          r"can|was|were)\b)", re.I)
# "what's a DSP-5, what's a DSP-73, and ...": after a question, a question word after a comma opens another (not after
# a statement or a condition: "our gimbal might be ITAR or EAR, how do we ...?", "if a country leaves, what ...?")
_ASKING = r"(?:what|how|when|which|who|why|whats|what's|where)\b"
QUESTION_OPENING = re.compile(rf"^\W*{_ASKING}", re.I)
COMMA_QUESTION = re.compile(rf"[,;]\s+(?={_ASKING})", re.I)


# "FMS vs DCS", "itar vs ear": short terms on both sides (a longer comparison, "the 2025 policy vs the 2020 one",
# is one question about two periods)
VERSUS = re.compile(r"(?<![\w§.()-])([A-Za-z][\w§.()-]{1,5})\s+(?:vs\.?|versus)\s+([A-Za-z][\w§.()-]{1,5})"
                    r"(?![\w§.()-])", re.I)
# two lists or regimes asked about together ("under the ITAR and the EAR", "FMS or DCS"): upper-case acronyms only
ACRONYM_PAIR = re.compile(r"\b([A-Z]{2,}[\w§.()-]*)\s+(?:and|or|&)\s+(?:the\s+)?([A-Z]{2,}[\w§.()-]*)")


HEADED_DEFINITION = 0.5  # a list item headed by the term a definition question asks about, as written
DEFINING_KINDS = ("explainer", "guidance")  # documents whose entries open by defining what heads them
TERM_OPENING = 0.3  # the first sentence of a passage headed by the term a definition question asks about
POINTS_BACK = re.compile(r"\b(?:it|its|that|this|these|those|them|they|their|there|one|ones|same)\b", re.I)
LISTED_COUNTRIES = 5  # a sentence naming this many countries lists them
OWN_WORDS = 4  # a thing asked in fewer words ("since when?", "and in 2025?") is asked of the rest of the message
SUB_WEIGHT = 2.0  # within one of several questions, what it asks outweighs the passage rank


def sub_questions(question: str) -> list[str]:
    """The questions asked in one message ("does fuel count? sensors?"), each with a specific word of its own; one
    item when the message asks one thing. A comparison ("FMS vs DCS: what paperwork?") or two acronyms asked about
    together ("under the ITAR and the EAR") ask it of each side."""
    subs: list[str] = []
    pieces = [part for piece in SUB_QUESTION.split(question.strip())
              for part in (COMMA_QUESTION.split(piece) if QUESTION_OPENING.match(piece) else [piece])]
    for sub in pieces:
        compared = VERSUS.search(sub) or ACRONYM_PAIR.search(sub)
        if compared and all(side.lower() not in STOP for side in compared.groups()):
            subs += [sub[:compared.start()] + side + sub[compared.end():] for side in compared.groups()]
        else:
            subs.append(sub)
    subs = [s for s in subs if tokens(s) - GENERIC or asks_for(s)]
    return subs if len(subs) > 1 else [question]


def _says_what(sub: str) -> bool:
    """Whether one of several things asked says what it asks about in its own words, without pointing back: "how many
    partners are there?" does; "since when?", "what form?" and "is China in it?" are asked of the rest."""
    words = [t for t in tokens(without_question_frames(sub)) - GENERIC if not t.isdigit()]
    return not POINTS_BACK.search(sub) and len(sub.split()) >= OWN_WORDS and bool(words)


class _Candidate:
    """A passage sentence as a candidate for one question's answer."""

    __slots__ = ("base", "hit", "traits", "words")

    def __init__(self, traits: Traits, hit: Hit, base: float, words: frozenset[str]) -> None:
        self.traits = traits
        self.hit = hit
        self.base = base  # rank prior and penalties: the same whatever is asked
        self.words = words  # the sentence's words, and the heading's when it opens the entry for the term asked about

    @property
    def sentence(self) -> str:
        return self.traits.sentence


def _candidates(question: str, hits: list[Hit], asked_countries: AbstractSet[str], term: str | None = None,
                lists: bool = False) -> list[_Candidate]:
    """The hits' sentences as candidates; with ``lists``, a sentence naming many countries (a list of partners) is not
    about another country than the ones asked about."""
    out: list[_Candidate] = []
    commentary_asked = bool(COMMENTARY.search(question))
    defining = bool(DEFINING.search(question))
    for hit in hits:
        prior = 0.35 / hit.rank + (0.2 if hit.routed and hit.rank == 1 else 0.0)
        if hit.rank == 1 and defining:
            prior += 0.3
        if hit.passage.kind == "analysis" and not commentary_asked:
            prior -= 0.15  # an author's argument, below the rules and the record unless the question asks for views
        entry = _entry_for(hit.passage, term)
        for position, traits in enumerate(passage_traits(hit.passage.text)):
            if traits.pointer or traits.engine_note:
                continue  # 'See "MTCR overview".' names where to read on; a note to the rule engine speaks to no user
            base = prior + traits.penalty
            words = traits.words
            if entry and position == 0:  # "what is BVLOS?": the entry headed "BVLOS" opens by defining it
                base += TERM_OPENING
                words = words | frozenset(tokens(term or ""))  # the heading is its subject
            if asked_countries and traits.countries and not traits.countries & asked_countries \
                    and not (lists and len(traits.countries) >= LISTED_COUNTRIES):
                base -= 0.3  # a sentence about another country than the one asked about
            out.append(_Candidate(traits, hit, base, words))
    return out


def _relevance(asked: str, idf: Callable[[str], float], own: str | None = None) -> Callable[[_Candidate], float]:
    """Rarity-weighted share of the asked words a sentence contains, plus what kind of answer is asked for. ``own``:
    the words whose defined term a sentence may have as its subject (None: ``asked``'s; "": no term)."""
    defining = bool(DEFINING.search(asked))
    sides = compared_sides(asked)
    frames = (DEFINING_FRAME if defining else set()) \
        | (COMPARISON_FRAME if sides or COMPARES.search(asked) else set()) \
        | (ORDINAL_FRAME if FIRST_ASKED.search(asked) else set())  # "different" frames a comparison
    query = tokens(without_question_frames(asked)) - GENERIC - frames
    if (defining or sides) and not query:  # "what is a UAV?", "UAS or UAV?": terms too common to count elsewhere
        query = tokens(without_question_frames(asked)) - frames
    weights = {t: idf(t) for t in query}
    # "what is the MTCR?" is answered by the sentence spelling its name out; "what is national discretion under the
    # MTCR?" is not (the Regime is where the term is used)
    asked_term = defined_term(asked)
    named_term = tokens(asked_term or "") or query
    # 'a commodity is "specially designed" if ...': a sentence that defines the asked term in quotes, wherever it
    # stands in the sentence
    quoted_definition = re.compile(rf"[\"“‘']{re.escape(asked_term)}[\"”’']\s+(?:if|means|refers\s+to|when)\b",
                                   re.I) if asked_term else None
    # 'Section 744.3 of the EAR is the U.S. missile "catch-all"': a sentence that names the asked term's head word in
    # quotes as what its subject is defines it ("what's the EAR missile catch-all?")
    head = asked_term.split()[-1] if asked_term else ""
    quoted_as_subject = re.compile(rf"\b(?:is|are)\s+(?:the|a|an)\s+(?:[\w.'’-]+\s+){{0,3}}"
                                   rf"[\"“‘']{re.escape(head)}[\"”’']", re.I) if len(head) > 3 else None
    # 'a written Letter of Request (LOR) from ...': a sentence that names a term of several words as asked, with the
    # acronym it introduces, defines it where no entry is headed by it ("what is a Letter of Request?")
    with_acronym = re.compile(rf"(?<!\w){re.escape(asked_term)}\s+\([A-Z][A-Za-z0-9-]{{1,8}}\)") \
        if asked_term and len(asked_term.split()) > 1 else None
    # 'Column E:1 is understood to list ...': a sentence whose subject is the asked term's head defines it (a term the
    # message as typed asks about, not one a follow-up's earlier turn asked: "what is 9A012?", then "to France?")
    own_term = defined_term(own) if own is not None else asked_term
    subject = own_term.split()[-1] if own_term else ""
    as_subject = re.compile(rf"^\W*(?:[\w'’-]+\W+){{0,2}}?{re.escape(subject)}\W+(?:is|are|means|refers)\b",
                            re.I) if len(subject) > 1 else None
    defines_it = [p for p in (quoted_definition, quoted_as_subject, with_acronym, as_subject) if p is not None]
    # "the difference between an MTCR partner and an adherent": a sentence whose subject is one of them defines it
    defines_a_side = [re.compile(rf"^\W*(?:[\w'’-]+\W+){{0,3}}?{re.escape(head)}s?\W+(?:is|are|means|refers)\b",
                                 re.I) for head in compared_heads(asked) or () if len(head) > 2]
    comparing = sides is not None or bool(COMPARES.search(asked))
    if sides and all(side <= query for side in sides):  # the two things compared weigh the same, however common;
        # within a side its rarer words weigh more ("the MTCR Guidelines": the Guidelines, not the MTCR)
        share = sum(weights[t] for t in sides[0] | sides[1]) / 2
        for side in sides:  # (the two sides share no word)
            side_total = sum(weights[t] for t in side) or 1.0
            weights.update({t: share * weights[t] / side_total if len(side) > 1 else share for t in side})
    total = sum(weights.values()) or 1.0
    wants = kinds_asked(asked)
    beyond: list[frozenset[str]] = []  # what the question asks besides countries, found when a list needs it

    def beyond_countries() -> frozenset[str]:
        if not beyond:
            beyond.append(frozenset(query - tokens(country_words(asked))))
        return beyond[0]
    scored: dict[int, float] = {}  # a candidate is scored again when it is ranked, taken and reported

    def score(c: _Candidate) -> float:
        if id(c) not in scored:
            scored[id(c)] = _score(c)
        return scored[id(c)]

    def _score(c: _Candidate) -> float:
        traits = c.traits
        spelled = defining and bool(traits.spelled) and traits.spelled in named_term
        words = c.words | {traits.spelled} if spelled else c.words  # the name spelled out stands for its acronym
        if traits.aside:
            words = words - traits.aside  # "not already caught by 19.A.2": not what the sentence is about
        overlap = sum(w for t, w in weights.items() if t in words) / total
        if len(traits.countries) >= LISTED_COUNTRIES and not words & beyond_countries():
            overlap *= 0.5  # a list that shares only country names with the question ("Puma drones to Ukraine
            # ok?" is not answered by the Wassenaar participants)
        # a comparison is answered by a sentence about both things compared, not by one about either alone
        both = sides is None or bool(sides[0] & words and sides[1] & words)
        overlap *= 1.0 if both else 0.75
        gives = traits.gives
        bonus = sum(0.25 for i in wants if gives[i] and (both or ASKS[i][1] is not CONTRASTS)) if wants else 0.0
        bonus += 0.25 if sides and both else 0.0
        term = traits.defines if defining else None
        # a list item's head ("DSP-73 — ...") is the term it defines, as written: "Category IV — ..." is another term
        headed = term is not None and traits.headed
        as_asked = headed and term is not None and _as_asked(term)
        if spelled:
            bonus += 0.6  # "what is the MTCR?": the sentence that opens by spelling the name out defines it
        elif term and (named := tokens(term)) and named & query \
                and len(named - query) <= (1 if len(query) > 1 else 0) and (as_asked or not headed):
            # the definition of the term asked about (of that term alone when one word is asked); a list item headed
            # by the term as written ("DSP-5 — permanent export of ...") is its definition whatever passage it is in
            # (not in a comparison, whose two sides' items would read as repeats of each other)
            bonus += HEADED_DEFINITION if headed and not comparing else 0.3
        elif headed and not as_asked:
            bonus -= 0.3  # the definition of another term
        elif any(pattern.search(c.sentence) for pattern in (*defines_it, *defines_a_side)):
            bonus += 0.3
        return overlap + bonus

    written: dict[str, bool] = {}

    def _as_asked(term: str) -> bool:
        """Whether the question writes the term as it is written ("DSP-5", not another item's head)."""
        if term not in written:
            written[term] = bool(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", asked, re.I))
        return written[term]
    return score


def choose_sentences(question: str, hits: list[Hit], idf: Callable[[str], float], limit: int,
                     exclude: list[str] | None = None, per_passage: int = 2,
                     countries: set[str] | None = None, typed: str | None = None,
                     search: Callable[[str], list[Hit]] | None = None, own_words: str | None = None) -> list[Chosen]:
    """The ``limit`` best sentences; ``countries`` are the ones the question is about (read with demonyms), else
    the country names in ``question``. A message that asks several questions (``typed``: the message as written,
    when ``question`` is a widened search query) gets the best sentence for each of them first, in the order asked,
    then the best of the rest; ``search`` finds the passages for one of them by its own words. ``own_words``: a
    follow-up's own turn, when ``typed`` holds the earlier turn's words too."""
    asked_countries = countries if countries is not None else countries_named(question)
    candidates = _candidates(question, hits, asked_countries, defined_term(typed or question))
    overall = _relevance(question, idf, own_words if own_words is not None else typed)
    ranked = sorted(candidates, key=lambda c: -(c.base + overall(c)))
    taken: list[Chosen] = []
    seen = [tokens(x) for x in exclude or []]
    count: dict[str, int] = {}
    listed: list[str] = []

    def take(c: _Candidate, defining: bool = False) -> bool:
        if len(taken) >= limit or any(_similar(c.words, s) for s in seen) \
                or count.get(c.hit.passage.id, 0) >= per_passage:
            return False
        sentence = c.sentence
        following, previous = c.traits.following, c.traits.previous
        if following and ((defining and DEFINES.match(sentence)) or (contrast and CONTRASTS.search(sentence))):
            # "X is ... It covers ...": the whole definition; "A and B answer different questions. A asks ...": why
            sentence = f"{sentence} {following}"
            seen.append(tokens(following))
        if previous and not any(_similar(tokens(previous), s) for s in seen):
            sentence = f"{previous} {sentence}"  # "They set ..." with the sentence that says who they are
            seen.append(tokens(previous))
        labels = list_labels(c.hit.passage.text).get(c.sentence)
        if labels and not listed:  # the introduction of a list names what the list holds, once per answer
            sentence = f"{sentence.rstrip('.:')}: {'; '.join(labels)}."
            listed.append(c.hit.passage.id)
        taken.append(Chosen(sentence, c.hit, c.base + overall(c)))
        seen.append(set(c.words))
        count[c.hit.passage.id] = count.get(c.hit.passage.id, 0) + 1
        return True

    contrast = bool(COMPARES.search(typed or question))
    subs = sub_questions(typed or question)
    if len(subs) > 1:
        for sub in subs:
            # (a follow-up's earlier turn, "what is 9A012?", is no definition asked for now)
            relevance = _relevance(sub, idf, sub if own_words is None or sub in own_words else "")
            # a thing asked of no country when the message names one ("how many partners are there? is Israel
            # one?") is answered from its own search: the message's holds the passages about the country (one that
            # points back, "is China in it?", is asked of the rest of the message)
            own = _candidates(sub, search(sub), asked_countries, defined_term(sub), lists=True) \
                if search is not None and asked_countries and not countries_named(sub) and _says_what(sub) \
                else candidates
            relevant = [(c.base + SUB_WEIGHT * r, c) for c in own if (r := relevance(c)) > 0]
            for _, c in sorted(relevant, key=lambda pair: -pair[0]):
                if take(c, bool(DEFINING.search(sub))):
                    break
    defining = len(subs) == 1 and bool(DEFINING.search(question))
    for c in ranked:
        if len(taken) >= limit:
            break
        take(c, defining)
    return taken
