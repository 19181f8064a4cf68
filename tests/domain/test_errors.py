"""The one exception hierarchy: every error a person can cause carries its message."""

from __future__ import annotations

import pytest

from facilitator_app.domain import errors


@pytest.mark.parametrize(
    "kind",
    [
        errors.NotFound,
        errors.StoreMissing,
        errors.NotAStore,
        errors.StoreExists,
        errors.StoreInUse,
        errors.WrongPassphrase,
        errors.StoreDamaged,
        errors.StoreTooNew,
    ],
)
def test_errors_carry_their_message(kind: type[errors.AppError]) -> None:
    error = kind("Something calm to say.")
    assert isinstance(error, errors.AppError)
    assert error.message == str(error) == "Something calm to say."


def test_store_errors_share_a_base() -> None:
    for kind in (errors.StoreMissing, errors.WrongPassphrase, errors.TryAgainLater):
        assert issubclass(kind, errors.StoreError)
    assert not issubclass(errors.ValidationError, errors.StoreError)


def test_validation_error_names_the_field() -> None:
    error = errors.ValidationError("name", "The name can't be empty.")
    assert (error.field, error.message) == ("name", "The name can't be empty.")


def test_try_again_later_says_how_long() -> None:
    error = errors.TryAgainLater("Please wait 4 seconds before trying again.", wait_seconds=3.2)
    assert error.wait_seconds == 3.2
    assert "4 seconds" in error.message
