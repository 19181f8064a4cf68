"""A laptop restored from an older backup goes on syncing: nothing it sends is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.services import backups, members
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, make_member
from tests.sync.conftest import TemplateOrg
from tests.sync.helpers import Org
from tests.sync_setup import carry


def restore_robins_laptop(org: Org, template_org: TemplateOrg, backup: Path) -> Store:
    folder = org.robin.store.folder
    org.robin.store.close()
    backups.restore_backup(folder, backup, PASSPHRASE)
    return Store.open(folder, template_org.data_keys["robin"], clock=org.clock)


def member_names(store: Store, group_id: str) -> list[str]:
    return sorted(m.name for m in members.list_members(store, group_id))


def test_bundles_after_a_restore_are_taken_in_and_their_changes_arrive(
    org: Org, template_org: TemplateOrg
) -> None:
    org.round_trip(org.robin)
    backup = backups.make_backup(org.robin.store, org.stick())
    make_member(org.robin.store, org.robins_group.id, name="Sent after the backup")
    assert all(r.refused is None for r in org.to_coordinator(org.robin))

    robin = restore_robins_laptop(org, template_org, backup)
    try:
        assert "Sent after the backup" not in member_names(robin, org.robins_group.id)
        make_member(robin, org.robins_group.id, name="Made after the restore")
        results = carry(robin, org.coordinator, org.tmp)
        assert [r.refused for r in results] == [None]
        at_coordinator = member_names(org.coordinator, org.robins_group.id)
        assert "Made after the restore" in at_coordinator
        assert "Sent after the backup" in at_coordinator  # the coordinator keeps it
        # And the coordinator's bundles still reach the restored laptop.
        make_member(org.coordinator, org.robins_group.id, name="From the coordinator")
        back = carry(org.coordinator, robin, org.tmp, only=org.robin.device_id)
        assert [r.refused for r in back] == [None]
        assert "From the coordinator" in member_names(robin, org.robins_group.id)
    finally:
        robin.close()


def test_without_moving_the_numbers_the_coordinator_would_refuse_the_laptop(
    org: Org, template_org: TemplateOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why sync/restored.py exists: the rewound bundle number reads as a forged copy."""
    monkeypatch.setattr(backups, "move_past_backup", lambda _conn: None)
    org.round_trip(org.robin)
    backup = backups.make_backup(org.robin.store, org.stick())
    make_member(org.robin.store, org.robins_group.id, name="Sent after the backup")
    org.to_coordinator(org.robin)
    robin = restore_robins_laptop(org, template_org, backup)
    try:
        make_member(robin, org.robins_group.id, name="Made after the restore")
        [result] = carry(robin, org.coordinator, org.tmp)
        assert result.refused is not None
        assert "already imported" in result.refused
    finally:
        robin.close()
