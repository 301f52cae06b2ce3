"""Answer-plan points marked ``aside`` (corpus/language/answer_plan.yaml) go with an answer, never in its place: what
the 2020 airspeed reinterpretation left out follows the account of that policy, seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def test_what_a_policy_left_out_follows_the_account_of_the_policy(real_service: ComplianceService) -> None:
    for question in ("what happened in july 2020 with us drone export policy",
                     "does the 2020 UAS policy still apply after September 2025?"):
        lines = real_service.ask(question).answer.split("\n")
        assert "does not extend to cruise missiles" not in lines[0], (question, lines[:3])
        assert any("does not extend to cruise missiles" in line for line in lines[1:4]), (question, lines[:5])
        assert "2020" in lines[0], (question, lines[0])
