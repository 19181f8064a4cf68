"""Proposing, checking and saving a group's rota through a real store; planned against actual."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import AppError, NotFound, ValidationError
from facilitator_app.domain.facilitators import Availability, Stage
from facilitator_app.domain.groups import Group
from facilitator_app.domain.rota import Assignment, Role
from facilitator_app.domain.sessions import OnTheNight, SessionStatus
from facilitator_app.services import facilitators, groups, people, rota, sessions
from facilitator_app.services.rota import NEW_PREFIX, RotaProposal, RotaRow
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.keys import KdfParams, KeyFile
from facilitator_app.store.migrations import latest_version, migrate, schema_version
from facilitator_app.store.store import Store
from tests.factories import (
    PASSPHRASE,
    FakeClock,
    assert_logged,
    last_seq,
    make_group,
    make_session,
    snapshot,
)
from tests.store.test_migrations import seed

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
MARCH_TUESDAYS = [dt.date(2025, 3, day) for day in (4, 11, 18, 25)]


def add(store: Store, name: str, stage: Stage = Stage.LEAD, *groups_: Group, **kw: Any) -> str:
    person = facilitators.add_facilitator(
        store, name, stage=stage, approved_by="Morgan", on=dt.date(2024, 1, 1)
    ).person_id
    facilitators.set_groups(store, person, [group.id for group in groups_])
    if "availability" in kw:
        facilitators.save_availability(store, person, kw["availability"])
    return person


@pytest.fixture
def clock() -> FakeClock:
    """Late November 2024: the months these tests plan are still to come."""
    return FakeClock(dt.datetime(2024, 11, 29, 12, 0, tzinfo=dt.UTC))


@pytest.fixture
def group(store: Store) -> Group:
    return make_group(store)


def march(store: Store, group: Group, **kw: Any) -> RotaProposal:
    return rota.propose(store, group.id, *MARCH, **kw)


def by_date(proposal: RotaProposal) -> dict[dt.date, RotaRow]:
    return {row.date: row for row in proposal.rows}


def refused(store: Store, error: type[AppError], says: str, change: Callable[[], object]) -> None:
    """`change` is refused with a message containing `says`, and nothing in the store moves."""
    before, seq = snapshot(store), last_seq(store)
    with pytest.raises(error) as caught:
        change()
    assert says in caught.value.message
    assert (snapshot(store), last_seq(store)) == (before, seq)


# --- proposing ---------------------------------------------------------------------------


def test_new_rows_fall_on_the_usual_weekday_inside_the_groups_dates(
    store: Store, group: Group
) -> None:
    proposal = rota.propose(store, group.id, dt.date(2024, 12, 1), dt.date(2025, 7, 31))
    dates = [row.date for row in proposal.rows]
    assert dates[0] == dt.date(2025, 1, 7)  # the group's start
    assert dates[-1] == dt.date(2025, 6, 24)  # and its end
    assert len(dates) == 25
    assert all(day.weekday() == 1 for day in dates)
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(dates))
    assert all(row.is_new for row in proposal.rows)
    assert [row.key for row in proposal.rows][:2] == ["new:2025-01-07", "new:2025-01-14"]
    assert {row.start_time for row in proposal.rows} == {dt.time(18, 30)}
    assert sessions.list_sessions(store, group.id) == [], "proposing saves nothing"


def test_a_range_inside_the_group(store: Store, group: Group) -> None:
    assert [row.date for row in march(store, group).rows] == MARCH_TUESDAYS


def test_no_usual_day_or_no_new_rows_asked_for(store: Store) -> None:
    no_day = make_group(store, usual_day=None)
    assert march(store, no_day).rows == ()
    open_ended = make_group(store, start_date=None, end_date=None)
    assert len(march(store, open_ended).rows) == 4
    assert march(store, open_ended, add_usual=False).rows == ()


def test_existing_sessions_are_planned_and_their_dates_not_doubled(
    store: Store, group: Group
) -> None:
    planned = make_session(store, group.id, date=dt.date(2025, 3, 11))
    extra = make_session(store, group.id, date=dt.date(2025, 3, 13))  # a Thursday
    held = make_session(store, group.id, date=dt.date(2025, 3, 18))
    sessions.set_status(store, held.id, SessionStatus.HELD)
    cancelled = make_session(store, group.id, date=dt.date(2025, 3, 25))
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)
    rows = march(store, group).rows
    assert [(row.date, row.key) for row in rows] == [
        (dt.date(2025, 3, 4), "new:2025-03-04"),
        (dt.date(2025, 3, 11), planned.id),
        (dt.date(2025, 3, 13), extra.id),
    ]


def test_the_planner_fills_the_rows_and_explains_gaps(store: Store, group: Group) -> None:
    ali = add(store, "Ali Khan", Stage.LEAD, group)
    bo = add(store, "Bo Brown", Stage.LEAD, group)
    sam = add(store, "Sam Shah", Stage.SHADOWING, group)
    facilitators.pause(store, bo, dt.date(2025, 3, 10), dt.date(2025, 3, 12))
    proposal = march(store, group)
    rows = by_date(proposal)
    assert {rows[day].assignment.lead_id for day in MARCH_TUESDAYS} == {ali, bo}
    assert rows[dt.date(2025, 3, 11)].assignment == Assignment(ali, sam)
    assert all(rows[day].assignment.co_id is not None for day in MARCH_TUESDAYS)
    assert proposal.name(ali) == "Ali Khan"
    assert proposal.name(None) == ""
    assert proposal.name("someone else") == "(archived)"


def test_a_gap_says_why(store: Store, group: Group) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    facilitators.add_unavailable(store, ali, dt.date(2025, 3, 4), dt.date(2025, 3, 4))
    add(store, "Sam", Stage.SHADOWING, group)
    rows = by_date(march(store, group))
    assert rows[dt.date(2025, 3, 4)].assignment == Assignment()
    assert rows[dt.date(2025, 3, 4)].notes == (
        "No available lead on 4 March: Ali unavailable.",
        "No co-facilitator on 4 March: Ali unavailable, Sam is shadowing and needs a lead "
        "alongside.",
    )


def test_another_groups_session_that_day_blocks_a_person(store: Store, group: Group) -> None:
    other = make_group(store, name="Wednesday drop-in", usual_day=None)
    ali = add(store, "Ali", Stage.LEAD, group, other)
    make_session(store, other.id, date=dt.date(2025, 3, 4), lead_id=ali)
    rows = by_date(march(store, group))
    assert rows[dt.date(2025, 3, 4)].assignment.lead_id is None
    assert rows[dt.date(2025, 3, 4)].notes[0] == (
        "No available lead on 4 March: Ali already facilitating Wednesday drop-in that day."
    )
    assert rows[dt.date(2025, 3, 11)].assignment.lead_id == ali


def test_other_groups_sessions_count_towards_the_monthly_limit(store: Store, group: Group) -> None:
    other = make_group(store, name="Monday group", usual_day=None)
    ali = add(store, "Ali", Stage.LEAD, group, other, availability=Availability(max_per_month=1))
    make_session(store, other.id, date=dt.date(2025, 3, 3), co_facilitator_id=ali)
    rows = march(store, group).rows
    assert all(row.assignment.lead_id is None for row in rows)
    assert rows[0].notes[0] == "No available lead on 4 March: Ali has reached 1 session in March."
    april = rota.propose(store, group.id, dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert april.rows[0].assignment.lead_id == ali


def test_archived_people_and_people_without_a_stage_are_not_planned(
    store: Store, group: Group
) -> None:
    gone = add(store, "Gone", Stage.LEAD, group)
    people.archive_person(store, gone)
    helper = people.add_person(store, "No stage yet").id
    rows = march(store, group).rows
    assert all(row.assignment == Assignment() for row in rows)
    assert helper in march(store, group).names  # named if chosen by hand, never planned
    assert march(store, group).name(gone) == "Gone"


def test_a_cancelled_session_is_not_history(store: Store, group: Group) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    other = make_group(store, name="Monday group", usual_day=None)
    clash = make_session(store, other.id, date=dt.date(2025, 3, 4), lead_id=ali)
    sessions.set_status(store, clash.id, SessionStatus.CANCELLED)
    assert by_date(march(store, group))[dt.date(2025, 3, 4)].assignment.lead_id == ali


def test_who_actually_led_counts_for_twice_in_a_row(
    store: Store, group: Group, clock: FakeClock
) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    last_week = make_session(store, group.id, date=dt.date(2025, 2, 25), lead_id=bo)
    clock.now = dt.datetime(2025, 2, 27, 12, 0, tzinfo=dt.UTC)
    sessions.set_status(store, last_week.id, SessionStatus.HELD)
    first = march(store, group).rows[0]
    assert first.assignment.lead_id == ali  # Bo led last week, as planned
    sessions.record_on_the_night(store, last_week.id, OnTheNight(ali, bo, chosen_by_group=True))
    first = march(store, group).rows[0]
    assert first.assignment.lead_id == bo  # Ali led it on the night


def test_range_and_group_are_checked(store: Store, group: Group) -> None:
    backwards = (dt.date(2025, 3, 2), dt.date(2025, 3, 1))
    says = "The rota ends before it starts."
    refused(store, ValidationError, says, lambda: rota.propose(store, group.id, *backwards))
    refused(store, ValidationError, says, lambda: rota.rota_history(store, group.id, *backwards))
    refused(
        store,
        ValidationError,
        "Plan at most two years at a time.",
        lambda: rota.propose(store, group.id, dt.date(2025, 1, 1), dt.date(2027, 1, 5)),
    )
    refused(
        store,
        NotFound,
        "That group is not in this store.",
        lambda: rota.propose(store, "nothing", *MARCH),
    )


def test_sessions_before_today_are_never_planned_again(
    store: Store, group: Group, clock: FakeClock
) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    # Last week's session happened as planned; nobody has marked it held yet.
    last_week = make_session(store, group.id, date=dt.date(2025, 3, 11), lead_id=ali)
    clock.now = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)
    proposal = march(store, group)
    assert proposal.first == dt.date(2025, 3, 14)
    assert [row.date for row in proposal.rows] == [dt.date(2025, 3, 18), dt.date(2025, 3, 25)]
    # It still counts: Ali led last, so Bo leads next.
    assert proposal.rows[0].assignment.lead_id == bo
    rota.save_rota(store, group.id, proposal.rows)
    assert sessions.get_session(store, last_week.id).fields.lead_id == ali
    refused(
        store,
        ValidationError,
        "These dates have passed: a rota is planned from today on.",
        lambda: rota.propose(store, group.id, dt.date(2025, 3, 1), dt.date(2025, 3, 13)),
    )


def test_a_row_whose_day_has_passed_since_proposing_is_refused(
    store: Store, group: Group, clock: FakeClock
) -> None:
    add(store, "Ali", Stage.LEAD, group)
    proposal = march(store, group)
    clock.now = dt.datetime(2025, 3, 5, 12, 0, tzinfo=dt.UTC)
    refused(
        store,
        ValidationError,
        "The session on 4 March has passed since; plan again.",
        lambda: rota.save_rota(store, group.id, proposal.rows),
    )


# --- saving and locks ----------------------------------------------------------------------


def test_save_rota_creates_sessions_with_people_and_locks(store: Store, group: Group) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    proposal = march(store, group)
    rows = list(proposal.rows)
    rows[1] = dataclasses.replace(rows[1], assignment=Assignment(bo, ali), lead_locked=True)
    seq = last_seq(store)
    saved = rota.save_rota(store, group.id, rows)
    assert [session.date for session in saved] == MARCH_TUESDAYS
    assert saved == sessions.list_sessions(store, group.id)
    for session, row in zip(saved, rows, strict=True):
        assert session.status is SessionStatus.PLANNED
        assert session.fields.start_time == dt.time(18, 30)
        assert session.fields.venue == "Community hall, room 2"
        assert (session.fields.lead_id, session.fields.co_facilitator_id) == (
            row.assignment.lead_id,
            row.assignment.co_id,
        )
    assert (saved[1].lead_locked, saved[1].co_locked) == (True, False)
    assert not any(session.lead_locked for session in saved[::2])
    assert_logged(store, seq, "sessions", saved[1].id, {"lead_id", "lead_locked", "date"})


def test_saving_again_updates_the_same_sessions(store: Store, group: Group) -> None:
    add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    first = rota.save_rota(store, group.id, march(store, group).rows)
    rows = list(march(store, group).rows)
    assert [row.key for row in rows] == [session.id for session in first]
    rows[0] = dataclasses.replace(rows[0], assignment=Assignment(bo), lead_locked=True)
    again = rota.save_rota(store, group.id, rows)
    assert [session.id for session in again] == [session.id for session in first]
    assert (again[0].fields.lead_id, again[0].lead_locked) == (bo, True)


def test_replanning_keeps_saved_locks(store: Store, group: Group) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    cal = add(store, "Cal", Stage.CO_FACILITATOR, group)
    rows = list(march(store, group).rows)
    # Bo for every week, locked: the planner alone would take turns.
    rows = [
        dataclasses.replace(row, assignment=Assignment(bo, ali), lead_locked=True, co_locked=True)
        for row in rows
    ]
    rota.save_rota(store, group.id, rows)
    again = march(store, group)
    assert all(row.assignment == Assignment(bo, ali) for row in again.rows)
    assert all(row.lead_locked and row.co_locked for row in again.rows)
    assert all(row.notes == () for row in again.rows)
    # unsaved edits in the editor replace the saved locks
    unlocked = march(store, group, locked={})
    assert {row.assignment.lead_id for row in unlocked.rows} == {ali, bo}
    assert not any(row.lead_locked or row.co_locked for row in unlocked.rows)
    first = unlocked.rows[0].key
    edited = march(store, group, locked={first: Assignment(None, cal)})
    assert edited.rows[0].assignment.co_id == cal
    assert (edited.rows[0].lead_locked, edited.rows[0].co_locked) == (False, True)


def test_a_saved_lock_that_now_breaks_a_rule_is_released_with_a_note(
    store: Store, group: Group
) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    add(store, "Bo", Stage.LEAD, group)
    rows = [
        dataclasses.replace(row, assignment=Assignment(ali), lead_locked=True)
        for row in march(store, group).rows
    ]
    rota.save_rota(store, group.id, rows)
    facilitators.pause(store, ali, dt.date(2025, 3, 10), dt.date(2025, 3, 12))
    again = by_date(march(store, group))
    row = again[dt.date(2025, 3, 11)]
    assert row.assignment.lead_id != ali
    assert not row.lead_locked
    assert row.notes[0] == (
        "Ali was locked in as lead on 11 March but paused; the planner chose again."
    )
    assert again[dt.date(2025, 3, 4)].lead_locked


def test_check_rows_finds_what_hand_edits_break(store: Store, group: Group) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    sam = add(store, "Sam", Stage.SHADOWING, group)
    facilitators.pause(store, ali, dt.date(2025, 3, 10), None)
    rows = list(march(store, group).rows)
    rows[0] = dataclasses.replace(rows[0], assignment=Assignment(sam))
    rows[1] = dataclasses.replace(rows[1], assignment=Assignment(ali, sam))
    problems = rota.check_rows(store, group.id, rows)
    assert [(note.session_id, note.role, note.text) for note in problems] == [
        (
            rows[0].key,
            Role.LEAD,
            "Sam is at the shadowing stage, not leading yet (lead, 4 March).",
        ),
        (rows[1].key, Role.LEAD, "Ali paused (lead, 11 March)."),
    ]


def test_stale_rows_are_refused_and_nothing_is_saved(store: Store, group: Group) -> None:
    add(store, "Ali", Stage.LEAD, group)
    saved = rota.save_rota(store, group.id, march(store, group).rows)
    stale = march(store, group).rows
    sessions.set_status(store, saved[0].id, SessionStatus.HELD)
    refused(
        store,
        ValidationError,
        "A session on this rota has been held or cancelled since; plan again.",
        lambda: rota.save_rota(store, group.id, stale),
    )
    sessions.set_status(store, saved[0].id, SessionStatus.CANCELLED)
    refused(
        store,
        ValidationError,
        "held or cancelled since",
        lambda: rota.save_rota(store, group.id, stale),
    )


def test_a_new_row_whose_date_now_has_a_session_is_refused(store: Store, group: Group) -> None:
    add(store, "Ali", Stage.LEAD, group)
    proposal = march(store, group)
    make_session(store, group.id, date=dt.date(2025, 3, 18))
    refused(
        store,
        ValidationError,
        "This group already has a session on 2025-03-18; plan again.",
        lambda: rota.save_rota(store, group.id, proposal.rows),
    )


def test_a_session_changed_elsewhere_after_proposing_is_not_overwritten(
    store: Store, group: Group
) -> None:
    add(store, "Ali", Stage.LEAD, group)
    add(store, "Bo", Stage.LEAD, group)
    cal = add(store, "Cal", Stage.LEAD, group)
    saved = rota.save_rota(store, group.id, march(store, group).rows)
    first = saved[0]
    says = "The session on 4 March was changed elsewhere after this rota was proposed; plan again."

    proposal = march(store, group)
    # Meanwhile, on the Sessions tab, someone else is put down to lead it.
    sessions.update_session(
        store, first.id, dataclasses.replace(first.fields, lead_id=cal, co_facilitator_id=None)
    )
    refused(store, ValidationError, says, lambda: rota.save_rota(store, group.id, proposal.rows))
    assert sessions.get_session(store, first.id).fields.lead_id == cal

    proposal = march(store, group)
    # Meanwhile it moves to the Wednesday: the rota's choice was for the Tuesday.
    moved = sessions.get_session(store, first.id)
    sessions.update_session(
        store, first.id, dataclasses.replace(moved.fields, date=dt.date(2025, 3, 5))
    )
    refused(store, ValidationError, says, lambda: rota.save_rota(store, group.id, proposal.rows))

    # Planning again reads the session as it now is, and saves.
    again = rota.save_rota(store, group.id, march(store, group).rows)
    assert first.id in {session.id for session in again}


@pytest.mark.parametrize(
    ("change", "error", "says"),
    [
        ({"key": "new:2025-03-05"}, ValidationError, "A new rota row does not match its date."),
        ({"key": "no-such-session"}, ValidationError, "no longer in this group"),
        ({"assignment": Assignment("ali", "ali")}, ValidationError, "different people"),
        ({"assignment": Assignment("nobody")}, NotFound, "That person is not in this store."),
        ({"assignment": Assignment(None, "ali"), "lead_locked": True}, ValidationError, "locked"),
        ({"assignment": Assignment("ali"), "co_locked": True}, ValidationError, "locked"),
    ],
)
def test_bad_rows_are_refused(
    store: Store, group: Group, change: dict[str, Any], error: type[AppError], says: str
) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    rows = list(march(store, group).rows)
    if "assignment" in change:
        people_ = change["assignment"]
        change = change | {
            "assignment": Assignment(
                ali if people_.lead_id == "ali" else people_.lead_id,
                ali if people_.co_id == "ali" else people_.co_id,
            )
        }
    rows[0] = dataclasses.replace(rows[0], **change)
    refused(store, error, says, lambda: rota.save_rota(store, group.id, rows))


def test_another_groups_session_cannot_be_saved_through_this_rota(
    store: Store, group: Group
) -> None:
    other = make_group(store, name="Other")
    theirs = make_session(store, other.id, date=dt.date(2025, 3, 4))
    row = RotaRow(theirs.id, theirs.date, None, Assignment())
    refused(
        store,
        ValidationError,
        "A session on this rota is no longer in this group.",
        lambda: rota.save_rota(store, group.id, [row]),
    )


def test_an_archived_group_is_not_planned(store: Store, group: Group) -> None:
    rows = march(store, group).rows
    groups.archive_group(store, group.id)
    refused(
        store,
        ValidationError,
        "This group is archived; restore it to plan its rota.",
        lambda: rota.save_rota(store, group.id, rows),
    )
    refused(
        store,
        NotFound,
        "That group is not in this store.",
        lambda: rota.save_rota(store, "x", rows),
    )


# --- planned against actual ----------------------------------------------------------------


def test_rota_history_shows_planned_and_actual(
    store: Store, group: Group, clock: FakeClock
) -> None:
    ali = add(store, "Ali", Stage.LEAD, group)
    bo = add(store, "Bo", Stage.LEAD, group)
    saved = rota.save_rota(
        store,
        group.id,
        [
            dataclasses.replace(row, assignment=Assignment(ali, bo))
            for row in march(store, group).rows
        ],
    )
    clock.now = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)
    sessions.set_status(store, saved[0].id, SessionStatus.HELD)
    sessions.record_on_the_night(store, saved[0].id, OnTheNight(bo, ali, chosen_by_group=True))
    sessions.set_status(store, saved[1].id, SessionStatus.CANCELLED)
    history = rota.rota_history(store, group.id, dt.date(2025, 3, 1), dt.date(2025, 3, 11))
    assert [(row.date, row.status) for row in history] == [
        (dt.date(2025, 3, 4), SessionStatus.HELD),
        (dt.date(2025, 3, 11), SessionStatus.CANCELLED),
    ]
    assert history[0].planned == Assignment(ali, bo)
    assert history[0].actual == Assignment(bo, ali)
    assert history[0].chosen_by_group
    assert history[1].actual == Assignment()
    assert not history[1].chosen_by_group


# --- a store from before the rota --------------------------------------------------------


def test_a_store_at_schema_6_gains_profiles_and_the_rota(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    key = os.urandom(32)
    conn = connect(folder / DB_NAME, key)
    migrate(conn, folder / DB_NAME, target=6)
    seed(conn, 6)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("organisation", "Riverside"), ("owner_person_id", "p1"), ("device_id", "dev")],
    )
    conn.close()
    keys = KeyFile(store_id="store-1")
    keys.add_passphrase_slot(key, PASSPHRASE, KdfParams())
    keys.save(folder, key)

    store = unlock_store(
        folder, PASSPHRASE, clock=FakeClock(dt.datetime(2025, 1, 7, 12, 0, tzinfo=dt.UTC))
    )
    try:
        assert schema_version(store.conn) == latest_version() >= 7
        (robin,) = facilitators.list_profiles(store)  # Siân is an archived support worker
        assert (robin.person_id, robin.stage, robin.availability) == ("p1", None, Availability())
        assert robin.pauses == robin.training == robin.stage_history == ()
        held = sessions.get_session(store, "s1")
        assert (held.lead_locked, held.co_locked, held.on_the_night) == (
            False,
            False,
            OnTheNight(),
        )
        history = rota.rota_history(store, "g1", dt.date(2025, 1, 1), dt.date(2025, 1, 31))
        assert [(row.session_id, row.planned, row.actual) for row in history] == [
            ("s1", Assignment("p1", "p2"), Assignment())
        ]
        # and the new things work on it
        facilitators.change_stage(store, "p1", Stage.LEAD, on=dt.date(2025, 1, 1), approved_by="M")
        facilitators.set_groups(store, "p1", ["g1"])
        proposal = rota.propose(store, "g1", dt.date(2025, 1, 8), dt.date(2025, 1, 31))
        assert [row.key for row in proposal.rows] == [
            f"{NEW_PREFIX}2025-01-14",
            f"{NEW_PREFIX}2025-01-21",
            f"{NEW_PREFIX}2025-01-28",
        ]
        assert {row.assignment.lead_id for row in proposal.rows} == {"p1"}
        saved = rota.save_rota(store, "g1", proposal.rows)
        assert len(saved) == 3
        assert store.integrity_problems() == []
    finally:
        store.close()
