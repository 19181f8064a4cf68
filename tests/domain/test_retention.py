"""Retention rules as pure functions: periods, the due date, summaries and the question."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.retention import (
    DEFAULT_MONTHS,
    Candidate,
    DueSummary,
    RecordType,
    RetentionRules,
    cutoff,
    describe_due,
    describe_period,
    describe_removal,
    due_now,
    is_due,
    months_before,
    summarise,
    validate_months,
    validate_rules,
)

TODAY = dt.date(2033, 3, 31)


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (dt.date(2033, 3, 31), 1, dt.date(2033, 2, 28)),  # no 31 February: its last day
        (dt.date(2032, 3, 31), 1, dt.date(2032, 2, 29)),
        (dt.date(2033, 1, 15), 1, dt.date(2032, 12, 15)),
        (dt.date(2033, 3, 14), 84, dt.date(2026, 3, 14)),
        (dt.date(2033, 3, 14), 1200, dt.date(1933, 3, 14)),
    ],
)
def test_months_before(today: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(today, months) == expected
    assert cutoff(today, months) == expected


def test_a_record_is_due_on_the_day_its_period_ends_and_not_before() -> None:
    kept_from = dt.date(2027, 3, 14)
    assert not is_due(kept_from, 72, dt.date(2033, 3, 13))
    assert is_due(kept_from, 72, dt.date(2033, 3, 14))


@pytest.mark.parametrize("value", [0, -1, 1201, "7", 7.0, None, False])
def test_bad_periods_are_refused_with_the_type_named(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_months(RecordType.SUPERVISION, value)
    assert caught.value.field == "supervision"
    assert "supervision notes" in caught.value.message


def test_good_periods_pass_and_only_known_types_are_kept() -> None:
    assert validate_months(RecordType.SESSIONS, 1) == 1
    assert validate_months(RecordType.SESSIONS, 1200) == 1200
    assert validate_rules({RecordType.SESSIONS: 24}) == {RecordType.SESSIONS: 24}


def test_rules_fall_back_to_the_defaults() -> None:
    rules = RetentionRules({RecordType.SESSIONS: 12})
    assert rules.months_for(RecordType.SESSIONS) == 12
    assert rules.months_for(RecordType.DEBRIEFS) == DEFAULT_MONTHS[RecordType.DEBRIEFS]


def test_summaries_count_due_and_held_records_per_type() -> None:
    old, older, young = dt.date(2025, 1, 1), dt.date(2024, 6, 1), dt.date(2032, 1, 1)
    found = [
        Candidate(RecordType.SESSIONS, "sessions", "s1", old),
        Candidate(RecordType.SESSIONS, "sessions", "s2", older),
        Candidate(RecordType.SESSIONS, "sessions", "s3", young),
        Candidate(RecordType.SAFEGUARDING, "incidents", "i1", old, held=True),
        Candidate(RecordType.SAFEGUARDING, "debriefs", "d1", old),
    ]
    rules = RetentionRules({RecordType.SAFEGUARDING: 84})

    lines = {line.record_type: line for line in summarise(found, rules, TODAY)}

    assert list(lines) == list(RecordType)
    assert (lines[RecordType.SESSIONS].count, lines[RecordType.SESSIONS].oldest) == (2, older)
    assert (lines[RecordType.SAFEGUARDING].count, lines[RecordType.SAFEGUARDING].held) == (1, 1)
    assert lines[RecordType.DEBRIEFS].count == 0
    assert [c.row_id for c in due_now(found, rules, TODAY)] == ["s1", "s2", "d1"]


def test_periods_and_lines_read_plainly() -> None:
    assert [describe_period(m) for m in (1, 18, 24, 30, 84)] == [
        "1 month",
        "18 months",
        "2 years",
        "2 years and 6 months",
        "7 years",
    ]
    line = DueSummary(RecordType.SESSIONS, 36, 12, dt.date(2022, 3, 4), 0)
    assert describe_due(line) == "12 sessions, the oldest from 4 March 2022"


def test_the_question_says_exactly_what_goes_and_what_stays() -> None:
    question = describe_removal(
        [
            DueSummary(RecordType.SUPERVISION, 72, 1, dt.date(2026, 1, 2), 0),
            DueSummary(RecordType.SAFEGUARDING, 84, 3, dt.date(2025, 5, 6), 2),
            DueSummary(RecordType.DEBRIEFS, 72, 0, None, 1),  # nothing due: not named
        ]
    )

    assert question == (
        "Remove for good: 1 supervision note (from 2 January 2026); 3 safeguarding records "
        "with their addenda and follow-ups (the oldest from 6 May 2025). 2 records on hold "
        "— safeguarding are kept. This cannot be undone."
    )
    members = describe_removal([DueSummary(RecordType.MEMBERS_LEFT, 72, 1, TODAY, 0)])
    assert "1 member who left, with their register marks" in members
    assert "Facilitators' laptops remove their copies at their next sync." in members
