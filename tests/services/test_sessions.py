"""Sessions: plan, edit, register, head-count, notes, held or cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.groups import GroupKind
from facilitator_app.domain.sessions import HEADCOUNT_MAX, SESSION_NOTE_MAX, SessionStatus
from facilitator_app.services import groups, members, sessions
from facilitator_app.store.store import Store
from tests.factories import (
    INTERNATIONAL_NAMES,
    assert_logged,
    change_log,
    last_seq,
    make_group,
    make_member,
    make_person,
    make_session,
    replace,
    session_fields,
    snapshot,
)

# --- planning --------------------------------------------------------------------------


def test_plan_a_session(store: Store) -> None:
    group = make_group(store, venue="Community hall, room 2")
    lead, co = make_person(store, "Ash"), make_person(store, "Bea")
    seq = last_seq(store)
    session = sessions.plan_session(
        store, group.id, session_fields(lead_id=lead.id, co_facilitator_id=co.id)
    )
    assert session.group_id == group.id
    assert session.status is SessionStatus.PLANNED
    assert session.notes == ""
    assert session.headcount is None
    assert (session.fields.lead_id, session.fields.co_facilitator_id) == (lead.id, co.id)
    assert sessions.list_sessions(store, group.id) == [session]
    assert sessions.get_session(store, session.id) == session
    assert_logged(
        store,
        seq,
        "sessions",
        session.id,
        {"group_id", "date", "start_time", "end_time", "venue", "lead_id", "status", "notes"},
    )


def test_venue_defaults_to_the_groups_venue(store: Store) -> None:
    group = make_group(store, venue="Library meeting room")
    assert make_session(store, group.id, venue="").fields.venue == "Library meeting room"
    assert make_session(store, group.id, venue="  ").fields.venue == "Library meeting room"
    assert make_session(store, group.id, venue="Park café").fields.venue == "Park café"


def test_sessions_are_listed_by_date_and_time(store: Store) -> None:
    group = make_group(store)
    late = make_session(store, group.id, date=dt.date(2025, 3, 18), start_time=dt.time(19))
    early = make_session(store, group.id, date=dt.date(2025, 3, 18), start_time=dt.time(9))
    first = make_session(store, group.id, date=dt.date(2025, 3, 11))
    listed = [s.id for s in sessions.list_sessions(store, group.id)]
    assert listed == [first.id, early.id, late.id]


def test_edit_a_session(store: Store) -> None:
    group = make_group(store)
    session = make_session(store, group.id)
    seq = last_seq(store)
    edited = sessions.update_session(
        store, session.id, replace(session.fields, topic="Boundaries", end_time=dt.time(20, 30))
    )
    assert edited.fields.topic == "Boundaries"
    assert edited.fields.end_time == dt.time(20, 30)
    logged = assert_logged(store, seq, "sessions", session.id, {"topic", "end_time"})
    assert {row.field for row in logged} == {"topic", "end_time"}


def test_no_sessions_for_an_archived_group(store: Store) -> None:
    group = make_group(store)
    groups.archive_group(store, group.id)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="This group is archived; restore it"):
        make_session(store, group.id)
    assert snapshot(store) == before


BAD_SESSIONS = {
    "ends before it starts": (
        {"start_time": dt.time(18, 30), "end_time": dt.time(17, 0)},
        "end_time",
        "The session ends before it starts.",
    ),
    "ends as it starts": (
        {"start_time": dt.time(18, 30), "end_time": dt.time(18, 30)},
        "end_time",
        "The session ends before it starts.",
    ),
    "control character in venue": ({"venue": "Hall\x07"}, "venue", "The venue can't contain"),
    "huge topic": ({"topic": "x" * 100_000}, "topic", "can hold at most 500 characters"),
}


@pytest.mark.parametrize("case", sorted(BAD_SESSIONS))
def test_bad_sessions_are_refused_and_change_nothing(store: Store, case: str) -> None:
    overrides, field, words = BAD_SESSIONS[case]
    group = make_group(store)
    existing = make_session(store, group.id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        make_session(store, group.id, **overrides)
    assert caught.value.field == field
    assert words in caught.value.message
    with pytest.raises(ValidationError):
        sessions.update_session(store, existing.id, session_fields(**overrides))
    assert snapshot(store) == before


def test_the_same_person_cannot_lead_and_co_facilitate(store: Store) -> None:
    group = make_group(store)
    ash = make_person(store, "Ash")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        make_session(store, group.id, lead_id=ash.id, co_facilitator_id=ash.id)
    assert caught.value.field == "co_facilitator_id"
    assert caught.value.message == ("The lead and the co-facilitator need to be different people.")
    assert snapshot(store) == before


@pytest.mark.parametrize("role", ["lead_id", "co_facilitator_id"])
def test_an_unknown_facilitator_is_refused(store: Store, role: str) -> None:
    group = make_group(store)
    existing = make_session(store, group.id)
    before = snapshot(store)
    with pytest.raises(NotFound, match="That person is not in this store"):
        make_session(store, group.id, **{role: "no-such-person"})
    with pytest.raises(NotFound):
        sessions.update_session(store, existing.id, session_fields(**{role: "no-such-person"}))
    assert snapshot(store) == before


# --- the register --------------------------------------------------------------------


def test_take_the_register(store: Store) -> None:
    group = make_group(store)
    ana = make_member(store, group.id, name="Ana")
    bo = make_member(store, group.id, name="Bo")
    session = make_session(store, group.id)
    assert [(line.name, line.present) for line in sessions.register(store, session.id)] == [
        ("Ana", False),
        ("Bo", False),
    ]
    seq = last_seq(store)
    lines = sessions.take_register(store, session.id, [bo.id])
    assert [(line.member_id, line.present) for line in lines] == [(ana.id, False), (bo.id, True)]
    assert sessions.register(store, session.id) == lines
    logged = [row for row in change_log(store) if row.seq > seq]
    assert {row.table for row in logged} == {"attendance"}
    assert {row.field for row in logged} == {"session_id", "member_id", "present"}
    assert len({row.row_id for row in logged}) == 2  # a row for each member
    assert_logged(store, seq, "attendance", logged[0].row_id, {"present"})


def test_taking_the_register_again_corrects_it(store: Store) -> None:
    group = make_group(store)
    ana = make_member(store, group.id, name="Ana")
    bo = make_member(store, group.id, name="Bo")
    session = make_session(store, group.id)
    sessions.take_register(store, session.id, [ana.id])
    seq = last_seq(store)
    lines = sessions.take_register(store, session.id, [bo.id])
    assert [line.present for line in lines] == [False, True]
    rows = store.conn.execute("SELECT count(*) FROM attendance").fetchone()[0]
    assert rows == 2
    logged = [row for row in change_log(store) if row.seq > seq]
    assert [(row.field, row.value) for row in logged] == [("present", "0"), ("present", "1")]


def test_only_members_of_the_group_can_be_marked_present(store: Store) -> None:
    group = make_group(store)
    other_group = make_group(store, name="Other group")
    ours = make_member(store, group.id, name="Ana")
    theirs = make_member(store, other_group.id, name="Bo")
    session = make_session(store, group.id)
    before = snapshot(store)
    for present in ([theirs.id], [ours.id, theirs.id], ["no-such-member"]):
        with pytest.raises(ValidationError) as caught:
            sessions.take_register(store, session.id, present)
        assert caught.value.message == "Only current members of this group can be marked present."
    assert snapshot(store) == before


def test_a_cancelled_session_has_no_register(store: Store) -> None:
    group = make_group(store)
    member = make_member(store, group.id)
    session = make_session(store, group.id)
    sessions.set_status(store, session.id, SessionStatus.CANCELLED)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        sessions.take_register(store, session.id, [member.id])
    assert caught.value.message == "This session was cancelled, so it has no register."
    assert snapshot(store) == before


def test_past_attendance_stays_when_a_member_leaves(store: Store) -> None:
    group = make_group(store)
    member = make_member(store, group.id, name="Ana")
    session = make_session(store, group.id)
    sessions.take_register(store, session.id, [member.id])
    members.remove_member(store, member.id)
    assert [(line.name, line.present) for line in sessions.register(store, session.id)] == [
        ("Ana", True)
    ]


# --- head-counts -----------------------------------------------------------------------


def test_head_count_for_a_drop_in(store: Store) -> None:
    group = make_group(store, kind=GroupKind.DROP_IN)
    session = make_session(store, group.id)
    seq = last_seq(store)
    assert sessions.set_headcount(store, session.id, 7).headcount == 7
    assert_logged(store, seq, "sessions", session.id, {"headcount"})
    assert sessions.set_headcount(store, session.id, None).headcount is None


@pytest.mark.parametrize("kind", [GroupKind.CLOSED, GroupKind.OPEN, GroupKind.ACTIVITY])
def test_head_count_only_for_drop_ins(store: Store, kind: GroupKind) -> None:
    session = make_session(store, make_group(store, kind=kind).id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        sessions.set_headcount(store, session.id, 5)
    assert caught.value.message == (
        "Head-counts are for drop-in groups; this group keeps a register."
    )
    assert snapshot(store) == before


@pytest.mark.parametrize("count", [0, HEADCOUNT_MAX])
def test_head_count_limits_are_allowed(store: Store, count: int) -> None:
    session = make_session(store, make_group(store, kind=GroupKind.DROP_IN).id)
    assert sessions.set_headcount(store, session.id, count).headcount == count


@pytest.mark.parametrize("count", [-1, HEADCOUNT_MAX + 1])
def test_head_count_out_of_range(store: Store, count: int) -> None:
    session = make_session(store, make_group(store, kind=GroupKind.DROP_IN).id)
    before = snapshot(store)
    with pytest.raises(ValidationError, match=f"between 0 and {HEADCOUNT_MAX}"):
        sessions.set_headcount(store, session.id, count)
    assert snapshot(store) == before


def test_a_cancelled_drop_in_has_no_head_count(store: Store) -> None:
    session = make_session(store, make_group(store, kind=GroupKind.DROP_IN).id)
    sessions.set_status(store, session.id, SessionStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled, so nobody attended"):
        sessions.set_headcount(store, session.id, 4)
    assert sessions.set_headcount(store, session.id, 0).headcount == 0


# --- notes and status ------------------------------------------------------------------


def test_save_notes(store: Store) -> None:
    session = make_session(store, make_group(store).id)
    seq = last_seq(store)
    note = "Quiet week.\n\tTwo people arrived late.\nEveryone stayed for the close."
    assert sessions.save_notes(store, session.id, f"\n{note}\n  ").notes == note
    assert sessions.get_session(store, session.id).notes == note
    assert_logged(store, seq, "sessions", session.id, {"notes"})


def test_notes_up_to_the_limit_are_kept(store: Store) -> None:
    session = make_session(store, make_group(store).id)
    note = "x" * SESSION_NOTE_MAX
    assert sessions.save_notes(store, session.id, note).notes == note


def test_a_100000_character_note_is_refused_and_nothing_changes(store: Store) -> None:
    group = make_group(store)
    session = make_session(store, group.id)
    sessions.save_notes(store, session.id, "Notes already there.")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        sessions.save_notes(store, session.id, "x" * 100_000)
    assert caught.value.field == "notes"
    assert "100,000 characters" in caught.value.message
    assert f"can hold at most {SESSION_NOTE_MAX:,} characters" in caught.value.message
    assert "\n" not in caught.value.message
    assert snapshot(store) == before
    assert sessions.get_session(store, session.id).notes == "Notes already there."


def test_control_characters_in_notes_are_refused(store: Store) -> None:
    session = make_session(store, make_group(store).id)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="can't contain invisible control characters"):
        sessions.save_notes(store, session.id, "Said\x00nothing")
    assert snapshot(store) == before


@pytest.mark.parametrize("text", INTERNATIONAL_NAMES)
def test_notes_in_any_script_read_back_intact_after_reopening(
    store: Store, reopen: Callable[[], Store], text: str
) -> None:
    session = make_session(store, make_group(store).id, topic=text)
    sessions.save_notes(store, session.id, f"{text}\n{text}")
    again = sessions.get_session(reopen(), session.id)
    assert again.notes == f"{text}\n{text}"
    assert again.fields.topic == text


@pytest.mark.parametrize("status", [SessionStatus.HELD, SessionStatus.CANCELLED])
def test_mark_held_or_cancelled(store: Store, status: SessionStatus) -> None:
    session = make_session(store, make_group(store).id)
    seq = last_seq(store)
    assert sessions.set_status(store, session.id, status).status is status
    assert sessions.get_session(store, session.id).status is status
    assert_logged(store, seq, "sessions", session.id, {"status"})


# --- unknown ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: sessions.list_sessions(s, "nope"), "That group is not in this store."),
        (lambda s: sessions.plan_session(s, "nope", session_fields()), "That group"),
        (lambda s: sessions.get_session(s, "nope"), "That session is not in this store."),
        (lambda s: sessions.update_session(s, "nope", session_fields()), "That session"),
        (lambda s: sessions.register(s, "nope"), "That session"),
        (lambda s: sessions.take_register(s, "nope", []), "That session"),
        (lambda s: sessions.set_headcount(s, "nope", 3), "That session"),
        (lambda s: sessions.save_notes(s, "nope", "text"), "That session"),
        (lambda s: sessions.set_status(s, "nope", SessionStatus.HELD), "That session"),
    ],
    ids=["list", "plan", "get", "update", "register", "take", "headcount", "notes", "status"],
)
def test_unknown_ids(store: Store, action: Callable[[Store], object], message: str) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound) as caught:
        action(store)
    assert caught.value.message.startswith(message)
    assert snapshot(store) == before
