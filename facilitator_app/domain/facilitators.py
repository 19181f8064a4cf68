"""Facilitator profiles: stage, training, readiness, supervision, availability and pauses.

Peer facilitators grow into the role (shadowing, then co-facilitating, then leading),
with supervision and room to step back. These values describe that journey; the rota
planner (`domain.rota`) reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

MAX_SESSIONS_PER_MONTH = 31
PRIVATE_NOTE_MAX = 2_000
READINESS_NOTE_MAX = 4_000


class Stage(StrEnum):
    SHADOWING = "shadowing"
    CO_FACILITATOR = "co-facilitator"
    LEAD = "lead"

    @property
    def label(self) -> str:
        return {
            Stage.SHADOWING: "Shadowing",
            Stage.CO_FACILITATOR: "Co-facilitator",
            Stage.LEAD: "Lead",
        }[self]


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Not strftime("%B"): that follows the process locale, and these words must not change
# with it until the app is translated as a whole.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class DateSpan:
    """Inclusive days from `first` to `last`; an open-ended span has `last` None."""

    first: dt.date
    last: dt.date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.first <= day and (self.last is None or day <= self.last)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.first <= last and (self.last is None or first <= self.last)


def validate_span(first: dt.date, last: dt.date | None, what: str) -> DateSpan:
    if last is not None and last < first:
        raise ValidationError("last", f"{what} ends before it starts.")
    return DateSpan(first, last)


@dataclass(frozen=True)
class Availability:
    """When someone can facilitate. No weekdays means any day of the week."""

    weekdays: frozenset[int] = frozenset()
    max_per_month: int | None = None

    def weekday_ok(self, day: dt.date) -> bool:
        return not self.weekdays or day.weekday() in self.weekdays


def validate_availability(availability: Availability) -> Availability:
    if not availability.weekdays <= frozenset(range(7)):
        raise ValidationError("weekdays", "Choose weekdays from Monday to Sunday.")
    limit = availability.max_per_month
    if limit is not None and not 1 <= limit <= MAX_SESSIONS_PER_MONTH:
        raise ValidationError(
            "max_per_month",
            f"The most sessions in a month has to be between 1 and {MAX_SESSIONS_PER_MONTH}, "
            "or left empty for no limit.",
        )
    return availability


@dataclass(frozen=True)
class Readiness:
    """The readiness checklist. The self-care plan itself stays with the facilitator."""

    self_care_plan: bool = False
    shadowing_sessions: int = 0
    notes: str = ""


def validate_readiness(readiness: Readiness) -> Readiness:
    if not 0 <= readiness.shadowing_sessions <= 1_000:
        raise ValidationError(
            "shadowing_sessions", "Shadowing sessions done has to be a number from 0 to 1,000."
        )
    notes = clean_note(
        readiness.notes, "notes", "Interview and observation notes", limit=READINESS_NOTE_MAX
    )
    return Readiness(readiness.self_care_plan, readiness.shadowing_sessions, notes)


@dataclass(frozen=True)
class StageChange:
    id: str
    stage: Stage
    changed_on: dt.date
    approved_by: str


@dataclass(frozen=True)
class Training:
    id: str
    course: str
    completed_on: dt.date
    expires_on: dt.date | None = None


def validate_training(course: str, completed_on: dt.date, expires_on: dt.date | None) -> str:
    if expires_on is not None and expires_on < completed_on:
        raise ValidationError("expires_on", "The training expires before it was completed.")
    return clean_name(course, "course", "The course name")


@dataclass(frozen=True)
class Supervision:
    """One supervision meeting. The note is for the coordinator only."""

    id: str
    held_on: dt.date
    with_whom: str
    note: str = ""


def validate_supervision(with_whom: str, note: str) -> tuple[str, str]:
    return (
        clean_name(with_whom, "with_whom", "Who the supervision was with"),
        clean_note(note, "note", "The supervision note", limit=PRIVATE_NOTE_MAX),
    )


@dataclass(frozen=True)
class Pause:
    """A wellbeing pause: the person is never planned on these days."""

    id: str
    span: DateSpan
    reason: str = ""


def validate_pause_reason(reason: str) -> str:
    return clean_note(reason, "reason", "The private reason", limit=PRIVATE_NOTE_MAX)


@dataclass(frozen=True)
class Unavailable:
    id: str
    span: DateSpan


@dataclass(frozen=True)
class Profile:
    """Everything about one facilitator that the Facilitators tab shows."""

    person_id: str
    name: str
    contact_preference: str
    stage: Stage | None
    group_ids: frozenset[str]
    availability: Availability
    readiness: Readiness
    stage_history: tuple[StageChange, ...] = ()
    training: tuple[Training, ...] = ()
    supervision: tuple[Supervision, ...] = ()
    pauses: tuple[Pause, ...] = ()
    unavailable: tuple[Unavailable, ...] = ()
    archived_on: dt.date | None = field(default=None)

    def paused_on(self, day: dt.date) -> Pause | None:
        return next((pause for pause in self.pauses if day in pause.span), None)

    def away_on(self, day: dt.date) -> bool:
        return any(day in away.span for away in self.unavailable)

    def led_since(self) -> dt.date | None:
        """The day this person most recently became a lead, if they are one now."""
        if self.stage is not Stage.LEAD:
            return None
        leads = [change.changed_on for change in self.stage_history if change.stage is Stage.LEAD]
        return max(leads) if leads else None


def first_name(name: str) -> str:
    """What printed rotas show: the first word of a name."""
    return name.split()[0] if name.split() else name


def format_day(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"
