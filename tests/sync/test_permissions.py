"""The coordinator takes from a laptop only what its facilitator may change.

The app on a laptop already refuses the other edits; here a laptop writes them into
its store directly, as an old, damaged or altered laptop might, and the coordinator
must skip them and send back its own value, which then wins on the laptop.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from facilitator_app.domain.errors import NotPermitted
from facilitator_app.domain.facilitators import Availability
from facilitator_app.domain.sessions import SessionFields
from facilitator_app.services import facilitators, sessions
from facilitator_app.store.store import Store
from tests.factories import make_member, make_session, session_fields
from tests.sync.helpers import Org, field_value

DAY = dt.date(2025, 3, 18)


@pytest.fixture
def rota(org: Org) -> dict[str, str]:
    """Robin leads a session in Robin's group with Sam; Sam's group has a session too."""
    c = org.coordinator
    robin, sam = org.robin.person_id, org.sam.person_id
    found = {
        "member": make_member(c, org.robins_group.id, name="Alex").id,
        "session": make_session(c, org.robins_group.id, lead_id=robin, co_facilitator_id=sam).id,
        "sams_session": make_session(c, org.sams_group.id, topic="Sam's night").id,
    }
    facilitators.save_availability(c, sam, Availability(frozenset({3}), 2))
    org.round_trip(org.robin)
    org.round_trip(org.sam)
    return found


def altered_laptop_writes(store: Store, table: str, row_id: str, values: dict[str, Any]) -> None:
    with store.transaction():
        assert store.update(table, row_id, values)


def row(store: Store, table: str, row_id: str) -> tuple[Any, ...] | None:
    found = store.conn.execute(
        f"SELECT * FROM {table} WHERE id = ?",  # noqa: S608 - names from the test
        [row_id],
    ).fetchone()
    return None if found is None else tuple(found)


def skipped_at_coordinator(org: Org) -> int:
    [result] = org.to_coordinator(org.robin)
    assert result.refused is None
    assert result.intake is not None
    return result.intake.skipped


def test_the_rota_is_the_coordinators_to_change(org: Org, rota: dict[str, str]) -> None:
    laptop, session = org.robin.store, rota["session"]
    with pytest.raises(NotPermitted):  # the app itself refuses
        sessions.update_session(laptop, session, session_fields(lead_id=org.sam.person_id))
    coordinators = row(org.coordinator, "sessions", session)
    altered_laptop_writes(laptop, "sessions", session, {"lead_id": org.sam.person_id})

    assert skipped_at_coordinator(org) == 1
    assert row(org.coordinator, "sessions", session) == coordinators
    org.round_trip(org.robin)
    assert field_value(laptop, "sessions", session, "lead_id") == org.robin.person_id
    assert row(laptop, "sessions", session) == row(org.coordinator, "sessions", session)


def test_the_rota_change_is_refused_but_other_fields_of_the_session_are_taken(
    org: Org, rota: dict[str, str]
) -> None:
    laptop, session = org.robin.store, rota["session"]
    altered_laptop_writes(
        laptop, "sessions", session, {"co_facilitator_id": None, "topic": "Grounding"}
    )

    assert skipped_at_coordinator(org) == 1
    assert field_value(org.coordinator, "sessions", session, "topic") == "Grounding"
    org.round_trip(org.robin)
    assert field_value(laptop, "sessions", session, "co_facilitator_id") == org.sam.person_id
    assert row(laptop, "sessions", session) == row(org.coordinator, "sessions", session)


def test_another_groups_session_is_not_taken(org: Org, rota: dict[str, str]) -> None:
    laptop, sams_session = org.robin.store, rota["sams_session"]
    assert row(laptop, "sessions", sams_session) is None
    coordinators = row(org.coordinator, "sessions", sams_session)
    # A laptop that somehow holds Sam's session rewrites it.
    with laptop.foreign_keys_off(), laptop.transaction():
        laptop.insert(
            "sessions",
            sams_session,
            {
                "group_id": org.sams_group.id,
                "date": "2025-03-20",
                "topic": "Changed by Robin's laptop",
                "status": "cancelled",
            },
        )

    assert skipped_at_coordinator(org) == 4
    assert row(org.coordinator, "sessions", sams_session) == coordinators
    # Nor does Robin's laptop learn anything of Sam's session in return.
    org.round_trip(org.robin)
    assert field_value(laptop, "sessions", sams_session, "topic") == "Changed by Robin's laptop"
    # and Sam's laptop keeps the coordinator's version
    org.round_trip(org.sam)
    assert row(org.sam.store, "sessions", sams_session) == coordinators


def test_a_session_cannot_be_moved_to_another_group(org: Org, rota: dict[str, str]) -> None:
    laptop, session = org.robin.store, rota["session"]
    with laptop.foreign_keys_off(), laptop.transaction():
        laptop.update("sessions", session, {"group_id": org.sams_group.id})

    assert skipped_at_coordinator(org) == 1
    assert field_value(org.coordinator, "sessions", session, "group_id") == org.robins_group.id
    org.round_trip(org.robin)
    assert field_value(laptop, "sessions", session, "group_id") == org.robins_group.id


def test_another_persons_availability_is_not_taken(org: Org, rota: dict[str, str]) -> None:
    laptop, sam = org.robin.store, org.sam.person_id
    with pytest.raises(NotPermitted):
        facilitators.save_availability(laptop, sam, Availability(frozenset({0})))
    coordinators = row(org.coordinator, "people", sam)
    altered_laptop_writes(laptop, "people", sam, {"usual_weekdays": "0", "name": "Samantha"})

    assert skipped_at_coordinator(org) == 2
    assert row(org.coordinator, "people", sam) == coordinators
    assert facilitators.get_profile(org.coordinator, sam).availability == Availability(
        frozenset({3}), 2
    )
    org.round_trip(org.robin)
    # Sam's name is what Robin's laptop may see of Sam: the coordinator's wins there.
    assert field_value(laptop, "people", sam, "name") == "Sam"


def test_someone_elses_time_away_is_not_taken(org: Org, rota: dict[str, str]) -> None:
    laptop = org.robin.store
    with pytest.raises(NotPermitted):
        facilitators.add_unavailable(laptop, org.sam.person_id, DAY, DAY)
    with laptop.transaction():
        laptop.insert(
            "unavailable",
            "planted-by-robin",
            {"person_id": org.sam.person_id, "first_day": "2025-03-18", "last_day": "2025-03-18"},
        )

    assert skipped_at_coordinator(org) >= 3
    assert row(org.coordinator, "unavailable", "planted-by-robin") is None
    assert facilitators.get_profile(org.coordinator, org.sam.person_id).unavailable == ()


def test_the_register_of_ones_own_groups_session_is_taken(org: Org, rota: dict[str, str]) -> None:
    laptop = org.robin.store
    sessions.take_register(laptop, rota["session"], [rota["member"]])

    assert skipped_at_coordinator(org) == 0
    org.round_trip(org.robin)
    assert register(org.coordinator, rota["session"]) == [("Alex", True)]
    assert register(laptop, rota["session"]) == [("Alex", True)]
    sessions.take_register(laptop, rota["session"], [])
    assert skipped_at_coordinator(org) == 0
    assert register(org.coordinator, rota["session"]) == [("Alex", False)]


def register(store: Store, session_id: str) -> list[tuple[str, bool]]:
    return [(line.name, line.present) for line in sessions.register(store, session_id)]


def test_a_session_planned_in_ones_own_group_is_taken(org: Org, rota: dict[str, str]) -> None:
    laptop = org.robin.store
    planned = sessions.plan_session(
        laptop, org.robins_group.id, SessionFields(DAY + dt.timedelta(days=7), topic="Extra")
    )

    # An empty lead and co-facilitator on a new session are not a rota decision.
    assert skipped_at_coordinator(org) == 0
    org.round_trip(org.robin)
    at_coordinator = sessions.get_session(org.coordinator, planned.id)
    assert at_coordinator.fields.topic == "Extra"
    assert at_coordinator == sessions.get_session(laptop, planned.id)


def test_ones_own_availability_and_time_away_are_taken(org: Org, rota: dict[str, str]) -> None:
    laptop, me = org.robin.store, org.robin.person_id
    facilitators.save_availability(laptop, me, Availability(frozenset({1, 2}), 3))
    facilitators.add_unavailable(laptop, me, DAY, DAY + dt.timedelta(days=6))
    facilitators.pause(laptop, me, DAY, None, "A rest")

    assert skipped_at_coordinator(org) == 0
    org.round_trip(org.robin)
    at_coordinator = facilitators.get_profile(org.coordinator, me)
    on_laptop = facilitators.get_profile(laptop, me)
    assert at_coordinator.availability == Availability(frozenset({1, 2}), 3)
    assert [(u.span.first, u.span.last) for u in at_coordinator.unavailable] == [
        (DAY, DAY + dt.timedelta(days=6))
    ]
    assert [(p.span.first, p.reason) for p in at_coordinator.pauses] == [(DAY, "A rest")]
    assert at_coordinator.availability == on_laptop.availability
    assert at_coordinator.unavailable == on_laptop.unavailable
    assert at_coordinator.pauses == on_laptop.pauses

    facilitators.remove_unavailable(laptop, at_coordinator.unavailable[0].id)
    assert skipped_at_coordinator(org) == 0
    assert facilitators.get_profile(org.coordinator, me).unavailable == ()


def test_a_laptop_cannot_delete_a_member(org: Org, rota: dict[str, str]) -> None:
    laptop, member = org.robin.store, rota["member"]
    with laptop.transaction():
        assert laptop.delete("members", member)

    assert skipped_at_coordinator(org) == 1
    assert field_value(org.coordinator, "members", member, "name") == "Alex"
    org.round_trip(org.robin)
    assert row(laptop, "members", member) == row(org.coordinator, "members", member)


def test_a_laptop_cannot_restore_a_member_the_coordinator_deleted(
    org: Org, rota: dict[str, str]
) -> None:
    laptop, member = org.robin.store, rota["member"]
    with org.coordinator.transaction():
        assert org.coordinator.delete("members", member)
    org.round_trip(org.robin)
    assert row(laptop, "members", member) is None
    with laptop.transaction():
        assert laptop.restore("members", member)

    assert skipped_at_coordinator(org) == 1
    assert row(org.coordinator, "members", member) is None
    org.round_trip(org.robin)
    assert row(laptop, "members", member) is None
