"""Reminders for the home screen: what needs a coordinator's attention today.

Four rules, each a pure function of values and `today` (no clock, no store):
supervision that is due, training that runs out soon, sessions coming up with no
lead, and people leading more than a fair share this quarter. Peer facilitators meet
a supervisor weekly while they are new to leading and monthly after that (both
configurable), and a rota that leans on the same few people is a burn-out risk.

Reminder text names people, groups, courses and days only: never pause reasons,
supervision notes, readiness notes, or a session's topic or notes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.facilitators import Profile, Stage, Training, format_day
from facilitator_app.domain.sessions import Session, SessionStatus

# Training is mentioned from this many days before it expires.
TRAINING_NOTICE_DAYS = 30
# Sessions up to this many days ahead are checked for a lead.
NO_LEAD_DAYS_AHEAD = 28
# How many sessions above a fair share (rounded up) are still fine: a rota evens out
# over a few weeks, and one extra session is not worth a reminder.
SHARE_MARGIN = 1

MAX_NEW_LEAD_MONTHS = 24
MAX_NEW_LEAD_EVERY_DAYS = 90
MAX_EVERY_DAYS = 180


class ReminderKind(StrEnum):
    """What a reminder is about; the order here is the order on the home screen."""

    SUPERVISION_DUE = "supervision-due"
    TRAINING_EXPIRING = "training-expiring"
    NO_LEAD = "no-lead"
    LED_MORE_THAN_SHARE = "led-more-than-share"
    NO_RECOVERY_SHEET = "no-recovery-sheet"


_KIND_ORDER = {kind: index for index, kind in enumerate(ReminderKind)}


@dataclass(frozen=True)
class Reminder:
    """One line on the home screen, with the person or session it leads to.

    `due` is the day it became (or becomes) due: the earliest is the most urgent.
    """

    kind: ReminderKind
    text: str
    due: dt.date
    person_id: str | None = None
    session_id: str | None = None
    group_id: str | None = None


@dataclass(frozen=True)
class SupervisionSettings:
    """How often people on the rota meet their supervisor.

    Someone is new to leading for `new_lead_months` after they most recently became a
    lead, and is supervised every `new_lead_every_days` days meanwhile; everyone else
    on the rota (including shadowing and co-facilitators) every `every_days` days.
    """

    new_lead_months: int = 3
    new_lead_every_days: int = 7
    every_days: int = 30


def validate_supervision_settings(settings: SupervisionSettings) -> SupervisionSettings:
    if not 0 <= settings.new_lead_months <= MAX_NEW_LEAD_MONTHS:
        raise ValidationError(
            "new_lead_months",
            f"Someone can count as new to leading for 0 to {MAX_NEW_LEAD_MONTHS} months.",
        )
    if not 1 <= settings.new_lead_every_days <= MAX_NEW_LEAD_EVERY_DAYS:
        raise ValidationError(
            "new_lead_every_days",
            f"Supervision for new leads can be every 1 to {MAX_NEW_LEAD_EVERY_DAYS} days.",
        )
    if not 1 <= settings.every_days <= MAX_EVERY_DAYS:
        raise ValidationError("every_days", f"Supervision can be every 1 to {MAX_EVERY_DAYS} days.")
    if settings.new_lead_every_days > settings.every_days:
        raise ValidationError(
            "new_lead_every_days",
            "New leads are supervised at least as often as everyone else: choose a number "
            "of days no larger than for everyone else.",
        )
    return settings


# --- dates ---------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where that month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding `day` (1 Jan, 1 Apr, 1 Jul, 1 Oct)."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _day_text(day: dt.date, today: dt.date) -> str:
    """ "3 March", with the year when it is not this year's."""
    text = format_day(day)
    return text if day.year == today.year else f"{text} {day.year}"


def _every_text(days: int) -> str:
    return {7: "weekly", 14: "fortnightly"}.get(days, f"every {days} days")


# --- who the rules look at -----------------------------------------------------------


def on_rota(profiles: Iterable[Profile]) -> list[Profile]:
    """People with a stage who are not archived: the ones supervision and rota rules cover."""
    return [p for p in profiles if p.stage is not None and p.archived_on is None]


