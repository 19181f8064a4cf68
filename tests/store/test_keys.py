"""keys.json: the data key wrapped by Argon2id, bound to its store, sealed against edits."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator_app.domain.errors import StoreDamaged, StoreTooNew, WrongPassphrase
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.keys import (
    KEYS_NAME,
    MAX_TIME_COST,
    MIN_MEMORY_KIB,
    MIN_TIME_COST,
    KdfParams,
    KeyFile,
    calibrate_kdf,
    new_data_key,
)
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE

BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def saved_key_file(folder: Path, data_key: bytes, *passphrases: str) -> KeyFile:
    keys = KeyFile(store_id="a1b2c3d4e5f60718293a4b5c6d7e8f90")
    for passphrase in passphrases:
        keys.add_passphrase_slot(data_key, passphrase, KdfParams())
    keys.save(folder, data_key)
    return keys


# --- Argon2id parameters --------------------------------------------------------------


def test_real_calibration_never_goes_below_the_floor() -> None:
    params = calibrate_kdf()
    assert params.time_cost >= 3
    assert params.memory_kib >= 64 * 1024
    assert params.time_cost <= MAX_TIME_COST


def test_calibration_for_a_tiny_target_stays_at_the_floor() -> None:
    assert calibrate_kdf(target_seconds=0.0001) == KdfParams()


def test_calibration_for_a_huge_target_stops_at_the_ceiling() -> None:
    assert calibrate_kdf(target_seconds=10_000).time_cost == MAX_TIME_COST


@pytest.mark.parametrize(
    ("time_cost", "memory_kib"), [(MIN_TIME_COST - 1, MIN_MEMORY_KIB), (3, MIN_MEMORY_KIB - 1)]
)
def test_parameters_below_the_floor_are_refused(time_cost: int, memory_kib: int) -> None:
    with pytest.raises(ValueError, match="below the floor"):
        KdfParams(time_cost=time_cost, memory_kib=memory_kib)


# --- slots ----------------------------------------------------------------------------


def test_passphrase_unlocks_the_data_key(tmp_path: Path) -> None:
    data_key = new_data_key()
    assert len(data_key) == 32
    saved_key_file(tmp_path, data_key, PASSPHRASE)
    assert KeyFile.load(tmp_path).unlock_with_passphrase(PASSPHRASE) == data_key


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    saved_key_file(tmp_path, new_data_key(), PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        KeyFile.load(tmp_path).unlock_with_passphrase(WRONG_PASSPHRASE)


def test_each_of_two_slots_unlocks_the_same_key(tmp_path: Path) -> None:
    data_key = new_data_key()
    saved_key_file(tmp_path, data_key, PASSPHRASE, "a second passphrase here")
    keys = KeyFile.load(tmp_path)
    assert keys.unlock_with_passphrase(PASSPHRASE) == data_key
    assert keys.unlock_with_passphrase("a second passphrase here") == data_key


def test_unicode_passphrases_work(tmp_path: Path) -> None:
    data_key = new_data_key()
    saved_key_file(tmp_path, data_key, "gwlân cotwm 🌙 كلمة")
    assert KeyFile.load(tmp_path).unlock_with_passphrase("gwlân cotwm 🌙 كلمة") == data_key


def test_the_file_holds_no_key_and_no_passphrase(tmp_path: Path) -> None:
    data_key = new_data_key()
    saved_key_file(tmp_path, data_key, PASSPHRASE)
    raw = (tmp_path / KEYS_NAME).read_bytes()
    assert PASSPHRASE.encode() not in raw
    assert data_key.hex().encode() not in raw
    assert data_key not in raw
    slot = json.loads(raw)["slots"][0]
    assert slot["kdf"]["name"] == "argon2id"
    assert slot["kdf"]["time_cost"] >= MIN_TIME_COST
    assert slot["kdf"]["memory_kib"] >= MIN_MEMORY_KIB


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_private(tmp_path: Path) -> None:
    saved_key_file(tmp_path, new_data_key(), PASSPHRASE)
    assert stat.S_IMODE((tmp_path / KEYS_NAME).stat().st_mode) == 0o600
    assert not (tmp_path / f"{KEYS_NAME}.partial").exists()


def test_a_slot_moved_to_another_store_does_not_unlock(tmp_path: Path) -> None:
    # Even with a valid seal, the store id is bound into each slot's associated data.
    data_key = new_data_key()
    keys = saved_key_file(tmp_path, data_key, PASSPHRASE)
    keys.store_id = "ffffffffffffffffffffffffffffffff"
    keys.save(tmp_path, data_key)
    with pytest.raises(WrongPassphrase):
        KeyFile.load(tmp_path).unlock_with_passphrase(PASSPHRASE)


def test_a_slot_with_another_id_does_not_unlock(tmp_path: Path) -> None:
    data_key = new_data_key()
    keys = saved_key_file(tmp_path, data_key, PASSPHRASE)
    keys.slots[0]["id"] = "0" * 32
    keys.save(tmp_path, data_key)
    with pytest.raises(WrongPassphrase):
        KeyFile.load(tmp_path).unlock_with_passphrase(PASSPHRASE)


def test_a_newer_key_file_format_is_refused(tmp_path: Path) -> None:
    document = {"format": 2, "store_id": "s", "slots": [], "mac": ""}
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    (tmp_path / KEYS_NAME).write_text(text)
    with pytest.raises(StoreTooNew, match="newer version of the app"):
        KeyFile.load(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"format": 1}',
        '{"format": 1, "store_id": "é"}'.encode(),
        b'{"format": "1", "store_id": "s", "slots": [], "mac": ""}',
        b'{"format": 1, "store_id": "s", "slots": {}, "mac": ""}',
        b"[]",
    ],
)
def test_an_unreadable_key_file_is_damaged(tmp_path: Path, content: bytes) -> None:
    (tmp_path / KEYS_NAME).write_bytes(content)
    with pytest.raises(StoreDamaged) as caught:
        KeyFile.load(tmp_path)
    assert "keys.json" in caught.value.message


# --- tampering with a real store's keys.json -------------------------------------------


def _other(char: str) -> str:
    """A different character of the same kind, so the file still parses."""
    alphabet = "0123456789" if char.isdigit() else BASE64
    return alphabet[(alphabet.index(char) + 1) % len(alphabet)]


def _replace_in_value(key_path: list[str | int], index: int) -> Callable[[str], str]:
    def change(text: str) -> str:
        value = json.loads(text)
        for key in key_path:
            value = value[key]
        assert isinstance(value, str)
        target = f'"{value}"'
        changed = value[:index] + _other(value[index]) + value[index + 1 :]
        assert text.count(target) == 1
        return text.replace(target, f'"{changed}"')

    return change


def _flip_bit_in_value(key_path: list[str | int], index: int) -> Callable[[str], str]:
    def change(text: str) -> str:
        value = json.loads(text)
        for key in key_path:
            value = value[key]
        start = text.index(f'"{value}"') + 1 + index
        return text[:start] + chr(ord(text[start]) ^ 0x01) + text[start + 1 :]

    return change


WRAPPED = ["slots", 0, "wrapped"]
SALT = ["slots", 0, "kdf", "salt"]
NONCE = ["slots", 0, "nonce"]

TAMPERING: dict[str, Callable[[str], str]] = {
    "wrapped, first character": _replace_in_value(WRAPPED, 0),
    "wrapped, middle": _replace_in_value(WRAPPED, 30),
    "wrapped, last character": _replace_in_value(WRAPPED, -1),
    "wrapped, one bit": _flip_bit_in_value(WRAPPED, 7),
    "salt, first character": _replace_in_value(SALT, 0),
    "salt, middle": _replace_in_value(SALT, 10),
    # the last character before the padding carries bits base64 decoding ignores
    "salt, padding bits": _replace_in_value(SALT, 21),
    "salt, one bit": _flip_bit_in_value(SALT, 3),
    "nonce": _replace_in_value(NONCE, 5),
    "store id, first character": _replace_in_value(["store_id"], 0),
    "store id, last character": _replace_in_value(["store_id"], -1),
    "store id, one bit": _flip_bit_in_value(["store_id"], 12),
    "slot id": _replace_in_value(["slots", 0, "id"], 4),
    "mac": _replace_in_value(["mac"], 9),
    "time cost raised": lambda text: text.replace('"time_cost": 3', '"time_cost": 4'),
    "memory below the floor": lambda text: text.replace(
        '"memory_kib": 65536', '"memory_kib": 8192'
    ),
    "slot kind": lambda text: text.replace('"kind": "passphrase"', '"kind": "recovery"'),
    "space after a colon": lambda text: text.replace('"format": 1', '"format":  1'),
    "indentation": lambda text: text.replace('\n  "format"', '\n   "format"'),
    "windows line ending": lambda text: text.replace("\n", "\r\n", 1),
    "trailing space": lambda text: text + " ",
    "missing final line break": lambda text: text.rstrip("\n"),
    "keys reordered": lambda text: (
        json.dumps(dict(reversed(json.loads(text).items())), indent=2) + "\n"
    ),
    "non-ascii byte": lambda text: text.replace('"format"', '"f\u00f6rmat"'),
}


def test_the_untouched_copy_opens(store_folder: Path) -> None:
    # The tampering cases below only mean something if an unchanged copy opens.
    unlock_store(store_folder, PASSPHRASE).close()


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_a_changed_keys_file_never_opens(store_folder: Path, case: str) -> None:
    path = store_folder / KEYS_NAME
    original = path.read_text("ascii")
    changed = TAMPERING[case](original)
    assert changed != original, "the tampering did not change the file"
    path.write_bytes(changed.encode("utf-8"))
    with pytest.raises((StoreDamaged, WrongPassphrase)) as caught:
        unlock_store(store_folder, PASSPHRASE).close()
    assert caught.value.message
    assert "\n" not in caught.value.message
