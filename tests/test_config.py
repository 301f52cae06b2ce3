"""Settings from the environment; secrets never shown; serve refuses to start without a token."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.config import Settings
from bot.errors import InputError


def test_settings_from_environment_and_redaction() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": "abc.def.secret", "UAVEX_ALLOWED_CHANNELS": "1, 2",
                                  "UAVEX_LLM_API_KEY": "sk-secret", "UAVEX_COOLDOWN_SECONDS": "3",
                                  "UAVEX_SHARDED": "yes", "UAVEX_REVIEWER_ROLE": "99"})
    assert settings.allowed_channels == frozenset({1, 2}) and settings.cooldown_seconds == 3
    assert settings.sharded and settings.reviewer_role == 99
    shown = repr(settings) + str(settings.redacted())
    assert "secret" not in shown and "***" in shown


@pytest.mark.parametrize(("env", "needle"), [({"UAVEX_ALLOWED_CHANNELS": "general"}, "numeric Discord ids"),
                                            ({"UAVEX_ALLOW_DMS": "maybe"}, "true/false"),
                                            ({"UAVEX_COOLDOWN_SECONDS": "ten"}, "must be a number")])
def test_bad_settings_are_one_line_errors(env: dict[str, str], needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        Settings.from_env(env)


def test_serve_without_token_names_the_variable() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "UAVEX_DATA_DIR": "/tmp/uavex-serve-test"}
    proc = subprocess.run([sys.executable, "-m", "bot", "serve"], capture_output=True, text=True, env=env,
                          timeout=60, cwd="/tmp")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "DISCORD_TOKEN" in proc.stderr


def test_self_hosted_endpoints_are_configurable() -> None:
    import discord

    from bot.chat.app import configure_endpoints

    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        configure_endpoints(Settings(discord_api_base="http://127.0.0.1:8080/api/v10/",
                                     discord_gateway="ws://127.0.0.1:8081/"))
        assert discord.http.Route.BASE == "http://127.0.0.1:8080/api/v10"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:8081/"
    finally:
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
