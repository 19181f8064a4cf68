"""Backup and restore: a round trip, and every bad backup refused with nothing changed."""

from __future__ import annotations

import errno
import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from facilitator_app.domain.errors import BackupRefused, StoreInUse
from facilitator_app.services import backups, groups, members
from facilitator_app.services.audit import verify_audit_chain
from facilitator_app.services.output_files import CannotWrite
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import backup_file
from facilitator_app.store.layout import STAGING_NAME
from facilitator_app.store.store import Store
from facilitator_app.sync import device_rows
from facilitator_app.sync.restored import RESTORE_MARGIN
from tests.factories import (
    PASSPHRASE,
    WRONG_PASSPHRASE,
    files_in,
    make_group,
    make_member,
    make_store,
)

CANARY = "CANARY-b4ck-0f"


def group_names(folder: Path, passphrase: str = PASSPHRASE) -> list[str]:
    store = unlock_store(folder, passphrase)
    try:
        return sorted(g.name for g in groups.list_groups(store))
    finally:
        store.close()


def hashes(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files_in(folder).items()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def backed_up(store: Store, out: Path) -> Path:
    """A backup of the test's store holding one group; the store is closed afterwards."""
    make_group(store, name="Before the backup")
    path = backups.make_backup(store, out)
    make_group(store, name="After the backup")
    store.close()
    return path


# --- round trip ------------------------------------------------------------------


def test_restoring_brings_back_the_day_of_the_backup(backed_up: Path, store_folder: Path) -> None:
    assert group_names(store_folder) == ["After the backup", "Before the backup"]
    facts = backups.restore_backup(store_folder, backed_up, PASSPHRASE)
    assert group_names(store_folder) == ["Before the backup"]
    assert facts.store_id
    assert not (store_folder / STAGING_NAME).exists()
    assert not (store_folder / "store.db-wal").exists()


def test_backup_and_restore_are_in_the_audit_log(backed_up: Path, store_folder: Path) -> None:
    def actions() -> list[str]:
        store = unlock_store(store_folder, PASSPHRASE)
        try:
            assert verify_audit_chain(store).intact
            return [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        finally:
            store.close()

    assert actions()[-2:] == ["backed_up", "unlocked"]
    backups.restore_backup(store_folder, backed_up, PASSPHRASE)
    # The backup's own log comes back, as it was when copied (before its own entry).
    after = actions()
    assert after[-2:] == ["restored", "unlocked"]
    assert "backed_up" not in after


def test_a_backup_has_a_neutral_name_private_mode_and_no_partial_file_left(
    store: Store, out: Path
) -> None:
    first = backups.make_backup(store, out)
    second = backups.make_backup(store, out)
    day = store.today().isoformat()
    assert first.name == f"backup-{day}.fabackup"
    assert second.name == f"backup-{day}-2.fabackup"
    assert {p.name for p in out.iterdir()} == {first.name, second.name}
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    facts = backups.read_backup_facts(first)
    assert facts.store_id == store.facts.store_id
    assert facts.created_at == store.now()


def test_a_new_laptop_restores_into_an_empty_folder(backed_up: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "new-laptop" / "store"
    backups.restore_backup(fresh, backed_up, PASSPHRASE)
    assert group_names(fresh) == ["Before the backup"]


def test_restoring_moves_the_sync_numbers_past_any_used_since(
    store: Store, out: Path, store_folder: Path
) -> None:
    with store.transaction():
        store.sync_seq()
        device_rows.save_outbox(
            store.conn, device_rows.Outbox("laptop", 3, 5, "ab" * 32, frozenset(), None)
        )
    seq_then = store.current_sync_seq()
    path = backups.make_backup(store, out)
    store.close()
    backups.restore_backup(store_folder, path, PASSPHRASE)
    restored = unlock_store(store_folder, PASSPHRASE)
    try:
        assert restored.current_sync_seq() == seq_then + RESTORE_MARGIN
        box = device_rows.load_outbox(restored.conn, "laptop")
        assert box.next_bundle == 5 + RESTORE_MARGIN
        assert box.acked_seq == 3
    finally:
        restored.close()


# --- refused, and nothing changed ---------------------------------------------------


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: flip_byte(p, p.stat().st_size // 2), id="a byte in the database"),
        pytest.param(lambda p: flip_byte(p, p.stat().st_size - 1), id="the last byte"),
        pytest.param(lambda p: flip_byte(p, 40), id="a byte in the header"),
        pytest.param(lambda p: flip_byte(p, 200), id="a byte in keys.json"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size - 100]), id="truncated"
        ),
        pytest.param(lambda p: p.write_bytes(p.read_bytes() + b"\0"), id="a byte added"),
        pytest.param(lambda p: p.write_bytes(b"not a backup at all"), id="not a backup"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_spoiled_backup_is_refused_and_changes_nothing(
    backed_up: Path, store_folder: Path, spoil: object
) -> None:
    spoil(backed_up)  # type: ignore[operator]
    before = hashes(store_folder)
    with pytest.raises(BackupRefused) as refused:
        backups.restore_backup(store_folder, backed_up, PASSPHRASE)
    assert "\n" not in refused.value.message
    assert "Nothing was changed" in refused.value.message
    assert hashes(store_folder) == before


SMALL_CHUNK = 4096


def chunks_of(path: Path) -> tuple[bytes, list[bytes]]:
    """A backup split into its readable start and its encrypted chunks."""
    data = path.read_bytes()
    start = len(backup_file.read_header(path).prefix) + 24  # + the stream's header
    size = SMALL_CHUNK + 17
    return data[:start], [data[i : i + size] for i in range(start, len(data), size)]


@pytest.mark.parametrize("cut", ["drop the last chunk", "swap two chunks", "repeat a chunk"])
def test_chunks_dropped_swapped_or_repeated_are_refused(
    store: Store, out: Path, store_folder: Path, monkeypatch: pytest.MonkeyPatch, cut: str
) -> None:
    monkeypatch.setattr(backup_file, "CHUNK", SMALL_CHUNK)
    path = backups.make_backup(store, out)
    store.close()
    start, chunks = chunks_of(path)
    assert len(chunks) > 3
    if cut == "drop the last chunk":
        chunks = chunks[:-1]
    elif cut == "swap two chunks":
        chunks[1], chunks[2] = chunks[2], chunks[1]
    else:
        chunks.insert(2, chunks[1])
    path.write_bytes(start + b"".join(chunks))
    before = hashes(store_folder)
    with pytest.raises(BackupRefused, match="damaged"):
        backups.restore_backup(store_folder, path, PASSPHRASE)
    assert hashes(store_folder) == before


def test_a_backup_in_many_chunks_restores(
    store: Store, out: Path, store_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_file, "CHUNK", SMALL_CHUNK)
    make_group(store, name="Chunked")
    path = backups.make_backup(store, out)
    store.close()
    backups.restore_backup(store_folder, path, PASSPHRASE)
    assert group_names(store_folder) == ["Chunked"]


def test_a_wrong_passphrase_is_refused_and_changes_nothing(
    backed_up: Path, store_folder: Path
) -> None:
    before = hashes(store_folder)
    with pytest.raises(BackupRefused, match="did not open this backup"):
        backups.restore_backup(store_folder, backed_up, WRONG_PASSPHRASE)
    assert hashes(store_folder) == before


def test_another_stores_backup_is_refused_and_changes_nothing(
    backed_up: Path, tmp_path: Path
) -> None:
    other = make_store(tmp_path / "other")
    make_group(other, name="Other store's group")
    other.close()
    before = hashes(tmp_path / "other")
    with pytest.raises(BackupRefused, match="different store"):
        backups.restore_backup(tmp_path / "other", backed_up, PASSPHRASE)
    assert hashes(tmp_path / "other") == before


def test_a_missing_file_or_a_folder_is_refused(store_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(BackupRefused, match="no file"):
        backups.restore_backup(store_folder, tmp_path / "nothing.fabackup", PASSPHRASE)
    with pytest.raises(BackupRefused, match="folder, not a backup"):
        backups.restore_backup(store_folder, tmp_path, PASSPHRASE)


def test_a_refused_restore_into_a_new_folder_leaves_no_folder(
    backed_up: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "new-laptop"
    with pytest.raises(BackupRefused):
        backups.restore_backup(fresh, backed_up, WRONG_PASSPHRASE)
    assert not fresh.exists()


def test_a_folder_holding_other_files_is_refused(backed_up: Path, tmp_path: Path) -> None:
    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("hello")
    with pytest.raises(BackupRefused, match="holds other files"):
        backups.restore_backup(busy, backed_up, PASSPHRASE)
    assert sorted(p.name for p in busy.iterdir()) == ["letter.txt"]


def test_a_store_open_in_another_window_is_not_restored_over(
    backed_up: Path, store_folder: Path
) -> None:
    store = unlock_store(store_folder, PASSPHRASE)
    try:
        before = hashes(store_folder)
        with pytest.raises(StoreInUse):
            backups.restore_backup(store_folder, backed_up, PASSPHRASE)
        assert hashes(store_folder) == before
    finally:
        store.close()


def test_the_check_before_locking_refuses_a_wrong_passphrase_and_another_store(
    store: Store, out: Path, tmp_path: Path
) -> None:
    path = backups.make_backup(store, out)
    assert backups.check_backup_for(store, path, PASSPHRASE).path == path
    with pytest.raises(BackupRefused, match="did not open"):
        backups.check_backup_for(store, path, WRONG_PASSPHRASE)
    other = make_store(tmp_path / "other")
    try:
        with pytest.raises(BackupRefused, match="different store"):
            backups.check_backup_for(other, path, PASSPHRASE)
    finally:
        other.close()


# --- writing the backup ---------------------------------------------------------------


def test_a_missing_folder_gets_the_usual_reason(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CannotWrite, match="not a folder that exists"):
        backups.make_backup(store, tmp_path / "no such folder")


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "that drive is read-only")],
)
def test_a_full_or_read_only_drive_leaves_no_file(
    store: Store, out: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    def fail(_fd: int) -> None:
        raise OSError(code, "simulated")

    monkeypatch.setattr(backups.os, "fsync", fail)
    with pytest.raises(CannotWrite, match=reason):
        backups.make_backup(store, out)
    assert list(out.iterdir()) == []


def test_cancelling_removes_the_unfinished_file(store: Store, out: Path) -> None:
    with pytest.raises(CannotWrite, match="stopped"):
        backups.make_backup(store, out, cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_a_backup_that_reads_back_differently_is_not_called_done(
    store: Store, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = backups.os.replace

    def replace_then_spoil(src: Path, dst: Path) -> None:
        real_replace(src, dst)
        flip_byte(Path(dst), Path(dst).stat().st_size // 2)

    monkeypatch.setattr(backups.os, "replace", replace_then_spoil)
    with pytest.raises(CannotWrite, match="read back"):
        backups.make_backup(store, out)
    assert list(out.iterdir()) == []


def test_progress_is_reported_up_to_the_whole_database(store: Store, out: Path) -> None:
    seen: list[tuple[int, int]] = []
    backups.make_backup(store, out, progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1] > 0


# --- nothing readable outside the encrypted database -----------------------------------


def test_no_canary_in_any_file_written_by_backup_and_restore(tmp_path: Path, out: Path) -> None:
    passphrase = f"{CANARY} passphrase"
    folder = tmp_path / "store"
    store = make_store(folder, passphrase=passphrase, repeated_passphrase=passphrase)
    group = make_group(store, name="Thursday group")
    make_member(store, group.id, name=CANARY)
    path = backups.make_backup(store, out)
    store.close()
    backups.restore_backup(folder, path, passphrase)
    store = unlock_store(folder, passphrase)
    try:
        assert [m.name for m in members.list_members(store, group.id)] == [CANARY]
    finally:
        store.close()
    needles = [CANARY.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    for where in (folder, out):
        for name, data in files_in(where).items():
            assert not any(n in data for n in needles), name
    shutil.rmtree(folder)
