"""A laptop restored from an older backup goes on syncing: nothing it sends is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.domain.erasure import ERASED_MEMBER
from facilitator_app.services import backups, erasure, members, sessions
from facilitator_app.store.store import Store
from facilitator_app.sync import restored
from facilitator_app.sync.device_rows import load_outbox
from facilitator_app.sync.keyring import ORGANISATION
from tests.factories import PASSPHRASE, make_member, snapshot
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
        # Asked to send everything again, the coordinator sent what the backup missed.
        assert "Sent after the backup" in member_names(robin, org.robins_group.id)
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


def test_a_laptop_restored_elsewhere_erases_a_member_erased_after_its_backup(
    org: Org, template_org: TemplateOrg, robins_members: list[str]
) -> None:
    """A new laptop: no erased.json beside the restored store, so the erasure comes by sync."""
    alex, jo = robins_members
    (session,) = sessions.list_sessions(org.coordinator, org.robins_group.id)
    sessions.save_notes(org.coordinator, session.id, "Alex brought biscuits")
    org.round_trip(org.robin)
    backup = backups.make_backup(org.robin.store, org.stick())
    erasure.erase_member(
        org.coordinator, alex, erasure.preview_erasure(org.coordinator, alex).counts
    )
    org.round_trip(org.robin)
    org.robin.store.close()
    folder = org.tmp / "new-laptop"
    backups.restore_backup(folder, backup, PASSPHRASE)
    robin = Store.open(folder, template_org.data_keys["robin"], clock=org.clock)
    try:
        assert "Alex" in member_names(robin, org.robins_group.id)

        for result in [
            *carry(robin, org.coordinator, org.tmp),
            *carry(org.coordinator, robin, org.tmp, only=org.robin.device_id),
        ]:
            assert result.refused is None, result.refused

        assert member_names(robin, org.robins_group.id) == ["Jo"]
        assert [m.id for m in members.list_members(robin, org.robins_group.id)] == [jo]
        notes = robin.conn.execute("SELECT notes FROM sessions").fetchone()[0]
        assert notes == f"{ERASED_MEMBER} brought biscuits"
        assert not any("Alex" in repr(row) for rows in snapshot(robin).values() for row in rows)
    finally:
        robin.close()


def test_the_request_to_send_everything_stops_once_answered(
    org: Org, template_org: TemplateOrg
) -> None:
    org.round_trip(org.robin)
    backup = backups.make_backup(org.robin.store, org.stick())
    robin = restore_robins_laptop(org, template_org, backup)
    try:
        assert asks_to_resend(robin)

        carry(robin, org.coordinator, org.tmp)
        reset = load_outbox(org.coordinator.conn, org.robin.device_id)
        carry(org.coordinator, robin, org.tmp, only=org.robin.device_id)
        carry(robin, org.coordinator, org.tmp)

        assert reset.acked_seq == -1
        assert not asks_to_resend(robin)
        # The laptop's later bundles leave the coordinator's outbox where it is.
        settled = load_outbox(org.coordinator.conn, org.robin.device_id)
        assert settled.acked_seq > 0
        make_member(robin, org.robins_group.id, name="Later")
        carry(robin, org.coordinator, org.tmp)
        assert load_outbox(org.coordinator.conn, org.robin.device_id).acked_seq >= settled.acked_seq
    finally:
        robin.close()


def test_a_restored_coordinator_gets_back_what_a_laptop_sent_after_its_backup(
    org: Org, template_org: TemplateOrg
) -> None:
    org.round_trip(org.robin)
    backup = backups.make_backup(org.coordinator, org.stick())
    make_member(org.robin.store, org.robins_group.id, name="Sent after the backup")
    org.round_trip(org.robin)
    folder = org.coordinator.folder
    org.coordinator.close()
    backups.restore_backup(folder, backup, PASSPHRASE)
    org.coordinator = Store.open(folder, template_org.data_keys["coordinator"], clock=org.clock)
    assert "Sent after the backup" not in member_names(org.coordinator, org.robins_group.id)

    for result in [*org.to_laptop(org.robin), *org.to_coordinator(org.robin)]:
        assert result.refused is None, result.refused

    assert "Sent after the backup" in member_names(org.coordinator, org.robins_group.id)


def asks_to_resend(store: Store) -> bool:
    return restored.resend_wanted(store.conn, load_outbox(store.conn, ORGANISATION).acked_seq)
