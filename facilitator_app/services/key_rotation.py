"""Re-encrypting a store with a new data key (issue 10), e.g. after a laptop was out of sight.

The passphrase stays the same; what changes is the key it unwraps. The database is
copied into the staging folder encrypted with a fresh random key, the copy is opened
with that key and checked (SQLCipher's and SQLite's page checks, the schema version,
the same number of rows in every table), a new keys.json is made for the new key, and
only then are both swapped in together (store/replacement.py). After it, the old key
opens nothing in the store folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from facilitator_app.domain.audit import AuditAction
from facilitator_app.services.audit import record_once_open
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.database_copies import check_copy, export_with_new_key, table_counts
from facilitator_app.store.keys import (
    KeyFile,
    key_file_bytes,
    new_data_key,
    passphrase_kdf_params,
)
from facilitator_app.store.migrations import BACKUP_DIR, schema_version
from facilitator_app.store.replacement import (
    discard_staging,
    replace_store_files,
    start_staging,
)
from facilitator_app.store.store import Clock, Store, StoreFacts, utc_now


def rotated_key_file(
    current: KeyFile, new_key: bytes, passphrase: str, facts: StoreFacts
) -> KeyFile:
    """keys.json for the new data key: the slots that can be made again, made again.

    The passphrase slot keeps the same passphrase and Argon2id parameters. The
    organisation's recovery slot is made again from its (public) recipient. The recovery
    sheet's slot cannot be: only the printed key opens it, and it is not typed here. So
    the old sheet stops working, and the Home tab asks for a new one.
    """
    keys = KeyFile(store_id=current.store_id)
    keys.add_passphrase_slot(new_key, passphrase, passphrase_kdf_params(current))
    organisation = current.organisation_slot()
    if organisation is not None:
        keys.add_organisation_slot(
            new_key,
            str(organisation["recipient"]),
            {"device_id": facts.device_id, "person_id": facts.owner_person_id},
        )
    return keys


def rotate_data_key(folder: Path, passphrase: str, *, clock: Clock = utc_now) -> None:
    """Re-encrypt the (locked) store in `folder` with a new data key; the passphrase stays.

    A wrong passphrase counts as a failed unlock. Nothing is replaced until the new
    copy has passed every check; the pre-upgrade copies in `backups/`, which are
    encrypted with the old key, are removed once the new key is in place.
    """
    store = unlock_store(folder, passphrase, clock=clock)
    try:
        current = KeyFile.load(folder)
        new_key = new_data_key()
        new_keys = key_file_bytes(
            rotated_key_file(current, new_key, passphrase, store.facts), new_key
        )
        staging = start_staging(folder)
        new_db = staging / DB_NAME
        try:
            counts = table_counts(store.conn)
            version = schema_version(store.conn)
            export_with_new_key(store.conn, new_db, new_key)
            check_copy(new_db, new_key, expected_counts=counts, expected_version=version)
        except BaseException:
            discard_staging(folder)
            raise
    except BaseException:
        store.close()
        raise
    lock = store.close_keeping_lock()
    try:
        replace_store_files(folder, new_db, new_keys)
    finally:
        lock.release()
    # Copies kept before schema upgrades are readable with the old key; they go too.
    shutil.rmtree(folder / BACKUP_DIR, ignore_errors=True)
    # Recorded in the new copy, once it is in place: an entry written before the swap
    # would claim a rotation that might still fail.
    record_once_open(folder, new_key, AuditAction.ROTATED_KEY, clock)


def check_passphrase(store: Store, passphrase: str) -> None:
    """Before the window locks to rotate: WrongPassphrase unless it is this store's passphrase."""
    KeyFile.load(store.folder).unlock_with_passphrase(passphrase)
