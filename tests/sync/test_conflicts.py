"""Two devices change one thing without seeing each other: the newer wins everywhere,
the coordinator keeps the other value, and can put it back."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import NotFound, NotPermitted
from facilitator_app.domain.members import MemberFields
from facilitator_app.services import members, sessions
from facilitator_app.services import sync as sync_service
from tests.factories import make_member, make_session
from tests.sync.helpers import Org, field_value

OFFICE = "Quiet night; two new people"
LAPTOP = "Quiet night; one left early"


@pytest.fixture
def session_id(org: Org) -> str:
    found = make_session(org.coordinator, org.robins_group.id).id
    org.round_trip(org.robin)
    return found


def notes(org: Org, session_id: str) -> tuple[str, str]:
    return (
        sessions.get_session(org.coordinator, session_id).notes,
        sessions.get_session(org.robin.store, session_id).notes,
    )


def test_the_newer_change_wins_on_both_and_the_older_can_be_put_back(
    org: Org, session_id: str
) -> None:
    sessions.save_notes(org.coordinator, session_id, OFFICE)
    org.clock.advance(60)
    sessions.save_notes(org.robin.store, session_id, LAPTOP)

    org.round_trip(org.robin)

    assert notes(org, session_id) == (LAPTOP, LAPTOP)
    [conflict] = sync_service.conflicts(org.coordinator)
    assert (conflict.table, conflict.row_id, conflict.field) == ("sessions", session_id, "notes")
    assert (conflict.kept_value, conflict.lost_value) == (LAPTOP, OFFICE)
    assert conflict.kept_hlc > conflict.lost_hlc

    sync_service.restore_lost_value(org.coordinator, conflict.id)
    assert sync_service.conflicts(org.coordinator) == []
    [resolved] = sync_service.conflicts(org.coordinator, include_resolved=True)
    assert resolved.resolution == "restored the other value"
    org.round_trip(org.robin)
    assert notes(org, session_id) == (OFFICE, OFFICE)
    assert sync_service.conflicts(org.coordinator) == []


def test_the_coordinators_newer_change_wins_and_the_laptops_is_kept(
    org: Org, session_id: str
) -> None:
    sessions.save_notes(org.robin.store, session_id, LAPTOP)
    org.clock.advance(60)
    sessions.save_notes(org.coordinator, session_id, OFFICE)

    org.round_trip(org.robin)

    assert notes(org, session_id) == (OFFICE, OFFICE)
    [conflict] = sync_service.conflicts(org.coordinator)
    assert (conflict.kept_value, conflict.lost_value) == (OFFICE, LAPTOP)
    sync_service.restore_lost_value(org.coordinator, conflict.id)
    org.round_trip(org.robin)
    assert notes(org, session_id) == (LAPTOP, LAPTOP)


def test_a_change_made_after_seeing_the_other_is_no_conflict(org: Org, session_id: str) -> None:
    sessions.save_notes(org.coordinator, session_id, OFFICE)
    org.round_trip(org.robin)
    org.clock.advance(60)
    sessions.save_notes(org.robin.store, session_id, LAPTOP)

    org.round_trip(org.robin)

    assert notes(org, session_id) == (LAPTOP, LAPTOP)
    assert sync_service.conflicts(org.coordinator) == []


def test_the_same_conflict_arriving_twice_is_listed_once(org: Org, session_id: str) -> None:
    sessions.save_notes(org.coordinator, session_id, OFFICE)
    org.clock.advance(60)
    sessions.save_notes(org.robin.store, session_id, LAPTOP)
    [first] = org.export(org.robin.store)
    [second] = org.export(org.robin.store)  # not yet acknowledged: carries the same change

    sync_service.import_bundles(org.coordinator, [first])
    sync_service.import_bundles(org.coordinator, [second])

    assert len(sync_service.conflicts(org.coordinator)) == 1


def test_only_the_coordinator_sees_and_settles_conflicts(org: Org, session_id: str) -> None:
    with pytest.raises(NotPermitted):
        sync_service.conflicts(org.robin.store)
    with pytest.raises(NotPermitted):
        sync_service.restore_lost_value(org.robin.store, "any")
    with pytest.raises(NotFound):
        sync_service.restore_lost_value(org.coordinator, "no-such-conflict")


def test_a_delete_beats_a_later_edit_made_without_seeing_it(org: Org) -> None:
    member = make_member(org.coordinator, org.robins_group.id, name="Alex").id
    org.round_trip(org.robin)
    with org.coordinator.transaction():
        assert org.coordinator.delete("members", member)
    org.clock.advance(3600)  # the edit is an hour newer than the delete
    members.update_member(org.robin.store, member, MemberFields(name="Alexandra"))

    org.round_trip(org.robin)

    for store in (org.coordinator, org.robin.store):
        assert field_value(store, "members", member, "name") is None
    assert [m.name for m in members.list_members(org.robin.store, org.robins_group.id)] == []

    with org.coordinator.transaction():
        assert org.coordinator.restore("members", member)
    org.round_trip(org.robin)

    # Back on both, with the edit that arrived while it was deleted.
    for store in (org.coordinator, org.robin.store):
        assert field_value(store, "members", member, "name") == "Alexandra"
    assert [m.name for m in members.list_members(org.robin.store, org.robins_group.id)] == [
        "Alexandra"
    ]


def test_a_conflict_about_a_deleted_record_cannot_be_put_back(org: Org, session_id: str) -> None:
    sessions.save_notes(org.coordinator, session_id, OFFICE)
    org.clock.advance(60)
    sessions.save_notes(org.robin.store, session_id, LAPTOP)
    org.round_trip(org.robin)
    [conflict] = sync_service.conflicts(org.coordinator)
    with org.coordinator.transaction():
        org.coordinator.delete("sessions", session_id)

    with pytest.raises(NotFound) as caught:
        sync_service.restore_lost_value(org.coordinator, conflict.id)

    assert "no longer in the store" in caught.value.message
    assert len(sync_service.conflicts(org.coordinator)) == 1
