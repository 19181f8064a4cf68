"""Getting back into a store whose passphrase is forgotten; both ways end in a new one.

- A coordinator's store: the printed **recovery sheet**, whose key opens a
  recovery-key slot. Nobody else holds that key.
- A facilitator's store: its **organisation slot**, written at pairing (the data key
  encrypted to the organisation). The laptop writes a recovery request to a stick:
  that slot and a one-time reply key. The coordinator's store opens the slot with the
  organisation's key and writes an answer encrypted to the reply key; the laptop reads
  the answer and a new passphrase replaces the old. The organisation's key never
  leaves the coordinator's laptop, and the data key never crosses on a stick in clear.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.recovery_sheet_pdf import render_recovery_sheet
from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import NotPermitted, StoreError, ValidationError
from facilitator_app.domain.passphrase import check_new_passphrase
from facilitator_app.services.audit import record_event, recording
from facilitator_app.services.output_files import write_file
from facilitator_app.services.stores import RECOVERY_REPLY_NAME, open_with_key, throttled
from facilitator_app.store.files import write_atomically
from facilitator_app.store.keys import (
    ORGANISATION,
    RECOVERY_KEY,
    KdfParams,
    KeyFile,
    calibrate_kdf,
    new_recovery_key,
    open_organisation_slot,
)
from facilitator_app.store.store import Clock, Store, StoreRole, describe_folder, utc_now
from facilitator_app.sync import device_rows, keyring
from facilitator_app.sync.device_rows import DeviceStatus

REPLY_NAME = RECOVERY_REPLY_NAME
REQUEST_SUFFIX = ".recovery"
ANSWER_SUFFIX = ".answer"
_REQUEST_KIND = "recovery request"
_ANSWER_MAX_BYTES = 64 * 1024
_REQUEST_MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class RecoveryOptions:
    """Which ways back in a store offers, read from keys.json without unlocking."""

    recovery_sheet: bool
    organisation: bool
    request_waiting: bool


@dataclass(frozen=True)
class RecoverySheet:
    recovery_key: str
    pdf: bytes


@dataclass(frozen=True)
class RecoveryRequest:
    """A request as the coordinator sees it before answering."""

    path: Path
    device_id: str
    person_name: str
    paired_on: str | None


def recovery_options(folder: Path) -> RecoveryOptions:
    describe_folder(folder)
    keys = KeyFile.load(folder)
    return RecoveryOptions(
        recovery_sheet=keys.has_slot(RECOVERY_KEY),
        organisation=keys.has_slot(ORGANISATION),
        request_waiting=(folder / REPLY_NAME).is_file(),
    )


# --- the coordinator's recovery sheet -----------------------------------------


def make_recovery_sheet(
    store: Store,
    passphrase: str,
    options: PageOptions | None = None,
    *,
    kdf: KdfParams | None = None,
) -> RecoverySheet:
    """A new recovery key in place of any earlier one, and the sheet to print it on.

    Asks for the passphrase again: someone at an unlocked, unattended laptop must not
    be able to make themselves a way back in.
    """
    if store.facts.role is not StoreRole.COORDINATOR:
        raise NotPermitted(
            "A facilitator's store is recovered through the organisation, not a sheet."
        )
    keys = KeyFile.load(store.folder)
    data_key = keys.unlock_with_passphrase(passphrase)
    recovery_key = new_recovery_key()
    # The sheet is made first: if that fails, the earlier sheet still works.
    pdf = render_recovery_sheet(
        recovery_key, store.facts.organisation, store.today(), options or PageOptions()
    )
    keys.add_recovery_key_slot(data_key, recovery_key, kdf or calibrate_kdf())
    keys.save(store.folder, data_key)
    record_event(store, AuditAction.MADE_RECOVERY_SHEET, AuditKind.STORE)
    return RecoverySheet(recovery_key, pdf)


def recover_with_sheet(
    folder: Path,
    recovery_key: str,
    new_passphrase: str,
    repeated: str,
    *,
    kdf: KdfParams | None = None,
    clock: Clock = utc_now,
) -> Store:
    """Unlock with the recovery sheet's key and set a new passphrase in one step."""
    check_new_passphrase(new_passphrase, repeated)
    describe_folder(folder)
    keys = KeyFile.load(folder)
    if not keys.has_slot(RECOVERY_KEY):
        raise ValidationError("recovery_key", "This store has no recovery sheet.")
    with throttled(folder, clock):
        data_key = keys.unlock_with_recovery_key(recovery_key)
    return _with_new_passphrase(folder, keys, data_key, new_passphrase, kdf, clock)


