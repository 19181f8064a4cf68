"""keys.json: the store's data key, wrapped in key slots.

The database is encrypted with a random 256-bit data key used as a SQLCipher raw
key. Each slot wraps that key with XChaCha20-Poly1305; the associated data binds
the store id and slot id, so a slot cannot be moved between stores or slots. A
passphrase slot derives its wrapping key with Argon2id. The whole file carries a
MAC keyed by the data key, so any change to it is noticed once the key is known.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
from argon2.low_level import Type, hash_secret_raw
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError

from facilitator_app.domain.errors import StoreDamaged, StoreTooNew, WrongPassphrase
from facilitator_app.store.files import write_atomically
from facilitator_app.store.layout import KEYS_NAME

KEYS_FORMAT = 1
DATA_KEY_BYTES = 32

# Slot kinds. A passphrase slot per person's passphrase; a recovery-key slot on a
# coordinator's store (the printed recovery sheet); an organisation slot on a
# facilitator's store (the data key encrypted to the organisation at pairing).
PASSPHRASE = "passphrase"  # noqa: S105 - a slot kind, not a secret
RECOVERY_KEY = "recovery_key"
ORGANISATION = "organisation"
RECOVERY_KEY_GROUPS = 8
RECOVERY_KEY_GROUP_LETTERS = 5
# Crockford's base 32: no I, L, O or U, so a handwritten or misread letter is rare.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# The floor DESIGN.md sets for Argon2id; calibration only ever goes up from here.
MIN_TIME_COST = 3
MIN_MEMORY_KIB = 64 * 1024
TARGET_SECONDS = 1.0
MAX_TIME_COST = 40
MAX_MEMORY_KIB = 1024 * 1024
MAX_PARALLELISM = 8
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    time_cost: int = MIN_TIME_COST
    memory_kib: int = MIN_MEMORY_KIB
    parallelism: int = 1

    def __post_init__(self) -> None:
        if self.time_cost < MIN_TIME_COST or self.memory_kib < MIN_MEMORY_KIB:
            raise ValueError("Argon2id parameters below the floor of t=3, m=64 MiB")
        # keys.json is read before anything in it can be verified, so a changed file
        # must not be able to make unlocking run for hours or ask for terabytes.
        if (
            self.time_cost > MAX_TIME_COST
            or self.memory_kib > MAX_MEMORY_KIB
            or not 1 <= self.parallelism <= MAX_PARALLELISM
        ):
            raise ValueError("Argon2id parameters above what this app ever writes")


def calibrate_kdf(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Raise the time cost until one derivation takes about `target_seconds` here."""
    base = KdfParams()
    started = time.perf_counter()
    _derive(b"calibration", os.urandom(16), base)
    elapsed = max(time.perf_counter() - started, 1e-3)
    scaled = int(base.time_cost * target_seconds / elapsed)
    return KdfParams(time_cost=min(max(MIN_TIME_COST, scaled), MAX_TIME_COST))


