"""Directory entries: when one needs checking again, and what an entry may hold."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.signposting import (
    RECHECK_AFTER,
    ServiceFields,
    needs_check,
    validate_service,
)

TODAY = dt.date(2025, 3, 14)


def test_never_checked_needs_a_check() -> None:
    assert needs_check(ServiceFields("Samaritans"), TODAY)


@pytest.mark.parametrize(
    ("last_checked", "expected"),
    [
        (TODAY, False),
        (dt.date(2025, 2, 14), False),  # last month
        (TODAY - RECHECK_AFTER, False),  # exactly a year: still in date
        (TODAY - RECHECK_AFTER - dt.timedelta(days=1), True),
        (dt.date(2024, 2, 14), True),  # thirteen months ago
    ],
)
def test_checked_more_than_a_year_ago_needs_a_check(last_checked: dt.date, expected: bool) -> None:
    assert needs_check(ServiceFields("Samaritans", last_checked=last_checked), TODAY) is expected


def test_validate_trims_and_keeps_every_field() -> None:
    fields = ServiceFields(
        name="  Local Rape Crisis centre ",
        offers=" Counselling and advocacy.\nFree. ",
        for_whom="Women and girls aged 13+",
        phone=" 01234 567890 ",
        text="07700 900123",
        web="example.org.uk",
        hours="Mon–Fri 9:00–17:00",
        area="Riverside",
        urgent=True,
        last_checked=dt.date(2025, 1, 2),
    )
    clean = validate_service(fields, TODAY)
    assert clean == ServiceFields(
        name="Local Rape Crisis centre",
        offers="Counselling and advocacy.\nFree.",
        for_whom="Women and girls aged 13+",
        phone="01234 567890",
        text="07700 900123",
        web="example.org.uk",
        hours="Mon–Fri 9:00–17:00",
        area="Riverside",
        urgent=True,
        last_checked=dt.date(2025, 1, 2),
    )


def test_only_the_name_is_required() -> None:
    assert validate_service(ServiceFields("Shout"), TODAY) == ServiceFields("Shout")


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_an_empty_name_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_service(ServiceFields(name), TODAY)
    assert refused.value.field == "name"
    assert refused.value.message == "The service's name can't be empty."


def test_a_check_date_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_service(ServiceFields("Shout", last_checked=TODAY + dt.timedelta(days=1)), TODAY)
    assert refused.value.field == "last_checked"
    assert refused.value.message == "The 'last checked' date is in the future."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Sama\x00ritans"),
        ("name", "Two\nlines"),
        ("phone", "116\x1b123"),
        ("web", "samaritans.org\u202e"),
        ("offers", "Listening\x07"),
        ("for_whom", "Anyone\x7f"),
        ("hours", "24\u2028hours"),
    ],
)
def test_control_characters_are_refused(field: str, value: str) -> None:
    values = {"name": "Samaritans", field: value}
    with pytest.raises(ValidationError) as refused:
        validate_service(ServiceFields(**values), TODAY)
    assert refused.value.field == field
    assert "control characters" in refused.value.message or "line breaks" in refused.value.message


def test_what_it_offers_is_limited_to_600_characters() -> None:
    assert len(validate_service(ServiceFields("S", offers="o" * 600), TODAY).offers) == 600
    with pytest.raises(ValidationError) as refused:
        validate_service(ServiceFields("S", offers="o" * 601), TODAY)
    assert refused.value.field == "offers"
    assert "at most 600 characters" in refused.value.message
