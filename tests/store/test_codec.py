"""Dates and times in and out of columns."""

from __future__ import annotations

import datetime as dt

from facilitator_app.store.codec import date_in, date_out, time_in, time_out


def test_dates_round_trip() -> None:
    day = dt.date(2025, 2, 28)
    assert date_out(day) == "2025-02-28"
    assert date_in(date_out(day)) == day


def test_times_are_kept_to_the_minute() -> None:
    assert time_out(dt.time(9, 5, 59)) == "09:05"
    assert time_in("09:05") == dt.time(9, 5)


def test_missing_values_stay_missing() -> None:
    assert date_out(None) is None
    assert time_out(None) is None
    assert date_in(None) is None
    assert date_in("") is None
    assert time_in(None) is None
    assert time_in("") is None
