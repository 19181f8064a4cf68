"""Groups: who meets, where and when, under which agreement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note


class GroupKind(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    DROP_IN = "drop-in"
    ACTIVITY = "activity"

    @property
    def label(self) -> str:
        return {
            GroupKind.CLOSED: "Closed group (same members each week)",
            GroupKind.OPEN: "Open group (members can join over time)",
            GroupKind.DROP_IN: "Drop-in (head-count only)",
            GroupKind.ACTIVITY: "Activity group (walking, crafts…)",
        }[self]


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class GroupFields:
    """What a person fills in for a group; validated by `validate_group`."""

    name: str
    kind: GroupKind = GroupKind.CLOSED
    cohort_note: str = ""
    venue: str = ""
    usual_day: Weekday | None = None
    usual_time: dt.time | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    agreement_text: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    fields: GroupFields
    archived_on: dt.date | None = None

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def kind(self) -> GroupKind:
        return self.fields.kind

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None


def validate_group(fields: GroupFields) -> GroupFields:
    """Return the fields trimmed and checked, or raise ValidationError naming the field."""
    if (
        fields.start_date is not None
        and fields.end_date is not None
        and fields.end_date < fields.start_date
    ):
        raise ValidationError("end_date", "The end date is before the start date.")
    return GroupFields(
        name=clean_name(fields.name, "name", "The group's name"),
        kind=GroupKind(fields.kind),
        cohort_note=clean_note(fields.cohort_note, "cohort_note", "The cohort note", limit=500),
        venue=clean_name(fields.venue, "venue", "The venue", required=False),
        usual_day=fields.usual_day,
        usual_time=fields.usual_time,
        start_date=fields.start_date,
        end_date=fields.end_date,
        agreement_text=clean_note(fields.agreement_text, "agreement_text", "The group agreement"),
    )
