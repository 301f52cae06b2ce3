"""`uavex serve` peak RSS on its own (no simulated Discord in the process), two ways, each a new process with its
peak RSS from wait4:

- start: `uavex serve --no-sync` against a local stub of the Discord API that refuses the login, so the process
  loads everything a serving bot holds (rules, catalogue, index, ONNX query encoder, discord.py) and then exits;
- under load: the same service and bot object (`create_bot`), answering N questions concurrently through the
  bot's worker threads and rendering each answer's embed, as a /ask does, without the Discord transport.

Usage: .venv/bin/python bench/serve_memory.py [--n 200] [--index DIR]
"""

from __future__ import annotations

import argparse
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, env

LOAD_SCRIPT = """
import asyncio, sys
from concurrent.futures import ThreadPoolExecutor
from bot.chat.app import create_bot
from bot.chat.embeds import answer_embed
from bot.config import Settings
from bot.service import ComplianceService
QUESTIONS = ["is the gray eagle category I?", "what is 19.A.3", "can we sell a reaper to the emirates?",
             "is india in the mtcr", "what changed after 2020?", "congressional review period for japan"]
service = ComplianceService(Settings.from_env())
service.rules, service.catalogue
service.retriever(build_if_needed=False)
bot = create_bot(service)

async def one(question):
    answer = await asyncio.to_thread(bot.service.ask, question)
    return answer_embed(answer.as_dict(), None)

async def main(n):
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=bot.settings.workers))
    embeds = await asyncio.gather(*(one(QUESTIONS[i % len(QUESTIONS)]) for i in range(n)))
    print(len(embeds), "torch" in sys.modules)

asyncio.run(main(int(sys.argv[1])))
"""


class RefuseLogin(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"message": "401: Unauthorized", "code": 0}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--index", type=Path, help="a built index (default: build one in a temporary folder)")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="uavex-bench-data-")
    index = args.index
    if index is None:
        # built in another process: a child's peak RSS (wait4) starts from this process's size when it was forked,
        # so this process must stay small (a build here would load the model and count it against serve)
        index = Path(tempfile.mkdtemp(prefix="uavex-bench-index-"))
        subprocess.run([PY, "-m", "bot", "index", "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env(UAVEX_INDEX_DIR=str(index), UAVEX_DATA_DIR=data))
    stub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefuseLogin)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    environ = env(UAVEX_INDEX_DIR=str(index), UAVEX_DATA_DIR=data,
                  UAVEX_CACHE_DIR=tempfile.mkdtemp(prefix="uavex-bench-cache-"), DISCORD_TOKEN="bench-token",
                  UAVEX_DISCORD_API_BASE=f"http://127.0.0.1:{stub.server_address[1]}/api/v10")
    rows = []
    for name, argv in (("serve start (login refused)", [PY, "-m", "bot", "serve", "--no-sync"]),
                       (f"serve service under {args.n} concurrent asks", [PY, "-c", LOAD_SCRIPT, str(args.n)])):
        rss, code, out = measure(argv, environ)
        rows.append((name, rss, code, out.strip()))
    stub.shutdown()
    print(f"{'process':42} {'peak RSS MB':>12} {'exit':>5}")
    for name, rss, code, out in rows:
        print(f"{name:42} {rss:12.0f} {code:5d} {out}")
    print("target: uavex serve peak RSS <= 300 MB (the start exits 2: the stub refuses the login, as intended)")


def measure(argv: list[str], environ: dict[str, str]) -> tuple[float, int, str]:
    import os

    proc = subprocess.Popen(argv, cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out


if __name__ == "__main__":
    main()
