"""The coordinator's recovery sheet: printed once, opens the store, forces a new passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.domain.errors import (
    NotPermitted,
    TryAgainLater,
    ValidationError,
    WrongPassphrase,
)
from facilitator_app.services.audit import verify_audit_chain
from facilitator_app.services.recovery import (
    make_recovery_sheet,
    recover_with_sheet,
    recovery_options,
)
from facilitator_app.services.stores import StoreRole, unlock_store
from facilitator_app.store.keys import KEYS_NAME, RECOVERY_KEY, KdfParams, KeyFile
from facilitator_app.store.store import Store
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, FakeClock, make_group, make_store
from tests.pdf_reading import assert_neutral_metadata, flat_text

NEW = "a meadow of quiet lanterns"


def test_the_sheet_shows_the_key_and_says_what_to_do(store: Store) -> None:
    sheet = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())

    text = flat_text(sheet.pdf)
    for group in sheet.recovery_key.split("-"):
        assert group in text
    assert "Forgotten your passphrase?" in text
    assert "locked drawer" in text
    assert_neutral_metadata(sheet.pdf, "Sheet", private=[sheet.recovery_key])
    assert recovery_options(store.folder).recovery_sheet


def test_the_recovery_key_opens_the_store_and_sets_a_new_passphrase(store: Store) -> None:
    group = make_group(store, name="Thursday group")
    sheet = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    store.close()

    # Typed from paper: lower case, spaces instead of dashes, an O for a zero.
    typed = sheet.recovery_key.lower().replace("-", " ").replace("0", "o")
    recovered = recover_with_sheet(store.folder, typed, NEW, NEW, kdf=KdfParams())
    try:
        assert recovered.conn.execute("SELECT 1 FROM groups WHERE id = ?", [group.id]).fetchone()
    finally:
        recovered.close()

    with pytest.raises(WrongPassphrase):
        unlock_store(store.folder, PASSPHRASE)
    unlock_store(store.folder, NEW).close()
    # The sheet stays valid until a new one is made.
    keys = KeyFile.load(store.folder)
    assert keys.unlock_with_recovery_key(sheet.recovery_key)


def test_a_new_sheet_stops_the_old_one_working(store: Store) -> None:
    first = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    second = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())

    keys = KeyFile.load(store.folder)
    assert [s["kind"] for s in keys.slots].count(RECOVERY_KEY) == 1
    with pytest.raises(WrongPassphrase):
        keys.unlock_with_recovery_key(first.recovery_key)
    assert keys.unlock_with_recovery_key(second.recovery_key)


def test_making_a_sheet_needs_the_passphrase(store: Store) -> None:
    before = (store.folder / KEYS_NAME).read_bytes()
    with pytest.raises(WrongPassphrase):
        make_recovery_sheet(store, WRONG_PASSPHRASE, kdf=KdfParams())
    assert (store.folder / KEYS_NAME).read_bytes() == before


def test_a_facilitators_store_has_no_sheet(tmp_path: Path) -> None:
    facilitator = make_store(tmp_path / "f", role=StoreRole.FACILITATOR)
    try:
        with pytest.raises(NotPermitted, match="through the organisation"):
            make_recovery_sheet(facilitator, PASSPHRASE, kdf=KdfParams())
    finally:
        facilitator.close()


def test_a_wrong_key_is_refused_counted_and_changes_nothing(store: Store) -> None:
    make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    store.close()
    before = (store.folder / KEYS_NAME).read_bytes()
    clock = FakeClock()

    for _ in range(3):
        with pytest.raises(WrongPassphrase, match="recovery key did not unlock"):
            recover_with_sheet(store.folder, "AAAAA-BBBBB", NEW, NEW, kdf=KdfParams(), clock=clock)
    # Guessing keys waits like guessing passphrases does.
    with pytest.raises(TryAgainLater):
        recover_with_sheet(store.folder, "AAAAA-BBBBB", NEW, NEW, kdf=KdfParams(), clock=clock)
    assert (store.folder / KEYS_NAME).read_bytes() == before


def test_mismatched_new_passphrases_are_refused_before_the_key_is_tried(store: Store) -> None:
    sheet = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    store.close()
    before = (store.folder / KEYS_NAME).read_bytes()
    with pytest.raises(ValidationError, match="not the same"):
        recover_with_sheet(store.folder, sheet.recovery_key, NEW, NEW + "!", kdf=KdfParams())
    assert (store.folder / KEYS_NAME).read_bytes() == before


def test_a_store_without_a_sheet_says_so(store: Store) -> None:
    store.close()
    assert not recovery_options(store.folder).recovery_sheet
    with pytest.raises(ValidationError, match="no recovery sheet"):
        recover_with_sheet(store.folder, "AAAAA", NEW, NEW, kdf=KdfParams())


def test_making_and_using_a_sheet_are_in_the_audit_log(store: Store) -> None:
    sheet = make_recovery_sheet(store, PASSPHRASE, kdf=KdfParams())
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-1] == "made_recovery_sheet"
    store.close()
    recovered = recover_with_sheet(store.folder, sheet.recovery_key, NEW, NEW, kdf=KdfParams())
    try:
        rows = recovered.conn.execute("SELECT action, ref FROM audit_log ORDER BY seq").fetchall()
        assert tuple(rows[-1]) == ("recovered", None)
        assert verify_audit_chain(recovered).intact
    finally:
        recovered.close()
