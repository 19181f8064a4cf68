"""Members: a name or pseudonym, a contact preference, and consent dates."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.members import ConsentStatus, ContactPreference, validate_member
from tests.factories import member_fields

GIVEN = dt.date(2025, 1, 7)


@pytest.mark.parametrize(
    ("given", "withdrawn", "status"),
    [
        (None, None, ConsentStatus.NOT_RECORDED),
        (GIVEN, None, ConsentStatus.GIVEN),
        (GIVEN, GIVEN + dt.timedelta(days=30), ConsentStatus.WITHDRAWN),
    ],
)
def test_consent_status(given: dt.date | None, withdrawn: dt.date | None, status: str) -> None:
    fields = member_fields(consent_given_on=given, consent_withdrawn_on=withdrawn)
    assert fields.consent is status
    assert validate_member(fields).consent is status


def test_withdrawal_without_consent_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_member(member_fields(consent_given_on=None, consent_withdrawn_on=GIVEN))
    assert caught.value.field == "consent_withdrawn_on"
    assert caught.value.message == "Consent can only be withdrawn after it was given."


def test_withdrawal_dated_before_consent_is_refused() -> None:
    with pytest.raises(ValidationError, match="withdrawn before the date it was given"):
        validate_member(
            member_fields(consent_given_on=GIVEN, consent_withdrawn_on=GIVEN - dt.timedelta(1))
        )


def test_withdrawal_on_the_same_day_is_fine() -> None:
    fields = validate_member(member_fields(consent_given_on=GIVEN, consent_withdrawn_on=GIVEN))
    assert fields.consent is ConsentStatus.WITHDRAWN


def test_name_is_cleaned_and_preference_parsed() -> None:
    fields = validate_member(member_fields(name="  Kit ", contact_preference="text-message"))
    assert fields.name == "Kit"
    assert fields.contact_preference is ContactPreference.TEXT_MESSAGE


@pytest.mark.parametrize("name", ["", "  ", "Ki\x00t", "Kit\nSmith"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_member(member_fields(name=name))
    assert caught.value.field == "name"
    assert caught.value.message.startswith("The first name or pseudonym can't")


def test_every_contact_preference_has_a_label() -> None:
    assert ContactPreference.NOT_SAID.label == "Not said"
    assert all(preference.label for preference in ContactPreference)
