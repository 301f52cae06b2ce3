"""Keeping the event loop's turns short under a burst.

When many interactions arrive at once, discord.py starts a task for each and asyncio runs all of their first steps
(access check, option parsing, the acknowledgement) in one loop turn: 200 of them kept the loop busy for 150-250 ms
before anything else (the gateway heartbeat, answers ready to send) could run. ``TurnBudget.admit`` spreads that
work: the first caller in a turn starts the turn's clock; later callers in the same turn go ahead while the turn has
used less than ``budget`` seconds, and otherwise wait for a later turn, in arrival order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 0.01  # seconds of admitted work per loop turn


class TurnBudget:
    def __init__(self, budget: float = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._turn: tuple[asyncio.AbstractEventLoop, float] | None = None  # the loop and when this turn's clock started
        self._waiting: deque[asyncio.Future[None]] = deque()
        self.deferred = 0  # how many times a caller had to wait for a later turn (for the bench and tests)

    def _can_go(self, loop: asyncio.AbstractEventLoop) -> bool:
        if self._turn is None or self._turn[0] is not loop:
            return True
        return time.perf_counter() - self._turn[1] < self.budget

    def _next_turn(self) -> None:
        """Runs at the start of the next turn: its clock is not started yet, and the waiters wake (in the turn
        after, first come first served; the first of them starts that turn's clock)."""
        self._turn = None
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)

    async def admit(self) -> None:
        """Return at once while this loop turn has budget left; otherwise wait for a later turn."""
        loop = asyncio.get_running_loop()
        while not self._can_go(loop):
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiting.append(waiter)
            self.deferred += 1
            await waiter
        if self._turn is None or self._turn[0] is not loop:
            self._turn = (loop, time.perf_counter())
            loop.call_soon(self._next_turn)  # after the work admitted in this turn
