"""What every command shares: the service, one-line errors, case recording and batch-file lines."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, TypeVar

import click

from bot.config import Settings
from bot.errors import CaseStoreUnavailable, InputError, UavexError
from bot.service import ComplianceService

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

MESSAGE_LIMIT = 300


def _service(ctx: click.Context) -> ComplianceService:
    obj = ctx.ensure_object(dict)
    if "service" not in obj:
        obj["service"] = ComplianceService(Settings.from_env())
    service: ComplianceService = obj["service"]
    return service


def one_line(exc: BaseException) -> str:
    """An error as one short line: whitespace collapsed, long echoed input clipped."""
    text = " ".join(str(exc).split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def record(ctx: click.Context, write: Callable[[], str]) -> str | None:
    """Store a case record; when the store cannot be written, warn in one line and carry on (the answer is
    still printed). ``finish`` then exits non-zero if a record was required."""
    try:
        return write()
    except CaseStoreUnavailable as exc:
        click.echo(f"uavex: warning: this answer was not recorded: {one_line(exc)}", err=True)
        ctx.ensure_object(dict)["unrecorded"] = True
        return None


def finish(ctx: click.Context, require_record: bool) -> None:
    """Exit 1 after the answer was printed if a case record could not be written and one was required."""
    obj = ctx.ensure_object(dict)
    if obj.get("unrecorded") and (require_record or _service(ctx).settings.require_record):
        click.echo("uavex: error: a case record was required (--require-record / UAVEX_REQUIRE_RECORD)", err=True)
        sys.exit(1)


def friendly(func: F) -> F:
    """Turn uavex errors into one line on stderr: exit 2 for bad input, 1 for data or index problems."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"uavex: error: {one_line(exc)}", err=True)
            sys.exit(2)
        except UavexError as exc:
            click.echo(f"uavex: error: {one_line(exc)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def lines(source: str) -> Iterator[str]:
    """Non-blank lines of a batch file ('-' = stdin), streamed; an unreadable file is a one-line InputError."""
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
        try:
            for line in handle:
                if line.strip():
                    yield line.strip()
        finally:
            if handle is not sys.stdin:
                handle.close()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise InputError(f"--batch: cannot read {source[:200]!r} ({reason})") from None
