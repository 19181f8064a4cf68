"""A facilitator forgot their passphrase: the organisation opens the store again.

The laptop writes a request (its organisation slot and a one-time reply key), the
coordinator's store answers it, and the laptop takes a new passphrase. Nothing on
the laptop is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator_app.domain.audit import AuditAction
from facilitator_app.domain.errors import NotPermitted, ValidationError, WrongPassphrase
from facilitator_app.services import pairing
from facilitator_app.services.audit import audit_entries
from facilitator_app.services.recovery import (
    REPLY_NAME,
    answer_recovery_request,
    read_recovery_request,
    recover_with_answer,
    recovery_options,
    write_recovery_request,
)
from facilitator_app.services.stores import StoreRole, unlock_store
from facilitator_app.store.keys import KEYS_NAME, ORGANISATION, KdfParams, KeyFile
from tests.factories import PASSPHRASE, make_member, make_store
from tests.sync.helpers import Org

NEW = "a meadow of quiet lanterns"


def closed_laptop(org: Org) -> Path:
    org.robin.store.close()
    return org.robin.store.folder


def test_a_forgotten_passphrase_is_recovered_through_the_organisation(
    org: Org, robins_members: list[str]
) -> None:
    folder = closed_laptop(org)
    assert recovery_options(folder).organisation

    request = write_recovery_request(folder, org.stick())
    assert recovery_options(folder).request_waiting
    seen = read_recovery_request(org.coordinator, request)
    assert seen.person_name == "Robin"
    assert seen.device_id == org.robin.device_id
    answer = answer_recovery_request(org.coordinator, request, org.stick())

    store = recover_with_answer(folder, answer, NEW, NEW, kdf=KdfParams())
    try:
        names = {r[0] for r in store.conn.execute("SELECT id FROM members")}
        assert set(robins_members) <= names
    finally:
        store.close()
    assert not (folder / REPLY_NAME).exists()
    with pytest.raises(WrongPassphrase):
        unlock_store(folder, PASSPHRASE)
    unlock_store(folder, NEW).close()
    # Still recoverable next time.
    assert KeyFile.load(folder).has_slot(ORGANISATION)


def test_the_request_and_answer_hold_no_key_or_record_in_clear(org: Org) -> None:
    make_member(org.coordinator, org.robins_group.id, name="Canary Quillfeather")
    org.to_laptop(org.robin)
    folder = closed_laptop(org)
    data_key = KeyFile.load(folder).unlock_with_passphrase(PASSPHRASE)

    request = write_recovery_request(folder, org.stick())
    answer = answer_recovery_request(org.coordinator, request, org.stick())
    for path in (request, answer, folder / REPLY_NAME):
        raw = path.read_bytes()
        assert data_key not in raw
        assert data_key.hex().encode() not in raw
        assert b"Canary" not in raw
        assert PASSPHRASE.encode() not in raw
    assert json.loads(request.read_text())["store_id"] == KeyFile.load(folder).store_id


def test_an_answer_to_an_earlier_request_is_refused(org: Org) -> None:
    folder = closed_laptop(org)
    first = write_recovery_request(folder, org.stick())
    old_answer = answer_recovery_request(org.coordinator, first, org.stick())
    write_recovery_request(folder, org.stick())  # a second request: a new reply key
    before = (folder / KEYS_NAME).read_bytes()

    with pytest.raises(ValidationError, match="latest request"):
        recover_with_answer(folder, old_answer, NEW, NEW, kdf=KdfParams())
    assert (folder / KEYS_NAME).read_bytes() == before


def test_an_answer_needs_a_waiting_request(org: Org) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    answer = answer_recovery_request(org.coordinator, request, org.stick())
    # Robin remembered after all: unlocking drops the waiting request.
    unlock_store(folder, PASSPHRASE).close()
    assert not recovery_options(folder).request_waiting

    with pytest.raises(ValidationError, match="no recovery request waiting"):
        recover_with_answer(folder, answer, NEW, NEW, kdf=KdfParams())


def test_another_laptops_answer_is_refused(org: Org) -> None:
    robin = closed_laptop(org)
    org.sam.store.close()
    sam = org.sam.store.folder
    write_recovery_request(robin, org.stick())
    sams_request = write_recovery_request(sam, org.stick())
    sams_answer = answer_recovery_request(org.coordinator, sams_request, org.stick())

    with pytest.raises(ValidationError, match="latest request"):
        recover_with_answer(robin, sams_answer, NEW, NEW, kdf=KdfParams())


def test_a_removed_laptop_is_not_recovered(org: Org) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    pairing.revoke_device(org.coordinator, org.robin.device_id)

    out = org.stick()
    with pytest.raises(NotPermitted, match="removed from the organisation"):
        answer_recovery_request(org.coordinator, request, out)
    assert list(out.iterdir()) == []


def test_another_organisations_coordinator_cannot_answer(org: Org, tmp_path: Path) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    stranger = make_store(tmp_path / "elsewhere", organisation="Another Charity")
    try:
        with pytest.raises(ValidationError, match="another organisation"):
            read_recovery_request(stranger, request)
    finally:
        stranger.close()


def test_a_facilitator_cannot_answer(org: Org) -> None:
    org.sam.store.close()
    request = write_recovery_request(org.sam.store.folder, org.stick())
    with pytest.raises(NotPermitted):
        read_recovery_request(org.robin.store, request)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json at all", "is not a recovery request"),
        (b'{"kind": "recovery request", "format": 1}', "is not a recovery request"),
        (b"\xff\xfe", "is not a recovery request"),
        (b"x" * (65 * 1024), "too large"),
        (
            b'{"format": 1, "kind": "recovery request", "reply_to": "age1nonsense",'
            b' "slot": {}, "store_id": "s"}',
            "is not a recovery request",
        ),
    ],
)
def test_a_file_that_is_not_a_request_is_refused(org: Org, content: bytes, words: str) -> None:
    path = org.stick() / "odd.recovery"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=words):
        read_recovery_request(org.coordinator, path)


def test_a_store_never_paired_cannot_write_a_request(tmp_path: Path) -> None:
    store = make_store(tmp_path / "alone", role=StoreRole.FACILITATOR)
    store.close()
    with pytest.raises(ValidationError, match="never paired"):
        write_recovery_request(store.folder, tmp_path)


def test_mismatched_new_passphrases_change_nothing(org: Org) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    answer = answer_recovery_request(org.coordinator, request, org.stick())
    before = (folder / KEYS_NAME).read_bytes()
    with pytest.raises(ValidationError, match="not the same"):
        recover_with_answer(folder, answer, NEW, NEW + "!", kdf=KdfParams())
    assert (folder / KEYS_NAME).read_bytes() == before
    assert recovery_options(folder).request_waiting


def test_a_store_paired_before_recovery_slots_gets_one_when_unlocked(org: Org) -> None:
    folder = closed_laptop(org)
    keys = KeyFile.load(folder)
    data_key = keys.unlock_with_passphrase(PASSPHRASE)
    keys.slots = [s for s in keys.slots if s["kind"] != ORGANISATION]
    keys.save(folder, data_key)
    assert not recovery_options(folder).organisation

    unlock_store(folder, PASSPHRASE).close()
    assert recovery_options(folder).organisation


def test_answering_is_in_the_coordinators_audit_log_by_laptop_not_name(org: Org) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    answer_recovery_request(org.coordinator, request, org.stick())
    row = org.coordinator.conn.execute(
        "SELECT action, kind, ref FROM audit_log ORDER BY seq DESC"
    ).fetchone()
    assert tuple(row) == ("answered_recovery", "laptop", org.robin.device_id)
    (entry,) = audit_entries(org.coordinator, AuditAction.ANSWERED_RECOVERY).lines
    assert "Robin" in entry.what


def test_a_damaged_waiting_request_says_to_write_a_new_one(org: Org) -> None:
    folder = closed_laptop(org)
    request = write_recovery_request(folder, org.stick())
    answer = answer_recovery_request(org.coordinator, request, org.stick())
    reply = json.loads((folder / REPLY_NAME).read_text())
    (folder / REPLY_NAME).write_text(json.dumps({**reply, "identity": "AGE-SECRET-KEY-NONSENSE"}))
    with pytest.raises(ValidationError, match="Write a new request"):
        recover_with_answer(folder, answer, NEW, NEW, kdf=KdfParams())
