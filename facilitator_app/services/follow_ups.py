"""Follow-up actions after an incident or a debrief: what, who, by when, done."""

from __future__ import annotations

import datetime as dt

from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.incidents import FollowUp, validate_follow_up_text
from facilitator_app.store.codec import date_out
from facilitator_app.store.incident_rows import load_follow_ups
from facilitator_app.store.people_rows import load_person
from facilitator_app.store.store import Store, new_id


def _record_column(store: Store, record_id: str) -> str:
    for table, column in (("incidents", "incident_id"), ("debriefs", "debrief_id")):
        found = store.conn.execute(
            f"SELECT status FROM {table} WHERE id = ?",  # noqa: S608 - fixed table names
            [record_id],
        ).fetchone()
        if found is not None and found[0] == "submitted":
            return column
    raise NotFound("That record is not in this store, or is still a draft.")


def add_follow_up(
    store: Store, record_id: str, what: str, who_id: str | None, due_on: dt.date | None
) -> FollowUp:
    """A follow-up for a submitted incident record or debrief."""
    clean = validate_follow_up_text(what)
    column = _record_column(store, record_id)
    if who_id is not None and load_person(store.conn, who_id) is None:
        raise NotFound("That person is not in this store.")
    follow_up_id = new_id()
    with store.transaction():
        store.insert(
            "follow_ups",
            follow_up_id,
            {
                column: record_id,
                "what": clean,
                "who_id": who_id,
                "due_on": date_out(due_on),
                "done_on": None,
            },
        )
    return _follow_up_or_refuse(store, follow_up_id)


def mark_follow_up_done(store: Store, follow_up_id: str, done: bool = True) -> FollowUp:
    _follow_up_or_refuse(store, follow_up_id)
    with store.transaction():
        store.update(
            "follow_ups", follow_up_id, {"done_on": date_out(store.today()) if done else None}
        )
    return _follow_up_or_refuse(store, follow_up_id)


def follow_ups(store: Store, record_id: str | None = None) -> list[FollowUp]:
    """Open ones first, soonest due first; then the done ones."""
    return load_follow_ups(store.conn, record_id)


def open_follow_ups(store: Store) -> list[FollowUp]:
    """What still needs doing, soonest due first: the home screen's list."""
    return load_follow_ups(store.conn, open_only=True)


def _follow_up_or_refuse(store: Store, follow_up_id: str) -> FollowUp:
    row = store.conn.execute("SELECT 1 FROM follow_ups WHERE id = ?", [follow_up_id]).fetchone()
    if row is not None:
        for follow_up in load_follow_ups(store.conn):
            if follow_up.id == follow_up_id:
                return follow_up
    raise NotFound("That follow-up is not in this store.")
