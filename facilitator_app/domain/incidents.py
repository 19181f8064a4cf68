"""Incident records: what a protocol run needed writing down, and any safeguarding flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.protocols import ProtocolRun, RecordField
from facilitator_app.domain.text import clean_note

NOTE_MAX = 2_000
ADDENDUM_MAX = 2_000


class SafeguardingKind(StrEnum):
    RISK_TO_SELF = "risk-to-self"
    CHILD_AT_RISK = "child-at-risk"
    ADULT_AT_RISK = "adult-at-risk"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            SafeguardingKind.RISK_TO_SELF: "Risk to self",
            SafeguardingKind.CHILD_AT_RISK: "A child at risk",
            SafeguardingKind.ADULT_AT_RISK: "An adult at risk",
            SafeguardingKind.OTHER: "Something else",
        }[self]


@dataclass(frozen=True)
class Safeguarding:
    kind: SafeguardingKind
    person_told: bool | None = None  # were they told information will be passed on?
    immediate_danger: bool | None = None


class IncidentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class IncidentFields:
    run: ProtocolRun
    group_id: str | None = None
    session_id: str | None = None
    member_id: str | None = None  # None: "a member"; never required
    notes: dict[RecordField, str] = field(default_factory=dict)
    safeguarding: Safeguarding | None = None
    facilitator_needs_support: bool = False


@dataclass(frozen=True)
class Addendum:
    id: str
    text: str
    written_at: dt.datetime
    author_id: str


@dataclass(frozen=True)
class Incident:
    id: str
    fields: IncidentFields
    status: IncidentStatus = IncidentStatus.DRAFT
    submitted_at: dt.datetime | None = None
    author_id: str = ""
    addenda: tuple[Addendum, ...] = ()

    @property
    def is_submitted(self) -> bool:
        return self.status is IncidentStatus.SUBMITTED


def validate_incident(fields: IncidentFields) -> IncidentFields:
    """Notes trimmed and within limits; only the fields its protocol asks for are kept."""
    asked = set(fields.run.protocol.record_fields)
    notes = {}
    for record_field, text in fields.notes.items():
        if record_field not in asked:
            continue
        notes[record_field] = clean_note(
            text, record_field.value, RecordField(record_field).label, limit=NOTE_MAX
        )
    return IncidentFields(
        run=fields.run,
        group_id=fields.group_id,
        session_id=fields.session_id if fields.group_id else None,
        # A member belongs to a group, not a session: from the Groups tab there is no session.
        member_id=fields.member_id if fields.group_id else None,
        notes=notes,
        safeguarding=fields.safeguarding,
        facilitator_needs_support=fields.facilitator_needs_support,
    )


def validate_addendum(text: str) -> str:
    clean = clean_note(text, "addendum", "The addendum", limit=ADDENDUM_MAX)
    if not clean:
        raise ValidationError("addendum", "An addendum needs some text.")
    return clean


@dataclass(frozen=True)
class FollowUp:
    """An action after an incident or a debrief: what, who, by when, and when it was done."""

    id: str
    incident_id: str | None
    what: str
    who_id: str | None = None
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    debrief_id: str | None = None

    @property
    def record_id(self) -> str:
        return self.incident_id or self.debrief_id or ""

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


def validate_follow_up_text(what: str) -> str:
    clean = clean_note(what, "what", "The follow-up", limit=300)
    if not clean:
        raise ValidationError("what", "Say what the follow-up is.")
    return clean
