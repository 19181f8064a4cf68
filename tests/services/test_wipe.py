"""Wiping a store after N wrong passphrases in a row (issue 10), at the service level."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction
from facilitator_app.domain.errors import (
    NotAStore,
    StoreWiped,
    TryAgainLater,
    ValidationError,
    WrongPassphrase,
)
from facilitator_app.domain.wipe_policy import WipePolicy
from facilitator_app.services import audit, recovery, wipe, wipe_guard
from facilitator_app.services.store_folder import is_store_folder
from facilitator_app.services.stores import Store, seconds_before_next_try, unlock_store
from facilitator_app.store import audit_rows, secure_wipe
from facilitator_app.store import keys as key_slots
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.layout import KEYS_NAME, WIPE_POLICY_NAME, WIPING_NAME
from facilitator_app.store.unlock_record import read_attempts
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, FakeClock, make_store


@pytest.fixture
def quick_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dozens of wrong tries in a test: a cheap stand-in for Argon2id's one second.

    Everything else (slots, the MAC, the count, the waits, the wipe) is the real code.
    """

    def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        return hashlib.blake2b(secret, key=salt, digest_size=32).digest()

    monkeypatch.setattr(key_slots, "_derive", derive)


@pytest.fixture
def folder(tmp_path: Path, clock: FakeClock, quick_kdf: None) -> Path:
    store = make_store(tmp_path / "store", clock=clock)
    store.close()
    return tmp_path / "store"


def with_policy(folder: Path, clock: FakeClock, after: int | None) -> None:
    store = unlock_store(folder, PASSPHRASE, clock=clock)
    try:
        wipe.save_wipe_policy(store, after)
    finally:
        store.close()


def wrong_try(folder: Path, clock: FakeClock) -> None:
    """One wrong passphrase, after waiting out whatever wait the earlier ones set."""
    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(WrongPassphrase):
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)


def test_the_nth_wrong_passphrase_deletes_the_store(folder: Path, clock: FakeClock) -> None:
    with_policy(folder, clock, 5)
    for _ in range(4):
        wrong_try(folder, clock)
    assert (folder / KEYS_NAME).is_file()
    assert read_attempts(folder).failures == 4
    # The waits still hold: a try before the wait is over is turned away, uncounted.
    with pytest.raises(TryAgainLater):
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)
    assert read_attempts(folder).failures == 4

    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(StoreWiped) as wiped:
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)

    assert wiped.value.after == 5
    assert "deleted after 5 wrong passphrases" in wiped.value.message
    assert not folder.exists()
    assert not is_store_folder(folder)
    # A coordinator's store has nobody to report to: nothing is left beside it either.
    assert list(folder.parent.iterdir()) == []


def test_a_right_passphrase_resets_the_count(folder: Path, clock: FakeClock) -> None:
    with_policy(folder, clock, 5)
    for _ in range(4):
        wrong_try(folder, clock)
    clock.advance(seconds_before_next_try(folder, clock()))
    unlock_store(folder, PASSPHRASE, clock=clock).close()
    assert read_attempts(folder).failures == 0
    for _ in range(4):
        wrong_try(folder, clock)
    clock.advance(seconds_before_next_try(folder, clock()))
    unlock_store(folder, PASSPHRASE, clock=clock).close()  # still there


def test_wrong_recovery_keys_count_too(folder: Path, clock: FakeClock) -> None:
    store = unlock_store(folder, PASSPHRASE, clock=clock)
    try:
        wipe.save_wipe_policy(store, 5)
        recovery.make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    finally:
        store.close()
    for _ in range(4):
        wrong_try(folder, clock)
    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(StoreWiped):
        recovery.recover_with_sheet(
            folder,
            "ABCDE-" * 7 + "ABCDE",
            "a new passphrase here",
            "a new passphrase here",
            kdf=KdfParams(),
            clock=clock,
        )
    assert not folder.exists()


def test_the_policy_is_off_by_default(folder: Path, clock: FakeClock) -> None:
    for _ in range(50):
        wrong_try(folder, clock)
    assert not (folder / WIPE_POLICY_NAME).exists()
    clock.advance(seconds_before_next_try(folder, clock()))
    unlock_store(folder, PASSPHRASE, clock=clock).close()


def test_turning_it_off_removes_the_file(folder: Path, clock: FakeClock) -> None:
    with_policy(folder, clock, 5)
    assert json.loads((folder / WIPE_POLICY_NAME).read_text()) == {"wipe_after": 5}
    with_policy(folder, clock, None)
    assert not (folder / WIPE_POLICY_NAME).exists()
    for _ in range(8):
        wrong_try(folder, clock)
    assert (folder / KEYS_NAME).is_file()


def test_the_unlock_page_is_warned_from_three_tries_left(folder: Path, clock: FakeClock) -> None:
    with_policy(folder, clock, 5)
    left = []
    for _ in range(4):
        left.append(wipe_guard.wipe_warning(folder))
        wrong_try(folder, clock)
    left.append(wipe_guard.wipe_warning(folder))
    assert left == [None, None, 3, 2, 1]


