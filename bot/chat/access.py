"""Who may use the bot where: allowed channels and roles, DMs on or off, and a per-user cooldown."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.config import Settings


@dataclass
class AccessPolicy:
    settings: Settings
    _last: dict[tuple[str, int], float] = field(default_factory=dict)

    def refusal(self, *, user_id: int, channel_id: int | None, parent_id: int | None, role_ids: set[int],
                in_dm: bool, is_admin: bool = False, cooldown: bool | str = True) -> str | None:
        """None when allowed; otherwise a one-line reason (shown ephemerally). ``cooldown`` is False, True
        (the shared bucket of the heavy commands) or the name of a separate bucket (e.g. case look-ups)."""
        s = self.settings
        if in_dm and not s.allow_dms:
            return "uavex does not answer in direct messages here; use it in your team's channel."
        if not in_dm and s.allowed_channels and channel_id not in s.allowed_channels \
                and parent_id not in s.allowed_channels:
            return "uavex is not enabled in this channel; ask an admin which channels it serves."
        if not in_dm and s.allowed_roles and not (role_ids & s.allowed_roles) and not is_admin:
            return "You need one of the roles allowed to use uavex."
        if not cooldown or s.cooldown_seconds <= 0:
            return None
        key = ("heavy" if cooldown is True else str(cooldown), user_id)
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < s.cooldown_seconds:
            return f"Slow down: try again in {s.cooldown_seconds - (now - last):.0f} s."
        self._last[key] = now
        return None
