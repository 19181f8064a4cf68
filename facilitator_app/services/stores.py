"""Creating, unlocking and checking stores."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import TryAgainLater, WrongPassphrase
from facilitator_app.domain.passphrase import check_new_passphrase
from facilitator_app.domain.text import clean_name
from facilitator_app.domain.unlock_attempts import (
    UnlockAttempts,
    after_failure,
    seconds_until_allowed,
)
from facilitator_app.services.audit import record_event, verify_audit_chain
from facilitator_app.services.erasure import reapply_on_unlock
from facilitator_app.services.retention import purge_on_unlock
from facilitator_app.services.signposting import seed_directory
from facilitator_app.services.store_folder import default_store_folder, is_store_folder
from facilitator_app.services.wipe import note_policy
from facilitator_app.services.wipe_guard import wipe_if_due
from facilitator_app.store.keys import ORGANISATION, KdfParams, KeyFile, calibrate_kdf
from facilitator_app.store.store import Clock, Store, StoreRole, describe_folder, utc_now
from facilitator_app.store.unlock_record import read_attempts, write_attempts
from facilitator_app.sync import keyring

# gui/ and cli.py reach the store only through services; these names are for them.
# Written by services/recovery.py; named here so unlocking can clear it.
RECOVERY_REPLY_NAME = "recovery-reply.json"

__all__ = ["Store", "StoreRole", "default_store_folder", "is_store_folder", "utc_now"]


@dataclass(frozen=True)
class NewStore:
    folder: Path
    role: StoreRole
    organisation: str
    your_name: str
    passphrase: str
    repeated_passphrase: str


def create_store(
    request: NewStore, *, kdf: KdfParams | None = None, clock: Clock = utc_now
) -> Store:
    """Validate everything first, then create; bad input leaves no folder behind."""
    organisation = clean_name(request.organisation, "organisation", "The organisation's name")
    your_name = clean_name(request.your_name, "your_name", "Your name")
    check_new_passphrase(request.passphrase, request.repeated_passphrase)
    store = Store.create(
        request.folder,
        request.passphrase,
        role=request.role,
        organisation=organisation,
        owner_name=your_name,
        kdf=kdf or calibrate_kdf(),
        clock=clock,
    )
    try:
        seed_directory(store)
        # Made now, so that taking in a bundle later never has to write anything
        # before the bundle has been checked.
        keyring.device_keys(store)
        if store.facts.role is StoreRole.COORDINATOR:
            keyring.organisation_keys(store)
        record_event(store, AuditAction.CREATED, AuditKind.STORE)
    except BaseException:
        store.close()
        raise
    return store


def seconds_before_next_try(folder: Path, now: dt.datetime) -> float:
    return seconds_until_allowed(read_attempts(folder), now)


def unlock_store(
    folder: Path, passphrase: str, *, clock: Clock = utc_now, upgrade: bool = True
) -> Store:
    """Unlock with a passphrase, counting wrong ones and making the next try wait.

    With `upgrade` False (a check) nothing in the store is written: no schema upgrade,
    no directory seeding, no key file changes, no audit log entry.
    """
    describe_folder(folder)
    keys = KeyFile.load(folder)
    with throttled(folder, clock):
        unlocked = keys.unlock_passphrase_slot(passphrase)
    if not upgrade:
        return Store.open(folder, unlocked.data_key, clock=clock, upgrade=False)
    if keys.finish_passphrase_change(unlocked.slot_id):
        keys.save(folder, unlocked.data_key)
    # The passphrase came back, so a recovery request waiting for an answer is moot.
    with contextlib.suppress(FileNotFoundError):
        (folder / RECOVERY_REPLY_NAME).unlink()
    store = open_with_key(folder, unlocked.data_key, clock=clock, keys=keys)
    try:
        # Unlocking shows everything the store holds, so it is the first thing a
        # coordinator's log should say; the CLI's commands unlock through here too.
        record_event(store, AuditAction.UNLOCKED, AuditKind.STORE)
    except BaseException:
        store.close()
        raise
    return store


@contextlib.contextmanager
def throttled(folder: Path, clock: Clock) -> Iterator[None]:
    """Wait out earlier wrong tries first; count a wrong one; clear the count on success.

    The wrong try that reaches the organisation's wipe policy deletes the store and
    raises StoreWiped instead (`wipe_guard`).
    """
    attempts = read_attempts(folder)
    wait = seconds_until_allowed(attempts, clock())
    if wait > 0:
        seconds = int(wait + 0.999)
        unit = "second" if seconds == 1 else "seconds"
        raise TryAgainLater(f"Please wait {seconds} {unit} before trying again.", wait_seconds=wait)
    try:
        yield
    except WrongPassphrase:
        failed = after_failure(attempts, clock())
        write_attempts(folder, failed)
        wipe_if_due(folder, failed.failures, clock())
        raise
    if attempts.failures:
        write_attempts(folder, UnlockAttempts())


def open_with_key(
    folder: Path, data_key: bytes, *, clock: Clock = utc_now, keys: KeyFile | None = None
) -> Store:
    """Open an unlocked store and bring it up to date (schema, directory, recovery slot,
    the wipe policy's plain file)."""
    store = Store.open(folder, data_key, clock=clock)
    try:
        seed_directory(store)  # stores made before the directory existed get it now
        _add_missing_organisation_slot(store, keys or KeyFile.load(folder), data_key)
        note_policy(store)  # known before the next unlock; a damaged file is mended here
        purge_on_unlock(store)  # a laptop follows the coordinator's retention schedule
        reapply_on_unlock(store)  # a restored backup must not bring an erased member back
    except BaseException:
        store.close()
        raise
    return store


def _add_missing_organisation_slot(store: Store, keys: KeyFile, data_key: bytes) -> None:
    """A facilitator's store paired before recovery slots existed gets one now."""
    if store.facts.role is not StoreRole.FACILITATOR or keys.has_slot(ORGANISATION):
        return
    organisation = keyring.organisation_public(store)
    if organisation is None:
        return
    keys.add_organisation_slot(
        data_key,
        organisation.age_recipient,
        {"device_id": store.facts.device_id, "person_id": store.facts.owner_person_id},
    )
    keys.save(store.folder, data_key)


def check_store(folder: Path, passphrase: str, *, clock: Clock = utc_now) -> list[str]:
    """Unlock, run SQLCipher's and SQLite's integrity checks, verify the audit log's
    chain, and list any problems.

    A check changes nothing: an older store is checked as it is, not upgraded, and
    checking is not recorded in the audit log.
    """
    store = unlock_store(folder, passphrase, clock=clock, upgrade=False)
    try:
        problems = store.integrity_problems()
        if problems:
            return problems  # a damaged database's rows can't be trusted to verify
        chain = verify_audit_chain(store)
        return [] if chain.intact else [chain.describe()]
    finally:
        store.close()


def unlock_or_wait(folder: Path, passphrase: str, *, clock: Clock = utc_now) -> Store:
    """Unlock; a wrong passphrase that starts a wait says how long, straight away."""
    try:
        return unlock_store(folder, passphrase, clock=clock)
    except WrongPassphrase as error:
        wait = seconds_before_next_try(folder, clock())
        if wait > 0:
            raise TryAgainLater(error.message, wait_seconds=wait, just_failed=True) from None
        raise