# --- a crash part-way --------------------------------------------------------------


def test_a_crash_after_the_keys_are_gone_leaves_a_wiped_store(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_policy(folder, clock, 5)
    for _ in range(4):
        wrong_try(folder, clock)

    def crash(_folder: Path) -> None:
        raise RuntimeError("the power went")

    monkeypatch.setattr(secure_wipe, "remove_everything_but_the_marker", crash)
    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(RuntimeError):
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)
    assert not (folder / KEYS_NAME).exists()
    assert (folder / "store.db").exists()
    monkeypatch.undo()

    # The next start: not a store to unlock, not a damaged one; finishing says why.
    assert not is_store_folder(folder)
    wiped = wipe_guard.finish_interrupted_wipe(folder)
    assert wiped is not None
    assert wiped.after == 5
    assert not folder.exists()


def test_a_crash_before_the_keys_went_still_refuses_the_right_passphrase(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the marker is written the wipe is decided: the store never opens again."""
    with_policy(folder, clock, 5)
    for _ in range(4):
        wrong_try(folder, clock)

    def crash(_path: Path) -> None:
        raise RuntimeError("the power went")

    monkeypatch.setattr(secure_wipe, "crypto_erase", crash)
    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(RuntimeError):
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)
    assert (folder / KEYS_NAME).exists()
    assert (folder / WIPING_NAME).exists()
    monkeypatch.undo()

    with pytest.raises(StoreWiped):
        unlock_store(folder, PASSPHRASE, clock=clock)
    assert not folder.exists()


def test_an_unfinishable_wipe_is_still_reported_as_a_wipe(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be removed (open elsewhere on Windows): the person is told the
    store was deleted (its keys are gone), and the next start finishes it."""
    with_policy(folder, clock, 5)
    for _ in range(4):
        wrong_try(folder, clock)

    def refuse(_folder: Path) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr(secure_wipe, "remove_everything_but_the_marker", refuse)
    clock.advance(seconds_before_next_try(folder, clock()))
    with pytest.raises(StoreWiped):
        unlock_store(folder, WRONG_PASSPHRASE, clock=clock)
    assert not (folder / KEYS_NAME).exists()
    monkeypatch.undo()
    with pytest.raises(StoreWiped):
        unlock_store(folder, PASSPHRASE, clock=clock)
    assert not folder.exists()


def test_a_folder_without_the_marker_is_still_a_damaged_store(
    folder: Path, clock: FakeClock
) -> None:
    (folder / KEYS_NAME).unlink()
    with pytest.raises(NotAStore):
        unlock_store(folder, PASSPHRASE, clock=clock)


# --- bad input and a damaged policy file --------------------------------------------


@pytest.mark.parametrize("value", [4, 21, 0, -5, "10", 7.5, True])
def test_a_number_out_of_range_changes_nothing(store: Store, value: object) -> None:
    wipe.save_wipe_policy(store, 8)
    entries = audit.audit_entries(store).total
    with pytest.raises(ValidationError) as refused:
        wipe.save_wipe_policy(store, value)  # type: ignore[arg-type]
    assert "between 5 and 20" in refused.value.message or "number" in refused.value.message
    assert wipe.wipe_policy(store) == WipePolicy(8)
    assert json.loads((store.folder / WIPE_POLICY_NAME).read_text()) == {"wipe_after": 8}
    assert audit.audit_entries(store).total == entries


def test_saving_is_audited_once_per_change(store: Store) -> None:
    wipe.save_wipe_policy(store, 10)
    wipe.save_wipe_policy(store, 10)
    wipe.save_wipe_policy(store, None)
    entries = audit_rows.load_entries(store.conn)[0]
    counts = [e.count for e in entries if e.action is AuditAction.CHANGED_WIPE_POLICY]
    assert counts == [10, 0]


@pytest.mark.parametrize(
    "damage",
    [b"{not json", b'{"wipe_after": 500}', b'{"wipe_after": "7"}', b"\xff\xfe", b"[7]"],
)
def test_a_damaged_policy_file_wipes_nothing_and_is_mended_at_unlock(
    folder: Path, clock: FakeClock, damage: bytes
) -> None:
    with_policy(folder, clock, 5)
    (folder / WIPE_POLICY_NAME).write_bytes(damage)
    for _ in range(7):
        wrong_try(folder, clock)
    assert (folder / KEYS_NAME).is_file()
    clock.advance(seconds_before_next_try(folder, clock()))
    unlock_store(folder, PASSPHRASE, clock=clock).close()
    assert json.loads((folder / WIPE_POLICY_NAME).read_text()) == {"wipe_after": 5}


def test_a_deleted_policy_file_is_written_again_at_unlock(folder: Path, clock: FakeClock) -> None:
    with_policy(folder, clock, 6)
    (folder / WIPE_POLICY_NAME).unlink()
    unlock_store(folder, PASSPHRASE, clock=clock).close()
    assert json.loads((folder / WIPE_POLICY_NAME).read_text()) == {"wipe_after": 6}
