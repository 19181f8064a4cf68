"""Retention: how long each kind of record is kept, and which records are due to go.

Pure rules, with `today` passed in. The coordinator sets a period per record type
(months); a record is due once the day it is kept from lies that many months before
today. Records on hold ("Hold — safeguarding") are never due while the hold stands.

What each type covers and which day it is kept from (the store decides which rows
belong to a type; this module only counts and compares):

- sessions and registers: the session's date. A session stays while a debrief or
  incident record about it is kept.
- debriefs and incident records (not safeguarding): the latest of the record's date,
  its addenda and its follow-ups marked done.
- safeguarding records: incident records with a safeguarding concern and debriefs
  that flag one, counted the same way but kept longer by default.
- supervision notes: the day of the supervision.
- members who left: the day they (or their whole group) were archived. A member
  stays while an incident record names them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.facilitators import MONTH_NAMES


class RecordType(StrEnum):
    """A kind of record with its own retention period; the order is the screen's."""

    SESSIONS = "sessions"
    DEBRIEFS = "debriefs"
    INCIDENTS = "incidents"
    SAFEGUARDING = "safeguarding"
    SUPERVISION = "supervision"
    MEMBERS_LEFT = "members-left"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def counted_from(self) -> str:
        """The day the period starts from, as a person reads it."""
        return _COUNTED_FROM[self]


_LABELS = {
    RecordType.SESSIONS: "Sessions and registers",
    RecordType.DEBRIEFS: "Debriefs",
    RecordType.INCIDENTS: "Incident records",
    RecordType.SAFEGUARDING: "Safeguarding records",
    RecordType.SUPERVISION: "Supervision notes",
    RecordType.MEMBERS_LEFT: "Members who left",
}

_COUNTED_FROM = {
    RecordType.SESSIONS: "after the session",
    RecordType.DEBRIEFS: "after the last thing added",
    RecordType.INCIDENTS: "after the last thing added",
    RecordType.SAFEGUARDING: "after the last thing added",
    RecordType.SUPERVISION: "after the supervision",
    RecordType.MEMBERS_LEFT: "after they left",
}

# Conservative defaults a UK charity would recognise: client and safeguarding records
# six to seven years after last contact, day-to-day session records for less.
DEFAULT_MONTHS: Mapping[RecordType, int] = {
    RecordType.SESSIONS: 36,
    RecordType.DEBRIEFS: 72,
    RecordType.INCIDENTS: 72,
    RecordType.SAFEGUARDING: 84,
    RecordType.SUPERVISION: 72,
    RecordType.MEMBERS_LEFT: 72,
}

MIN_MONTHS = 1
# A hundred years: longer than any record-keeping guidance asks for (the longest,
# for records about child sexual abuse, is 75 years), so anything above is a slip.
MAX_MONTHS = 1200

HOLD_LABEL = "Hold — safeguarding"


class HoldReason(StrEnum):
    SAFEGUARDING = "safeguarding"


@dataclass(frozen=True)
class RetentionRules:
    """Months to keep each record type; a type the coordinator never set keeps its default."""

    months: Mapping[RecordType, int]

    def months_for(self, record_type: RecordType) -> int:
        return self.months.get(record_type, DEFAULT_MONTHS[record_type])


def validate_months(record_type: RecordType, value: object) -> int:
    """A period in whole months, between a month and a hundred years."""
    name = record_type.label.lower()
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            record_type.value, f"Give how long to keep {name} as a whole number of months."
        )
    if value < MIN_MONTHS:
        raise ValidationError(record_type.value, f"Keep {name} for at least one month.")
    if value > MAX_MONTHS:
        raise ValidationError(
            record_type.value,
            f"Keep {name} for at most {MAX_MONTHS // 12} years ({MAX_MONTHS:,} months).",
        )
    return value


def validate_rules(months: Mapping[RecordType, object]) -> dict[RecordType, int]:
    """Every period checked; the first bad one is refused and nothing is kept."""
    return {
        record_type: validate_months(record_type, months[record_type])
        for record_type in RecordType
        if record_type in months
    }


