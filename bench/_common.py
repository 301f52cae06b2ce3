"""Helpers shared by the bench scripts: cold process runs with per-process peak RSS, medians and percentiles."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
           "TOKENIZERS_PARALLELISM": "false"}


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, **OFFLINE, **extra}


def run_cold(argv: list[str], environ: dict[str, str], stdin: str | None = None) -> tuple[float, float, int]:
    """Run one process; (wall seconds, peak RSS in MB, exit code), RSS from wait4 for this child alone."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None and proc.stdin is not None:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode()[-400:] if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err}")
    if proc.stderr:
        proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def build_real_index(folder: Path | None = None) -> Path:
    """An index of the shipped corpus built with the real model (and its ONNX export) in a temporary folder."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(OFFLINE)
    from bot.config import Settings
    from bot.retrieval.store import build_index
    from bot.service import ComplianceService

    folder = folder or Path(tempfile.mkdtemp(prefix="uavex-bench-index-"))
    # never the machine's shared default data folder (its kept export may be another checkout's)
    settings = Settings(index_dir=folder, data_dir=Path(os.environ.get("UAVEX_DATA_DIR")
                                                        or tempfile.mkdtemp(prefix="uavex-bench-data-")))
    service = ComplianceService(settings)
    build_index(folder, settings.documents_dir, service.embedder)
    return folder