# --- a facilitator's store, through the organisation -------------------------


def write_recovery_request(folder: Path, out_folder: Path) -> Path:
    """Write a request for the coordinator; keep the one-time reply key beside the store."""
    describe_folder(folder)
    keys = KeyFile.load(folder)
    slot = keys.organisation_slot()
    if slot is None:
        raise ValidationError(
            "recovery",
            "This store cannot be recovered through the organisation: it was never paired "
            "with a coordinator.",
        )
    if not out_folder.is_dir():
        raise ValidationError("out", f"{out_folder} is not a folder that can be written to.")
    reply = pyrage.x25519.Identity.generate()
    request = {
        "kind": _REQUEST_KIND,
        "format": 1,
        "store_id": keys.store_id,
        "slot": slot,
        "reply_to": str(reply.to_public()),
    }
    # The reply key first: a request on the stick whose reply key was never kept
    # could be answered but never used.
    reply_document = {"store_id": keys.store_id, "identity": str(reply)}
    write_atomically(folder / REPLY_NAME, json.dumps(reply_document).encode("ascii"))
    name = secrets.token_hex(8) + REQUEST_SUFFIX
    return write_file(out_folder / name, json.dumps(request, sort_keys=True).encode("ascii"))


def read_recovery_request(store: Store, path: Path) -> RecoveryRequest:
    """Check a request and say whose laptop it is from, before anything is written."""
    return _checked_request(store, path)[0]


def _checked_request(
    store: Store, path: Path
) -> tuple[RecoveryRequest, dict[str, Any], dict[str, Any]]:
    """The request as shown, the request file and its opened slot; refused as it says."""
    request, inside = _opened_request(store, path)
    device = device_rows.load_device(store.conn, str(inside.get("device_id", "")))
    if device is None or device.person_id != inside.get("person_id"):
        raise ValidationError(
            "request", "That request is from a laptop this store has never paired with."
        )
    if device.status is DeviceStatus.REVOKED:
        raise NotPermitted(
            f"{device.name}'s laptop was removed from the organisation, so its store is not "
            "recovered. Invite a new laptop instead."
        )
    return RecoveryRequest(path, device.id, device.name, device.accepted_at), request, inside


def answer_recovery_request(store: Store, path: Path, out_folder: Path) -> Path:
    """Write the answer the laptop needs, encrypted to the request's one-time reply key."""
    shown, request, inside = _checked_request(store, path)
    if not out_folder.is_dir():
        raise ValidationError("out", f"{out_folder} is not a folder that can be written to.")
    answer = json.dumps({"store_id": request["store_id"], "data_key": inside["data_key"]})
    recipient = pyrage.x25519.Recipient.from_str(request["reply_to"])
    sealed = pyrage.encrypt(answer.encode("ascii"), [recipient])
    with recording(store, AuditAction.ANSWERED_RECOVERY, AuditKind.LAPTOP, shown.device_id):
        return write_file(out_folder / (secrets.token_hex(8) + ANSWER_SUFFIX), sealed)


