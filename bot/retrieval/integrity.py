"""Index integrity: checksums of the build's files kept in its manifest and verified on load, passage dates
checked, and leftovers of killed builds removed.

An index whose files do not match their checksums (flipped bytes in the vectors, edited passage text, vectors
swapped in from another build or model) is treated as stale: it is rebuilt with a warning when rebuilding is
allowed, and refused otherwise. It is never served.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a build folder except the manifest (which will carry these)."""
    return {p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST}


def problem(folder: Path | None, manifest: dict[str, Any] | None) -> str | None:
    """None when every file listed in the manifest's checksums is present and unchanged, and every passage date
    is a real date; otherwise why the index cannot be served (the caller rebuilds with a warning, or refuses)."""
    if folder is None or manifest is None:
        return None
    return _checksum_problem(folder, manifest) or _date_problem(folder)


def _checksum_problem(folder: Path, manifest: dict[str, Any]) -> str | None:
    expected = manifest.get("checksums")
    if not isinstance(expected, dict) or not expected:
        return "the index manifest has no file checksums (built by an older uavex)"
    for name, digest in sorted(expected.items()):
        path = folder / str(name)
        if not path.is_file():
            return f"index file {name} is missing"
        try:
            actual = _sha256(path)
        except OSError as exc:
            return f"index file {name} cannot be read ({exc.strerror or type(exc).__name__})"
        if actual != digest:
            return f"index file {name} does not match its checksum (corrupted or edited)"
    return None


def _date_problem(folder: Path) -> str | None:
    path = folder / "passages.jsonl"
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                effective = json.loads(line).get("effective")
                try:
                    date.fromisoformat(str(effective))
                except ValueError:
                    return f"passage {number} has an impossible date {str(effective)[:20]!r}"
    except (OSError, ValueError, AttributeError) as exc:
        return f"passages.jsonl cannot be read ({type(exc).__name__})"
    return None


def remove_leftovers(index_dir: Path) -> None:
    """Remove `.current-<pid>` links left by builds that were killed before they switched the index."""
    for link in index_dir.glob(".current-*"):
        pid = link.name.removeprefix(".current-")
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        try:
            link.unlink()
        except OSError:
            log.debug("could not remove %s", link)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
