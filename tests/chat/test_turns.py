"""TurnBudget: a burst's admitted work is spread over loop turns, each turn admitting work until its budget is
used, first come first served, and nobody is left waiting. The clock is a counter the work advances, so the test
does not depend on this machine's speed."""

from __future__ import annotations

import asyncio

import pytest

from bot.chat import turns
from bot.chat.turns import TurnBudget


async def _burst(budget: TurnBudget, n: int, cost: float, clock: list[float]) -> tuple[list[int], list[int]]:
    turn = [0]
    loop = asyncio.get_running_loop()
    running = [True]

    def tick() -> None:  # counts loop turns: rescheduled once per turn
        turn[0] += 1
        if running[0]:
            loop.call_soon(tick)

    loop.call_soon(tick)
    order: list[int] = []
    turn_of: list[int] = []

    async def handler(i: int) -> None:
        await budget.admit()
        order.append(i)
        turn_of.append(turn[0])
        clock[0] += cost  # the synchronous work of this interaction's first step

    await asyncio.gather(*(handler(i) for i in range(n)))
    running[0] = False
    return order, turn_of


async def test_a_burst_is_spread_over_turns_in_arrival_order(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(turns.time, "perf_counter", lambda: clock[0])
    budget = TurnBudget(budget=0.010)
    order, turn_of = await _burst(budget, 40, 0.004, clock)
    assert order == list(range(40))  # first come, first served
    per_turn = [turn_of.count(t) for t in sorted(set(turn_of))]
    assert max(per_turn) == 3  # 0, 4 and 8 ms are within 10 ms; the fourth waits for a later turn
    assert sum(per_turn) == 40 and len(per_turn) >= 14
    assert budget.deferred > 0


async def test_no_waiting_when_the_work_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr(turns.time, "perf_counter", lambda: clock[0])
    budget = TurnBudget(budget=0.010)
    order, turn_of = await _burst(budget, 5, 0.001, clock)
    assert order == list(range(5)) and len(set(turn_of)) == 1 and budget.deferred == 0
