"""Sessions of a group, their register and what happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

SESSION_NOTE_MAX = 4_000
HEADCOUNT_MAX = 500


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class SessionFields:
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    topic: str = ""
    lead_id: str | None = None
    co_facilitator_id: str | None = None


@dataclass(frozen=True)
class OnTheNight:
    """Who actually led and co-facilitated, and whether the group chose them there."""

    lead_id: str | None = None
    co_id: str | None = None
    chosen_by_group: bool = False

    @property
    def recorded(self) -> bool:
        return self.lead_id is not None or self.co_id is not None


@dataclass(frozen=True)
class Session:
    id: str
    group_id: str
    fields: SessionFields
    status: SessionStatus = SessionStatus.PLANNED
    notes: str = ""
    headcount: int | None = None
    lead_locked: bool = False
    co_locked: bool = False
    on_the_night: OnTheNight = OnTheNight()

    @property
    def date(self) -> dt.date:
        return self.fields.date


@dataclass(frozen=True)
class RegisterLine:
    """One member on a session's register."""

    member_id: str
    name: str
    present: bool


def validate_session(fields: SessionFields) -> SessionFields:
    if (
        fields.start_time is not None
        and fields.end_time is not None
        and fields.end_time <= fields.start_time
    ):
        raise ValidationError("end_time", "The session ends before it starts.")
    if fields.lead_id is not None and fields.lead_id == fields.co_facilitator_id:
        raise ValidationError(
            "co_facilitator_id", "The lead and the co-facilitator need to be different people."
        )
    return SessionFields(
        date=fields.date,
        start_time=fields.start_time,
        end_time=fields.end_time,
        venue=clean_name(fields.venue, "venue", "The venue", required=False),
        topic=clean_note(fields.topic, "topic", "The planned topic or activity", limit=500),
        lead_id=fields.lead_id,
        co_facilitator_id=fields.co_facilitator_id,
    )


def validate_on_the_night(night: OnTheNight) -> OnTheNight:
    if night.lead_id is not None and night.lead_id == night.co_id:
        raise ValidationError(
            "co_id", "The lead and the co-facilitator need to be different people."
        )
    if night.chosen_by_group and night.lead_id is None:
        raise ValidationError("lead_id", "Choose who led before noting that the group chose them.")
    return night


def validate_session_notes(notes: str) -> str:
    return clean_note(notes, "notes", "Session notes", limit=SESSION_NOTE_MAX)


def validate_headcount(headcount: int | None) -> int | None:
    if headcount is None:
        return None
    if headcount < 0 or headcount > HEADCOUNT_MAX:
        raise ValidationError("headcount", f"The head-count must be between 0 and {HEADCOUNT_MAX}.")
    return headcount
