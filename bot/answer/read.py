"""Step 1 of the answer pipeline: read a question into typed facts (systems, countries with their roles, figures
with what they measure, dates, premises and flags). Nothing here decides a verdict."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.answer.dates import DateMention, find_dates, named_periods, relative_now
from bot.answer.figures import Figure, find_figures
from bot.answer.parties import CountryMention, find_countries
from bot.answer.systems import NearMiss, SystemMention, find_systems
from bot.answer.vocabulary import PARTS
from bot.catalogue import Catalogue

SALE = re.compile(r"\b(sell\w*|sold|sale|sales|re-?sell\w*|resale|re-?export\w*|ship\w*|export\w*|transfer\w*|"
                  r"deliver\w*|suppl(?:y|ies|ied)|"
                  r"offer\w*|quot\w*|pitch\w*|deal|customer|buyer|buy\w*|bought|purchas\w*|lease\w*|leasing|"
                  r"fms|dcs|loa|rfi|rfp|rfq|tenders?|bid|bids|bidding|notified|notification|enquir\w*|inquir\w*|"
                  r"procure\w*|acquir\w*|"
                  r"wants?|asking|order\w*|licen[cs]e\s+(?:for|to)|going\s+to|go(?:es)?\s+to|headed\s+to|"
                  r"bound\s+for|(?:eligible|permitted|allowed|approved|acceptable|prohibited|barred)\s+(?:destination|buyer|"
                  r"recipient|customer|end[- ]?user)s?|"
                  r"(?:get|gets|getting|got|receiv\w*|obtain\w*|import\w*)\s+(?:\w+\s+){0,3}?(?:drones?|uavs?|uas|ucavs?))\b",
                  re.I)
# taking an item abroad and back ("demo it at an airshow in Dubai", "a trade show", "static display") is a temporary
# export, not a sale to the country it goes to, unless a sale is named as well
TEMPORARY = re.compile(r"\b(?:demo(?:s|ing|ed)?|demonstrat\w*|static\s+display|(?:display|exhibit|show)(?:s|ing)?\s+"
                       r"(?:it|them|our\s+\w+)|temporar(?:y|ily)\s+export\w*|bring(?:ing)?\s+(?:it|them)\s+"
                       r"(?:back|home)|flight\s+(?:trials?|tests?)|tak(?:e|ing)\s+(?:it|them|our\s+\w+(?:\s+\w+)?)\s+to|"
                       # "loaning a drone to a foreign army for a trial"
                       r"for\s+(?:an?\s+)?(?:trial|evaluation|test(?:ing)?)(?:\s+period)?|"
                       # "show the Gray Eagle at a trade show in Abu Dhabi" (not a visitor met at one: "a delegation
                       # stopped by our booth at the airshow")
                       r"(?:show|display|exhibit|bring|take|fly|flying|demo)\w*\s+(?:[\w-]+\s+){0,3}?at\s+(?:an?\s+|the\s+)?"
                       r"(?:[\w-]+\s+){0,2}(?:trade\s+show|air\s*show|exhibition|expo|defen[cs]e\s+show))\b", re.I)
OUTRIGHT_SALE = re.compile(r"\b(?:sell\w*|sold|sale|sales|resale|buy\w*|bought|purchas\w*|deal|customer|buyer|fms|dcs|"
                           r"loa|lease\w*|contract\w*)\b", re.I)
MEASURE_CUE = re.compile(r"\b(?:(?:max(?:imum)?|top|cruis(?:e|ing)|ferry|combat|mission|one[- ]way|datalink|link)\s+)?"
                         r"(?:speed|range|radius|payload|endurance|tank|gusts?|cruise|mtow|weight)\s*(?:of|is|:|=|~)?\s*$",
                         re.I)
DECIDED = re.compile(r"\b(?:mtcr\s+)?cat(?:egory|egories)?\b\.?(?:\s*(?:i{1,2}|1|2|one|two)\b)?", re.I)
# "can we train their crews on our Reaper?", "can we maintain their MQ-9s?": a service on an aircraft (a defense service
# under the ITAR), not a sale of it, unless the question also sells, ships or exports something (the answer plan leads
# such a question with the DDTC approval a defense service needs)
# "integrate Hellfires on their Reapers" is a service; "MQ-9A with Hellfire integration" describes what is sold
SERVICE = re.compile(r"\b(?:train(?:s|ed|ing)?|teach\w*|instruct\w*|maintenance|repair\w*|overhaul\w*|"
                     # "maintain their MQ-9s", not "who maintains the list", "maintain export records"
                     r"maintain\w*(?!\s+(?:\w+\s+){0,2}(?:lists?|records?|registers?|databases?|websites?|pages?|files?|"
                     r"logs?|documents?|documentation|catalogues?)\b)|"
                     # making it abroad: "co-produce Reapers locally", "licensed production in Saudi Arabia"
                     r"co-?produc\w*|licen[cs]ed\s+production|local\s+(?:production|assembly|manufactur\w*)|"
                     r"produc\w*\s+(?:\w+\s+){0,2}locally|manufactur\w*\s+licen[cs]e\w*|"
                     r"integrat(?:e|es|ed|ing)|integration\s+(?:of|support|services?|work|assistance)|"
                     # "help design the Akinci", "assist with developing their drone": engineering help (22 CFR 120.32)
                     r"(?:help\w*|assist\w*|support\w*|advis\w*|consult\w*)\s+(?:(?:them|with|to|in|on)\s+)?"
                     r"(?:design\w*|develop\w*|engineer\w*|build\w*|test\w*|upgrad\w*|modif\w*)|"
                     r"technical\s+assistance)\b", re.I)
SELLING = re.compile(r"\b(?:sell\w*|sold|sale|sales|export\w*|ship\w*|buy\w*|bought|purchas\w*|leas\w*|deliver\w*|"
                     r"transfer\w*|supply\w*|fms|dcs)\b", re.I)
# "cat 2 drones to pakistan ok??": an item named just before the country it goes to is a proposed sale
ITEM_TO = re.compile(r"\b(?:drones?|uavs?|uas|quad\w*|aircraft|systems?|reapers?|"
                     r"cat(?:egory|\.)?\s*(?:ii?|1|2))\s+(?:\w+\s+){0,3}(?:to|for)\s+(?:the\s+)?$", re.I)
PAST_EVENT = re.compile(r"\b(?:was there (?:ever|any)|were there (?:ever|any)|(?:did|has|have)\b.{1,60}\bever\b|"
                        r"i (?:remember|recall)|what happened (?:to|with|when|after|at)|"
                        # "how many Reapers has the UK bought?", "first country to buy armed Reapers"
                        r"how many\b.{1,40}\b(?:has|have|did)\b.{1,40}\b(?:bought|buy|received|receive|got|get|"
                        r"acquired|acquire|ordered|order|operated?)|"
                        r"(?:first|last|only) (?:country|nation|buyer|customer|state|government) to (?:buy|get|receive|"
                        r"acquire|operate|be sold|order)|"
                        r"(?:was|were)\b.{1,40}\bthe (?:first|last|only)|"
                        r"did (?:the )?\w+(?: \w+)? (?:get|receive|buy|acquire|obtain|take delivery of)"
                        r"(?! (?:it|them|this|that|past|around|away|through|over|approval|permission)\b)|"
                        r"did (?:the )?\w+(?: \w+)? (?:approve|authori[sz]e|clear|sell|notify|deliver)\b|"
                        r"(?:has|have) (?:the )?\w+(?: \w+)? (?:approved|authori[sz]ed|cleared|sold|notified|"
                        r"delivered)\b|"
                        r"(?:has|have) (?:the )?\w+(?: \w+)? (?:received|got|gotten|bought|acquired|ordered|"
                        r"taken delivery)\b(?! (?:an? |the |any |our )?(?:approval|permission|licen[cs]es?|clearance|"
                        r"go-ahead|authori[sz]ation|consent|green light)\b)|"
                        r"who (?:got|received|bought|acquired)|"
                        # "how many countries bought the TB2?", "how many nations operate the Reaper?"
                        r"how many (?:countries|nations|states|buyers|customers|air forces|militaries) (?:have |has )?"
                        r"(?:bought|purchased|received|acquired|ordered|operated?|use[ds]?|fl(?:y|ew|own))\b|"
                        # "the history of MQ-9 exports to the UK", "what's the status of the UAE MQ-9B deal?": what
                        # happened to sales already made or under way
                        r"\bhistory\s+of\s+(?:[\w-]+\s+){0,3}(?:exports?|sales?|deliver(?:y|ies)|transfers?|"
                        r"purchases?)\b|\b(?:status|progress)\s+of\s+(?:the|that|this)\s+(?:[\w-]+\s+){0,4}?"
                        r"(?:sale|deal|purchase|order|contract|notification)\b|"
                        # "is the MQ-9B sale to India done?": the status of a sale already made
                        r"(?:is|was|has)\s+(?:the|that|this)\s+(?:[\w-]+\s+){0,3}?(?:sale|deal|purchase|order|contract)\b"
                        r"[^?.]{0,40}\b(?:done|complete[d]?|final(?:i[sz]ed)?|closed|signed|concluded|through|delivered)\b|"
                        # "when was the MQ-9B approved for India?"
                        r"when (?:was|were) .{1,50}\b(?:approved|authori[sz]ed|cleared|sold|notified|delivered|"
                        r"bought|ordered|acquired|received)|"
                        r"which countr\w+ (?:have |has )?(?:got|received|bought|acquired|operate))\b", re.I)
# what a buyer does to an aircraft it has received: "arm it after delivery", "add a longer-range tank later"
AFTER_DELIVERY = re.compile(r"\b(?:after|once)\s+(?:we\s+|it\s+(?:is|was|has\s+been)\s+|"
                            r"they\s+(?:are|were|have\s+been)\s+)?(?:deliver\w*|hand\w*\s+(?:it\s+|them\s+)?over|shipped|exported|sold)\b|"
                            r"\bpost[- ]?delivery\b|\balready\s+(?:owns?|has|have|bought|received|operates?)\b", re.I)
CHANGES_IT = re.compile(r"\b(?:arm|arming|arms\s+(?:the|it|them|its|their)|re-?arm\w*|weaponi[sz]\w*|modif\w*|"
                        r"upgrad\w*|add\w*|fit\w*|install\w*|"
                        r"extend\w*|integrat\w*|convert\w*)\b", re.I)
# what a violation costs: "the penalty for exporting a Reaper without a licence" asks about the law, not a sale
CONSEQUENCE = re.compile(r"\b(?:penalt(?:y|ies)|punish\w*|prosecut\w*|jail|prison|fines|fined|criminal|"
                         r"consequences?\s+of)\b", re.I)
UAV = re.compile(r"\b(drones?|uavs?|uas|unmanned|aircraft|airframes?|quad\w*|multirotor|sprayers?|loitering|"
                 r"(?:hexa|octo)(?:copter|rotor)s?|multi-?copters?|munitions?|rpas?|vtol|fixed[- ]wing|turboprop|"
                 r"jet|male|hale|isr|platform|birds?|system)\b", re.I)
CATEGORY = re.compile(r"\b(cat(?:egory)?\.?\s*(?:1|i|one|2|ii|two)\b|mtcr|controlled|19\.a\.[23]|1\.a\.2)", re.I)
NO_AEROSOL = re.compile(r"\b(?:no|without|not?\s+(?:an?\s+)?)\s*(?:an?\s+)?(?:aerosol|spray\w*)", re.I)
# flight control that needs no pilot: "autonomous", "waypoint navigation", "flies preprogrammed routes", "autopilot"
AUTONOMOUS = re.compile(r"\b(?:autonom\w*|waypoints?|pre-?programm?ed|auto-?pilot\w*|self-?flying|"
                        r"programm?ed\s+(?:routes?|flights?|missions?|paths?|courses?)|"
                        r"automatic(?:ally)?\s+(?:flight|flies|fly|flying|routes?|missions?|navigation))\b")
# ... and flight that has one: "manual control only", "hand-flown", "no autopilot"
MANUAL = re.compile(r"\b(?:manual(?:ly)?\s+(?:[a-z-]+\s+){0,2}?(?:control\w*|flown|piloted|operat\w*|flight|flying)|"
                    r"hand[- ]flown|"
                    r"flown\s+by\s+hand|(?:no|without\s+an?)\s+autopilot)\b")
# flight kept within the operator's sight: "within line of sight", "VLOS only"
WITHIN_SIGHT = re.compile(r"\b(?:within|in)\s+(?:the\s+)?(?:operator'?s\s+|pilot'?s\s+)?(?:direct\s+)?(?:visual\s+)?"
                          r"(?:line\s+of\s+)?(?:sight|view)\b|\bvlos\b|"
                          r"\bline[- ]of[- ]sight\s+(?:only|control\w*|operat\w*|flight|flying|piloting)\b")
NEGATED = r"(?:not|no|non|never|without|isn't|isnt|doesn't|doesnt)\s+"
AIRFRAME = re.compile(r"\b(drones?|uavs?|uas|unmanned|aircraft|airframes?|quad\w*|multirotor|platform|"
                      r"fixed[- ]wing|vtol|ours|our\s+\w+|design)\b", re.I)
# "what counts as range for ...?", "how is payload measured when ...?": the meaning of a term, whatever figures follow
ASKS_A_MEANING = re.compile(r"^\W*(?:so\s+|and\s+)?(?:what\s+(?:counts|qualifies)\s+as|how\s+(?:is|are)\s+(?:the\s+)?"
                            r"[\w'\"‘’“”-]+\s+(?:defined|measured|calculated|counted|determined|worked\s+out))\b", re.I)
# "payload exactly 500 kg and range exactly 300 km, cat I?": figures at a threshold said to be exact describe an item
# on the line, not the threshold ("is the Category I threshold exactly 500 kg?" names the threshold)
EDGE_CASE = re.compile(r"^(?!.*\b(?:thresholds?|limits?|cut-?offs?|criteri(?:on|a)|definitions?)\b).*"
                       r"\b(?:exactly|precisely|right\s+at|just\s+at|bang\s+on)\b", re.I)
# "is the aerosol threshold 20 litres or 20 kg?": the figures given to a threshold are candidate values of it
NAMES_A_THRESHOLD_VALUE = re.compile(r"\b(?:thresholds?|limits?|cut-?offs?|criteri(?:on|a))\s+"
                                     r"(?:is\s+|are\s+|was\s+|of\s+|at\s+|set\s+at\s+)?"
                                     r"(?:(?:exactly|really|actually|still|now)\s+)?(?:about\s+)?\d", re.I)
# its marketing papers: "send a brochure with Reaper specs", "a spec sheet for the Gray Eagle"
MARKETING = re.compile(r"\b(?:brochures?|spec\s+sheets?|data\s*sheets?|marketing\s+(?:materials?|information|"
                       r"slides))\b", re.I)
# an ITAR or AECA designation asked of an item: "is an MQ-9 SME?", "is the Reaper MDE?"
DESIGNATION_ASKED = re.compile(r"\b(?:is|are)\b[^?]{0,40}\b(?:sme|mde|significant\s+military\s+equipment|"
                               r"major\s+defen[cs]e\s+equipment)\b", re.I)
OWN_ITEM = re.compile(r"\b(?:we|our|my)\b", re.I)  # "if we add a bigger fuel tank and range goes ...": the asker's item
# "with a bigger fuel tank the range goes from 280 to 320 km": a range with its fuel is an airframe's
FUEL_TANK = re.compile(r"\b(?:fuel|(?:aux(?:iliary)?\s+|drop\s+|external\s+|extra\s+|ferry\s+)?tanks?)\b", re.I)
STATED_CATEGORY = re.compile(r"\b(?:(?:our|my|a|an|the|this|their|its|some|these|those)\s+)?(?:\w+\s+)?"
                             r"cat(?:egory)?\.?[\s-]*(ii|2|two|i|1|one)(?:\s+(?:uav|uas|drone|system|aircraft|airframe|"
                             r"platform|design|sale|export|transfer|deal|male|hale|ucav|rpas?|rpa|vehicle)s?\b|"
                             # "the review for cat I to Japan": the category stands for the item sold
                             r"(?=\s+(?:to|for)\s+(?:the\s+)?(?!cat\b|cat\.|categor|items?\b|ii?\b|\d)[a-z]))", re.I)
# "armed drones for the Saudi national guard, 2018, cat I": a category listed last among a sale's particulars
LISTED_CATEGORY = re.compile(r",\s*(?:(?:it['’]s|it\s+is|which\s+is)\s+)?cat(?:egory)?\.?[\s-]*(ii|2|two|i|1|one)"
                             r"\s*[.!]*\s*$", re.I)
# "the drone flies 790 km/h max, it's cat I.", "system is cat II, date is march 2026": the asker says what the item is
# (not "is it cat I?", "so the system is cat II?" or "is it cat I or II", which ask)
DECLARED_CATEGORY = re.compile(r"\b(?:it|(?:uav|uas|drone|system|aircraft|airframe|platform|design|item)s?)\s*"
                               r"(?:['’]s|\bis|\bare)\s+(?:an?\s+)?(?:mtcr\s+)?cat(?:egory)?\.?[\s-]*(ii|2|two|i|1|one)\b"
                               r"(?!\s*(?:\?|or\b|/|and\b|,?\s*(?:right|correct|true|yes|no|isn['’]?t\s+it)\b))", re.I)
INFERRED = re.compile(r"\b(?:so|then|therefore|thus|means|meaning|whether|that)\s+$", re.I)  # "... so it's cat I?"
LISTED_AFTER = re.compile(r"[,;:–—-]\s*$")  # a particular listed after a comma or a dash
THRESHOLD_VALUES = {"payload": 500.0, "range": 300.0, "aerosol": 20.0, "max_speed": 800.0}


@dataclass
class Reading:
    question: str
    systems: list[SystemMention] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    now: DateMention | None = None
    sale: bool = False
    autonomous: bool | None = None
    bvlos: bool | None = None
    no_aerosol: bool = False
    premises: list[str] = field(default_factory=list)
    uav_context: bool = False  # an earlier turn of the conversation was about a UAV
    stated_category: str | None = None  # "our Cat I UAV": the category the person states for their airframe

    @property
    def as_of_dates(self) -> list[DateMention]:
        return [d for d in self.dates if d.as_of]

    @property
    def exporters(self) -> list[CountryMention]:
        return [c for c in self.countries if c.role == "exporter"]

    @property
    def destinations(self) -> list[CountryMention]:
        """Countries named as the destination; without any role cue, every other country in a described sale."""
        marked = [c for c in self.countries if c.role == "destination"]
        exporters = {c.code for c in self.exporters}
        unmarked = [c for c in self.countries if c.role is None and c.code not in exporters]
        if marked:  # an unmarked country counts only when coordinated with a named destination ("X vs Y")
            unmarked = [c for c in unmarked if any(_coordinated(self.question, c, m) for m in marked)]
        out: list[CountryMention] = []
        for c in marked + unmarked:
            if all(o.code != c.code for o in out):
                out.append(c)
        return sorted(out, key=lambda c: c.start)

    @property
    def beyond_the_facts(self) -> str:
        """The question without the systems, countries, figures and dates it names: what else it asks ("how long
        was the congressional review?") once the engine has the facts."""
        text = self.question
        figures = [(cue.start() if (cue := MEASURE_CUE.search(text[:f.start])) else f.start, f.end)
                   for f in self.figures]  # "cruise 150 kt": the measure's name goes with its figure
        spans = [(m.start, m.end) for m in self.systems] + [(m.start, m.end) for m in self.countries] + \
            figures + [(m.start, m.end) for m in self.dates]
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return DECIDED.sub(" ", text)  # "which category?" is the engine's to answer

    @property
    def past_event(self) -> bool:
        """Whether the question asks what happened ("how many MQ-9Bs did India buy?"), not about a proposed sale."""
        return bool(PAST_EVENT.search(self.question))

    @property
    def asks_about_a_service(self) -> bool:
        """A service on an aircraft (training its crews, maintaining it), not a sale of it: SERVICE without SELLING."""
        return bool(SERVICE.search(self.question)) and not SELLING.search(self.question)

    @property
    def describes_item(self) -> bool:
        """A named system, or figures that describe an airframe (range, payload, aerosol, endurance, speed, weight)."""
        if "units" in self.premises:
            return False  # "Category I is 500 lb and 300 miles?" is about the thresholds, not an airframe
        describing = [f for f in self.figures if f.measure in THRESHOLD_VALUES or f.measure in ("endurance",
                                                                                              "cruise_speed", "mtow",
                                                                                              "mass")]
        if not self.systems and describing and CATEGORY.search(self.question) and not AIRFRAME.search(
                self.question) and not EDGE_CASE.search(self.question) and all(
                round(f.value, 1) == THRESHOLD_VALUES.get(f.measure) for f in describing):
            return False  # "is Category I 500 kg AND 300 km?": the thresholds themselves, not an airframe
        if not self.systems and NAMES_A_THRESHOLD_VALUE.search(self.question) and not AIRFRAME.search(self.question):
            return False  # "is the aerosol threshold 20 litres or 20 kg?": values asked of a threshold
        if self.systems and not describing and PARTS.search(self.question):
            return False  # "Reaper engines", "ground stations for the MQ-9": a part of the system, not the whole
        if not self.systems and ASKS_A_MEANING.search(self.question):
            return False  # "what counts as range for a drone with a 150 km datalink?": a definition, with an example
        if not describing and self.past_event:
            return False  # "did Saudi Arabia ever get Reapers?": a question about what happened, not a proposed sale
        if self.systems and not describing and MARKETING.search(self.question):
            return False  # "send a brochure with Reaper specs to a Saudi prospect": its marketing papers, no sale
        if not describing and DESIGNATION_ASKED.search(self.question):
            return False  # "is an MQ-9 SME?": a designation the ITAR or the AECA gives it, not a sale of it
        if not describing and CONSEQUENCE.search(self.question):
            return False  # "what's the penalty for exporting a Reaper without a licence?": the law's sanction
        if not describing and TEMPORARY.search(self.question) and not OUTRIGHT_SALE.search(self.question):
            return False  # "display our MQ-9 at the Paris air show": a temporary export, not a sale of the aircraft
        if not describing and AFTER_DELIVERY.search(self.question) and CHANGES_IT.search(self.question):
            return False  # "can a customer arm the MQ-9B after we deliver it?": what the buyer may do with it, no sale
        if not describing and self.asks_about_a_service:
            return False  # "can we train their crews on our Reaper?": a defense service, not a sale of the aircraft
        return bool(self.systems) or (bool(describing) and bool(UAV.search(self.question) or self.uav_context
                                                                or CATEGORY.search(self.question)
                                                                or DECIDED.search(self.question)  # "..., category?"
                                                                or ((OWN_ITEM.search(self.question)
                                                                     or FUEL_TANK.search(self.question)) and any(
                                                                    f.measure == "range" for f in describing))
                                                                # "payload 700 kg, range unknown, to Egypt"
                                                                or any(c.role == "destination" for c in self.countries)
                                                                or len({f.measure for f in describing}) >= 2))


COORDINATION = re.compile(r"^\W*(?:vs\.?|versus|and|or|&|/|,|compared\s+(?:to|with)|as\s+well\s+as)\W*"
                          r"(?:(?:to|for)\s+)?(?:the\s+)?$", re.I)


def _coordinated(text: str, a: CountryMention, b: CountryMention) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(COORDINATION.match(text[first.end:second.start]))


# "is the MTCR enforced by the UN?", "is it legally binding?", "who enforces the MTCR?": read as a treaty body's
INTERNATIONAL_LAW = re.compile(r"\benforc\w*\s+by\s+(?:the\s+)?(?:un|united\s+nations|security\s+council|iaea|nato|"
                               r"an?\s+international)\b|\bwho\s+enforces\b|\blegally\s+binding\b|"
                               r"\b(?:un|united\s+nations)\s+(?:body|agency|organi[sz]ation|treaty|convention)\b|"
                               r"\bpart\s+of\s+the\s+(?:un|united\s+nations)\b")


# "the 2020 policy made all Reapers Category II under the MTCR?": a US policy read as a change of the Annex's categories
RECLASSIFIED = re.compile(r"\b(?:made|mak(?:e|es|ing)|turned|moved|reclassif\w*|recategori[sz]\w*|became|become|now)\b"
                          r"[^?.]{0,40}\bcat(?:egory)?\.?\s*(?:ii|2|two)\b[^?.]{0,20}\b(?:under|in|by)\s+the\s+(?:mtcr|annex|regime)\b")
# the thresholds asked in other units: "in pounds", "how many miles", "in nautical miles"
IN_OTHER_UNITS = re.compile(r"\b(?:in|into|to|as)\s+(?:lbs?|pounds?|(?:statute\s+|nautical\s+)?miles|nm|nmi)\b|"
                            r"\bhow\s+many\s+(?:lbs?|pounds?|(?:statute\s+|nautical\s+)?miles)\b")


# a sale already made, in the clause a year dates ("we sold them to the UK in 2008")
BEFORE_NOW = re.compile(r"\b(?:sold|bought|delivered|acquired|purchased|received|leased|exported|shipped|got|"
                        r"ordered|left|joined|quit|withdrew|changed|announced|signed|adopted|dropped|removed|added|"
                        r"lifted|issued)\b", re.I)  # what happened then ("since the US left the MTCR in 2025 ... now?")
HYPOTHETICAL = re.compile(r"\b(?:could|would|should|might|can|may|if|whether)\b", re.I)


def premises_of(text: str) -> list[str]:
    """The false premises a question puts, by name ('units', 'treaty', ...), for corrections.py."""
    lowered = text.lower()
    out: list[str] = []
    thresholdish = re.search(r"\b(cat(?:egory)?\.?\s*(?:1|i|one|2|ii|two)|threshold|mtcr|limit)\b", lowered)
    pounds = re.search(r"\b500\s*(?:lbs?|pounds?)\b", lowered)
    miles = re.search(r"\b300\s*(?:miles?|mi|nautical miles?|nm|nmi)\b", lowered)
    if thresholdish and (pounds or miles):
        out.append("units")
    elif thresholdish and IN_OTHER_UNITS.search(lowered):
        out.append("other-units")  # "the Category I payload threshold in pounds?": the thresholds converted
    if (re.search(r"\btreaty\b", lowered) and "mtcr" in lowered) or re.search(r"\bmtcr (?:is|as) a treaty", lowered) \
            or ("mtcr" in lowered and INTERNATIONAL_LAW.search(lowered)):
        out.append("treaty")
    if re.search(r"\b(mtcr|regime|annex) (?:itself )?(?:was |has been |got )?(?:changed|amended|updated|rewr\w+)",
                 lowered) or re.search(r"\b(?:chang\w*|amend\w*) (?:to |in )?the (?:mtcr|annex)\b"
                                    r"(?! (?:category|categories|cat|status|classification)\b)", lowered) \
            or RECLASSIFIED.search(lowered):
        out.append("national-policy")
    return out


def _possessor_makes_it(text: str, countries: list[CountryMention], systems: list[SystemMention],
                        misses: list[NearMiss], catalogue: Catalogue) -> list[CountryMention]:
    """"Iran's Shahed drones", "Turkey's TB2": a country named in the possessive just before a system it makes (or a
    name whose closest catalogue systems it makes) is the maker, the exporter, not a destination."""
    if not any(c.role is None for c in countries) or not (systems or misses):
        return countries  # (most questions: nothing to look up)
    origins = {m.start: {m.system.origin} for m in systems}
    if misses:
        by_name = {system.name: system.origin for system in catalogue.systems}
        origins.update({m.start: {by_name[name] for name in m.suggestions if name in by_name} for m in misses})
    out = []
    for country in countries:
        possessive = re.match(r"['’]s\s+", text[country.end:])
        if country.role is None and possessive and country.code in origins.get(country.end + possessive.end(), ()):
            country = dataclasses.replace(country, role="exporter", cue="maker, in the possessive")
        out.append(country)
    return out


def read_question(question: str, catalogue: Catalogue, today: date, roles_file: Path,
                  changes: dict[int, date] | None = None) -> Reading:
    text = " ".join(question.split())
    r = Reading(question=text)
    r.systems, r.near_misses = find_systems(catalogue, text)
    r.countries = _possessor_makes_it(text, find_countries(text, roles_file, catalogue), r.systems, r.near_misses,
                                      catalogue)
    r.figures = find_figures(text)
    r.dates = find_dates(text, today, changes, named_periods(roles_file.parent / "periods.yaml"))
    if PAST_EVENT.search(text):  # "was there any export before 2015?": the end of a period asked about, not a day
        r.dates = [dataclasses.replace(d, as_of=False) if d.kind == "before-year" else d for d in r.dates]
    r.now = relative_now(text, today)
    if r.now is not None:  # "we sold Reapers to the UK in 2008 — can the UK now give them to Ukraine?": the year
        # dates what happened before, the question is asked of now
        # (not "could we have sold them to Cambodia in 2023? and now?": the year asked about, then now)
        clauses = [re.split(r"[—–;?!]|\s-\s", text[:d.start])[-1] for d in r.dates]
        r.dates = [dataclasses.replace(d, as_of=False) if d.kind == "year" and BEFORE_NOW.search(clause)
                   and not HYPOTHETICAL.search(clause) else d for d, clause in zip(r.dates, clauses, strict=True)]
    proposed = bool(SALE.search(text)) or any(c.role == "destination" and ITEM_TO.search(text[:c.start])
                                                for c in r.countries)
    r.sale = proposed and not (TEMPORARY.search(text) and not OUTRIGHT_SALE.search(text))
    r.premises = premises_of(text)
    declared = DECLARED_CATEGORY.search(text)
    if declared and INFERRED.search(text[:declared.start()]):  # an inference put for confirmation, not a statement
        declared = None
    stated = STATED_CATEGORY.search(text) or declared or (LISTED_CATEGORY.search(text) if r.sale else None)
    if stated:
        r.stated_category = "I" if stated.group(1).lower() in ("i", "1", "one") else "II"
        # "cat II drone, Argentina, 2026": an item of a stated category listed with a country, a proposed sale to it
        r.sale = r.sale or any(c.role is None and c.start >= stated.end() and LISTED_AFTER.search(text[:c.start])
                               for c in r.countries)
    r.no_aerosol = bool(NO_AEROSOL.search(text))
    lowered = text.lower()
    if AUTONOMOUS.search(lowered) and not re.search(NEGATED + AUTONOMOUS.pattern, lowered):
        r.autonomous = True
    elif MANUAL.search(lowered):
        r.autonomous = False
    if WITHIN_SIGHT.search(lowered):
        r.bvlos = False
    if re.search(r"\b(bvlos|beyond (?:visual )?(?:line[- ]of[- ])?sight|beyond (?:the )?(?:operator'?s )?(?:direct )?"
                 r"(?:natural )?vision|out of sight|satellite link|satcom)\b", lowered) \
            and not re.search(NEGATED + r"(?:bvlos|beyond)", lowered):
        r.bvlos = True
    return r
