"""People who run groups."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.people import PersonRole, validate_person_name


def test_person_name_is_trimmed() -> None:
    assert validate_person_name("  Robin  ") == "Robin"


@pytest.mark.parametrize("name", ["", "\t", "Ro\x07bin"])
def test_bad_person_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_person_name(name)
    assert caught.value.message.startswith("The person's name can't")


def test_role_labels() -> None:
    assert PersonRole.FACILITATOR.label == "Peer facilitator"
    assert {role.label for role in PersonRole} == {
        "Peer facilitator",
        "Support worker",
        "Coordinator",
    }
