"""Debriefs: how a session went, told to the organisation after every group.

A debrief is a draft until it is submitted; after that it never changes, and anything
to add is an addendum with its own author and time. The structured parts (who was
there, how it went, the flags) stay structured so reports can count them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.incidents import Addendum
from facilitator_app.domain.text import NOTE_MAX, clean_note

# What a draft may hold while someone is still typing: far more than a submitted
# debrief may, so autosave never refuses (and so never loses) what was typed.
DRAFT_TEXT_MAX = 1_000_000
WELLBEING_RANGE = range(1, 6)


class HowItWent(StrEnum):
    SETTLED = "settled"
    MIXED = "mixed"
    HARD = "hard"
    DIFFERENT = "different"

    @property
    def label(self) -> str:
        return {
            HowItWent.SETTLED: "Settled: it went much as planned",
            HowItWent.MIXED: "Mixed: some harder moments",
            HowItWent.HARD: "Hard: a difficult session",
            HowItWent.DIFFERENT: "Something else (say below)",
        }[self]


class DebriefStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class PresentMember:
    """A member marked present, with the name the register showed when it was written."""

    id: str
    name: str


@dataclass(frozen=True)
class DebriefFields:
    """What the facilitator writes. Who was present and which incidents happened come
    from the register and the incident records, never retyped."""

    how_it_went: HowItWent | None = None
    how_notes: str = ""
    topics: str = ""
    went_well: str = ""
    concerns: str = ""
    safeguarding: bool = False
    safeguarding_incident_id: str | None = None
    wellbeing: int | None = None  # 1 (struggling) to 5 (fine); None: not said
    wants_contact: bool = False
    recipient_id: str | None = None  # the support worker it goes to


@dataclass(frozen=True)
class Debrief:
    id: str
    session_id: str
    group_id: str
    session_date: dt.date
    author_id: str
    fields: DebriefFields
    present: tuple[PresentMember, ...] = ()
    incident_ids: tuple[str, ...] = ()
    status: DebriefStatus = DebriefStatus.DRAFT
    submitted_at: dt.datetime | None = None
    saved_at: dt.datetime | None = None
    addenda: tuple[Addendum, ...] = ()

    @property
    def is_submitted(self) -> bool:
        return self.status is DebriefStatus.SUBMITTED

    @property
    def present_count(self) -> int:
        return len(self.present)


_TEXTS = {
    "how_notes": "How it went",
    "topics": "Topics covered",
    "went_well": "What went well",
    "concerns": "Anything of concern",
}


def validate_draft(fields: DebriefFields) -> DebriefFields:
    """A draft keeps what was typed; only the choices must make sense."""
    _check_choices(fields)
    for name, label in _TEXTS.items():
        text = getattr(fields, name)
        if len(text) > DRAFT_TEXT_MAX:
            raise ValidationError(
                name, f"{label} is far too long to keep ({len(text):,} characters)."
            )
    return fields


def validate_for_submit(fields: DebriefFields) -> DebriefFields:
    """What may be sent: a choice for how it went, and each text within NOTE_MAX."""
    _check_choices(fields)
    if fields.how_it_went is None:
        raise ValidationError("how_it_went", "Choose how the session went.")
    if fields.how_it_went is HowItWent.DIFFERENT and not fields.how_notes.strip():
        raise ValidationError("how_notes", "Say a few words about how the session went.")
    cleaned = {
        name: clean_note(getattr(fields, name), name, label, limit=NOTE_MAX)
        for name, label in _TEXTS.items()
    }
    return DebriefFields(
        how_it_went=fields.how_it_went,
        safeguarding=fields.safeguarding,
        safeguarding_incident_id=fields.safeguarding_incident_id if fields.safeguarding else None,
        wellbeing=fields.wellbeing,
        wants_contact=fields.wants_contact,
        recipient_id=fields.recipient_id,
        **cleaned,
    )


def _check_choices(fields: DebriefFields) -> None:
    if fields.wellbeing is not None and fields.wellbeing not in WELLBEING_RANGE:
        raise ValidationError("wellbeing", "Wellbeing is a number from 1 to 5, or left blank.")
