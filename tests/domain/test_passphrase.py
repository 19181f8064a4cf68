"""Advice on a new passphrase, and the floor below which it is refused."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.passphrase import (
    MIN_LENGTH,
    Strength,
    check_new_passphrase,
    strength_hint,
)


@pytest.mark.parametrize(
    ("passphrase", "strength"),
    [
        ("short", Strength.TOO_SHORT),
        ("a" * (MIN_LENGTH - 1), Strength.TOO_SHORT),
        ("password12", Strength.WEAK),  # a common word
        ("aaaaaaaaaaaa", Strength.WEAK),  # one letter repeated
        ("river lamp", Strength.FAIR),
        ("violet kettle harbour jigsaw", Strength.STRONG),
        ("Ω-7 lantern Kettle 42!", Strength.STRONG),
    ],
)
def test_strength_hint(passphrase: str, strength: Strength) -> None:
    hint = strength_hint(passphrase)
    assert hint.strength is strength
    assert hint.message


def test_too_short_hint_names_the_minimum() -> None:
    assert f"at least {MIN_LENGTH} characters" in strength_hint("abc").message


def test_longer_passphrases_never_rate_lower() -> None:
    words = ["violet", "kettle", "harbour", "jigsaw", "meadow"]
    ratings = [strength_hint(" ".join(words[:n])).strength for n in range(1, len(words) + 1)]
    assert ratings == sorted(ratings)


def test_a_new_passphrase_must_be_typed_the_same_twice() -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_passphrase("violet kettle harbour", "violet kettle harbor")
    assert caught.value.field == "passphrase"
    assert caught.value.message == "The two passphrases are not the same."


def test_a_new_passphrase_must_be_long_enough() -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_passphrase("a" * (MIN_LENGTH - 1), "a" * (MIN_LENGTH - 1))
    assert caught.value.message == f"The passphrase needs at least {MIN_LENGTH} characters."


def test_a_weak_but_long_enough_passphrase_is_accepted() -> None:
    check_new_passphrase("a" * MIN_LENGTH, "a" * MIN_LENGTH)
