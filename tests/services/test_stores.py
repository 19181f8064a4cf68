"""Creating, unlocking and checking stores through the service layer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from facilitator_app.domain.errors import TryAgainLater, ValidationError, WrongPassphrase
from facilitator_app.domain.unlock_attempts import FREE_TRIES, UnlockAttempts
from facilitator_app.services import groups, people, stores
from facilitator_app.services.stores import (
    check_store,
    create_store,
    default_store_folder,
    seconds_before_next_try,
    unlock_store,
)
from facilitator_app.store.keys import KEYS_NAME, KdfParams
from facilitator_app.store.store import StoreRole
from facilitator_app.store.unlock_record import ATTEMPTS_NAME, read_attempts
from tests.factories import (
    PASSPHRASE,
    WRONG_PASSPHRASE,
    FakeClock,
    make_group,
    make_store,
    new_store_request,
)

# --- create ------------------------------------------------------------------------


def test_create_trims_the_names_it_keeps(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s", organisation="  Riverside  ", your_name=" Morgan ")
    try:
        assert store.facts.organisation == "Riverside"
        owner = people.person_or_refuse(store, store.facts.owner_person_id)
        assert owner.name == "Morgan"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"organisation": "   "}, "organisation", "The organisation's name can't be empty."),
        ({"your_name": ""}, "your_name", "Your name can't be empty."),
        ({"your_name": "Mor\x00gan"}, "your_name", "Your name can't contain line breaks"),
        (
            {"repeated_passphrase": "correct horse battery stapler"},
            "passphrase",
            "The two passphrases are not the same.",
        ),
        (
            {"passphrase": "short", "repeated_passphrase": "short"},
            "passphrase",
            "The passphrase needs at least 10 characters.",
        ),
    ],
)
def test_bad_input_creates_nothing(
    tmp_path: Path, overrides: dict[str, str], field: str, words: str
) -> None:
    folder = tmp_path / "store"
    with pytest.raises(ValidationError) as caught:
        make_store(folder, **overrides)
    assert caught.value.field == field
    assert caught.value.message.startswith(words)
    assert not folder.exists()


def test_create_calibrates_the_key_derivation_when_not_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stores, "calibrate_kdf", lambda: KdfParams(time_cost=4))
    create_store(new_store_request(tmp_path / "s")).close()
    slot = json.loads((tmp_path / "s" / KEYS_NAME).read_text())["slots"][0]
    assert slot["kdf"]["time_cost"] == 4
    assert slot["kdf"]["memory_kib"] == 64 * 1024


def test_a_facilitator_store_can_be_made_by_the_service(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s", role=StoreRole.FACILITATOR)
    try:
        assert store.facts.role is StoreRole.FACILITATOR
    finally:
        store.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_the_default_store_folder_is_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_folder() == tmp_path / "facilitator_app" / "store"


# --- unlock and wrong passphrases ---------------------------------------------------


def test_the_right_passphrase_unlocks(store_folder: Path, clock: FakeClock) -> None:
    store = unlock_store(store_folder, PASSPHRASE, clock=clock)
    try:
        assert store.is_open
        assert store.now() == clock.now
    finally:
        store.close()


def test_wrong_passphrases_make_the_next_try_wait(store_folder: Path, clock: FakeClock) -> None:
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            unlock_store(store_folder, WRONG_PASSPHRASE, clock=clock)
    assert read_attempts(store_folder).failures == FREE_TRIES

    with pytest.raises(TryAgainLater) as caught:
        unlock_store(store_folder, PASSPHRASE, clock=clock)  # even the right one must wait
    assert caught.value.wait_seconds == 2.0
    assert caught.value.message == "Please wait 2 seconds before trying again."
    assert seconds_before_next_try(store_folder, clock()) == 2.0

    clock.advance(1.5)
    with pytest.raises(TryAgainLater) as caught:
        unlock_store(store_folder, PASSPHRASE, clock=clock)
    assert caught.value.wait_seconds == 0.5
    assert caught.value.message == "Please wait 1 second before trying again."
    assert read_attempts(store_folder).failures == FREE_TRIES  # waiting is not a failure

    clock.advance(0.5)
    store = unlock_store(store_folder, PASSPHRASE, clock=clock)
    store.close()
    assert read_attempts(store_folder) == UnlockAttempts()
    assert not (store_folder / ATTEMPTS_NAME).exists()
    assert seconds_before_next_try(store_folder, clock()) == 0.0


def test_each_further_wrong_passphrase_waits_longer(store_folder: Path, clock: FakeClock) -> None:
    waits = []
    for _ in range(FREE_TRIES + 3):
        waits.append(seconds_before_next_try(store_folder, clock()))
        clock.advance(waits[-1])
        with pytest.raises(WrongPassphrase):
            unlock_store(store_folder, WRONG_PASSPHRASE, clock=clock)
    assert waits == [0.0] * FREE_TRIES + [2.0, 4.0, 8.0]
    assert seconds_before_next_try(store_folder, clock()) == 16.0


def test_after_a_success_the_free_tries_start_again(store_folder: Path, clock: FakeClock) -> None:
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(WrongPassphrase):
            unlock_store(store_folder, WRONG_PASSPHRASE, clock=clock)
    unlock_store(store_folder, PASSPHRASE, clock=clock).close()
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(WrongPassphrase):
            unlock_store(store_folder, WRONG_PASSPHRASE, clock=clock)
    assert seconds_before_next_try(store_folder, clock()) == 0.0


def test_an_attempts_file_with_a_time_from_the_future_does_not_lock_out(
    store_folder: Path, clock: FakeClock
) -> None:
    # The failures happened while the computer's clock was a year ahead.
    (store_folder / ATTEMPTS_NAME).write_text(
        json.dumps({"failures": 50, "last_failure": "2026-03-14T12:00:00+00:00"})
    )
    unlock_store(store_folder, PASSPHRASE, clock=clock).close()


def test_an_attempts_file_without_a_time_zone_does_not_stop_unlocking(
    store_folder: Path, clock: FakeClock
) -> None:
    (store_folder / ATTEMPTS_NAME).write_text(
        json.dumps({"failures": 5, "last_failure": "2025-03-14T12:00:00"})
    )
    unlock_store(store_folder, PASSPHRASE, clock=clock).close()


# --- check ---------------------------------------------------------------------------


def test_check_finds_nothing_wrong_with_a_sound_store_and_closes_it(
    store_folder: Path, clock: FakeClock
) -> None:
    assert check_store(store_folder, PASSPHRASE, clock=clock) == []
    store = unlock_store(store_folder, PASSPHRASE, clock=clock)  # not left open
    try:
        make_group(store)
        assert len(groups.list_groups(store)) == 1
    finally:
        store.close()
    assert check_store(store_folder, PASSPHRASE, clock=clock) == []


def test_check_with_the_wrong_passphrase_is_refused(store_folder: Path) -> None:
    with pytest.raises(WrongPassphrase):
        check_store(store_folder, WRONG_PASSPHRASE)


def test_a_check_changes_nothing_in_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    make_store(folder).close()
    before = (folder / "store.db").read_bytes()

    def no_upgrades(*args: object, **kwargs: object) -> list[int]:
        raise AssertionError("a check must not upgrade the schema")

    monkeypatch.setattr("facilitator_app.store.store.migrate", no_upgrades)
    assert check_store(folder, PASSPHRASE) == []
    assert (folder / "store.db").read_bytes() == before
    assert not (folder / "backups").exists()
