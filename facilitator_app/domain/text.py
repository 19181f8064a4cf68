"""Rules for the short and long text people type: names, notes, agreements, and the
words typed into a list's filter box."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable

from facilitator_app.domain.errors import ValidationError

NAME_MAX = 80
NOTE_MAX = 20_000

# Bidirectional embedding/override marks make a name render differently from how it
# sorts and compares; plain right-to-left letters need none of them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOTE_ALLOWED_CONTROLS = frozenset("\n\t")
# Unicode's line and paragraph separators (not control characters) break a name
# across lines just as "\n" does.
_LINE_SEPARATORS = frozenset("\u2028\u2029")


def _has_bad_characters(text: str, allowed: frozenset[str]) -> bool:
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS:
            return True
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs":
            return True
    return False


def clean_name(value: str, field: str, label: str, *, required: bool = True) -> str:
    """Trim a one-line name; refuse empty, over-long or control-character names."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        if required:
            raise ValidationError(field, f"{label} can't be empty.")
        return ""
    if len(text) > NAME_MAX:
        raise ValidationError(field, f"{label} can be at most {NAME_MAX} characters.")
    if _has_bad_characters(text, frozenset()) or not _LINE_SEPARATORS.isdisjoint(text):
        raise ValidationError(
            field, f"{label} can't contain line breaks or invisible control characters."
        )
    return text


def clean_note(value: str, field: str, label: str, *, limit: int = NOTE_MAX) -> str:
    """Keep a multi-line note as typed (line breaks and tabs allowed), within a limit."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise ValidationError(
            field,
            f"{label} can hold at most {limit:,} characters (this has {len(text):,} characters).",
        )
    if _has_bad_characters(text, _NOTE_ALLOWED_CONTROLS):
        raise ValidationError(field, f"{label} can't contain invisible control characters.")
    return text


# --- filtering a list by the words typed -----------------------------------------------
#
# A list keeps one folded "haystack" per row, made once when the list is filled; each
# keystroke then only folds the words typed and checks them with plain `in`.

# English names, not strftime's: Qt sets the C library's locale from the environment,
# and a filter must find "march" whatever that locale is.
_MONTHS = (
    "",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def fold(text: str) -> str:
    """Text as a filter compares it: composed the usual way, then case-folded, so "ZOË"
    typed finds "Zoë" however either was entered."""
    return unicodedata.normalize("NFC", text).casefold()


def filter_words(typed: str) -> list[str]:
    """The words typed into a filter, folded; no words keeps every row."""
    return fold(typed).split()


def holds_words(haystack: str, words: Iterable[str]) -> bool:
    """Whether a folded haystack holds every folded word, anywhere and in any order."""
    return all(word in haystack for word in words)


def matches_words(haystack: str, words: str) -> bool:
    """Whether every word typed appears in a haystack folded with `fold`."""
    return holds_words(haystack, filter_words(words))


def date_words(day: dt.date) -> str:
    """A date in the forms people type: "2025-03-14", "14/03/2025", "14 march 2025",
    "friday" (and, as every word is found anywhere, "14 mar" and "fri")."""
    return (
        f"{day.isoformat()} {day.day:02d}/{day.month:02d}/{day.year} "
        f"{_WEEKDAYS[day.weekday()]} {day.day} {day.day:02d} {_MONTHS[day.month]} {day.year}"
    )
