"""Re-encrypting a store with a new data key: the old key opens nothing, the passphrase stays."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from facilitator_app.domain.errors import StoreDamaged, WrongPassphrase
from facilitator_app.services import key_rotation, members
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import database_copies
from facilitator_app.store.keys import (
    ORGANISATION,
    RECOVERY_KEY,
    KdfParams,
    KeyFile,
    passphrase_kdf_params,
)
from facilitator_app.store.layout import STAGING_NAME
from facilitator_app.store.migrations import BACKUP_DIR
from facilitator_app.store.store import Store, StoreFacts, StoreRole
from tests.conftest import TemplateStore
from tests.factories import (
    PASSPHRASE,
    WRONG_PASSPHRASE,
    files_in,
    make_group,
    make_member,
    make_store,
    snapshot,
)

CANARY = "CANARY-r0t8-k3y"
FACTS = StoreFacts(
    store_id="s1",
    role=StoreRole.FACILITATOR,
    organisation="Riverside Peer Support",
    owner_person_id="a" * 32,
    device_id="b" * 32,
)


def contents(folder: Path, passphrase: str = PASSPHRASE) -> dict[str, object]:
    """Every record, leaving out the audit log: it rightly grows with each unlock."""
    store = unlock_store(folder, passphrase)
    try:
        rows = snapshot(store)
    finally:
        store.close()
    rows.pop("audit_log")
    rows["meta"] = [row for row in rows["meta"] if row[0] != "audit_end"]
    return dict(rows)


def test_after_rotation_the_old_key_fails_and_the_passphrase_opens_the_same_data(
    store: Store, store_folder: Path, template_store: TemplateStore
) -> None:
    make_group(store, name="Kept through rotation")
    store.close()
    before = contents(store_folder)
    keys_before = KeyFile.load(store_folder)
    key_rotation.rotate_data_key(store_folder, PASSPHRASE)
    with pytest.raises(StoreDamaged):
        Store.open(store_folder, template_store.data_key)
    assert contents(store_folder) == before
    keys_after = KeyFile.load(store_folder)
    assert keys_after.store_id == keys_before.store_id
    assert passphrase_kdf_params(keys_after) == passphrase_kdf_params(keys_before)
    assert keys_after.unlock_with_passphrase(PASSPHRASE) != template_store.data_key
    assert not (store_folder / STAGING_NAME).exists()
    assert not (store_folder / "store.db-wal").exists()


def test_a_wrong_passphrase_rotates_nothing(store_folder: Path) -> None:
    before = files_in(store_folder)
    with pytest.raises(WrongPassphrase):
        key_rotation.rotate_data_key(store_folder, WRONG_PASSPHRASE)
    after = files_in(store_folder)
    after.pop("unlock-attempts.json")  # the wrong try is counted, as at any unlock
    assert after == before


def test_a_copy_that_fails_its_check_leaves_the_old_store(
    store_folder: Path, template_store: TemplateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(*_args: object, **_kwargs: object) -> None:
        raise StoreDamaged("The copy failed its integrity check (test).")

    monkeypatch.setattr(key_rotation, "check_copy", damaged)
    before = {k: v for k, v in files_in(store_folder).items() if k != "store.lock"}
    with pytest.raises(StoreDamaged):
        key_rotation.rotate_data_key(store_folder, PASSPHRASE)
    after = {k: v for k, v in files_in(store_folder).items() if k != "store.lock"}
    assert after.keys() == before.keys()
    Store.open(store_folder, template_store.data_key).close()  # the old key still opens it


def test_the_check_notices_a_copy_with_missing_rows(store: Store, tmp_path: Path) -> None:
    make_group(store, name="Counted")
    counts = database_copies.table_counts(store.conn)
    copy = tmp_path / "copy.db"
    key = b"\x01" * 32
    database_copies.export_with_new_key(store.conn, copy, key)
    with pytest.raises(StoreDamaged, match="same rows"):
        database_copies.check_copy(copy, key, expected_counts={**counts, "groups": 0})
    with pytest.raises(StoreDamaged, match="schema version"):
        database_copies.check_copy(copy, key, expected_version=1)


def test_copies_from_schema_upgrades_under_the_old_key_are_removed(store_folder: Path) -> None:
    old_copies = store_folder / BACKUP_DIR
    old_copies.mkdir(exist_ok=True)
    (old_copies / "store-schema-3.db").write_bytes(b"encrypted with the old key")
    key_rotation.rotate_data_key(store_folder, PASSPHRASE)
    assert not old_copies.exists()


def test_no_canary_in_any_file_after_rotation(tmp_path: Path) -> None:
    passphrase = f"{CANARY} passphrase"
    folder = tmp_path / "store"
    store = make_store(folder, passphrase=passphrase, repeated_passphrase=passphrase)
    group = make_group(store, name="Thursday group")
    make_member(store, group.id, name=CANARY)
    store.close()
    key_rotation.rotate_data_key(folder, passphrase)
    store = unlock_store(folder, passphrase)
    try:
        assert [m.name for m in members.list_members(store, group.id)] == [CANARY]
    finally:
        store.close()
    needles = [CANARY.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    for name, data in files_in(folder).items():
        assert not any(n in data for n in needles), name


def test_the_rotated_key_file_keeps_the_store_and_the_argon2_parameters() -> None:
    current = KeyFile(store_id="s1")
    params = KdfParams(time_cost=4)
    current.add_passphrase_slot(b"\x02" * 32, PASSPHRASE, params)
    rotated = key_rotation.rotated_key_file(current, b"\x03" * 32, PASSPHRASE, FACTS)
    assert rotated.store_id == "s1"
    assert passphrase_kdf_params(rotated) == params
    rotated.seal(b"\x03" * 32)
    assert rotated.unlock_with_passphrase(PASSPHRASE) == b"\x03" * 32


def test_the_organisations_recovery_slot_is_made_again_for_the_new_key() -> None:
    organisation = pyrage.x25519.Identity.generate()
    current = KeyFile(store_id="s1")
    current.add_passphrase_slot(b"\x02" * 32, PASSPHRASE, KdfParams())
    current.add_organisation_slot(
        b"\x02" * 32, str(organisation.to_public()), {"device_id": "b" * 32}
    )
    current.add_recovery_key_slot(b"\x02" * 32, "AAAAA-BBBBB", KdfParams())

    rotated = key_rotation.rotated_key_file(current, b"\x03" * 32, PASSPHRASE, FACTS)
    inside = rotated.unlock_organisation_slot(organisation)
    assert bytes.fromhex(inside["data_key"]) == b"\x03" * 32
    assert (inside["device_id"], inside["person_id"]) == (FACTS.device_id, FACTS.owner_person_id)
    # Only the printed key opens the sheet's slot, so it cannot be made again here.
    assert not rotated.has_slot(RECOVERY_KEY)
    assert rotated.has_slot(ORGANISATION)


def test_rotation_is_recorded_in_the_new_copys_audit_log(store: Store) -> None:
    store.close()
    key_rotation.rotate_data_key(store.folder, PASSPHRASE)
    again = unlock_store(store.folder, PASSPHRASE)
    try:
        actions = [r[0] for r in again.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        assert actions[-2:] == ["rotated_key", "unlocked"]
    finally:
        again.close()
