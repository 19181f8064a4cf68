"""Each bundle carries everything its recipient has not acknowledged, and no more."""

from __future__ import annotations

from facilitator_app.domain.facilitators import Availability
from facilitator_app.services import facilitators
from facilitator_app.services import sync as sync_service
from tests.factories import make_member
from tests.sync.helpers import Org, field_value, open_with, rows_in


def changed_fields(rows: list[list[object]]) -> set[tuple[str, str, str]]:
    return {(str(row[0]), str(row[1]), name) for row in rows for name in row[4]}  # type: ignore[attr-defined]


def test_a_lost_stick_loses_nothing(org: Org) -> None:
    org.round_trip(org.robin)
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Email only")
    [lost] = org.export(org.coordinator, only=org.robin.device_id)
    kit = make_member(org.coordinator, org.robins_group.id, name="Kit")
    [second] = org.export(org.coordinator, only=org.robin.device_id)

    carried = changed_fields(rows_in(org.robin.store, second))
    assert ("people", org.robin.person_id, "contact_preference") in carried
    assert ("members", kit.id, "name") in carried
    assert changed_fields(rows_in(org.robin.store, lost)) <= carried

    [result] = sync_service.import_bundles(org.robin.store, [second])
    assert result.intake is not None
    assert result.intake.added == 1
    assert result.intake.changed == 1
    assert field_value(org.robin.store, "people", org.robin.person_id, "contact_preference") == (
        "Email only"
    )
    assert field_value(org.robin.store, "members", kit.id, "name") == "Kit"

    # The lost stick turns up after all: older news, taken in without changing anything.
    [late] = sync_service.import_bundles(org.robin.store, [lost])
    assert late.intake is not None
    assert (late.intake.added, late.intake.changed, late.intake.deleted) == (0, 0, 0)
    assert field_value(org.robin.store, "members", kit.id, "name") == "Kit"


def test_a_laptops_lost_stick_loses_nothing(org: Org) -> None:
    org.round_trip(org.robin)
    store, me = org.robin.store, org.robin.person_id
    facilitators.save_availability(store, me, Availability(frozenset({0}), 3))
    org.export(store)  # lost
    facilitators.add_unavailable(store, me, org.clock.now.date(), org.clock.now.date())
    [second] = org.export(store)

    tables = {row[0] for row in rows_in(org.coordinator, second)}
    assert tables == {"people", "unavailable"}
    sync_service.import_bundles(org.coordinator, [second])
    profile = facilitators.get_profile(org.coordinator, me)
    assert profile.availability == Availability(frozenset({0}), 3)
    assert len(profile.unavailable) == 1


def test_once_acknowledged_the_coordinator_sends_none_of_it_again(org: Org) -> None:
    org.round_trip(org.robin)
    make_member(org.coordinator, org.robins_group.id, name="Kit")
    facilitators.save_details(org.coordinator, org.robin.person_id, "Robin", "Email only")
    [first] = org.export(org.coordinator, only=org.robin.device_id)
    sent = open_with(org.robin.store, first.read_bytes()).header
    assert sent.operation_count == 2
    sync_service.import_bundles(org.robin.store, [first])

    # Not acknowledged yet: the next bundle carries the same again.
    [again] = org.export(org.coordinator, only=org.robin.device_id)
    assert open_with(org.robin.store, again.read_bytes()).header.operation_count == 2

    [ack] = org.export(org.robin.store)
    header = open_with(org.coordinator, ack.read_bytes()).header
    assert header.acks == {org.coordinator.facts.device_id: sent.upto}
    sync_service.import_bundles(org.coordinator, [ack])

    [after] = org.export(org.coordinator, only=org.robin.device_id)
    opened = open_with(org.robin.store, after.read_bytes())
    assert opened.header.operation_count == 0
    assert opened.operations()["rows"] == []
    lines = {line.id: line for line in sync_service.sync_overview(org.coordinator)}
    assert lines[org.robin.device_id].waiting == 0


def test_once_acknowledged_a_laptop_sends_none_of_it_again(org: Org) -> None:
    org.round_trip(org.robin)
    facilitators.save_availability(
        org.robin.store, org.robin.person_id, Availability(max_per_month=1)
    )
    [first] = org.export(org.robin.store)
    assert open_with(org.coordinator, first.read_bytes()).header.operation_count == 1
    sync_service.import_bundles(org.coordinator, [first])
    [again] = org.export(org.robin.store)
    assert open_with(org.coordinator, again.read_bytes()).header.operation_count == 1

    org.to_laptop(org.robin)  # the acknowledgement rides back

    [after] = org.export(org.robin.store)
    opened = open_with(org.coordinator, after.read_bytes())
    assert opened.header.operation_count == 0
    assert opened.operations()["rows"] == []
