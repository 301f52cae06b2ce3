"""A trace under construction, shared by the jurisdiction and licence steps: each dated rule value a step relies on
is cited as a trace step, and the confidence marks used are kept for the result's overall confidence."""

from __future__ import annotations

from datetime import date

from bot.rules.decision import TraceStep
from bot.rules.model import DatedValue, Parameter, RuleSet


class CitedSteps:
    step = "Step"  # the trace step name a subclass writes by default

    def __init__(self, rules: RuleSet, on: date) -> None:
        self.rules, self.on = rules, on
        self.trace: list[TraceStep] = []
        self.used: list[str] = []

    def value(self, rule: str) -> DatedValue | None:
        return self.rules.maybe(rule, self.on)

    def cite(self, finding: str, rule: str, step: str | None = None) -> DatedValue:
        dated = self.rules.at(rule, self.on)
        self.add(step or self.step, finding, self.rules.get(rule), dated)
        return dated

    def add(self, step: str, finding: str, parameter: Parameter, dated: DatedValue) -> None:
        self.trace.append(TraceStep.cite(step, finding, parameter, dated))
        self.used.append(dated.confidence)
