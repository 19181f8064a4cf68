"""Names and notes: trimmed, normalised, bounded, and free of invisible controls; and the
words typed into a list's filter, found case-insensitively in any order."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import (
    NAME_MAX,
    NOTE_MAX,
    clean_name,
    clean_note,
    date_words,
    filter_words,
    fold,
    holds_words,
    matches_words,
)
from tests.factories import INTERNATIONAL_NAMES

CONTROL_CHARACTERS = [
    "\x00",  # NUL
    "\x07",  # bell
    "\x1b",  # escape
    "\x7f",  # delete
    "\u0085",  # next line
    "\u202e",  # right-to-left override: makes text display differently from what it is
    "\u2066",  # left-to-right isolate
]

LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c"]

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
note_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_BIDI)
    | st.sampled_from("\n\t"),
    max_size=300,
)


# --- names -------------------------------------------------------------------------


def test_name_is_trimmed() -> None:
    assert clean_name("  Alex \t", "name", "The name") == "Alex"


def test_name_is_normalised_to_composed_form() -> None:
    decomposed = "Zoe\u0308"  # e + combining diaeresis
    assert clean_name(decomposed, "name", "The name") == "Zoë"
    assert len(clean_name(decomposed, "name", "The name")) == 3


@pytest.mark.parametrize("blank", ["", " ", "   \t  ", "\u3000", "\u00a0\u2003"])
def test_empty_or_blank_name_is_refused(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(blank, "name", "The group's name")
    assert caught.value.field == "name"
    assert caught.value.message == "The group's name can't be empty."


def test_blank_optional_name_becomes_empty() -> None:
    assert clean_name("   ", "venue", "The venue", required=False) == ""


def test_name_at_the_limit_is_kept_and_one_more_is_refused() -> None:
    assert clean_name("a" * NAME_MAX, "name", "The name") == "a" * NAME_MAX
    with pytest.raises(ValidationError) as caught:
        clean_name("a" * (NAME_MAX + 1), "name", "The name")
    assert caught.value.message == f"The name can be at most {NAME_MAX} characters."


def test_name_limit_counts_after_trimming() -> None:
    padded = "  " + "a" * NAME_MAX + "  "
    assert clean_name(padded, "name", "The name") == "a" * NAME_MAX


@pytest.mark.parametrize("control", [*CONTROL_CHARACTERS, *LINE_BREAKS])
def test_control_characters_and_line_breaks_inside_a_name_are_refused(control: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(f"Sa{control}m", "name", "The first name or pseudonym")
    assert caught.value.field == "name"
    assert caught.value.message.startswith("The first name or pseudonym can't contain")
    assert "control characters" in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_names_in_any_script_are_kept_exactly(name: str) -> None:
    assert clean_name(name, "name", "The name") == name


@given(st.text(max_size=120))
def test_a_cleaned_name_is_always_safe_or_refused(text: str) -> None:
    refused: ValidationError | None = None
    try:
        cleaned = clean_name(text, "name", "The name")
    except ValidationError as error:
        refused = error
    if refused is not None:
        assert refused.field == "name"
        assert refused.message.startswith("The name ")
        return
    assert 1 <= len(cleaned) <= NAME_MAX
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in cleaned)
    assert not set(cleaned) & set(_BIDI)


# --- notes -------------------------------------------------------------------------


def test_note_keeps_line_breaks_and_tabs_inside() -> None:
    note = "First line\n\tindented\n\nafter a blank line"
    assert clean_note(f"\n  {note}  \n", "notes", "Notes") == note


def test_windows_line_endings_become_plain_line_breaks() -> None:
    assert clean_note("one\r\ntwo\r\n", "notes", "Notes") == "one\ntwo"


def test_empty_note_is_allowed() -> None:
    assert clean_note("   \n ", "notes", "Notes") == ""


def test_note_over_the_limit_names_its_length_and_the_limit() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_note("x" * 100_000, "notes", "Session notes", limit=4_000)
    assert caught.value.field == "notes"
    assert "100,000 characters" in caught.value.message
    assert "can hold at most 4,000 characters" in caught.value.message
    assert "\n" not in caught.value.message


def test_note_default_limit() -> None:
    assert clean_note("x" * NOTE_MAX, "notes", "Notes") == "x" * NOTE_MAX
    with pytest.raises(ValidationError, match="20,000"):
        clean_note("x" * (NOTE_MAX + 1), "notes", "Notes")


@pytest.mark.parametrize("control", [*CONTROL_CHARACTERS, "\r"])
def test_control_characters_in_a_note_are_refused(control: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_note(f"before{control}after", "notes", "Session notes")
    assert caught.value.message == "Session notes can't contain invisible control characters."


@given(note_text)
def test_clean_text_round_trips_through_clean_note(text: str) -> None:
    expected = unicodedata.normalize("NFC", text).strip()
    assert clean_note(text, "notes", "Notes") == expected


@given(note_text)
def test_clean_note_is_idempotent(text: str) -> None:
    once = clean_note(text, "notes", "Notes")
    assert clean_note(once, "notes", "Notes") == once


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_notes_in_any_script_are_kept_exactly(name: str) -> None:
    note = f"{name} shared a headline.\n{name} left early."
    assert clean_note(note, "notes", "Notes") == note


# --- filtering a list ------------------------------------------------------------------

TUESDAY_GROUP = fold("Tuesday evening group  Community Hall, Room 2  2025-03-14")


def test_fold_ignores_case_including_letters_beyond_ascii() -> None:
    assert fold("ZOË") == fold("zoë") == "zoë"
    assert fold("STRASSE") == fold("Straße")
    assert fold("ΕΛΈΝΗ") == fold("ελένη")


def test_fold_matches_a_decomposed_accent_to_a_composed_one() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert decomposed != "Zoë"
    assert fold(decomposed) == fold("Zoë")
    assert matches_words(fold("Zoë Lane"), decomposed)


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "tuesday", "TUESDAY", "Evening Tues", "hall room", "2025-03", "roo  GRO", "hall,"],
)
def test_every_word_typed_is_found_anywhere_in_any_order(typed: str) -> None:
    assert matches_words(TUESDAY_GROUP, typed)


@pytest.mark.parametrize("typed", ["wednesday", "tuesday wednesday", "room 9", "evening-group"])
def test_one_missing_word_is_enough_to_leave_a_row_out(typed: str) -> None:
    assert not matches_words(TUESDAY_GROUP, typed)


def test_words_do_not_match_across_the_space_between_parts() -> None:
    # Words typed never hold a space, so "group community" is two words, never a phrase
    # spanning the parts of a haystack; one word cannot bridge them either.
    assert not matches_words(TUESDAY_GROUP, "groupcommunity")


def test_filter_words_are_folded_once_and_split_on_any_white_space() -> None:
    assert filter_words("  Hall\tROOM\n2 ") == ["hall", "room", "2"]
    assert filter_words(" ") == []
    assert holds_words(TUESDAY_GROUP, filter_words("Hall ROOM 2"))
    assert holds_words(TUESDAY_GROUP, [])


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_folded_text_holds_each_of_its_own_words(before: str, after: str) -> None:
    text = f"{before} {after}"
    assert matches_words(fold(text), text)


@pytest.mark.parametrize(
    "typed",
    ["2025-03-07", "07/03/2025", "7 march 2025", "7 mar 2025", "07 Mar 2025", "friday", "Fri"],
)
def test_a_date_is_found_in_the_forms_people_type(typed: str) -> None:
    assert matches_words(fold(date_words(dt.date(2025, 3, 7))), typed)


@pytest.mark.parametrize("typed", ["thursday", "8 march", "april", "2024", "2025-03-08"])
def test_a_date_is_not_found_by_another_date(typed: str) -> None:
    assert not matches_words(fold(date_words(dt.date(2025, 3, 7))), typed)