def is_new_lead(profile: Profile, today: dt.date, settings: SupervisionSettings) -> bool:
    """A lead whose most recent start as a lead is less than `new_lead_months` ago.

    On the day exactly `new_lead_months` after, they are no longer new.
    """
    since = profile.led_since()
    return since is not None and today < add_months(since, settings.new_lead_months)


def led_by(session: Session) -> str | None:
    """Who led: as recorded on the night if anything was, else as planned."""
    night = session.on_the_night
    return night.lead_id if night.recorded else session.fields.lead_id


# --- the rules -----------------------------------------------------------------------


def supervision_reminders(
    profiles: Iterable[Profile], settings: SupervisionSettings, today: dt.date
) -> list[Reminder]:
    """Supervision due on or before today for people on the rota.

    Due `new_lead_every_days` after the last supervision while someone is new to
    leading (judged today), else `every_days` after it; due today if none is recorded.
    Nobody is reminded about while on a wellbeing pause: they have stepped back, and
    the reminder comes back when the pause ends.
    """
    found = []
    for profile in on_rota(profiles):
        if profile.paused_on(today) is not None:
            continue
        new = is_new_lead(profile, today, settings)
        every = settings.new_lead_every_days if new else settings.every_days
        last = max((meeting.held_on for meeting in profile.supervision), default=None)
        if last is None:
            due = today
            text = f"No supervision recorded yet for {profile.name}"
        else:
            due = last + dt.timedelta(days=every)
            if due > today:
                continue
            if due == today:
                text = f"Supervision for {profile.name} is due today"
            else:
                text = f"Supervision for {profile.name} was due on {_day_text(due, today)}"
        if new:
            months = settings.new_lead_months
            text += (
                f" ({_every_text(every)} in the first {months} "
                f"month{'s' if months != 1 else ''} of leading)"
            )
        found.append(Reminder(ReminderKind.SUPERVISION_DUE, text, due, person_id=profile.person_id))
    return found


def _recency(record: Training) -> tuple[dt.date, dt.date]:
    return record.completed_on, record.expires_on or dt.date.max


def training_reminders(profiles: Iterable[Profile], today: dt.date) -> list[Reminder]:
    """Training that has expired or expires within `TRAINING_NOTICE_DAYS` days.

    Per course (ignoring case) only the most recently completed record counts, so a
    renewed course stops being mentioned; a record with no expiry never is.
    """
    horizon = today + dt.timedelta(days=TRAINING_NOTICE_DAYS)
    found = []
    for profile in on_rota(profiles):
        latest: dict[str, Training] = {}
        for record in profile.training:
            key = record.course.casefold()
            if key not in latest or _recency(record) > _recency(latest[key]):
                latest[key] = record
        for record in latest.values():
            course, expires_on = record.course, record.expires_on
            if expires_on is None or expires_on > horizon:
                continue
            when = _day_text(expires_on, today)
            if expires_on == today:
                text = f"{course} for {profile.name} expires today"
            elif expires_on > today:
                text = f"{course} for {profile.name} expires on {when}"
            else:
                text = f"{course} for {profile.name} expired on {when}"
            found.append(
                Reminder(
                    ReminderKind.TRAINING_EXPIRING, text, expires_on, person_id=profile.person_id
                )
            )
    return found


def _why_lead_is_missing(profile: Profile | None, day: dt.date) -> str | None:
    """Why the planned lead will not be there on `day` ("paused", "away"), or None.

    Only the word: a pause's reason is private and never part of a reminder.
    """
    if profile is None:
        return None
    if profile.paused_on(day) is not None:
        return "paused"
    if profile.away_on(day):
        return "away"
    return None


def no_lead_reminders(
    sessions: Iterable[Session],
    group_names: Mapping[str, str],
    today: dt.date,
    profiles: Iterable[Profile] = (),
) -> list[Reminder]:
    """Planned sessions from today to `NO_LEAD_DAYS_AHEAD` days ahead with no lead.

    A session has no lead when none is planned, or when the planned lead (one of
    `profiles`) is paused or away that day: a pause taken after the rota was saved
    must not leave a group without anyone to lead it unnoticed. Only sessions of
    groups in `group_names` (the groups still running) are mentioned.
    """
    known = {profile.person_id: profile for profile in profiles}
    last = today + dt.timedelta(days=NO_LEAD_DAYS_AHEAD)
    found = []
    for session in sessions:
        name = group_names.get(session.group_id)
        if (
            name is None
            or session.status is not SessionStatus.PLANNED
            or not today <= session.date <= last
        ):
            continue
        lead_id = session.fields.lead_id
        when = "today" if session.date == today else f"on {_day_text(session.date, today)}"
        if lead_id is None:
            text = f"{name} {when} has no lead yet"
        else:
            lead = known.get(lead_id)
            why = _why_lead_is_missing(lead, session.date)
            if lead is None or why is None:
                continue
            text = f"{name} {when} has no lead: {lead.name}, the planned lead, is {why}"
        found.append(
            Reminder(
                ReminderKind.NO_LEAD,
                text,
                session.date,
                session_id=session.id,
                group_id=session.group_id,
            )
        )
    return found


