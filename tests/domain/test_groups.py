"""Checking what a person types for a group."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.groups import Group, GroupKind, Weekday, validate_group
from tests.factories import group_fields


def test_valid_fields_are_trimmed() -> None:
    clean = validate_group(
        group_fields(name="  Tuesday group ", venue=" Hall ", cohort_note="\nAdults\n")
    )
    assert (clean.name, clean.venue, clean.cohort_note) == ("Tuesday group", "Hall", "Adults")


def test_kind_given_as_text_becomes_the_enum() -> None:
    assert validate_group(group_fields(kind="drop-in")).kind is GroupKind.DROP_IN


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not-a-kind"):
        validate_group(group_fields(kind="not-a-kind"))


def test_end_date_before_start_date_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_group(group_fields(start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 30)))
    assert caught.value.field == "end_date"
    assert caught.value.message == "The end date is before the start date."


def test_a_one_day_group_is_fine() -> None:
    day = dt.date(2025, 5, 1)
    clean = validate_group(group_fields(start_date=day, end_date=day))
    assert clean.start_date == clean.end_date == day


def test_open_ended_group_is_fine() -> None:
    clean = validate_group(group_fields(end_date=None))
    assert clean.end_date is None


@pytest.mark.parametrize("name", ["", "   "])
def test_a_group_needs_a_name(name: str) -> None:
    with pytest.raises(ValidationError, match=r"^The group's name can't be empty\.$"):
        validate_group(group_fields(name=name))


def test_venue_is_optional() -> None:
    assert validate_group(group_fields(venue="")).venue == ""


def test_cohort_note_is_limited_to_500_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_group(group_fields(cohort_note="x" * 501))
    assert caught.value.field == "cohort_note"
    assert "500" in caught.value.message


def test_archived_state_and_labels() -> None:
    group = Group("g1", group_fields(), archived_on=dt.date(2025, 1, 1))
    assert group.is_archived
    assert not Group("g2", group_fields()).is_archived
    assert GroupKind.DROP_IN.label.startswith("Drop-in")
    assert Weekday.TUESDAY.label == "Tuesday"
    assert all(kind.label for kind in GroupKind)
