"""One typed settings object, read from the environment (and an optional .env file)."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.cases import DEFAULT_RETENTION_DAYS, check_retention
from bot.errors import InputError

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "all-MiniLM-L6-v2"
SECRET_MARKERS = ("token", "secret", "key", "password")


def _ids(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    out: set[int] = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise InputError(f"expected a comma-separated list of numeric Discord ids, got {part!r}")
        out.add(int(part))
    return frozenset(out)


def _bool(raw: str | None, default: bool) -> bool:
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise InputError(f"expected true/false, got {raw!r}")


def _number(name: str, raw: str | None, default: float) -> float:
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError(f"{name} must be a number, got {raw!r}") from None


def _whole_days(raw: str | None) -> int:
    if raw is None or raw.strip() == "":
        return DEFAULT_RETENTION_DAYS
    text = raw.strip()
    return check_retention(int(text) if text.isdigit() else text)


def env_file(env: Mapping[str, str]) -> Path | None:
    """The .env to read: UAVEX_ENV_FILE when set (it must exist), else the project's own .env, never the
    current folder (running uavex inside an untrusted folder must not redirect endpoints, the store or the token)."""
    explicit = env.get("UAVEX_ENV_FILE")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise InputError(f"UAVEX_ENV_FILE: no such file {explicit[:200]!r}")
        return path
    path = PROJECT_ROOT / ".env"
    return path if path.is_file() else None


@dataclass(frozen=True)
class Settings:
    """Every setting uavex reads. See README "Configuration" for the variables."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    data_dir: Path = field(default_factory=lambda: Path.home() / ".local" / "share" / "uavex")
    embed_model: str = DEFAULT_MODEL
    embed_batch_size: int = 32
    retention_days: int = DEFAULT_RETENTION_DAYS
    require_record: bool = False
    llm_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    discord_token: str | None = None
    discord_api_base: str | None = None
    discord_gateway: str | None = None
    sharded: bool = False
    dev_guild: int | None = None
    answer_channels: frozenset[int] = frozenset()
    allowed_channels: frozenset[int] = frozenset()
    allowed_roles: frozenset[int] = frozenset()
    reviewer_role: int | None = None
    rescreen_channel: int | None = None
    cooldown_seconds: float = 10.0
    workers: int = 2
    allow_dms: bool = False
    log_level: str = "INFO"

    @property
    def cases_db(self) -> Path:
        return self.data_dir / "cases.sqlite3"

    @property
    def rules_dir(self) -> Path:
        return self.corpus_dir / "rules"

    @property
    def documents_dir(self) -> Path:
        return self.corpus_dir / "documents"

    @property
    def systems_file(self) -> Path:
        return self.corpus_dir / "systems.yaml"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Build settings from ``env`` (default ``os.environ``, after loading ``.env`` if present)."""
        if env is None:
            path = env_file(os.environ) if dotenv else None
            if path is not None:
                from dotenv import load_dotenv

                log.debug("reading settings from %s", path)
                load_dotenv(path, override=False)
            env = os.environ
        get = env.get
        base = cls()
        dev_guild = get("UAVEX_DEV_GUILD")
        reviewer = get("UAVEX_REVIEWER_ROLE")
        rescreen = (get("UAVEX_RESCREEN_CHANNEL") or "").strip()
        if rescreen and not rescreen.isdigit():
            raise InputError(f"UAVEX_RESCREEN_CHANNEL must be a numeric Discord channel id, got {rescreen[:40]!r}")
        return cls(
            corpus_dir=Path(get("UAVEX_CORPUS_DIR") or base.corpus_dir),
            index_dir=Path(get("UAVEX_INDEX_DIR") or base.index_dir),
            prompts_dir=Path(get("UAVEX_PROMPTS_DIR") or base.prompts_dir),
            data_dir=Path(get("UAVEX_DATA_DIR") or base.data_dir),
            embed_model=get("UAVEX_EMBED_MODEL") or DEFAULT_MODEL,
            embed_batch_size=int(_number("UAVEX_EMBED_BATCH_SIZE", get("UAVEX_EMBED_BATCH_SIZE"), 32)),
            retention_days=_whole_days(get("UAVEX_RETENTION_DAYS")),
            require_record=_bool(get("UAVEX_REQUIRE_RECORD"), False),
            llm_url=get("UAVEX_LLM_URL") or None,
            llm_model=get("UAVEX_LLM_MODEL") or "default",
            llm_api_key=get("UAVEX_LLM_API_KEY") or None,
            llm_timeout=_number("UAVEX_LLM_TIMEOUT", get("UAVEX_LLM_TIMEOUT"), 30.0),
            discord_token=get("DISCORD_TOKEN") or None,
            discord_api_base=get("UAVEX_DISCORD_API_BASE") or None,
            discord_gateway=get("UAVEX_DISCORD_GATEWAY") or None,
            sharded=_bool(get("UAVEX_SHARDED"), False),
            dev_guild=int(dev_guild) if dev_guild and dev_guild.isdigit() else None,
            answer_channels=_ids(get("UAVEX_ANSWER_CHANNELS")),
            allowed_channels=_ids(get("UAVEX_ALLOWED_CHANNELS")),
            allowed_roles=_ids(get("UAVEX_ALLOWED_ROLES")),
            reviewer_role=int(reviewer) if reviewer and reviewer.isdigit() else None,
            rescreen_channel=int(rescreen) if rescreen else None,
            cooldown_seconds=_number("UAVEX_COOLDOWN_SECONDS", get("UAVEX_COOLDOWN_SECONDS"), 10.0),
            workers=max(1, int(_number("UAVEX_WORKERS", get("UAVEX_WORKERS"), 2))),
            allow_dms=_bool(get("UAVEX_ALLOW_DMS"), False),
            log_level=(get("UAVEX_LOG_LEVEL") or "INFO").upper(),
        )

    def redacted(self) -> dict[str, object]:
        """Settings as a dict with every secret-looking field masked (for /about and logs)."""
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if any(marker in f.name for marker in SECRET_MARKERS):
                value = "***" if value else None
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, frozenset):
                value = sorted(value)
            out[f.name] = value
        return out

    def __repr__(self) -> str:
        return f"Settings({self.redacted()!r})"
