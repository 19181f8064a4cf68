"""Retention on a coordinator's store: periods, the review list, holds and the purge.

Records are written on FIXED_NOW (March 2025); the clock then moves years on, so
they fall due. Every text a record holds carries CANARY, so a test can look for any
trace of it anywhere in the store after a purge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import NotFound, NotPermitted, ValidationError
from facilitator_app.domain.incidents import Safeguarding, SafeguardingKind
from facilitator_app.domain.protocols import RecordField
from facilitator_app.domain.retention import DEFAULT_MONTHS, RecordType
from facilitator_app.services import (
    debriefs,
    drafts,
    facilitators,
    follow_ups,
    incidents,
    members,
    retention,
    sessions,
)
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import purge as purge_rows
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.store import Store, StoreRole
from tests.factories import (
    FIXED_NOW,
    PASSPHRASE,
    FakeClock,
    files_in,
    make_group,
    make_member,
    make_person,
    make_session,
    make_store,
    snapshot,
)
from tests.services.test_incidents import submitted

CANARY = "Zebra-canary-4417"
YEARS = 365.25 * 24 * 3600


@dataclass(frozen=True)
class Records:
    group_id: str
    session_id: str  # has a debrief and two incident records
    bare_session_id: str  # nothing refers to it
    member_id: str  # named by the safeguarding incident, then left
    left_member_id: str  # left, named by nothing
    staying_member_id: str
    safeguarding_id: str
    incident_id: str
    debrief_id: str
    supervision_person: str


def write_records(store: Store) -> Records:
    group = make_group(store)
    session = make_session(store, group.id, date=dt.date(2025, 3, 11), topic=f"Boundaries {CANARY}")
    bare = make_session(store, group.id, date=dt.date(2025, 3, 4), topic=f"Grounding {CANARY}")
    named = make_member(store, group.id, name=f"Ayşe {CANARY}")
    left = make_member(store, group.id, name=f"Jo {CANARY}")
    staying = make_member(store, group.id, name="Sam")
    sessions.take_register(store, session.id, [named.id, left.id, staying.id])
    sessions.take_register(store, bare.id, [left.id, staying.id])
    sessions.save_notes(store, bare.id, f"Quiet evening {CANARY}")
    safeguarding = submitted(
        store,
        group_id=group.id,
        session_id=session.id,
        member_id=named.id,
        notes={RecordField.OBSERVED: f"Disclosed at break {CANARY}"},
        safeguarding=Safeguarding(SafeguardingKind.ADULT_AT_RISK, True, False),
    )
    incidents.add_addendum(store, safeguarding, f"Called back next day {CANARY}")
    follow_ups.add_follow_up(store, safeguarding, f"Ring the GP {CANARY}", None, None)
    plain = submitted(
        store,
        group_id=group.id,
        session_id=session.id,
        notes={RecordField.OBSERVED: f"Flashback, settled {CANARY}"},
    )
    fields = DebriefFields(
        how_it_went=HowItWent.MIXED, topics=f"Trust {CANARY}", concerns=f"Tired {CANARY}"
    )
    debrief = debriefs.submit(store, debriefs.start_debrief(store, session.id, fields).id, fields)
    debriefs.add_addendum(store, debrief.id, f"Forgot to say {CANARY}")
    person = make_person(store, "Robin")
    facilitators.add_supervision(
        store, person.id, dt.date(2025, 3, 1), "Siân", note=f"Talked it over {CANARY}"
    )
    members.remove_member(store, named.id)
    members.remove_member(store, left.id)
    return Records(
        group.id,
        session.id,
        bare.id,
        named.id,
        left.id,
        staying.id,
        safeguarding,
        plain,
        debrief.id,
        person.id,
    )


@pytest.fixture
def records(store: Store) -> Records:
    return write_records(store)


def years_later(clock: FakeClock, years: float) -> None:
    clock.now = FIXED_NOW + dt.timedelta(seconds=years * YEARS)


def due(store: Store) -> dict[RecordType, tuple[int, int]]:
    """Per type: (how many are due, how many a hold keeps)."""
    return {line.record_type: (line.count, line.held) for line in retention.review(store)}


def ids_of(store: Store, table: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(f"SELECT id FROM {table}")}  # noqa: S608


def every_text(store: Store) -> str:
    """Every value of every table (the merge state and change log included), as text."""
    return repr(snapshot(store))


# --- periods ---------------------------------------------------------------------------


def test_defaults_until_the_coordinator_sets_periods(store: Store) -> None:
    lines = retention.retention_rules(store)

    assert [line.record_type for line in lines] == list(RecordType)
    assert {line.record_type: line.months for line in lines} == dict(DEFAULT_MONTHS)
    assert DEFAULT_MONTHS[RecordType.SAFEGUARDING] == 84
    assert DEFAULT_MONTHS[RecordType.SESSIONS] < DEFAULT_MONTHS[RecordType.DEBRIEFS]


def test_saved_periods_are_kept_and_synced(store: Store) -> None:
    lines = retention.save_retention_rules(
        store, {RecordType.SESSIONS: 24, RecordType.SUPERVISION: 60}
    )

    months = {line.record_type: line.months for line in lines}
    assert months[RecordType.SESSIONS] == 24
    assert months[RecordType.SUPERVISION] == 60
    assert months[RecordType.DEBRIEFS] == DEFAULT_MONTHS[RecordType.DEBRIEFS]
    logged = store.conn.execute(
        "SELECT row_id, value FROM change_log WHERE table_name = 'retention_rules' ORDER BY row_id"
    ).fetchall()
    assert logged == [("sessions", "24"), ("supervision", "60")]

    retention.save_retention_rules(store, {RecordType.SESSIONS: 18})
    assert retention.retention_rules(store)[0].months == 18


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "at least one month"),
        (-12, "at least one month"),
        (1201, "at most 100 years"),
        (10**9, "at most 100 years"),
        ("24", "whole number of months"),
        (2.5, "whole number of months"),
        (None, "whole number of months"),
        (True, "whole number of months"),
    ],
)
def test_a_bad_period_is_refused_and_nothing_changes(store: Store, value: Any, words: str) -> None:
    retention.save_retention_rules(store, {RecordType.SESSIONS: 30})
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        retention.save_retention_rules(store, {RecordType.SESSIONS: 12, RecordType.DEBRIEFS: value})

    assert words in caught.value.message
    assert "debriefs" in caught.value.message
    assert caught.value.field == RecordType.DEBRIEFS.value
    assert snapshot(store) == before  # the good session period was not kept either


def test_a_laptop_can_not_set_periods_holds_or_purge(tmp_path: Path) -> None:
    laptop = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR)
    try:
        before = snapshot(laptop)
        with pytest.raises(NotPermitted):
            retention.save_retention_rules(laptop, {RecordType.SESSIONS: 24})
        with pytest.raises(NotPermitted):
            retention.review(laptop)
        with pytest.raises(NotPermitted):
            retention.purge(laptop, {RecordType.SESSIONS: 0})
        with pytest.raises(NotPermitted):
            retention.place_hold(laptop, "incidents", "x")
        assert snapshot(laptop) == before
    finally:
        laptop.close()


# --- the review list -------------------------------------------------------------------


def test_nothing_is_due_while_records_are_young(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 2.9)

    assert all(count == 0 for count, _held in due(store).values())


def test_the_review_counts_each_type_and_keeps_what_records_still_need(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 3.5)
    lines = {line.record_type: line for line in retention.review(store)}

    # The session with a debrief and incident records stays while they are kept.
    assert lines[RecordType.SESSIONS].count == 1
    assert lines[RecordType.SESSIONS].oldest == dt.date(2025, 3, 4)
    assert lines[RecordType.DEBRIEFS].count == 0

    years_later(clock, 6.5)
    found = due(store)
    assert found[RecordType.DEBRIEFS] == (1, 0)
    assert found[RecordType.INCIDENTS] == (1, 0)
    assert found[RecordType.SUPERVISION] == (1, 0)
    assert found[RecordType.SAFEGUARDING] == (0, 0)  # seven years
    # The member named by the safeguarding record stays while it is kept.
    assert found[RecordType.MEMBERS_LEFT] == (1, 0)

    years_later(clock, 7.5)
    assert due(store)[RecordType.SAFEGUARDING] == (1, 0)


def test_an_addendum_or_a_follow_up_done_later_restarts_the_count(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 2)
    incidents.add_addendum(store, records.incident_id, "A later word")
    years_later(clock, 6.5)

    assert due(store)[RecordType.INCIDENTS] == (0, 0)
    years_later(clock, 8.1)
    assert due(store)[RecordType.INCIDENTS] == (1, 0)


# --- holds and the purge ---------------------------------------------------------------


def test_retention_purge_with_a_safeguarding_hold(
    store: Store, records: Records, clock: FakeClock
) -> None:
    second = submitted(
        store,
        group_id=records.group_id,
        notes={RecordField.OBSERVED: f"Second concern {CANARY}"},
        safeguarding=Safeguarding(SafeguardingKind.RISK_TO_SELF, True, False),
    )
    held = retention.place_hold(store, "incidents", records.safeguarding_id)
    assert held.kind_label == "Incident record"
    assert held.group_name == "Tuesday evening group"
    assert retention.is_held(store, "incidents", records.safeguarding_id)
    assert not retention.is_held(store, "incidents", second)
    years_later(clock, 7.5)
    assert due(store)[RecordType.SAFEGUARDING] == (1, 1)

    done = retention.purge(store, {RecordType.SAFEGUARDING: 1})

    assert done.removed == {RecordType.SAFEGUARDING: 1}
    assert done.held_kept == {RecordType.SAFEGUARDING: 1}
    assert ids_of(store, "incidents") == {records.safeguarding_id, records.incident_id}
    kept = incidents.incident_or_refuse(store, records.safeguarding_id)
    assert len(kept.addenda) == 1  # a held record keeps everything that belongs to it
    assert "Second concern" not in every_text(store)
    assert "Disclosed at break" in every_text(store)
    log = retention.purge_log(store)
    assert [(line.type_label, line.removed, line.held_kept) for line in log] == [
        ("Safeguarding records", 1, 1)
    ]
    assert log[0].how == "by Morgan"
    assert log[0].purged_at == clock.now
    assert [h.record_id for h in retention.held_records(store)] == [records.safeguarding_id]
    audit = store.conn.execute(
        "SELECT action, kind, ref, count FROM audit_log ORDER BY seq DESC"
    ).fetchone()
    assert tuple(audit) == ("purged", "safeguarding", None, 1)


def test_removing_the_hold_makes_the_record_due(
    store: Store, records: Records, clock: FakeClock
) -> None:
    retention.place_hold(store, "incidents", records.safeguarding_id)
    years_later(clock, 7.5)
    assert due(store)[RecordType.SAFEGUARDING] == (0, 1)

    retention.remove_hold(store, "incidents", records.safeguarding_id)

    assert not retention.is_held(store, "incidents", records.safeguarding_id)
    assert retention.held_records(store) == []
    assert due(store)[RecordType.SAFEGUARDING] == (1, 0)
    retention.purge(store, {RecordType.SAFEGUARDING: 1})
    assert records.safeguarding_id not in ids_of(store, "incidents")
    # The hold's own row goes with the record.
    assert ids_of(store, "retention_holds") == set()


def test_a_hold_can_be_placed_again_after_removal(store: Store, records: Records) -> None:
    retention.place_hold(store, "debriefs", records.debrief_id)
    retention.remove_hold(store, "debriefs", records.debrief_id)
    again = retention.place_hold(store, "debriefs", records.debrief_id)

    assert again.kind_label == "Debrief"
    assert again.on_date == dt.date(2025, 3, 11)
    assert store.conn.execute("SELECT count(*) FROM retention_holds").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("table", "record", "error"),
    [
        ("sessions", "session_id", ValidationError),
        ("members", "member_id", ValidationError),
        ("incidents", None, NotFound),
    ],
)
def test_a_hold_on_something_else_is_refused(
    store: Store, records: Records, table: str, record: str | None, error: type[Exception]
) -> None:
    before = snapshot(store)
    with pytest.raises(error):
        retention.place_hold(store, table, getattr(records, record) if record else "nope")
    with pytest.raises(NotFound):
        retention.remove_hold(store, "incidents", records.incident_id)
    assert snapshot(store) == before


def test_a_purge_refuses_when_the_list_changed_and_changes_nothing(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 6.5)
    assert due(store)[RecordType.DEBRIEFS] == (1, 0)
    retention.place_hold(store, "debriefs", records.debrief_id)  # after the list was shown
    before = snapshot(store)

    with pytest.raises(ValidationError) as caught:
        retention.purge(store, {RecordType.DEBRIEFS: 1, RecordType.SUPERVISION: 1})

    assert "changed since the list was shown" in caught.value.message
    assert snapshot(store) == before
    with pytest.raises(ValidationError):
        retention.purge(store, {})


def test_a_crash_in_the_middle_of_a_purge_changes_nothing(
    store: Store, records: Records, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    years_later(clock, 8)
    before = snapshot(store)
    calls = 0
    real = purge_rows._forget_history

    def fail_on_the_fifth(conn: Any, table: str, row_id: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError("disk went away")
        real(conn, table, row_id)

    monkeypatch.setattr(purge_rows, "_forget_history", fail_on_the_fifth)
    expected = {t: n for t, (n, _held) in due(store).items()}

    with pytest.raises(OSError, match="disk went away"):
        retention.purge(store, expected)

    assert calls == 5
    assert snapshot(store) == before
    monkeypatch.undo()
    assert retention.purge(store, expected).total == sum(expected.values())


def test_a_purge_takes_everything_that_belongs_to_a_record(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 8)
    expected = {t: n for t, (n, _held) in due(store).items()}
    assert expected == {
        RecordType.SESSIONS: 1,
        RecordType.DEBRIEFS: 1,
        RecordType.INCIDENTS: 1,
        RecordType.SAFEGUARDING: 1,
        RecordType.SUPERVISION: 1,
        RecordType.MEMBERS_LEFT: 1,
    }

    retention.purge(store, expected)

    for table in ("incidents", "incident_addenda", "debriefs", "debrief_addenda", "follow_ups"):
        assert ids_of(store, table) == set(), table
    assert ids_of(store, "supervision") == set()
    # The safeguarding record and debrief are gone now, but were counted in this purge:
    # their session and member go at the next review, as the list will say.
    assert ids_of(store, "sessions") == {records.session_id}
    assert ids_of(store, "members") == {records.member_id, records.staying_member_id}
    marks = store.conn.execute("SELECT session_id, member_id FROM attendance").fetchall()
    assert sorted(marks) == sorted(
        [(records.session_id, records.member_id), (records.session_id, records.staying_member_id)]
    )
    assert due(store)[RecordType.SESSIONS] == (1, 0)
    assert due(store)[RecordType.MEMBERS_LEFT] == (1, 0)
    retention.purge(store, {RecordType.SESSIONS: 1, RecordType.MEMBERS_LEFT: 1})
    assert ids_of(store, "sessions") == set()
    assert ids_of(store, "members") == {records.staying_member_id}
    assert ids_of(store, "attendance") == set()
    assert store.integrity_problems() == []


def test_a_purged_record_leaves_no_text_anywhere_in_the_store(
    store: Store, records: Records, clock: FakeClock
) -> None:
    # Typing about the session kept at lock, and a conflict about it, hold its text too.
    drafts.save_drafts(
        store, {"session-editor": {"session_id": records.bare_session_id, "topic": CANARY}}
    )
    with store.transaction():
        store.conn.execute(
            "INSERT INTO conflicts (id, table_name, row_id, field, kept_value, kept_hlc, "
            "lost_value, lost_hlc, noticed_at) VALUES ('c1', 'sessions', ?, 'notes', "
            "'x', 'h1', ?, 'h0', 'now')",
            [records.bare_session_id, f'"{CANARY}"'],
        )
    assert CANARY in every_text(store)
    years_later(clock, 8)
    retention.purge(store, {t: n for t, (n, _held) in due(store).items()})
    retention.purge(store, {t: n for t, (n, _held) in due(store).items()})

    assert CANARY not in every_text(store)
    # Tombstones keep the ids sync needs, never a written value.
    tombstones = store.conn.execute("SELECT length, fields FROM row_state WHERE length % 2 = 0")
    for length, fields in tombstones:
        assert length == purge_rows.PURGED_LENGTH  # a purge, never restored
        assert set(json.loads(fields)) <= {"group_id", "session_id", "author_id"}
    # Nothing readable in any file either, and the write-ahead log was emptied.
    assert (store.folder / f"{DB_NAME}-wal").stat().st_size == 0
    for name, data in files_in(store.folder).items():
        assert CANARY.encode() not in data, name
    # What stayed is readable: the member who did not leave and her own records.
    assert [m.name for m in members.list_members(store, records.group_id)] == ["Sam"]


def test_the_purge_log_never_names_records_or_people(
    store: Store, records: Records, clock: FakeClock
) -> None:
    years_later(clock, 8)
    retention.purge(store, {t: n for t, (n, _held) in due(store).items()})

    rows = store.conn.execute("SELECT * FROM purge_log").fetchall()
    text = repr(rows)
    assert len(rows) == len(RecordType)
    for value in dataclasses.astuple(records):
        if value != store.facts.owner_person_id:
            assert value not in text
    assert "Morgan" not in text
    assert CANARY not in text


def test_a_failed_scheduled_purge_does_not_keep_a_laptop_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR).close()

    def broken(store: Store, today: dt.date) -> dict[RecordType, int]:
        raise RuntimeError(f"{CANARY} should never reach the log")

    monkeypatch.setattr(retention, "purge_on_schedule", broken)
    laptop = unlock_store(tmp_path / "laptop", PASSPHRASE)
    try:
        assert laptop.is_open
        assert "The scheduled purge did not run (RuntimeError)" in caplog.text
        assert CANARY not in caplog.text
    finally:
        laptop.close()
