"""The store as a whole: create, reopen, refuse the wrong key, notice tampering, leak nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from facilitator_app.domain.errors import (
    NotAStore,
    StoreError,
    StoreExists,
    StoreInUse,
    StoreMissing,
    WrongPassphrase,
)
from facilitator_app.domain.people import PersonRole
from facilitator_app.services import drafts, groups, members, sessions
from facilitator_app.services.demo import fill_demo_store
from facilitator_app.services.people import person_or_refuse
from facilitator_app.services.stores import check_store, unlock_store
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.keys import KEYS_NAME
from facilitator_app.store.store import BIG_WRITE_CACHE_KIB, Store, StoreRole
from tests.conftest import TemplateStore
from tests.factories import (
    FIXED_NOW,
    PASSPHRASE,
    WRONG_PASSPHRASE,
    FakeClock,
    assert_logged,
    files_in,
    last_seq,
    make_group,
    make_member,
    make_session,
    make_store,
)

CANARY = "CANARY-7f3a9"
SQLITE_HEADER = b"SQLite format 3\x00"


def canary_hits(folder: Path) -> list[str]:
    """Files under `folder` holding the canary in any of the usual encodings."""
    needles = [CANARY.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    return [
        name for name, data in files_in(folder).items() if any(needle in data for needle in needles)
    ]


# --- create and reopen ---------------------------------------------------------------


def test_a_new_store_holds_its_facts_and_its_owner(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "store", organisation="Riverside Peer Support", your_name="Morgan"
    )
    try:
        assert store.facts.role is StoreRole.COORDINATOR
        assert store.facts.organisation == "Riverside Peer Support"
        owner = person_or_refuse(store, store.facts.owner_person_id)
        assert (owner.name, owner.role) == ("Morgan", PersonRole.COORDINATOR)
        assert store.facts.store_id != store.facts.device_id
        assert store.integrity_problems() == []
    finally:
        store.close()
    assert sorted(os.listdir(tmp_path / "store")) == [KEYS_NAME, DB_NAME, "store.lock"]


def test_reopened_store_still_holds_its_data(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = make_store(folder)
    group = make_group(store, name="Łódź Thursday group")
    member = make_member(store, group.id, name="Siân")
    session = make_session(store, group.id)
    sessions.save_notes(store, session.id, "Quiet session.\nEveryone stayed to the end.")
    sessions.take_register(store, session.id, [member.id])
    facts = store.facts
    store.close()
    assert not store.is_open

    reopened = unlock_store(folder, PASSPHRASE)
    try:
        assert reopened.facts == facts
        assert groups.get_group(reopened, group.id) == group
        assert members.list_members(reopened, group.id) == [member]
        assert sessions.get_session(reopened, session.id).notes == (
            "Quiet session.\nEveryone stayed to the end."
        )
        assert [(line.name, line.present) for line in sessions.register(reopened, session.id)] == [
            ("Siân", True)
        ]
    finally:
        reopened.close()


def test_a_closed_store_cannot_be_read_through_the_old_object(store: Store) -> None:
    store.close()
    with pytest.raises(RuntimeError, match="locked"):
        groups.list_groups(store)
    store.close()  # closing twice is harmless


def test_a_big_write_has_a_larger_page_cache_only_while_it_lasts(store: Store) -> None:
    def cache_kib() -> int:
        return -int(store.conn.execute("PRAGMA cache_size").fetchone()[0])

    usual = cache_kib()
    with store.big_write(), store.transaction():
        assert cache_kib() == BIG_WRITE_CACHE_KIB > usual
        store.set_meta("note", "written with the larger cache")
    assert cache_kib() == usual
    assert store.meta("note") == "written with the larger cache"
    with pytest.raises(RuntimeError), store.big_write():
        raise RuntimeError("the write failed")
    assert cache_kib() == usual


def test_stamps_keep_growing_across_a_reopen_even_if_the_clock_went_back(
    store_folder: Path, template_store: TemplateStore
) -> None:
    store = Store.open(store_folder, template_store.data_key, clock=FakeClock(FIXED_NOW))
    make_group(store)
    store.close()

    earlier = FakeClock(FIXED_NOW - dt.timedelta(days=30))
    reopened = Store.open(store_folder, template_store.data_key, clock=earlier)
    try:
        seq = last_seq(reopened)
        group = make_group(reopened, name="Another group")
        assert_logged(reopened, seq, "groups", group.id, {"name"})
    finally:
        reopened.close()


# --- the wrong key ---------------------------------------------------------------------


def test_wrong_passphrase_is_refused_and_changes_no_store_file(store_folder: Path) -> None:
    before = files_in(store_folder)
    with pytest.raises(WrongPassphrase) as caught:
        unlock_store(store_folder, WRONG_PASSPHRASE)
    assert caught.value.message == "That passphrase did not unlock this store. Please try again."
    after = files_in(store_folder)
    for name in (DB_NAME, KEYS_NAME):
        assert after[name] == before[name]
    # the only new file is the count of wrong tries
    assert set(after) - set(before) == {"unlock-attempts.json"}


def test_a_keys_file_from_another_store_does_not_open_this_database(tmp_path: Path) -> None:
    make_store(tmp_path / "one").close()
    make_store(tmp_path / "two").close()
    shutil.copyfile(tmp_path / "two" / KEYS_NAME, tmp_path / "one" / KEYS_NAME)
    with pytest.raises(StoreError) as caught:
        unlock_store(tmp_path / "one", PASSPHRASE)
    assert "different key file" in caught.value.message


# --- damage and tampering --------------------------------------------------------------


def damaged_or_problems(folder: Path) -> StoreError | list[str]:
    try:
        return check_store(folder, PASSPHRASE)
    except StoreError as error:
        return error


@pytest.fixture(scope="module")
def filled_template(
    tmp_path_factory: pytest.TempPathFactory, template_store: TemplateStore
) -> Path:
    folder = tmp_path_factory.mktemp("filled") / "store"
    shutil.copytree(template_store.folder, folder)
    store = Store.open(folder, template_store.data_key, clock=FakeClock())
    fill_demo_store(store, today=FIXED_NOW.date())
    store.close()
    return folder


@pytest.fixture
def filled_store_folder(tmp_path: Path, filled_template: Path) -> Path:
    """A closed store holding a year of demo records, of this test's own."""
    folder = tmp_path / "filled"
    shutil.copytree(filled_template, folder)
    return folder


