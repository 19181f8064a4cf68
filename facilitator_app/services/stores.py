"""Creating, unlocking and checking stores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.errors import TryAgainLater, WrongPassphrase
from facilitator_app.domain.passphrase import check_new_passphrase
from facilitator_app.domain.text import clean_name
from facilitator_app.domain.unlock_attempts import (
    UnlockAttempts,
    after_failure,
    seconds_until_allowed,
)
from facilitator_app.services.retention import purge_on_unlock
from facilitator_app.services.signposting import seed_directory
from facilitator_app.services.store_folder import default_store_folder, is_store_folder
from facilitator_app.store.keys import KdfParams, KeyFile, calibrate_kdf
from facilitator_app.store.store import Clock, Store, StoreRole, describe_folder, utc_now
from facilitator_app.store.unlock_record import read_attempts, write_attempts
from facilitator_app.sync import keyring

# gui/ and cli.py reach the store only through services; these names are for them.
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
    no directory seeding.
    """
    describe_folder(folder)
    attempts = read_attempts(folder)
    wait = seconds_until_allowed(attempts, clock())
    if wait > 0:
        seconds = int(wait + 0.999)
        unit = "second" if seconds == 1 else "seconds"
        raise TryAgainLater(f"Please wait {seconds} {unit} before trying again.", wait_seconds=wait)
    keys = KeyFile.load(folder)
    try:
        data_key = keys.unlock_with_passphrase(passphrase)
    except WrongPassphrase:
        write_attempts(folder, after_failure(attempts, clock()))
        raise
    if attempts.failures:
        write_attempts(folder, UnlockAttempts())
    store = Store.open(folder, data_key, clock=clock, upgrade=upgrade)
    if not upgrade:
        return store
    try:
        seed_directory(store)  # stores made before the directory existed get it now
        purge_on_unlock(store)  # a laptop follows the coordinator's retention schedule
    except BaseException:
        store.close()
        raise
    return store


def check_store(folder: Path, passphrase: str, *, clock: Clock = utc_now) -> list[str]:
    """Unlock, run SQLCipher's and SQLite's integrity checks, and list any problems.

    A check changes nothing: an older store is checked as it is, not upgraded.
    """
    store = unlock_store(folder, passphrase, clock=clock, upgrade=False)
    try:
        return store.integrity_problems()
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