def months_before(today: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def cutoff(today: dt.date, months: int) -> dt.date:
    """Records kept from this day or earlier are due for removal today."""
    return months_before(today, months)


def is_due(kept_from: dt.date, months: int, today: dt.date) -> bool:
    return kept_from <= cutoff(today, months)


def describe_period(months: int) -> str:
    """'3 years', '18 months', '2 years and 6 months'."""
    years, rest = divmod(months, 12)
    if years and not rest:
        return f"{years} year{'s' if years != 1 else ''}"
    if years < 2:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{years} years and {rest} month{'s' if rest != 1 else ''}"


@dataclass(frozen=True)
class Candidate:
    """A record old enough to be removed: its table, id, the day it is kept from, and
    whether a hold keeps it."""

    record_type: RecordType
    table: str
    row_id: str
    kept_from: dt.date
    held: bool = False


@dataclass(frozen=True)
class DueSummary:
    """One line of the review list. Never which records: only how many, and how old."""

    record_type: RecordType
    months: int
    count: int
    oldest: dt.date | None
    held: int  # due by date, but kept by a hold

    @property
    def label(self) -> str:
        return self.record_type.label


def summarise(
    candidates: Iterable[Candidate], rules: RetentionRules, today: dt.date
) -> list[DueSummary]:
    """Per record type (every type, in order): how many are due, the oldest, how many held."""
    due: dict[RecordType, list[dt.date]] = {t: [] for t in RecordType}
    held: dict[RecordType, int] = dict.fromkeys(RecordType, 0)
    for candidate in candidates:
        if not is_due(candidate.kept_from, rules.months_for(candidate.record_type), today):
            continue
        if candidate.held:
            held[candidate.record_type] += 1
        else:
            due[candidate.record_type].append(candidate.kept_from)
    return [
        DueSummary(
            record_type,
            rules.months_for(record_type),
            len(due[record_type]),
            min(due[record_type], default=None),
            held[record_type],
        )
        for record_type in RecordType
    ]


def due_now(
    candidates: Iterable[Candidate], rules: RetentionRules, today: dt.date
) -> list[Candidate]:
    """The candidates a purge removes today: due by date and not held."""
    return [
        candidate
        for candidate in candidates
        if not candidate.held
        and is_due(candidate.kept_from, rules.months_for(candidate.record_type), today)
    ]


def long_date(day: dt.date) -> str:
    """'4 March 2022'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


_WHAT_GOES = {
    RecordType.SESSIONS: ("session", "sessions", "with their registers"),
    RecordType.DEBRIEFS: ("debrief", "debriefs", "with their addenda and follow-ups"),
    RecordType.INCIDENTS: (
        "incident record",
        "incident records",
        "with their addenda and follow-ups",
    ),
    RecordType.SAFEGUARDING: (
        "safeguarding record",
        "safeguarding records",
        "with their addenda and follow-ups",
    ),
    RecordType.SUPERVISION: ("supervision note", "supervision notes", ""),
    # People, so "their" for one as for many.
    RecordType.MEMBERS_LEFT: ("member who left", "members who left", ", with their register marks"),
}

# Record types whose rows are also on facilitators' laptops.
ON_LAPTOPS = frozenset({RecordType.SESSIONS, RecordType.MEMBERS_LEFT})


def describe_due(line: DueSummary) -> str:
    """'12 sessions, the oldest from 4 March 2022' (and how many a hold keeps)."""
    one, many, _with = _WHAT_GOES[line.record_type]
    text = _plural(line.count, one, many) if line.count else f"No {many} due"
    if line.oldest is not None:
        text += f", {_from(line.count, line.oldest)}"
    if line.held:
        text += f"; {line.held} more on hold, kept"
    return text


def _from(count: int, oldest: dt.date) -> str:
    return f"from {long_date(oldest)}" if count == 1 else f"the oldest from {long_date(oldest)}"


def describe_removal(lines: Iterable[DueSummary]) -> str:
    """Exactly what a purge of these lines removes and keeps, for the person to confirm."""
    chosen = [line for line in lines if line.count]
    parts = []
    for line in chosen:
        one, many, with_what = _WHAT_GOES[line.record_type]
        part = _plural(line.count, one, many)
        if with_what.startswith(","):
            part += with_what
        elif with_what:
            part += " " + (with_what.replace("their", "its") if line.count == 1 else with_what)
        if line.oldest is not None:
            part += f" ({_from(line.count, line.oldest)})"
        parts.append(part)
    text = "Remove for good: " + "; ".join(parts) + "."
    held = sum(line.held for line in chosen)
    if held:
        text += (
            f" {_plural(held, 'record', 'records')} on {HOLD_LABEL.lower()} "
            f"{'is' if held == 1 else 'are'} kept."
        )
    if any(line.record_type in ON_LAPTOPS for line in chosen):
        text += " Facilitators' laptops remove their copies at their next sync."
    return text + " This cannot be undone."
