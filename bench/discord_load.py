"""Discord layer under load: N concurrent /ask interactions through the simulated Discord (simcord), printing
p50/p99 time to first acknowledgement and to the answer, and the worst event-loop stall.

Usage: .venv/bin/python bench/discord_load.py [--n 200] [--real-model]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import discord  # noqa: E402
import simcord  # noqa: E402

from bot.chat.app import create_bot  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.retrieval.embedder import HashingEmbedder  # noqa: E402
from bot.service import ComplianceService  # noqa: E402

QUESTIONS = ["is the gray eagle category I?", "what is 19.A.3", "can we sell a reaper to the emirates?",
             "is india in the mtcr", "what changed after 2020?", "congressional review period for japan"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def run(n: int, real: bool) -> None:
    tmp = tempfile.mkdtemp()
    name = "all-MiniLM-L6-v2" if real else "fake-hashing"
    settings = Settings(index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data", embed_model=name,
                        cooldown_seconds=0)
    if real:  # build in another process, so this one measures a server started on a built index
        subprocess.run([sys.executable, "-m", "bot", "index", "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "UAVEX_INDEX_DIR": str(settings.index_dir)})
    # the real model: the service's own embedder (the index's ONNX export at query time, as `uavex serve` runs)
    service = ComplianceService(settings, embedder=None if real else HashingEmbedder())
    service.retriever()  # built once at start, as `uavex serve` does
    bot = create_bot(service)
    created: dict[int, float] = {}
    acked: dict[int, float] = {}
    answered: dict[int, float] = {}

    original_defer = discord.InteractionResponse.defer
    original_send = discord.Webhook.send

    async def defer(self: discord.InteractionResponse, *args: object, **kwargs: object) -> object:
        acked[self._parent.user.id] = time.perf_counter()
        return await original_defer(self, *args, **kwargs)  # type: ignore[arg-type]

    discord.InteractionResponse.defer = defer  # type: ignore[method-assign]
    answer_times: list[float] = []

    async def send(self: discord.Webhook, *args: object, **kwargs: object) -> object:
        answer_times.append(time.perf_counter())
        return await original_send(self, *args, **kwargs)  # type: ignore[arg-type]

    discord.Webhook.send = send  # type: ignore[method-assign]
    stalls: list[float] = []

    ended: list[float] = []  # when each stall ended, to split the burst's delivery from the answering

    async def watchdog() -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            ended.append(time.perf_counter())
            stalls.append(ended[-1] - t - 0.005)

    async with simcord.run(bot, settle_timeout=600) as env:
        await env.bot.tree.sync()
        guild = env.create_guild()
        channel = guild.create_text_channel("load")
        members = [guild.add_member(env.create_user(f"user{i}")) for i in range(n)]
        dog = asyncio.get_running_loop().create_task(watchdog())
        await asyncio.sleep(2.0)  # the floor: stalls of this process's idle loop on this (shared) machine
        idle = max(stalls)
        stalls.clear()
        ended.clear()

        # Emit all N interactions first (settling suspended), then let the bot handle them concurrently.
        settle = env._settle_internal

        async def no_settle(*args: object, **kwargs: object) -> None:
            return None

        env._settle_internal = no_settle  # type: ignore[method-assign]
        started = time.perf_counter()
        results = []
        for i in range(n):
            created[members[i].id] = time.perf_counter()
            results.append(await members[i].slash(channel, "ask", question=QUESTIONS[i % len(QUESTIONS)]))
        env._settle_internal = settle  # type: ignore[method-assign]
        emitted = time.perf_counter()
        await env.settle(timeout=600)
        total = time.perf_counter() - started
        for i, result in enumerate(results):
            if result.followups or (result.response and result.response.embeds):
                answered[i] = time.perf_counter()
        finished_at = answer_times
        dog.cancel()
    discord.InteractionResponse.defer = original_defer  # type: ignore[method-assign]
    discord.Webhook.send = original_send  # type: ignore[method-assign]
    # Interactions are queued at emit time and handled once the burst settles: ack latency is measured from the
    # end of the burst (when the bot could first see them), the worst case for the last interaction queued.
    ack = [(acked[k] - max(created[k], emitted)) * 1000 for k in acked if k in created]
    done = [(t - started) * 1000 for t in finished_at]
    print(f"emitted {n} interactions in {(emitted - started) * 1000:.0f} ms; answered {len(answered)}")
    print(f"interactions: {n} concurrent /ask ({'real model' if real else 'hashing embedder'}), "
          f"all answered in {total:.2f}s ({n / total:.0f}/s)")
    print(f"time to first acknowledgement: p50 {percentile(ack, 50):.1f} ms, p99 {percentile(ack, 99):.1f} ms")
    print(f"time to answer (from burst start): p50 {percentile(done, 50):.0f} ms, p99 {percentile(done, 99):.0f} ms")
    print(f"worst event-loop stall: {max(stalls) * 1000:.1f} ms (p99 {percentile(stalls, 99) * 1000:.1f} ms; "
          f"floor: worst stall of the idle loop over 2 s before the burst {idle * 1000:.1f} ms)")
    # The simulated client queues the whole burst and hands it over in one loop turn, in which discord.py parses
    # every interaction and runs each handler's first step (the acknowledgement, an in-process HTTP call here).
    last_ack = max(acked.values())
    delivery = [d for d, e in zip(stalls, ended, strict=True) if e - d - 0.005 <= last_ack]  # began by then
    answering = [d for d, e in zip(stalls, ended, strict=True) if e - d - 0.005 > last_ack]
    print(f"  of which: stalls begun by the last acknowledgement (emit + parse + defer of "
          f"{n}): worst {max(delivery, default=0) * 1000:.1f} ms; while answering after the last acknowledgement: "
          f"worst {max(answering, default=0) * 1000:.1f} ms, p99 {percentile(answering or [0], 99) * 1000:.1f} ms")
    if real:
        onnx = getattr(service.embedder, "uses_onnx", False)
        print(f"query encoder: {'onnxruntime (index export)' if onnx else 'sentence-transformers'}; torch imported: "
              f"{'torch' in sys.modules}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--real-model", action="store_true")
    args = parser.parse_args()
    asyncio.run(run(args.n, args.real_model))


if __name__ == "__main__":
    main()
