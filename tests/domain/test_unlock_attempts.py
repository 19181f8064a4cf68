"""Waiting after wrong passphrases: free at first, then growing, never past the cap."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.domain.unlock_attempts import (
    FREE_TRIES,
    MAX_WAIT_SECONDS,
    UnlockAttempts,
    after_failure,
    seconds_until_allowed,
    wait_after,
)

NOW = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)
failures = st.integers(min_value=0, max_value=10**12)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)


def test_the_first_tries_are_free() -> None:
    assert [wait_after(n) for n in range(FREE_TRIES)] == [0.0] * FREE_TRIES


def test_waits_double_after_the_free_tries() -> None:
    assert [wait_after(FREE_TRIES + n) for n in range(4)] == [2.0, 4.0, 8.0, 16.0]


@given(failures, failures)
def test_wait_never_decreases_as_failures_grow(a: int, b: int) -> None:
    fewer, more = sorted((a, b))
    assert wait_after(fewer) <= wait_after(more)


@given(failures)
def test_wait_is_capped(count: int) -> None:
    assert 0.0 <= wait_after(count) <= MAX_WAIT_SECONDS


def test_a_huge_failure_count_waits_the_cap_at_once() -> None:
    # A tampered or very old attempts file must not make the app compute for ever.
    assert wait_after(10**12) == MAX_WAIT_SECONDS


@given(failures)
def test_wait_is_zero_exactly_for_the_free_tries(count: int) -> None:
    assert (wait_after(count) == 0.0) == (count < FREE_TRIES)


def test_after_failure_counts_and_remembers_when() -> None:
    attempts = after_failure(UnlockAttempts(), NOW)
    attempts = after_failure(attempts, NOW + dt.timedelta(seconds=5))
    assert attempts == UnlockAttempts(failures=2, last_failure=NOW + dt.timedelta(seconds=5))


def test_no_failures_means_no_wait() -> None:
    assert seconds_until_allowed(UnlockAttempts(), NOW) == 0.0


def test_wait_counts_down_from_the_last_failure() -> None:
    attempts = UnlockAttempts(failures=FREE_TRIES + 1, last_failure=NOW)  # waits 4 s
    assert seconds_until_allowed(attempts, NOW) == 4.0
    assert seconds_until_allowed(attempts, NOW + dt.timedelta(seconds=1.5)) == 2.5
    assert seconds_until_allowed(attempts, NOW + dt.timedelta(seconds=4)) == 0.0
    assert seconds_until_allowed(attempts, NOW + dt.timedelta(days=1)) == 0.0


@given(failures, moments, moments)
def test_the_wait_left_is_never_more_than_the_wait_itself(
    count: int, last_failure: dt.datetime, now: dt.datetime
) -> None:
    # Even when the computer's clock was set forward at the failure and later corrected.
    attempts = UnlockAttempts(failures=count, last_failure=last_failure)
    assert 0.0 <= seconds_until_allowed(attempts, now) <= wait_after(count)


@given(failures, moments, moments)
def test_waiting_the_time_given_is_enough(
    count: int, last_failure: dt.datetime, now: dt.datetime
) -> None:
    attempts = UnlockAttempts(failures=count, last_failure=last_failure)
    wait = seconds_until_allowed(attempts, now)
    later = now + dt.timedelta(seconds=wait)
    assert seconds_until_allowed(attempts, later) < 0.001


def test_a_failure_stamped_in_the_future_is_not_waited_for() -> None:
    # The clock was a year ahead at the failure and has been put right since.
    attempts = UnlockAttempts(failures=10, last_failure=NOW + dt.timedelta(days=365))
    assert seconds_until_allowed(attempts, NOW) == 0.0
