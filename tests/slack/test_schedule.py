"""--every-day-at: next run times across days and DST, and the loop with a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chorus.errors import InvalidInput
from chorus.slack.schedule import next_run, parse_hhmm, parse_tz, run_daily

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("now_utc", "expected_utc"),
    [
        # 06:00 Paris (05:00 UTC in winter) -> 07:00 Paris the same day.
        (datetime(2026, 11, 23, 5, 0, tzinfo=UTC), datetime(2026, 11, 23, 6, 0, tzinfo=UTC)),
        # Exactly 07:00 Paris: the next run is tomorrow, never twice the same day.
        (datetime(2026, 11, 23, 6, 0, tzinfo=UTC), datetime(2026, 11, 24, 6, 0, tzinfo=UTC)),
        # Across the spring DST change (29 Mar 2026): still 07:00 local, now 05:00 UTC.
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
    ],
)
def test_next_run_is_the_next_local_wall_clock_time(
    now_utc: datetime, expected_utc: datetime
) -> None:
    assert next_run(now_utc, time(7, 0), PARIS).astimezone(UTC) == expected_utc


async def test_run_daily_waits_until_each_run_and_passes_the_local_day() -> None:
    clock = [datetime(2026, 11, 23, 5, 30, tzinfo=UTC)]  # 06:30 in Paris
    waits: list[float] = []
    days: list[date] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += timedelta(seconds=seconds)

    async def job(day: date) -> None:
        days.append(day)
        if len(days) == 1:
            raise RuntimeError("Slack was down")  # one bad day must not stop the loop

    runs = await run_daily(
        time(7, 0), PARIS, job, now=lambda: clock[0], sleep=fake_sleep, max_runs=2
    )
    assert runs == 2
    assert days == [date(2026, 11, 23), date(2026, 11, 24)]
    assert waits == [30 * 60.0, 24 * 3600.0]


def test_bad_times_and_zones_are_clear_errors() -> None:
    assert parse_hhmm("7:05") == time(7, 5)
    for bad in ("24:00", "7", "07:60", "seven"):
        with pytest.raises(InvalidInput, match="HH:MM"):
            parse_hhmm(bad)
    with pytest.raises(InvalidInput, match="Area/City"):
        parse_tz("Nowhere/Land")