@pytest.mark.parametrize(
    "where",
    [
        "middle",  # a page of records
        "first page",  # sqlite_master
        "salt",  # the first 16 bytes
        "last byte",  # the last page's message authentication code
        "three quarters",
    ],
)
def test_a_changed_byte_in_the_database_is_noticed(filled_store_folder: Path, where: str) -> None:
    db = filled_store_folder / DB_NAME
    data = bytearray(db.read_bytes())
    offset = {
        "middle": len(data) // 2,
        "first page": 2000,
        "salt": 5,
        "last byte": len(data) - 1,
        "three quarters": len(data) * 3 // 4 + 17,
    }[where]
    data[offset] ^= 0x01
    db.write_bytes(bytes(data))

    result = damaged_or_problems(filled_store_folder)
    if isinstance(result, StoreError):
        assert result.message
        assert "\n" not in result.message
    else:
        assert result != [], "check_store found nothing wrong with a changed database"
    # the failed open let go of the store: the next try is not refused as "in use"
    again = damaged_or_problems(filled_store_folder)
    assert not isinstance(again, StoreInUse)
    assert type(again) is type(result)


def test_an_undamaged_filled_store_checks_clean(filled_store_folder: Path) -> None:
    assert check_store(filled_store_folder, PASSPHRASE) == []


def test_database_file_is_not_plain_sqlite(store: Store) -> None:
    make_group(store)
    header = (store.folder / DB_NAME).read_bytes()[:16]
    assert header != SQLITE_HEADER
    store.close()
    assert not (store.folder / DB_NAME).read_bytes().startswith(b"SQLite format 3")


