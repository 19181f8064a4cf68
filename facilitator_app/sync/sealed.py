"""Sealed records: a submitted debrief or incident, encrypted to the organisation and signed.

At submit the laptop turns the record into an envelope only the organisation's age
identity can open, signed with the laptop's device key, and forgets the plaintext.
The envelope travels in bundles like any row; the coordinator opens it, checks that
the laptop which signed it belongs to the person named as its author, and files the
record. Nobody else, the laptop included, can read it again.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyrage

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.records import RecordKind
from facilitator_app.store.changes import SYNCED_COLUMNS, Value
from facilitator_app.sync.identity import KeyPair, canonical, signature_ok

SEALED_FORMAT = 1


# The table each kind of record is filed in, and the column naming an addendum's record.
TABLE = {
    RecordKind.DEBRIEF: "debriefs",
    RecordKind.INCIDENT: "incidents",
    RecordKind.DEBRIEF_ADDENDUM: "debrief_addenda",
    RecordKind.INCIDENT_ADDENDUM: "incident_addenda",
}
PARENT_COLUMN = {
    RecordKind.DEBRIEF_ADDENDUM: "debrief_id",
    RecordKind.INCIDENT_ADDENDUM: "incident_id",
}


@dataclass(frozen=True)
class SealedRecord:
    """A record's row as its author submitted it."""

    kind: RecordKind
    record_id: str
    author_id: str
    device_id: str
    sealed_at: str
    values: dict[str, Value]

    @property
    def parent_id(self) -> str | None:
        column = PARENT_COLUMN.get(self.kind)
        return None if column is None else str(self.values.get(column) or "") or None


def seal(record: SealedRecord, device: KeyPair, organisation_recipient: str) -> str:
    """The envelope text: base64 of an age file holding the signed record."""
    payload = _payload(record)
    body = canonical({"payload": payload, "signature": device.sign(canonical(payload)).hex()})
    recipient = pyrage.x25519.Recipient.from_str(organisation_recipient)
    return base64.b64encode(bytes(pyrage.encrypt(body, [recipient]))).decode("ascii")


def open_envelope(
    envelope: str, organisation: KeyPair, sign_public_of: Callable[[str], str | None]
) -> SealedRecord:
    """The record inside, once its signature is checked against the device that signed it.

    `sign_public_of` gives a device's signing key, or None for a device this store does
    not know. Anything wrong raises BundleRefused with a reason a person can act on.
    """
    try:
        data = base64.b64decode(envelope.encode("ascii"), validate=True)
        body = json.loads(bytes(pyrage.decrypt(data, [organisation.age()])))
    except (binascii.Error, ValueError, UnicodeError, pyrage.DecryptError):
        raise BundleRefused(
            "A sealed record in this bundle can't be opened with your organisation's key."
        ) from None
    payload = body.get("payload") if isinstance(body, dict) else None
    signature = body.get("signature") if isinstance(body, dict) else None
    record = _record(payload)
    sign_public = sign_public_of(record.device_id)
    if sign_public is None:
        raise BundleRefused("A sealed record in this bundle comes from a laptop you never paired.")
    try:
        signature_bytes = bytes.fromhex(str(signature))
    except ValueError:
        signature_bytes = b""
    if not signature_ok(sign_public, canonical(payload), signature_bytes):
        raise BundleRefused(
            "A sealed record's signature does not match the laptop it says it is from."
        )
    return record


def _payload(record: SealedRecord) -> dict[str, Any]:
    return {
        "format": SEALED_FORMAT,
        "kind": record.kind.value,
        "id": record.record_id,
        "author": record.author_id,
        "device": record.device_id,
        "sealed_at": record.sealed_at,
        "values": record.values,
    }


def _record(payload: Any) -> SealedRecord:
    unreadable = BundleRefused("A sealed record in this bundle is not readable.")
    if not isinstance(payload, dict):
        raise unreadable
    if payload.get("format") != SEALED_FORMAT:
        raise BundleRefused(
            "A sealed record in this bundle was made by a newer version of the app. "
            "Update the app, then import the bundle again."
        )
    try:
        kind = RecordKind(str(payload.get("kind")))
    except ValueError:
        raise unreadable from None
    record_id, author, device, sealed_at = (
        payload.get(key) for key in ("id", "author", "device", "sealed_at")
    )
    values = payload.get("values")
    texts = (record_id, author, device, sealed_at)
    if not all(isinstance(text, str) and text for text in texts) or not isinstance(values, dict):
        raise unreadable
    allowed = SYNCED_COLUMNS[TABLE[kind]]
    if not set(values) <= allowed or not all(
        value is None or type(value) in (str, int) for value in values.values()
    ):
        raise unreadable
    if values.get("author_id") != payload["author"]:
        raise unreadable
    return SealedRecord(kind, str(record_id), str(author), str(device), str(sealed_at), values)
