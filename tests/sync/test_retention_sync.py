"""Retention across devices: the coordinator's purge reaches laptops, which also purge on
the coordinator's schedule by themselves, and no purged text survives on either side."""

from __future__ import annotations

import datetime as dt

from facilitator_app.domain.retention import RecordType
from facilitator_app.services import incidents, members, retention, sessions
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.store import Store
from tests.factories import FIXED_NOW, PASSPHRASE, FakeClock, member_fields, snapshot
from tests.services.test_incidents import fields_of
from tests.sync.helpers import Org

CANARY = "Okapi-canary-9021"
YEARS = 365.25 * 24 * 3600


def years_later(clock: FakeClock, years: float) -> None:
    clock.now = FIXED_NOW + dt.timedelta(seconds=years * YEARS)


def every_text(store: Store) -> str:
    return repr(snapshot(store))


def ids_of(store: Store, table: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(f"SELECT id FROM {table}")}  # noqa: S608


def log_of(store: Store) -> list[tuple[str, int, str]]:
    return [
        (str(a), int(b), str(c))
        for a, b, c in store.conn.execute(
            "SELECT record_type, removed, how FROM purge_log ORDER BY id"
        )
    ]


def old_session_on_the_laptop(org: Org, robins_members: list[str]) -> str:
    """Robin's group's session, its register and notes, with one member who has left."""
    coordinator = org.coordinator
    (session_id,) = ids_of(coordinator, "sessions")
    sessions.take_register(coordinator, session_id, robins_members)
    sessions.save_notes(coordinator, session_id, f"Quiet week {CANARY}")
    members.update_member(coordinator, robins_members[0], member_fields(name=f"Alex {CANARY}"))
    members.remove_member(coordinator, robins_members[0])
    org.to_laptop(org.robin)
    assert CANARY in every_text(org.robin.store)
    return session_id


def test_the_coordinators_purge_reaches_a_laptop_and_is_recorded_there(
    org: Org, robins_members: list[str]
) -> None:
    session_id = old_session_on_the_laptop(org, robins_members)
    years_later(org.clock, 6.5)
    due = {line.record_type: line.count for line in retention.review(org.coordinator)}
    assert due[RecordType.SESSIONS] == 1
    assert due[RecordType.MEMBERS_LEFT] == 1

    retention.purge(org.coordinator, {RecordType.SESSIONS: 1, RecordType.MEMBERS_LEFT: 1})
    (result,) = org.to_laptop(org.robin)

    assert result.refused is None
    assert result.intake is not None
    assert result.intake.purged == 2
    laptop = org.robin.store
    assert session_id not in ids_of(laptop, "sessions")
    assert ids_of(laptop, "members") == {robins_members[1]}
    assert ids_of(laptop, "attendance") == set()
    assert log_of(laptop) == [
        ("sessions", 1, "from-coordinator"),
        ("members-left", 1, "from-coordinator"),
    ]
    assert CANARY not in every_text(laptop)
    assert CANARY not in every_text(org.coordinator)
    # The laptop's next bundle brings nothing back.
    org.round_trip(org.robin)
    assert session_id not in ids_of(org.coordinator, "sessions")
    assert CANARY not in every_text(org.coordinator)


def test_a_laptop_purges_on_the_coordinators_schedule_at_unlock(
    org: Org, robins_members: list[str]
) -> None:
    session_id = old_session_on_the_laptop(org, robins_members)
    retention.save_retention_rules(org.coordinator, {RecordType.SESSIONS: 12})
    org.to_laptop(org.robin)
    assert session_id in ids_of(org.robin.store, "sessions")  # not yet a year old
    folder = org.robin.store.folder
    org.robin.store.close()
    years_later(org.clock, 1.5)

    org.robin.store = unlock_store(folder, PASSPHRASE, clock=org.clock)

    laptop = org.robin.store
    assert ids_of(laptop, "sessions") == set()
    assert ids_of(laptop, "attendance") == set()
    assert log_of(laptop) == [("sessions", 1, "schedule")]
    assert f"Quiet week {CANARY}" not in every_text(laptop)
    # The laptop's own copy went; the coordinator's record stays, and nothing the
    # laptop sends removes it.
    org.round_trip(org.robin)
    assert session_id in ids_of(org.coordinator, "sessions")
    assert retention.purge_log(org.coordinator) == []


def test_a_schedule_arriving_in_a_bundle_is_followed_at_once(
    org: Org, robins_members: list[str]
) -> None:
    session_id = old_session_on_the_laptop(org, robins_members)
    years_later(org.clock, 2)  # under the default three years: the laptop keeps it

    retention.save_retention_rules(org.coordinator, {RecordType.SESSIONS: 12})
    (result,) = org.to_laptop(org.robin)

    assert result.intake is not None
    assert result.intake.purged == 1
    assert session_id not in ids_of(org.robin.store, "sessions")
    assert log_of(org.robin.store) == [("sessions", 1, "schedule")]


def test_a_laptops_late_edit_to_a_purged_session_is_scrubbed_at_the_coordinator(
    org: Org, robins_members: list[str]
) -> None:
    session_id = old_session_on_the_laptop(org, robins_members)
    years_later(org.clock, 4)
    # Robin edits the session before hearing of the purge.
    sessions.save_notes(org.robin.store, session_id, f"Late thought {CANARY}-late")
    retention.purge(org.coordinator, {RecordType.SESSIONS: 1})

    (result,) = org.to_coordinator(org.robin)

    assert result.refused is None
    assert session_id not in ids_of(org.coordinator, "sessions")
    assert "Late thought" not in every_text(org.coordinator)


def test_holds_stay_on_the_coordinators_store(org: Org, robins_members: list[str]) -> None:
    incident = incidents.submit(
        org.coordinator,
        incidents.save_draft(org.coordinator, None, fields_of(group_id=org.robins_group.id)).id,
    )
    retention.place_hold(org.coordinator, "incidents", incident.id)

    org.to_laptop(org.robin)

    laptop = org.robin.store
    assert ids_of(laptop, "retention_holds") == set()
    held = laptop.conn.execute(
        "SELECT count(*) FROM row_state WHERE table_name = 'retention_holds'"
    ).fetchone()[0]
    assert held == 0
