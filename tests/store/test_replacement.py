"""Replacing store.db and keys.json together: a crash at any step leaves old or new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator_app.domain.errors import StoreDamaged
from facilitator_app.services import groups
from facilitator_app.services.store_folder import is_store_folder
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import replacement
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.database_copies import export_with_new_key
from facilitator_app.store.keys import (
    KeyFile,
    key_file_bytes,
    new_data_key,
    passphrase_kdf_params,
)
from facilitator_app.store.layout import KEYS_NAME, READY_NAME, STAGING_NAME
from facilitator_app.store.store import Store
from facilitator_app.store.store_lock import StoreLock
from tests.conftest import TemplateStore
from tests.factories import PASSPHRASE, make_group


class Crash(Exception):
    """Stands for the power going off."""


def group_names(folder: Path) -> list[str]:
    # As a check opens it: reading writes nothing (not even an audit entry).
    store = unlock_store(folder, PASSPHRASE, upgrade=False)
    try:
        return [g.name for g in groups.list_groups(store)]
    finally:
        store.close()


def stage_new_pair(folder: Path, template: TemplateStore) -> tuple[Path, bytes]:
    """A new state (one group more), under a new data key, staged in `folder`."""
    elsewhere = folder.parent / f"{folder.name}-elsewhere"
    shutil.copytree(folder, elsewhere, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    store = Store.open(elsewhere, template.data_key)
    try:
        make_group(store, name="Added in the new state")
        new_key = new_data_key()
        staging = replacement.start_staging(folder)
        export_with_new_key(store.conn, staging / DB_NAME, new_key)
    finally:
        store.close()
    current = KeyFile.load(folder)
    keys = KeyFile(store_id=current.store_id)
    keys.add_passphrase_slot(new_key, PASSPHRASE, passphrase_kdf_params(current))
    return staging / DB_NAME, key_file_bytes(keys, new_key)


def replace_with_crash(folder: Path, template: TemplateStore, crash_at: int) -> bool:
    """Replace, with the `crash_at`-th flush of a folder failing; True if it crashed."""
    new_db, new_keys = stage_new_pair(folder, template)
    calls = 0
    real_fsync_dir = replacement.fsync_dir

    def fsync_or_crash(path: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == crash_at:
            raise Crash
        real_fsync_dir(path)

    replacement.fsync_dir = fsync_or_crash  # type: ignore[assignment]
    try:
        with StoreLock(folder):
            replacement.replace_store_files(folder, new_db, new_keys)
    except Crash:
        return True
    finally:
        replacement.fsync_dir = real_fsync_dir  # type: ignore[assignment]
    return False


def test_a_crash_at_any_step_opens_as_old_or_new_never_a_mix(
    tmp_path: Path, template_store: TemplateStore
) -> None:
    outcomes = []
    for crash_at in range(1, 30):
        folder = tmp_path / f"store-{crash_at}"
        shutil.copytree(template_store.folder, folder)
        crashed = replace_with_crash(folder, template_store, crash_at)
        names = group_names(folder)  # the next open finishes or undoes it
        assert names in ([], ["Added in the new state"]), crash_at
        assert not (folder / STAGING_NAME).exists()
        outcomes.append("new" if names else "old")
        if not crashed:
            break
    else:
        pytest.fail("the replacement never finished")
    # Crashes before the marker leave the old state, from the marker on the new one.
    assert outcomes[0] == "old"
    assert outcomes[-1] == "new"
    assert outcomes == sorted(outcomes, key=lambda o: o == "new")


def test_a_crash_partway_through_the_moves_is_completed_on_open(
    store_folder: Path, template_store: TemplateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_db, new_keys = stage_new_pair(store_folder, template_store)
    real_replace = replacement.os.replace

    def replace_then_crash_before_keys(src: object, dst: object) -> None:
        if Path(str(dst)).name == KEYS_NAME:
            raise Crash
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(replacement.os, "replace", replace_then_crash_before_keys)
    with pytest.raises(Crash), StoreLock(store_folder):
        replacement.replace_store_files(store_folder, new_db, new_keys)
    monkeypatch.undo()
    # The new database with the old keys.json would not open: the open must finish first.
    assert (store_folder / STAGING_NAME / READY_NAME).exists()
    assert group_names(store_folder) == ["Added in the new state"]


def test_a_staging_folder_without_its_marker_is_thrown_away(
    store_folder: Path, template_store: TemplateStore
) -> None:
    before = (store_folder / DB_NAME).read_bytes(), (store_folder / KEYS_NAME).read_bytes()
    stage_new_pair(store_folder, template_store)
    assert group_names(store_folder) == []
    assert not (store_folder / STAGING_NAME).exists()
    assert ((store_folder / DB_NAME).read_bytes(), (store_folder / KEYS_NAME).read_bytes()) == (
        before
    )


def test_the_old_databases_write_ahead_log_is_never_replayed_onto_the_new_one(
    store_folder: Path, template_store: TemplateStore
) -> None:
    old_db = (store_folder / DB_NAME).read_bytes()
    store = Store.open(store_folder, template_store.data_key)
    make_group(store, name="Only in the old log")
    wal = (store_folder / f"{DB_NAME}-wal").read_bytes()
    store.close()
    # As if the app had died with that write still in the old database's log.
    (store_folder / DB_NAME).write_bytes(old_db)
    (store_folder / f"{DB_NAME}-wal").write_bytes(wal)
    new_db, new_keys = stage_new_pair(store_folder, template_store)
    with StoreLock(store_folder):
        replacement.replace_store_files(store_folder, new_db, new_keys)
    assert not (store_folder / f"{DB_NAME}-wal").exists()
    assert group_names(store_folder) == ["Added in the new state"]


def test_a_decided_restore_into_an_empty_folder_counts_as_a_store(
    tmp_path: Path, template_store: TemplateStore
) -> None:
    source = tmp_path / "source"
    shutil.copytree(template_store.folder, source)
    new_db, new_keys = stage_new_pair(source, template_store)
    empty = tmp_path / "new-laptop"
    staging = empty / STAGING_NAME
    staging.mkdir(parents=True)
    shutil.move(str(new_db), staging / DB_NAME)
    (staging / KEYS_NAME).write_bytes(new_keys)
    (staging / READY_NAME).write_bytes(b"")
    assert is_store_folder(empty)
    assert group_names(empty) == ["Added in the new state"]


def test_the_new_database_must_come_from_the_staging_folder(store_folder: Path) -> None:
    with pytest.raises(ValueError, match="new database must be"), StoreLock(store_folder):
        replacement.replace_store_files(store_folder, store_folder / DB_NAME, b"{}")


def test_another_window_holding_the_store_stops_nobody_and_changes_nothing(
    store_folder: Path, template_store: TemplateStore
) -> None:
    stage_new_pair(store_folder, template_store)
    (store_folder / STAGING_NAME / READY_NAME).write_bytes(b"")
    holder = StoreLock(store_folder)
    holder.acquire()
    try:
        replacement.finish_interrupted_replacement_unlocked(store_folder)
        assert (store_folder / STAGING_NAME / READY_NAME).exists()
    finally:
        holder.release()


def test_mixing_old_keys_with_a_new_database_is_what_the_journal_prevents(
    store_folder: Path, template_store: TemplateStore
) -> None:
    new_db, _ = stage_new_pair(store_folder, template_store)
    shutil.copyfile(new_db, store_folder / DB_NAME)
    replacement.discard_staging(store_folder)
    with pytest.raises(StoreDamaged):
        group_names(store_folder)
