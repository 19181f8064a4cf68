"""Plan, adjust and save a group's rota; record who actually ran each session.

A proposal covers a group's planned sessions in a date range, plus new sessions on the
group's usual weekday where none exists yet (saved only when the rota is saved). Every
other session near the range, in any group, is history: it counts towards monthly
limits, same-day clashes and "not twice in a row".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.facilitators import Profile, format_day
from facilitator_app.domain.groups import Group, Weekday
from facilitator_app.domain.rota import (
    Assignment,
    PastSession,
    PlanNote,
    RotaPerson,
    RotaPlan,
    RotaRequest,
    RotaSession,
    plan_rota,
    rule_problems,
)
from facilitator_app.domain.sessions import Session, SessionFields, SessionStatus
from facilitator_app.services.facilitators import list_profiles, require_coordinator
from facilitator_app.services.lookups import group_or_refuse
from facilitator_app.services.people import person_or_refuse
from facilitator_app.store.group_rows import load_groups
from facilitator_app.store.session_rows import load_sessions, load_sessions_between, session_values
from facilitator_app.store.store import Store, new_id

MAX_RANGE_DAYS = 366 * 2
NEW_PREFIX = "new:"
# How far either side of the range other sessions are read: enough for a whole month
# either side (monthly limits) and the group's neighbouring sessions (twice in a row).
_HISTORY_MARGIN = dt.timedelta(days=62)
_WEEKDAYS = list(Weekday)


@dataclass(frozen=True)
class RotaRow:
    """One session in a proposal. `key` is the session id, or "new:<date>" if not yet saved.

    `date` and `stored` are the session's date and people as read when the row was made,
    so saving can tell whether the session was changed elsewhere in the meantime.
    """

    key: str
    date: dt.date
    start_time: dt.time | None
    assignment: Assignment
    lead_locked: bool = False
    co_locked: bool = False
    notes: tuple[str, ...] = ()
    stored: Assignment = field(default_factory=Assignment)

    @property
    def is_new(self) -> bool:
        return self.key.startswith(NEW_PREFIX)


@dataclass(frozen=True)
class RotaProposal:
    group: Group
    first: dt.date
    last: dt.date
    rows: tuple[RotaRow, ...]
    names: Mapping[str, str]

    def name(self, person_id: str | None) -> str:
        return "" if person_id is None else self.names.get(person_id, "(archived)")


@dataclass(frozen=True)
class HistoryRow:
    session_id: str
    date: dt.date
    status: SessionStatus
    planned: Assignment
    actual: Assignment
    chosen_by_group: bool


def rota_people(profiles: Sequence[Profile]) -> list[RotaPerson]:
    return [
        RotaPerson(
            id=profile.person_id,
            name=profile.name,
            stage=profile.stage,
            group_ids=profile.group_ids,
            availability=profile.availability,
            unavailable=tuple(item.span for item in profile.unavailable),
            paused=tuple(item.span for item in profile.pauses),
        )
        for profile in profiles
        if profile.stage is not None and profile.archived_on is None
    ]


def planning_today(store: Store) -> dt.date:
    """The store's today, where the Rota tab's dates start (never the screen's clock)."""
    return store.today()


def check_range(first: dt.date, last: dt.date, doing: str = "Plan") -> None:
    """A rota's dates, for planning or printing ("Print at most two years at a time.")."""
    if last < first:
        raise ValidationError("last", "The rota ends before it starts.")
    if (last - first).days > MAX_RANGE_DAYS:
        raise ValidationError("last", f"{doing} at most two years at a time.")


def _usual_days(group: Group, first: dt.date, last: dt.date) -> list[dt.date]:
    usual = group.fields.usual_day
    if usual is None:
        return []
    day = first + dt.timedelta(days=(_WEEKDAYS.index(usual) - first.weekday()) % 7)
    days = []
    while day <= last:
        if (group.fields.start_date is None or day >= group.fields.start_date) and (
            group.fields.end_date is None or day <= group.fields.end_date
        ):
            days.append(day)
        day += dt.timedelta(days=7)
    return days


def _rows_to_plan(
    store: Store, group: Group, first: dt.date, last: dt.date, *, add_usual: bool
) -> list[RotaRow]:
    sessions = [
        session
        for session in load_sessions(store.conn, group.id)
        if first <= session.date <= last and session.status is SessionStatus.PLANNED
    ]
    rows = [
        RotaRow(
            key=session.id,
            date=session.date,
            start_time=session.fields.start_time,
            assignment=Assignment(session.fields.lead_id, session.fields.co_facilitator_id),
            lead_locked=session.lead_locked,
            co_locked=session.co_locked,
            stored=Assignment(session.fields.lead_id, session.fields.co_facilitator_id),
        )
        for session in sessions
    ]
    if add_usual:
        taken = {session.date for session in load_sessions(store.conn, group.id)}
        rows += [
            RotaRow(NEW_PREFIX + day.isoformat(), day, group.fields.usual_time, Assignment())
            for day in _usual_days(group, first, last)
            if day not in taken
        ]
    return sorted(rows, key=lambda row: (row.date, row.key))


def _history(store: Store, first: dt.date, last: dt.date, planned: set[str]) -> list[PastSession]:
    names = {group.id: group.name for group in load_groups(store.conn, include_archived=True)}
    history = []
    for session in load_sessions_between(
        store.conn, first - _HISTORY_MARGIN, last + _HISTORY_MARGIN
    ):
        if session.id in planned or session.status is SessionStatus.CANCELLED:
            continue
        night = session.on_the_night
        assignment = (
            Assignment(night.lead_id, night.co_id)
            if night.recorded
            else Assignment(session.fields.lead_id, session.fields.co_facilitator_id)
        )
        rota_session = RotaSession(
            session.id, session.group_id, session.date, names.get(session.group_id, "")
        )
        history.append(PastSession(rota_session, assignment))
    return history


def _request(
    store: Store, group: Group, rows: Sequence[RotaRow], locked: Mapping[str, Assignment]
) -> tuple[RotaRequest, list[Profile]]:
    profiles = list_profiles(store, include_archived=True)
    sessions = [RotaSession(row.key, group.id, row.date, group.fields.name) for row in rows]
    first = min((row.date for row in rows), default=store.today())
    last = max((row.date for row in rows), default=first)
    history = _history(store, first, last, {row.key for row in rows})
    return RotaRequest(sessions, rota_people(profiles), locked, history), profiles


def propose(
    store: Store,
    group_id: str,
    first: dt.date,
    last: dt.date,
    *,
    locked: Mapping[str, Assignment] | None = None,
    add_usual: bool = True,
) -> RotaProposal:
    """Plan the range afresh from today on, keeping locked choices.

    `locked` (row key → the locked people) replaces the locks saved on the sessions,
    so an unsaved edit in the rota editor is what re-planning keeps. Sessions before
    today are never planned again: they have happened (whether or not anyone marked
    them held), and who was planned for them is part of the record.
    """
    check_range(first, last)
    today = store.today()
    if last < today:
        raise ValidationError("last", "These dates have passed: a rota is planned from today on.")
    first = max(first, today)
    group = group_or_refuse(store, group_id)
    rows = _rows_to_plan(store, group, first, last, add_usual=add_usual)
    if locked is None:
        locked = {
            row.key: Assignment(
                row.assignment.lead_id if row.lead_locked else None,
                row.assignment.co_id if row.co_locked else None,
            )
            for row in rows
            if row.lead_locked or row.co_locked
        }
    request, profiles = _request(store, group, rows, locked)
    plan = plan_rota(request)
    return RotaProposal(group, first, last, _planned_rows(rows, plan, locked), _names(profiles))


def _planned_rows(
    rows: Sequence[RotaRow], plan: RotaPlan, locked: Mapping[str, Assignment]
) -> tuple[RotaRow, ...]:
    released = {(note.session_id, note.role.value) for note in plan.released}
    result = []
    for row in rows:
        kept = locked.get(row.key, Assignment())
        result.append(
            RotaRow(
                key=row.key,
                date=row.date,
                start_time=row.start_time,
                assignment=plan.assignments[row.key],
                lead_locked=kept.lead_id is not None and (row.key, "lead") not in released,
                co_locked=kept.co_id is not None and (row.key, "co-facilitator") not in released,
                notes=tuple(plan.notes_for(row.key)),
                stored=row.stored,
            )
        )
    return tuple(result)


def _names(profiles: Sequence[Profile]) -> dict[str, str]:
    return {profile.person_id: profile.name for profile in profiles}


def check_rows(store: Store, group_id: str, rows: Sequence[RotaRow]) -> list[PlanNote]:
    """Rules that hand-edited rows break (someone paused, say); shown before saving."""
    group = group_or_refuse(store, group_id)
    request, _ = _request(store, group, rows, {})
    return rule_problems(request, {row.key: row.assignment for row in rows})


def save_rota(store: Store, group_id: str, rows: Sequence[RotaRow]) -> list[Session]:
    """Write the rota: new sessions are created, existing ones get their people and locks."""
    require_coordinator(store, "the rota")
    group = group_or_refuse(store, group_id)
    if group.is_archived:
        raise ValidationError("group_id", "This group is archived; restore it to plan its rota.")
    existing = {session.id: session for session in load_sessions(store.conn, group_id)}
    for row in rows:
        _check_row(store, row, existing)
    saved_ids = []
    with store.transaction():
        for row in rows:
            people = {
                "lead_id": row.assignment.lead_id,
                "co_facilitator_id": row.assignment.co_id,
                "lead_locked": int(row.lead_locked),
                "co_locked": int(row.co_locked),
            }
            if row.is_new:
                session_id = new_id()
                fields = SessionFields(
                    date=row.date, start_time=group.fields.usual_time, venue=group.fields.venue
                )
                store.insert(
                    "sessions",
                    session_id,
                    session_values(fields)
                    | people
                    | {
                        "group_id": group_id,
                        "status": SessionStatus.PLANNED.value,
                        "notes": "",
                        "headcount": None,
                    },
                )
            else:
                session_id = row.key
                store.update("sessions", session_id, people)
            saved_ids.append(session_id)
    fresh = {session.id: session for session in load_sessions(store.conn, group_id)}
    return [fresh[session_id] for session_id in saved_ids]


def _check_row(store: Store, row: RotaRow, existing: Mapping[str, Session]) -> None:
    if row.date < store.today():
        raise ValidationError(
            "key", f"The session on {format_day(row.date)} has passed since; plan again."
        )
    if row.is_new:
        if row.key != NEW_PREFIX + row.date.isoformat():
            raise ValidationError("key", "A new rota row does not match its date.")
        if any(session.date == row.date for session in existing.values()):
            raise ValidationError(
                "key", f"This group already has a session on {row.date.isoformat()}; plan again."
            )
    else:
        session = existing.get(row.key)
        if session is None:
            raise ValidationError("key", "A session on this rota is no longer in this group.")
        if session.status is not SessionStatus.PLANNED:
            raise ValidationError(
                "key", "A session on this rota has been held or cancelled since; plan again."
            )
        now = Assignment(session.fields.lead_id, session.fields.co_facilitator_id)
        if session.date != row.date or now != row.stored:
            # Saving would silently undo that change, or put people on a day never planned.
            raise ValidationError(
                "key",
                f"The session on {format_day(row.date)} was changed elsewhere after this "
                "rota was proposed; plan again.",
            )
    lead, co = row.assignment.lead_id, row.assignment.co_id
    if lead is not None and lead == co:
        raise ValidationError(
            "co_id", "The lead and the co-facilitator need to be different people."
        )
    for person_id in (lead, co):
        if person_id is not None:
            person_or_refuse(store, person_id)
    if (row.lead_locked and lead is None) or (row.co_locked and co is None):
        raise ValidationError("locked", "Only a chosen person can be locked in.")


def rota_history(store: Store, group_id: str, first: dt.date, last: dt.date) -> list[HistoryRow]:
    """Planned against actual for every session of the group in the range."""
    check_range(first, last)
    group_or_refuse(store, group_id)
    return [
        HistoryRow(
            session_id=session.id,
            date=session.date,
            status=session.status,
            planned=Assignment(session.fields.lead_id, session.fields.co_facilitator_id),
            actual=Assignment(session.on_the_night.lead_id, session.on_the_night.co_id),
            chosen_by_group=session.on_the_night.chosen_by_group,
        )
        for session in load_sessions(store.conn, group_id)
        if first <= session.date <= last
    ]
