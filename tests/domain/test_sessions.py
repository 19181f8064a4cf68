"""Sessions: times, facilitators, notes and head-counts."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.sessions import (
    HEADCOUNT_MAX,
    SESSION_NOTE_MAX,
    SessionStatus,
    validate_headcount,
    validate_session,
    validate_session_notes,
)
from tests.factories import session_fields


def test_valid_session_is_trimmed() -> None:
    clean = validate_session(session_fields(venue=" Hall ", topic=" Boundaries \n"))
    assert (clean.venue, clean.topic) == ("Hall", "Boundaries")


@pytest.mark.parametrize(
    ("start", "end"), [(dt.time(18, 30), dt.time(17, 0)), (dt.time(18, 30), dt.time(18, 30))]
)
def test_session_ending_before_or_as_it_starts_is_refused(start: dt.time, end: dt.time) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_session(session_fields(start_time=start, end_time=end))
    assert caught.value.field == "end_time"
    assert caught.value.message == "The session ends before it starts."


def test_times_are_optional() -> None:
    clean = validate_session(session_fields(start_time=None, end_time=dt.time(9)))
    assert clean.start_time is None


def test_same_person_as_lead_and_co_facilitator_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_session(session_fields(lead_id="p1", co_facilitator_id="p1"))
    assert caught.value.field == "co_facilitator_id"
    assert "need to be different people" in caught.value.message


def test_no_facilitators_yet_is_fine() -> None:
    clean = validate_session(session_fields(lead_id=None, co_facilitator_id=None))
    assert clean.lead_id is None


def test_topic_is_limited() -> None:
    with pytest.raises(ValidationError, match="500"):
        validate_session(session_fields(topic="x" * 501))


def test_notes_limit() -> None:
    assert validate_session_notes("x" * SESSION_NOTE_MAX) == "x" * SESSION_NOTE_MAX
    with pytest.raises(ValidationError) as caught:
        validate_session_notes("x" * 100_000)
    assert caught.value.field == "notes"
    assert "100,000" in caught.value.message
    assert f"{SESSION_NOTE_MAX:,}" in caught.value.message


@pytest.mark.parametrize("count", [None, 0, 1, HEADCOUNT_MAX])
def test_headcount_within_bounds(count: int | None) -> None:
    assert validate_headcount(count) == count


@pytest.mark.parametrize("count", [-1, HEADCOUNT_MAX + 1])
def test_headcount_out_of_bounds(count: int) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_headcount(count)
    assert caught.value.message == f"The head-count must be between 0 and {HEADCOUNT_MAX}."


def test_status_labels() -> None:
    assert [status.label for status in SessionStatus] == ["Planned", "Held", "Cancelled"]