def recover_with_answer(
    folder: Path,
    answer_path: Path,
    new_passphrase: str,
    repeated: str,
    *,
    kdf: KdfParams | None = None,
    clock: Clock = utc_now,
) -> Store:
    """Open the store with the coordinator's answer and set a new passphrase."""
    check_new_passphrase(new_passphrase, repeated)
    describe_folder(folder)
    keys = KeyFile.load(folder)
    reply = _reply_identity(folder, keys.store_id)
    data = _read_small(answer_path, _ANSWER_MAX_BYTES, "answer")
    try:
        answer = json.loads(pyrage.decrypt(data, [reply]))
        data_key = bytes.fromhex(str(answer["data_key"]))
        store_id = answer["store_id"]
    except (pyrage.DecryptError, ValueError, KeyError, TypeError):
        raise ValidationError(
            "answer",
            "That answer is not for this laptop's latest request. Use the newest answer, "
            "or write a new request.",
        ) from None
    if store_id != keys.store_id:
        raise ValidationError("answer", "That answer is for another store.")
    keys.verify(data_key)
    store = _with_new_passphrase(folder, keys, data_key, new_passphrase, kdf, clock)
    with contextlib.suppress(FileNotFoundError):
        (folder / REPLY_NAME).unlink()
    return store


# --- shared steps -------------------------------------------------------------


def _with_new_passphrase(
    folder: Path,
    keys: KeyFile,
    data_key: bytes,
    new_passphrase: str,
    kdf: KdfParams | None,
    clock: Clock,
) -> Store:
    """Every old passphrase slot replaced by one new one, in one write of keys.json."""
    keys.replace_passphrases(data_key, new_passphrase, kdf or calibrate_kdf())
    keys.save(folder, data_key)
    store = open_with_key(folder, data_key, clock=clock)
    try:
        record_event(store, AuditAction.RECOVERED, AuditKind.STORE)
    except BaseException:
        store.close()
        raise
    return store


def _opened_request(store: Store, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    if store.facts.role is not StoreRole.COORDINATOR:
        raise NotPermitted("Only a coordinator's store can answer a recovery request.")
    data = _read_small(path, _REQUEST_MAX_BYTES, "request")
    try:
        request = json.loads(data.decode("ascii"))
        if request.get("kind") != _REQUEST_KIND or request.get("format") != 1:
            raise ValueError("not a request")
        slot = request["slot"]
        pyrage.x25519.Recipient.from_str(str(request["reply_to"]))
        store_id = str(request["store_id"])
    except (
        UnicodeDecodeError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        pyrage.RecipientError,
    ):
        raise ValidationError("request", f"{path.name} is not a recovery request.") from None
    if not isinstance(slot, dict):
        raise ValidationError("request", f"{path.name} is not a recovery request.")
    identity = keyring.organisation_keys(store).age()
    try:
        inside = open_organisation_slot(slot, store_id, identity)
    except StoreError:
        raise ValidationError(
            "request", "That request is for another organisation, or it is damaged."
        ) from None
    return request, inside


def _reply_identity(folder: Path, store_id: str) -> pyrage.x25519.Identity:
    try:
        document = json.loads((folder / REPLY_NAME).read_text("ascii"))
        if document["store_id"] != store_id:
            raise ValueError("another store")
        return pyrage.x25519.Identity.from_str(document["identity"])
    except FileNotFoundError:
        raise ValidationError(
            "answer",
            "This laptop has no recovery request waiting. Write a request for your "
            "coordinator first.",
        ) from None
    except (OSError, ValueError, KeyError, TypeError, pyrage.IdentityError):
        raise ValidationError(
            "answer", "The waiting recovery request is damaged. Write a new request."
        ) from None


def _read_small(path: Path, limit: int, what: str) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise ValidationError(what, f"{path.name} is too large to be a recovery {what}.")
        return path.read_bytes()
    except IsADirectoryError:
        raise ValidationError(what, f"{path.name} is a folder, not a recovery {what}.") from None
    except OSError:
        raise ValidationError(what, f"{path.name} could not be read.") from None
