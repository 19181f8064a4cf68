"""Sessions: plan, edit, take the register, write notes, mark held or cancelled."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.groups import GroupKind
from facilitator_app.domain.sessions import (
    OnTheNight,
    RegisterLine,
    Session,
    SessionFields,
    SessionStatus,
    validate_headcount,
    validate_on_the_night,
    validate_session,
    validate_session_notes,
)
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.services.lookups import group_or_refuse, session_or_refuse
from facilitator_app.services.people import person_or_refuse
from facilitator_app.store.session_rows import (
    attendance_id,
    load_register,
    load_sessions,
    session_values,
)
from facilitator_app.store.store import Store, new_id, pair_id


def list_sessions(store: Store, group_id: str) -> list[Session]:
    group_or_refuse(store, group_id)
    return load_sessions(store.conn, group_id)


def get_session(store: Store, session_id: str) -> Session:
    return session_or_refuse(store, session_id)


def _check_people(store: Store, fields: SessionFields, before: Session | None = None) -> None:
    for person_id in (fields.lead_id, fields.co_facilitator_id):
        if person_id is not None:
            person_or_refuse(store, person_id)
    planned = (
        (None, None) if before is None else (before.fields.lead_id, before.fields.co_facilitator_id)
    )
    if (fields.lead_id, fields.co_facilitator_id) != planned:
        require_coordinator(store, "who is on the rota")


def record_on_the_night(store: Store, session_id: str, night: OnTheNight) -> Session:
    """Who actually led and co-facilitated: the group decides on the night."""
    clean = validate_on_the_night(night)
    session = session_or_refuse(store, session_id)
    if session.status is SessionStatus.CANCELLED:
        raise ValidationError("lead_id", "This session was cancelled, so nobody led it.")
    for person_id in (clean.lead_id, clean.co_id):
        if person_id is not None:
            person_or_refuse(store, person_id)
    if clean.recorded and session.date > store.today():
        # What happened cannot be known yet; the rota's history would count it as fact.
        raise ValidationError(
            "lead_id", "Who led can be recorded on the night of the session, or after it."
        )
    with store.transaction():
        store.update(
            "sessions",
            session_id,
            {
                "actual_lead_id": clean.lead_id,
                "actual_co_id": clean.co_id,
                "chosen_by_group": int(clean.chosen_by_group),
            },
        )
    return session_or_refuse(store, session_id)


def plan_session(store: Store, group_id: str, fields: SessionFields) -> Session:
    clean = validate_session(fields)
    group = group_or_refuse(store, group_id)
    if group.is_archived:
        raise ValidationError("group_id", "This group is archived; restore it to plan sessions.")
    _check_people(store, clean)
    if not clean.venue:
        clean = dataclasses.replace(clean, venue=group.fields.venue)
    session_id = new_id()
    with store.transaction():
        store.insert(
            "sessions",
            session_id,
            session_values(clean)
            | {
                "group_id": group_id,
                "status": SessionStatus.PLANNED.value,
                "notes": "",
                "headcount": None,
            },
        )
    return session_or_refuse(store, session_id)


def update_session(store: Store, session_id: str, fields: SessionFields) -> Session:
    clean = validate_session(fields)
    session = session_or_refuse(store, session_id)
    _check_people(store, clean, session)
    if not clean.venue:
        clean = dataclasses.replace(
            clean, venue=group_or_refuse(store, session.group_id).fields.venue
        )
    with store.transaction():
        store.update("sessions", session_id, session_values(clean))
    return session_or_refuse(store, session_id)


def register(store: Store, session_id: str) -> list[RegisterLine]:
    session = session_or_refuse(store, session_id)
    return load_register(store.conn, session_id, session.group_id)


def take_register(store: Store, session_id: str, present: Iterable[str]) -> list[RegisterLine]:
    """Record who was there: members in `present` are marked present, the rest absent."""
    session = session_or_refuse(store, session_id)
    if session.status is SessionStatus.CANCELLED:
        raise ValidationError("present", "This session was cancelled, so it has no register.")
    lines = load_register(store.conn, session_id, session.group_id)
    present_ids = set(present)
    unknown = present_ids - {line.member_id for line in lines}
    if unknown:
        raise ValidationError(
            "present", "Only current members of this group can be marked present."
        )
    with store.transaction():
        for line in lines:
            mark = int(line.member_id in present_ids)
            existing = attendance_id(store.conn, session_id, line.member_id)
            if existing is None:
                store.insert(
                    "attendance",
                    pair_id("attendance", session_id, line.member_id),
                    {"session_id": session_id, "member_id": line.member_id, "present": mark},
                )
            else:
                store.update("attendance", existing, {"present": mark})
    return load_register(store.conn, session_id, session.group_id)


def set_headcount(store: Store, session_id: str, headcount: int | None) -> Session:
    """Drop-in groups keep no names: only how many came."""
    session = session_or_refuse(store, session_id)
    group = group_or_refuse(store, session.group_id)
    if headcount is not None and group.kind is not GroupKind.DROP_IN:
        raise ValidationError(
            "headcount", "Head-counts are for drop-in groups; this group keeps a register."
        )
    if session.status is SessionStatus.CANCELLED and headcount:
        raise ValidationError("headcount", "This session was cancelled, so nobody attended.")
    clean = validate_headcount(headcount)
    with store.transaction():
        store.update("sessions", session_id, {"headcount": clean})
    return session_or_refuse(store, session_id)


def save_notes(store: Store, session_id: str, notes: str) -> Session:
    clean = validate_session_notes(notes)
    session_or_refuse(store, session_id)
    with store.transaction():
        store.update("sessions", session_id, {"notes": clean})
    return session_or_refuse(store, session_id)


def set_status(store: Store, session_id: str, status: SessionStatus) -> Session:
    session_or_refuse(store, session_id)
    with store.transaction():
        store.update("sessions", session_id, {"status": SessionStatus(status).value})
    return session_or_refuse(store, session_id)
