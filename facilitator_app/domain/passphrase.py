"""A plain-words strength hint for a new passphrase. Advice only, never a gate beyond a floor."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

from facilitator_app.domain.errors import ValidationError

MIN_LENGTH = 10


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


@dataclass(frozen=True)
class StrengthHint:
    strength: Strength
    message: str


_COMMON = frozenset(
    {"password", "passphrase", "letmein", "qwerty", "iloveyou", "welcome", "charity", "support"}
)


def _estimated_bits(passphrase: str) -> float:
    pools = 0
    if any(c.islower() for c in passphrase):
        pools += 26
    if any(c.isupper() for c in passphrase):
        pools += 26
    if any(c.isdigit() for c in passphrase):
        pools += 10
    if any(not c.isalnum() for c in passphrase):
        pools += 33
    distinct = len(set(passphrase))
    # Repeated characters add little: count each distinct one fully, repeats at a quarter.
    effective_length = distinct + (len(passphrase) - distinct) / 4
    return effective_length * math.log2(max(pools, 2))


def strength_hint(passphrase: str) -> StrengthHint:
    if len(passphrase) < MIN_LENGTH:
        return StrengthHint(
            Strength.TOO_SHORT,
            f"Use at least {MIN_LENGTH} characters; a short sentence works well.",
        )
    lowered = passphrase.lower()
    if any(word in lowered for word in _COMMON) and len(passphrase) < 16:
        return StrengthHint(Strength.WEAK, "Avoid common words; try four unrelated words.")
    bits = _estimated_bits(passphrase)
    if bits < 50:
        return StrengthHint(Strength.WEAK, "Weak: add a few more words.")
    if bits < 70:
        return StrengthHint(Strength.FAIR, "Fair: one or two more words would make it strong.")
    return StrengthHint(Strength.STRONG, "Strong.")


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Refuse a new passphrase that is too short or typed differently the second time."""
    if passphrase != repeated:
        raise ValidationError("passphrase", "The two passphrases are not the same.")
    if len(passphrase) < MIN_LENGTH:
        raise ValidationError(
            "passphrase", f"The passphrase needs at least {MIN_LENGTH} characters."
        )