def share_reminders(
    profiles: Iterable[Profile], sessions: Iterable[Session], today: dt.date
) -> list[Reminder]:
    """Leads who have led clearly more than a fair share of sessions this quarter.

    Counted: sessions of the current calendar quarter up to and including today, not
    cancelled, with who led them (`led_by`). For each group, the people sharing it are
    the leads on the rota who work with it or who led it this quarter, and each one's
    fair share of it is the sessions they led between them divided by how many they
    are. A person's fair share is the sum over their groups. They are mentioned when
    they led more than their fair share rounded up plus `SHARE_MARGIN` (with a share
    of 4.5 and a margin of 1: at 7 sessions, not at 6). A lone lead of a group never
    is, and nobody is while on a wellbeing pause.
    """
    leads = {p.person_id: p for p in on_rota(profiles) if p.stage is Stage.LEAD}
    first = quarter_start(today)
    led: list[tuple[str, str]] = []  # (group id, person id) for each session led by a lead
    for session in sessions:
        person_id = led_by(session)
        if (
            session.status is SessionStatus.CANCELLED
            or not first <= session.date <= today
            or person_id not in leads
        ):
            continue
        led.append((session.group_id, person_id))
    sharing: dict[str, set[str]] = defaultdict(set)
    for person_id, profile in leads.items():
        for group_id in profile.group_ids:
            sharing[group_id].add(person_id)
    for group_id, person_id in led:
        sharing[group_id].add(person_id)
    per_group = Counter(group_id for group_id, _ in led)
    shares: dict[str, Fraction] = defaultdict(Fraction)
    for group_id, people in sharing.items():
        for person_id in people:
            shares[person_id] += Fraction(per_group[group_id], len(people))
    counts = Counter(person_id for _, person_id in led)
    found = []
    for person_id, count in counts.items():
        profile = leads[person_id]
        share = shares[person_id]
        if count <= math.ceil(share) + SHARE_MARGIN or profile.paused_on(today) is not None:
            continue
        about = math.floor(share + Fraction(1, 2))
        found.append(
            Reminder(
                ReminderKind.LED_MORE_THAN_SHARE,
                f"{profile.name} has led {count} sessions this quarter, "
                f"more than a fair share (about {about})",
                today,
                person_id=person_id,
            )
        )
    return found


def collect_reminders(
    profiles: Sequence[Profile],
    sessions: Sequence[Session],
    group_names: Mapping[str, str],
    settings: SupervisionSettings,
    today: dt.date,
    *,
    has_recovery_sheet: bool = True,
) -> list[Reminder]:
    """Every reminder on a coordinator's store, most urgent (earliest due) first.

    `sessions` should cover this quarter up to `NO_LEAD_DAYS_AHEAD` days from today;
    `group_names` names the groups still running.
    """
    found = (
        supervision_reminders(profiles, settings, today)
        + training_reminders(profiles, today)
        + no_lead_reminders(sessions, group_names, today, profiles)
        + share_reminders(profiles, sessions, today)
    )
    if not has_recovery_sheet:
        found.append(
            Reminder(
                ReminderKind.NO_RECOVERY_SHEET,
                "This store has no recovery sheet yet. Make one in Settings, print it and "
                "lock it away: it is the only way in if the passphrase is forgotten.",
                today,
            )
        )
    return sort_reminders(found)


def sort_reminders(reminders: Iterable[Reminder]) -> list[Reminder]:
    return sorted(
        reminders,
        key=lambda r: (r.due, _KIND_ORDER[r.kind], r.text, r.person_id or "", r.session_id or ""),
    )
