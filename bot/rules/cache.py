"""A compiled cache of the rule set and the systems catalogue, so a CLI start does not re-parse the YAML.

Each object is pickled under ``UAVEX_CACHE_DIR`` (default ``$XDG_CACHE_HOME/uavex`` or ``~/.cache/uavex``) in a
file named by a key: the SHA-256 of the source files' paths and bytes, of the code that builds the objects, and of
the uavex and Python versions. Any change to a rule file, the catalogue or that code gives a new key, so a stale
entry is never read; an unreadable or corrupt entry is ignored, rebuilt from the YAML and rewritten. The cache holds
only what uavex itself wrote from the user's own corpus, in a folder private to the user.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot import __version__

if TYPE_CHECKING:
    from bot.catalogue import Catalogue
    from bot.rules.model import RuleSet

log = logging.getLogger(__name__)

T = TypeVar("T")
FORMAT = 1
BOT_DIR = Path(__file__).resolve().parent.parent
CODE = ("rules/model.py", "rules/loader.py", "rules/cache.py", "catalogue.py", "yamlstrict.py")
KEEP = 4  # entries kept per kind (older keys are removed when a new one is written)


def cache_dir() -> Path:
    configured = os.environ.get("UAVEX_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uavex"


def cache_key(kind: str, files: Iterable[Path], root: Path, code: Iterable[str] = CODE) -> str:
    digest = hashlib.sha256(f"{kind}\0{FORMAT}\0{__version__}\0{sys.version}\0{root.resolve()}\0".encode())
    for name in code:
        digest.update((BOT_DIR / name).read_bytes())
    for file in sorted(files):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def cached(kind: str, files: list[Path], root: Path, build: Callable[[], T], folder: Path | None = None,
           code: Iterable[str] = CODE) -> T:
    """``build()``'s result, from the cache when the files and code (``code``: paths under ``bot/``) are unchanged;
    else built and stored."""
    folder = folder or cache_dir()
    try:
        key = cache_key(kind, files, root, code)
    except OSError:
        return build()  # a file vanished or is unreadable: let the loader report it
    path = folder / f"{kind}-{key[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)
        return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or corrupt pickle raises many kinds
        log.warning("ignoring a corrupt %s cache %s (%s); rebuilding it", kind, path, type(exc).__name__)
    value = build()
    _store(folder, path, kind, value)
    return value


def _store(folder: Path, path: Path, kind: str, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home is not an error: the cache is only an optimisation
        log.debug("cannot write the %s cache in %s: %s", kind, folder, exc)


def _load_rules(root: Path) -> RuleSet:
    from bot.rules.loader import load_rules  # the strict loader (pydantic) is imported only on a cache miss

    return load_rules(root)


def load_rules_cached(root: Path) -> RuleSet:
    if not root.is_dir():
        return _load_rules(root)
    files = sorted(root.rglob("*.yaml"))
    return cached("rules", files, root, lambda: _load_rules(root))


def load_catalogue_cached(path: Path) -> Catalogue:
    from bot.catalogue import Catalogue

    if not path.is_file():
        return Catalogue.load(path)
    return cached("catalogue", [path], path.parent, lambda: Catalogue.load(path))


def jinja_bytecode_cache() -> Any:
    """A jinja2 bytecode cache in the cache folder (keyed by each template's source checksum), or None."""
    import jinja2

    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
