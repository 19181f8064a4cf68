"""The hybrid logical clock: stamps only move forward, and sort the same as text."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from facilitator_app.domain.hlc import MAX_DRIFT_MS, ClockTooFarAhead, Hlc, receive, tick

# The text form has room for 15 digits of milliseconds and 6 of counter.
wall_ms = st.integers(min_value=0, max_value=10**14)
counters = st.integers(min_value=0, max_value=999_998)
device_ids = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)
stamps = st.builds(Hlc, wall_ms, counters, device_ids)


@given(stamps, wall_ms)
def test_tick_is_strictly_after_the_last_stamp(last: Hlc, now_ms: int) -> None:
    assert tick(last, now_ms) > last


@given(stamps, wall_ms)
def test_tick_keeps_the_device_and_never_runs_behind_the_wall_clock(last: Hlc, now_ms: int) -> None:
    stamp = tick(last, now_ms)
    assert stamp.device_id == last.device_id
    assert stamp.wall_ms == max(last.wall_ms, now_ms)


@given(stamps, st.lists(wall_ms, min_size=1, max_size=30))
def test_a_run_of_ticks_is_strictly_increasing_even_when_the_wall_clock_jumps_back(
    first: Hlc, readings: list[int]
) -> None:
    assume(first.counter + len(readings) < 999_999)
    stamps_made = [first]
    for reading in readings:
        stamps_made.append(tick(stamps_made[-1], reading))
    encoded = [stamp.encode() for stamp in stamps_made]
    assert stamps_made == sorted(set(stamps_made))
    assert encoded == sorted(set(encoded))


def test_tick_with_a_stopped_clock_counts_up() -> None:
    start = Hlc(1_000, 0, "a")
    assert tick(start, 1_000) == Hlc(1_000, 1, "a")
    assert tick(start, 999) == Hlc(1_000, 1, "a")
    assert tick(start, 1_001) == Hlc(1_001, 0, "a")


@given(stamps, stamps, wall_ms)
def test_receive_is_after_both_our_clock_and_the_remote_stamp(
    last: Hlc, remote: Hlc, now_ms: int
) -> None:
    assume(remote.wall_ms - now_ms <= MAX_DRIFT_MS)
    merged = receive(last, remote, now_ms)
    assert merged > last
    assert merged > remote
    assert (merged.wall_ms, merged.counter) > (remote.wall_ms, remote.counter)
    assert merged.device_id == last.device_id
    assert merged.wall_ms >= now_ms


def test_receive_refuses_a_clock_more_than_a_day_ahead() -> None:
    last = Hlc(1_000, 0, "ours")
    remote = Hlc(1_000 + MAX_DRIFT_MS + 1, 0, "theirs")
    with pytest.raises(ClockTooFarAhead, match="more than a day ahead"):
        receive(last, remote, now_ms=1_000)
    # exactly a day ahead is still accepted
    accepted = receive(last, Hlc(1_000 + MAX_DRIFT_MS, 5, "theirs"), now_ms=1_000)
    assert accepted == Hlc(1_000 + MAX_DRIFT_MS, 6, "ours")


@given(stamps)
def test_encode_decode_round_trip(stamp: Hlc) -> None:
    assert Hlc.decode(stamp.encode()) == stamp


def test_device_ids_with_hyphens_survive_the_round_trip() -> None:
    stamp = Hlc(12, 3, "device-with-hyphens")
    assert Hlc.decode(stamp.encode()) == stamp


@given(stamps, stamps)
def test_text_order_is_tuple_order(a: Hlc, b: Hlc) -> None:
    assert (a.encode() < b.encode()) == (a < b)
    assert (a.encode() == b.encode()) == (a == b)
