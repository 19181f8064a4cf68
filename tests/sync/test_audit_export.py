"""Exporting bundles is written in the coordinator's audit log, in the transaction that
reserves each bundle's number; a laptop keeps no log."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import ExportCancelled
from facilitator_app.services import audit
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import Store
from tests.factories import snapshot
from tests.sync.helpers import Org


def exports(store: Store) -> dict[str, int]:
    return {
        str(ref): int(count)
        for ref, count in store.conn.execute(
            "SELECT ref, count FROM audit_log WHERE action = 'exported' AND kind = 'bundle'"
        )
    }


def test_each_bundle_exported_is_recorded_with_its_laptop_and_changes(org: Org) -> None:
    done = sync_service.export_bundles(org.coordinator, org.stick())

    changes = {exported.recipient: exported.changes for exported in done}
    assert exports(org.coordinator) == {
        org.robin.device_id: changes["Robin"],
        org.sam.device_id: changes["Sam"],
    }
    assert all(count > 0 for count in changes.values())
    assert audit.verify_audit_chain(org.coordinator).intact
    lines = audit.audit_entries(org.coordinator, audit.AuditAction.EXPORTED).lines
    assert sorted(line.what.split(" · ")[1] for line in lines) == ["for Robin", "for Sam"]


def test_an_export_stopped_before_any_bundle_is_made_records_nothing(org: Org) -> None:
    before = snapshot(org.coordinator)
    with pytest.raises(ExportCancelled):
        sync_service.export_bundles(org.coordinator, org.stick(), cancelled=lambda: True)
    assert snapshot(org.coordinator) == before


def test_a_laptops_export_is_not_recorded_there(org: Org) -> None:
    org.export(org.robin.store)
    assert org.robin.store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
