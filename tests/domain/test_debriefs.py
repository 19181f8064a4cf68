"""The debrief rules: a draft keeps what was typed; what is sent is checked."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from facilitator_app.domain.debriefs import (
    DRAFT_TEXT_MAX,
    DebriefFields,
    HowItWent,
    validate_draft,
    validate_for_submit,
)
from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.records import RecordKind, RecordStatus
from facilitator_app.domain.text import NOTE_MAX

TEXTS = ("how_notes", "topics", "went_well", "concerns")
SENDABLE = DebriefFields(how_it_went=HowItWent.SETTLED)


def _with(name: str, text: str) -> DebriefFields:
    change: dict[str, Any] = {name: text}
    return dataclasses.replace(SENDABLE, **change)


@pytest.mark.parametrize("name", TEXTS)
def test_a_draft_keeps_a_text_far_over_the_limit(name: str) -> None:
    fields = _with(name, "x" * 100_000)
    assert validate_draft(fields) == fields


@pytest.mark.parametrize("name", TEXTS)
def test_a_text_over_the_limit_is_not_sent_and_the_message_names_the_limit(name: str) -> None:
    fields = _with(name, "x" * 100_000)
    with pytest.raises(ValidationError) as caught:
        validate_for_submit(fields)
    assert caught.value.field == name
    assert f"{NOTE_MAX:,}" in caught.value.message
    assert "100,000" in caught.value.message


@pytest.mark.parametrize("name", TEXTS)
def test_a_text_of_exactly_the_limit_is_sent(name: str) -> None:
    fields = _with(name, "x" * NOTE_MAX)
    assert getattr(validate_for_submit(fields), name) == "x" * NOTE_MAX


def test_a_draft_beyond_anything_typed_is_refused_clearly() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_draft(DebriefFields(concerns="x" * (DRAFT_TEXT_MAX + 1)))
    assert caught.value.field == "concerns"
    assert "too long" in caught.value.message


@pytest.mark.parametrize("wellbeing", [0, 6, -3])
def test_wellbeing_outside_one_to_five_is_refused_in_a_draft_and_at_submit(
    wellbeing: int,
) -> None:
    fields = dataclasses.replace(SENDABLE, wellbeing=wellbeing)
    for check in (validate_draft, validate_for_submit):
        with pytest.raises(ValidationError) as caught:
            check(fields)
        assert caught.value.field == "wellbeing"


@pytest.mark.parametrize("wellbeing", [None, 1, 2, 3, 4, 5])
def test_wellbeing_from_one_to_five_or_unsaid_is_fine(wellbeing: int | None) -> None:
    fields = dataclasses.replace(SENDABLE, wellbeing=wellbeing)
    assert validate_for_submit(fields).wellbeing == wellbeing


def test_a_draft_may_leave_how_it_went_unsaid_but_a_sent_debrief_may_not() -> None:
    assert validate_draft(DebriefFields()) == DebriefFields()
    with pytest.raises(ValidationError) as caught:
        validate_for_submit(DebriefFields(concerns="Typed"))
    assert caught.value.field == "how_it_went"


def test_something_else_needs_a_few_words() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_for_submit(DebriefFields(how_it_went=HowItWent.DIFFERENT, how_notes="   "))
    assert caught.value.field == "how_notes"
    sent = validate_for_submit(
        DebriefFields(how_it_went=HowItWent.DIFFERENT, how_notes=" Short, then a fire drill. ")
    )
    assert sent.how_notes == "Short, then a fire drill."


def test_invisible_control_characters_are_not_sent() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_for_submit(dataclasses.replace(SENDABLE, topics="Bell\x07"))
    assert caught.value.field == "topics"


def test_a_safeguarding_incident_is_named_only_when_safeguarding_is_ticked() -> None:
    unticked = dataclasses.replace(SENDABLE, safeguarding_incident_id="abc")
    assert validate_for_submit(unticked).safeguarding_incident_id is None
    ticked = dataclasses.replace(SENDABLE, safeguarding=True, safeguarding_incident_id="abc")
    assert validate_for_submit(ticked).safeguarding_incident_id == "abc"


def test_every_choice_and_kind_has_a_plain_label() -> None:
    for choice in HowItWent:
        assert choice.label
    for kind in RecordKind:
        assert kind.label
    for status in RecordStatus:
        assert status.label
    assert [k for k in RecordKind if k.is_addendum] == [
        RecordKind.DEBRIEF_ADDENDUM,
        RecordKind.INCIDENT_ADDENDUM,
    ]
