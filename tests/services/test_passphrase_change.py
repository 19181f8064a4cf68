"""Changing the passphrase: new slot first, old removed second, and a crash in between."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import ValidationError, WrongPassphrase
from facilitator_app.services.audit import verify_audit_chain
from facilitator_app.services.passphrase_change import change_passphrase
from facilitator_app.services.recovery import make_recovery_sheet
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.keys import (
    KEYS_NAME,
    RECOVERY_KEY,
    KdfParams,
    KeyFile,
)
from facilitator_app.store.keys import (
    PASSPHRASE as SLOT,
)
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, make_group

NEW = "a meadow of quiet lanterns"


def passphrase_slots(folder: Path) -> list[dict[str, Any]]:
    return [s for s in KeyFile.load(folder).slots if s["kind"] == SLOT]


def opens(folder: Path, passphrase: str) -> bool:
    try:
        unlock_store(folder, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def test_the_new_passphrase_opens_the_store_and_the_old_one_no_longer_does(store: Store) -> None:
    group = make_group(store, name="Thursday group")
    change_passphrase(store, PASSPHRASE, NEW, NEW, kdf=KdfParams())
    store.close()

    assert len(passphrase_slots(store.folder)) == 1
    assert not opens(store.folder, PASSPHRASE)
    again = unlock_store(store.folder, NEW)
    try:
        assert again.conn.execute("SELECT name FROM groups WHERE id = ?", [group.id]).fetchone()
    finally:
        again.close()


@pytest.mark.parametrize(
    ("current", "new", "repeated", "error", "words"),
    [
        (WRONG_PASSPHRASE, NEW, NEW, WrongPassphrase, "not the current passphrase"),
        (PASSPHRASE, NEW, NEW + "x", ValidationError, "not the same"),
        (PASSPHRASE, "short", "short", ValidationError, "at least"),
        (PASSPHRASE, PASSPHRASE, PASSPHRASE, ValidationError, "same as the current"),
    ],
)
def test_a_refused_change_says_why_and_leaves_the_key_file_as_it_was(
    store: Store, current: str, new: str, repeated: str, error: type[Exception], words: str
) -> None:
    before = (store.folder / KEYS_NAME).read_bytes()
    with pytest.raises(error, match=words):
        change_passphrase(store, current, new, repeated, kdf=KdfParams())
    assert (store.folder / KEYS_NAME).read_bytes() == before


class Crash(Exception):
    pass


def interrupted_change(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change the passphrase, with the power lost between the two writes; then lock."""
    with monkeypatch.context() as patch:
        crash_on_second_save(patch)
        with pytest.raises(Crash):
            change_passphrase(store, PASSPHRASE, NEW, NEW, kdf=KdfParams())
    store.close()


def crash_on_second_save(monkeypatch: pytest.MonkeyPatch) -> None:
    real_save = KeyFile.save
    saves = []

    def save(self: KeyFile, folder: Path, data_key: bytes) -> None:
        saves.append(folder)
        if len(saves) == 2:
            raise Crash("the laptop lost power")
        real_save(self, folder, data_key)

    monkeypatch.setattr(KeyFile, "save", save)


def test_a_crash_between_the_two_writes_leaves_both_passphrases_working(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted_change(store, monkeypatch)

    slots = passphrase_slots(store.folder)
    assert len(slots) == 2
    keys = KeyFile.load(store.folder)
    assert keys.unlock_with_passphrase(PASSPHRASE) == keys.unlock_with_passphrase(NEW)


def test_after_a_crash_unlocking_with_the_new_passphrase_finishes_the_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted_change(store, monkeypatch)

    assert opens(store.folder, NEW)
    slots = passphrase_slots(store.folder)
    assert len(slots) == 1
    assert "replaces" not in slots[0]
    assert not opens(store.folder, PASSPHRASE)


def test_after_a_crash_unlocking_with_the_old_passphrase_undoes_the_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted_change(store, monkeypatch)

    assert opens(store.folder, PASSPHRASE)
    assert len(passphrase_slots(store.folder)) == 1
    assert not opens(store.folder, NEW)


def test_a_change_keeps_the_recovery_sheet_working(store: Store) -> None:
    sheet = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    change_passphrase(store, PASSPHRASE, NEW, NEW, kdf=KdfParams())
    keys = KeyFile.load(store.folder)
    assert keys.has_slot(RECOVERY_KEY)
    assert keys.unlock_with_recovery_key(sheet.recovery_key) == keys.unlock_with_passphrase(NEW)


def test_a_change_is_in_the_coordinators_audit_log(store: Store) -> None:
    change_passphrase(store, PASSPHRASE, NEW, NEW, kdf=KdfParams())
    last = store.conn.execute("SELECT action, kind FROM audit_log ORDER BY seq DESC").fetchone()
    assert tuple(last) == ("changed_passphrase", "store")
    assert verify_audit_chain(store).intact
