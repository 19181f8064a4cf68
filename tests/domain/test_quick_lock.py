"""The quick-lock gesture: Shift three times within five seconds, nothing typed between."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.domain.quick_lock import PRESSES, WINDOW_SECONDS, TripleShiftDetector

gaps = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)


def press_all(detector: TripleShiftDetector, times: list[float]) -> list[bool]:
    return [detector.shift_pressed(t) for t in times]


def test_three_quick_presses_lock_on_the_third() -> None:
    assert press_all(TripleShiftDetector(), [10.0, 10.4, 10.9]) == [False, False, True]


def test_three_presses_exactly_five_seconds_apart_still_lock() -> None:
    assert press_all(TripleShiftDetector(), [0.0, 2.5, WINDOW_SECONDS]) == [False, False, True]


def test_three_presses_spread_over_more_than_five_seconds_do_not_lock() -> None:
    assert press_all(TripleShiftDetector(), [0.0, 2.5, 5.01]) == [False, False, False]


def test_the_window_slides_over_later_presses() -> None:
    # the first press is too old by the fourth, but presses two to four fit the window
    assert press_all(TripleShiftDetector(), [0.0, 4.0, 5.5, 6.0]) == [False, False, False, True]


def test_typing_between_presses_starts_again() -> None:
    detector = TripleShiftDetector()
    detector.shift_pressed(0.0)
    detector.shift_pressed(0.2)
    detector.other_key_pressed()  # Shift used for a capital letter
    assert detector.shift_pressed(0.4) is False
    assert detector.shift_pressed(0.6) is False
    assert detector.shift_pressed(0.8) is True


def test_after_a_lock_three_new_presses_are_needed() -> None:
    detector = TripleShiftDetector()
    assert press_all(detector, [0.0, 0.1, 0.2]) == [False, False, True]
    assert press_all(detector, [0.3, 0.4]) == [False, False]
    assert detector.shift_pressed(0.5) is True


@given(st.lists(gaps, max_size=40))
def test_never_locks_before_three_presses_since_the_last_lock(steps: list[float]) -> None:
    detector = TripleShiftDetector()
    now = 0.0
    since_lock = 0
    for step in steps:
        now += step
        since_lock += 1
        if detector.shift_pressed(now):
            assert since_lock >= PRESSES
            since_lock = 0


@given(st.lists(st.floats(min_value=WINDOW_SECONDS / 2 + 0.01, max_value=60.0), max_size=40))
def test_slow_presses_never_lock(steps: list[float]) -> None:
    detector = TripleShiftDetector()
    now = 0.0
    for step in steps:
        now += step
        assert detector.shift_pressed(now) is False


@given(st.floats(min_value=0, max_value=1e6), st.floats(0, WINDOW_SECONDS / 2), st.floats(0, 2.5))
def test_any_three_presses_within_the_window_lock(
    start: float, first: float, second: float
) -> None:
    detector = TripleShiftDetector()
    detector.other_key_pressed()
    times = [start, start + first, start + first + second]
    assert press_all(detector, times) == [False, False, True]