def _derive(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _passphrase_bytes(passphrase: str) -> bytes:
    # The same accented passphrase arrives composed from one keyboard and decomposed
    # from another (macOS): normalise, so it unlocks wherever it is typed.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _slot_aad(store_id: str, slot_id: str) -> bytes:
    return f"facilitator_app keys v{KEYS_FORMAT}|{store_id}|{slot_id}".encode()


def _canonical(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _mac(data_key: bytes, document: dict[str, Any]) -> str:
    mac_key = hashlib.blake2b(data_key, digest_size=32, person=b"fa-keys-mac").digest()
    return hmac.new(mac_key, _canonical(document), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Unlocked:
    data_key: bytes
    slot_id: str


def new_recovery_key() -> str:
    """Forty letters in groups of five (200 bits), to print on a recovery sheet."""
    letters = "".join(
        RECOVERY_ALPHABET[byte % len(RECOVERY_ALPHABET)]
        for byte in os.urandom(RECOVERY_KEY_GROUPS * RECOVERY_KEY_GROUP_LETTERS)
    )
    size = RECOVERY_KEY_GROUP_LETTERS
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


def normalise_recovery_key(text: str) -> str:
    """The key as typed, in the one form it was derived from: no spaces or dashes, and
    the letters people confuse read as the digits they look like."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def open_organisation_slot(
    slot: dict[str, Any], store_id: str, identity: pyrage.x25519.Identity
) -> dict[str, Any]:
    """Decrypt an organisation slot (also as carried in a recovery request) and check it."""
    try:
        inside = json.loads(pyrage.decrypt(_unb64(str(slot["wrapped"])), [identity]))
    except (pyrage.DecryptError, KeyError, ValueError, TypeError):
        raise WrongPassphrase(
            "The organisation's key does not open this recovery slot: it was made for "
            "another organisation, or it is damaged."
        ) from None
    if (
        not isinstance(inside, dict)
        or inside.get("store_id") != store_id
        or inside.get("slot_id") != slot.get("id")
        or len(str(inside.get("data_key", ""))) != DATA_KEY_BYTES * 2
    ):
        raise StoreDamaged("The recovery slot does not belong to this store.")
    return inside


@dataclass
class KeyFile:
    """The parsed keys.json of one store."""

    store_id: str
    slots: list[dict[str, Any]] = field(default_factory=list)
    mac: str = ""

    def document(self) -> dict[str, Any]:
        return {"format": KEYS_FORMAT, "store_id": self.store_id, "slots": self.slots}

    def add_passphrase_slot(
        self,
        data_key: bytes,
        passphrase: str,
        params: KdfParams,
        *,
        replaces: tuple[str, ...] = (),
    ) -> str:
        """Add a passphrase slot; `replaces` names the slots it supersedes once confirmed.

        A passphrase change writes the new slot (marked as replacing the old ones)
        before a second write removes the old: a crash between the two leaves a file
        either passphrase opens, and the next unlock finishes or undoes the change.
        """
        slot_id = self._add_secret_slot(PASSPHRASE, data_key, _passphrase_bytes(passphrase), params)
        if replaces:
            self.slots[-1]["replaces"] = sorted(replaces)
        return slot_id

    def add_recovery_key_slot(self, data_key: bytes, recovery_key: str, params: KdfParams) -> str:
        """The slot a coordinator's printed recovery sheet opens; there is only ever one."""
        self.slots = [s for s in self.slots if s.get("kind") != RECOVERY_KEY]
        return self._add_secret_slot(
            RECOVERY_KEY, data_key, normalise_recovery_key(recovery_key).encode(), params
        )

    def add_organisation_slot(
        self, data_key: bytes, organisation_recipient: str, about: Mapping[str, str]
    ) -> str:
        """The data key encrypted to the organisation, so the charity can recover the store.

        age has no associated data, so the store and slot ids travel inside the
        encryption and are checked on the way out. `about` (device and person ids) tells
        the coordinator whose laptop a recovery request comes from; it is never readable
        here before unlocking.
        """
        self.slots = [s for s in self.slots if s.get("kind") != ORGANISATION]
        slot_id = uuid.uuid4().hex
        inside = json.dumps(
            {
                **about,
                "store_id": self.store_id,
                "slot_id": slot_id,
                "data_key": data_key.hex(),
            },
            sort_keys=True,
        ).encode()
        recipient = pyrage.x25519.Recipient.from_str(organisation_recipient)
        self.slots.append(
            {
                "id": slot_id,
                "kind": ORGANISATION,
                "recipient": organisation_recipient,
                "wrapped": _b64(pyrage.encrypt(inside, [recipient])),
            }
        )
        return slot_id

    def has_slot(self, kind: str) -> bool:
        return any(slot.get("kind") == kind for slot in self.slots)

    def organisation_slot(self) -> dict[str, Any] | None:
        return next((s for s in self.slots if s.get("kind") == ORGANISATION), None)

    def replace_passphrases(self, data_key: bytes, passphrase: str, params: KdfParams) -> str:
        """After a recovery: one new passphrase slot, every earlier passphrase slot gone."""
        self.slots = [s for s in self.slots if s.get("kind") != PASSPHRASE]
        return self.add_passphrase_slot(data_key, passphrase, params)

    def _add_secret_slot(self, kind: str, data_key: bytes, secret: bytes, params: KdfParams) -> str:
        slot_id = uuid.uuid4().hex
        salt = os.urandom(SALT_BYTES)
        nonce = os.urandom(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
        wrapping_key = _derive(secret, salt, params)
        wrapped = crypto_aead_xchacha20poly1305_ietf_encrypt(
            data_key, _slot_aad(self.store_id, slot_id), nonce, wrapping_key
        )
        self.slots.append(
            {
                "id": slot_id,
                "kind": kind,
                "kdf": {
                    "name": "argon2id",
                    "time_cost": params.time_cost,
                    "memory_kib": params.memory_kib,
                    "parallelism": params.parallelism,
                    "salt": _b64(salt),
                },
                "nonce": _b64(nonce),
                "wrapped": _b64(wrapped),
            }
        )
        return slot_id

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        """Return the data key, or raise WrongPassphrase / StoreDamaged."""
        return self.unlock_passphrase_slot(passphrase).data_key

    def unlock_passphrase_slot(self, passphrase: str) -> Unlocked:
        """The data key and the slot that opened it, or WrongPassphrase / StoreDamaged."""
        unlocked = self._unlock_secret(PASSPHRASE, _passphrase_bytes(passphrase))
        if unlocked is None:
            raise WrongPassphrase("That passphrase did not unlock this store. Please try again.")
        return unlocked

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        secret = normalise_recovery_key(recovery_key).encode()
        unlocked = self._unlock_secret(RECOVERY_KEY, secret) if secret else None
        if unlocked is None:
            raise WrongPassphrase(
                "That recovery key did not unlock this store. Check each group of letters "
                "against the sheet and try again."
            )
        return unlocked.data_key

    def unlock_organisation_slot(self, identity: pyrage.x25519.Identity) -> dict[str, Any]:
        """What the organisation slot holds (store id, slot id, data key as hex).

        Raises WrongPassphrase when the organisation's key does not open it.
        """
        slot = self.organisation_slot()
        if slot is None:
            raise WrongPassphrase("This store has no recovery slot for the organisation.")
        return open_organisation_slot(slot, self.store_id, identity)

    def _unlock_secret(self, kind: str, secret: bytes) -> Unlocked | None:
        for slot in self.slots:
            if slot.get("kind") != kind:
                continue
            data_key = self._try_secret_slot(slot, secret)
            if data_key is not None:
                self.verify(data_key)
                return Unlocked(data_key, str(slot["id"]))
        return None

    def finish_passphrase_change(self, opened_by: str) -> bool:
        """Finish or undo a passphrase change that a crash interrupted; True if anything did.

        Opened by the new passphrase: the old slots go. Opened by an old one: the change
        was never confirmed to the person, so the new slot goes and the old one stands.
        """
        pending = [s for s in self.slots if s.get("replaces")]
        if not pending:
            return False
        by_new = any(s["id"] == opened_by for s in pending)
        if by_new:
            replaced = {old for s in pending for old in s["replaces"]}
            self.slots = [s for s in self.slots if s["id"] not in replaced]
            for slot in self.slots:
                slot.pop("replaces", None)
        else:
            self.slots = [s for s in self.slots if not s.get("replaces")]
        return True

    def _try_secret_slot(self, slot: dict[str, Any], secret: bytes) -> bytes | None:
        try:
            kdf = slot["kdf"]
            if kdf["name"] != "argon2id":
                raise ValueError("unknown key derivation")
            params = KdfParams(
                int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"])
            )
            salt = _unb64(kdf["salt"])
            nonce = _unb64(slot["nonce"])
            wrapped = _unb64(slot["wrapped"])
            slot_id = str(slot["id"])
            if (
                len(salt) != SALT_BYTES
                or len(nonce) != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
            ):
                raise ValueError("salt or nonce of the wrong length")
        except (KeyError, TypeError, ValueError):
            raise StoreDamaged(
                "The store's key file (keys.json) is damaged or was changed outside the app."
            ) from None
        wrapping_key = _derive(secret, salt, params)
        try:
            data_key: bytes = crypto_aead_xchacha20poly1305_ietf_decrypt(
                wrapped, _slot_aad(self.store_id, slot_id), nonce, wrapping_key
            )
        except CryptoError:
            return None
        return data_key

    def seal(self, data_key: bytes) -> None:
        self.mac = _mac(data_key, self.document())

    def verify(self, data_key: bytes) -> None:
        if not hmac.compare_digest(self.mac, _mac(data_key, self.document())):
            raise StoreDamaged(
                "The store's key file (keys.json) was changed outside the app, so it is not "
                "trusted. Nothing was changed; ask your coordinator for help."
            )

    def save(self, folder: Path, data_key: bytes) -> None:
        write_atomically(folder / KEYS_NAME, key_file_bytes(self, data_key))

    @staticmethod
    def load(folder: Path) -> KeyFile:
        return _parsed(
            (folder / KEYS_NAME).read_bytes(),
            damaged="The store's key file (keys.json) is damaged or was changed outside the app.",
            edited="The store's key file (keys.json) was changed outside the app.",
            too_new="This store was made by a newer version of the app. Update the app.",
        )


def _parsed(raw: bytes, *, damaged: str, edited: str, too_new: str) -> KeyFile:
    """keys.json's bytes, checked: well formed, a format we know, in its one exact form."""
    try:
        document = json.loads(raw.decode("ascii"))
        fmt, store_id = document["format"], document["store_id"]
        slots, mac = document["slots"], document["mac"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise StoreDamaged(damaged) from None
    if not isinstance(fmt, int) or not isinstance(slots, list) or not isinstance(mac, str):
        raise StoreDamaged(damaged)
    if fmt > KEYS_FORMAT:
        raise StoreTooNew(too_new)
    # The file is always written in one exact form, so any other bytes mean someone
    # edited it, even where the meaning would survive (spacing, key order).
    if raw != _serialise(document):
        raise StoreDamaged(edited)
    return KeyFile(store_id=str(store_id), slots=slots, mac=mac)


def _serialise(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode()


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


# --- for backups and data-key rotation (store/backup_file.py, services/key_rotation.py) ---


def key_file_from_bytes(raw: bytes) -> KeyFile:
    """keys.json held as bytes (inside a backup file), checked as `KeyFile.load` checks it."""
    return _parsed(
        raw,
        damaged="The key file inside it is damaged.",
        edited="The key file inside it was changed.",
        too_new="It was made by a newer version of the app. Update the app.",
    )


def key_file_bytes(keys: KeyFile, data_key: bytes) -> bytes:
    """keys.json's exact bytes, sealed with `data_key`, for writing elsewhere than the store."""
    keys.seal(data_key)
    return _serialise(keys.document() | {"mac": keys.mac})


def passphrase_kdf_params(keys: KeyFile) -> KdfParams:
    """The Argon2id parameters of the newest passphrase slot (slots are appended)."""
    for slot in reversed(keys.slots):
        if slot.get("kind") == PASSPHRASE:
            kdf = slot["kdf"]
            return KdfParams(int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"]))
    raise StoreDamaged("The store's key file (keys.json) has no passphrase slot.")