def test_no_plain_text_anywhere_while_open_or_after_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setenv("SQLITE_TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder = tmp_path / "store"

    store = make_store(folder)
    group = make_group(store, name=f"{CANARY} group")
    member = make_member(store, group.id, name=f"{CANARY} Alex")
    session = make_session(store, group.id, topic=f"Topic {CANARY}")
    sessions.save_notes(store, session.id, f"Notes with {CANARY} in them.\n{CANARY} again.")
    sessions.take_register(store, session.id, [member.id])
    drafts.save_drafts(store, {"session-notes": {"text": f"unsaved {CANARY}"}})
    groups.list_groups(store)  # a sorted read as well as writes

    assert (folder / "store.db-wal").exists()
    assert (folder / "store.db-shm").exists()
    assert canary_hits(folder) == []
    assert canary_hits(scratch) == []
    store.close()
    assert canary_hits(folder) == []
    assert canary_hits(scratch) == []

    # The canary really is in the store, only encrypted.
    reopened = unlock_store(folder, PASSPHRASE)
    try:
        assert members.list_members(reopened, group.id)[0].name == f"{CANARY} Alex"
        assert CANARY in sessions.get_session(reopened, session.id).notes
    finally:
        reopened.close()
    assert canary_hits(tmp_path) == []


def test_a_canary_in_plain_bytes_would_be_found(tmp_path: Path) -> None:
    # Guards the scanner itself: a file holding the canary in UTF-16 is reported.
    (tmp_path / "leak.txt").write_bytes(f"x{CANARY}x".encode("utf-16-le"))
    assert canary_hits(tmp_path) == ["leak.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_store_files_are_private(store: Store) -> None:
    make_group(store)
    folder = store.folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    store.close()
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


# --- folders that are not open stores -----------------------------------------------


def test_a_store_open_elsewhere_is_in_use_until_closed(
    store_folder: Path, template_store: TemplateStore
) -> None:
    first = unlock_store(store_folder, PASSPHRASE)
    try:
        with pytest.raises(StoreInUse) as caught:
            unlock_store(store_folder, PASSPHRASE)
        assert "already open in another window or program" in caught.value.message
        with pytest.raises(StoreInUse):
            Store.open(store_folder, template_store.data_key)
        make_group(first)  # the first window carries on untroubled
    finally:
        first.close()
    second = unlock_store(store_folder, PASSPHRASE)
    try:
        assert len(groups.list_groups(second)) == 1
    finally:
        second.close()


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing) as caught:
        unlock_store(tmp_path / "nowhere", PASSPHRASE)
    assert "There is no store at" in caught.value.message
    assert "Create one first" in caught.value.message


def test_empty_folder_is_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing):
        unlock_store(tmp_path, PASSPHRASE)


def test_folder_with_unrelated_files_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(NotAStore) as caught:
        unlock_store(tmp_path, PASSPHRASE)
    assert "is not a facilitator_app store" in caught.value.message


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(NotAStore, match="is a file, not a store folder"):
        unlock_store(path, PASSPHRASE)


def test_keys_without_database_is_not_a_store(store_folder: Path) -> None:
    (store_folder / DB_NAME).unlink()
    with pytest.raises(NotAStore):
        unlock_store(store_folder, PASSPHRASE)


def test_creating_over_an_existing_store_is_refused(store_folder: Path) -> None:
    before = files_in(store_folder)
    with pytest.raises(StoreExists) as caught:
        make_store(store_folder)
    assert caught.value.message == f"There is already a store at {store_folder}."
    assert files_in(store_folder) == before


def test_creating_in_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(b"PK")
    with pytest.raises(StoreExists, match="Choose an empty folder"):
        make_store(tmp_path)
    assert os.listdir(tmp_path) == ["report.docx"]


def test_creating_in_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    make_store(tmp_path).close()
    assert (tmp_path / KEYS_NAME).is_file()


def test_a_failed_create_leaves_nothing_behind_so_it_can_be_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("facilitator_app.store.keys.write_atomically", disk_full)
    with pytest.raises(OSError, match="No space left"):
        make_store(folder)
    assert not folder.exists() or list(folder.iterdir()) == []

    monkeypatch.undo()
    make_store(folder).close()
    check = unlock_store(folder, PASSPHRASE)
    check.close()
