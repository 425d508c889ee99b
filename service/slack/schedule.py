"""`--every-day-at HH:MM --tz Area/City`: run a job once a day, for users without cron.

The clock and the sleep are injected, so the loop is tested without waiting. Times are
computed in the given zone and compared in UTC, so DST changes do not shift the run.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chorus.errors import InvalidInput

log = logging.getLogger("chorus.schedule")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str) -> time:
    match = _HHMM.match(value.strip())
    if not match:
        raise InvalidInput(f"--every-day-at must be HH:MM (24-hour), not {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def parse_tz(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {value!r}; use an Area/City name such as Europe/Paris"
        ) from None


def next_run(now: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The first `at` (wall-clock time in `tz`) strictly after `now`."""
    local = now.astimezone(tz)
    candidate = datetime.combine(local.date(), at, tz)
    if candidate.astimezone(UTC) <= now.astimezone(UTC):
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tz)
    return candidate


async def run_daily(
    at: time,
    tz: ZoneInfo,
    job: Callable[[date], Awaitable[None]],
    *,
    now: Callable[[], datetime] | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    max_runs: int | None = None,
) -> int:
    """Run `job(day)` every day at `at` in `tz`; a failed run is logged, the loop goes on."""
    clock = now or (lambda: datetime.now(UTC))
    pause = sleep or asyncio.sleep
    runs = 0
    while max_runs is None or runs < max_runs:
        when = next_run(clock(), at, tz)
        wait = (when.astimezone(UTC) - clock().astimezone(UTC)).total_seconds()
        log.info("schedule_wait", extra={"next_run": when.isoformat(), "wait_s": round(wait)})
        await pause(max(0.0, wait))
        try:
            await job(when.date())
        except Exception as exc:  # a bad day must not stop tomorrow's brief
            log.error("schedule_run_failed", extra={"error": type(exc).__name__})
        runs += 1
    return runs


__all__ = ["next_run", "parse_hhmm", "parse_tz", "run_daily"]
