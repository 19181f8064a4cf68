"""The bundle file: what is inside the age encryption, and how it is checked.

Inside the age file (encrypted to the recipient, so nothing is readable outside):

    MAGIC · format (u16) · header length (u32) · header (canonical JSON)
    · Ed25519 signature over MAGIC+format+header (64 bytes)
    · body length (u64) · body (zlib-compressed JSON) · padding length (u32) · padding

The header names the operations' hash and count, so the signature covers the body.
Age authenticates the bytes but not who wrote them; the signature does that.

In the body, each distinct stamp is written once, in "stamps", and a row's fields
name stamps by their place there: {field: [value, stamp's place, previous foreign
stamp's place or null]}. Most of a row's fields share one stamp, so five years of
a charity is 33 MB of JSON instead of 46 MB, and reading it makes 116,000 stamp
strings instead of 380,000 (benchmarks/sync.py). `operations` gives the rows back
with the stamps themselves in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import struct
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import pyrage

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.sync.collector import collector_paused
from facilitator_app.sync.identity import KeyPair, canonical, signature_ok

MAGIC = b"FABUNDLE"
FORMAT_VERSION = 1
SUFFIX = ".fabundle"
# A USB stick may hold anything; refuse before reading a file far beyond any real bundle.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024 * 1024
SIGNATURE_BYTES = 64
PAD_STEP = 4096


@dataclass(frozen=True)
class Header:
    bundle_id: str
    sender: str
    sender_role: str
    recipients: tuple[str, ...]
    sequence: int
    previous_hash: str
    hlc: str
    upto: int
    acks: dict[str, int]
    operation_count: int
    operations_hash: str
    certificate: dict[str, Any] | None = None
    join: dict[str, Any] | None = None
    format: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["recipients"] = list(self.recipients)
        return data

    @staticmethod
    def from_json(data: Any) -> Header:
        if not isinstance(data, dict):
            raise BundleRefused("The bundle's header is not readable.")
        try:
            header = Header(
                bundle_id=str(data["bundle_id"]),
                sender=str(data["sender"]),
                sender_role=str(data["sender_role"]),
                recipients=tuple(str(r) for r in data["recipients"]),
                sequence=int(data["sequence"]),
                previous_hash=str(data["previous_hash"]),
                hlc=str(data["hlc"]),
                upto=int(data["upto"]),
                acks={str(k): int(v) for k, v in dict(data["acks"]).items()},
                operation_count=int(data["operation_count"]),
                operations_hash=str(data["operations_hash"]),
                certificate=data.get("certificate"),
                join=data.get("join"),
                format=int(data["format"]),
                extra=dict(data.get("extra") or {}),
            )
        except (KeyError, TypeError, ValueError):
            raise BundleRefused("The bundle's header is incomplete.") from None
        return header


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle whose layout is sound; its signature is checked separately."""

    header: Header
    signed_part: bytes
    signature: bytes
    body: bytes

    def signature_by(self, sign_public: str) -> bool:
        return signature_ok(sign_public, self.signed_part, self.signature)

    @collector_paused()
    def operations(self) -> dict[str, Any]:
        """The body, after checking it is the one the signed header names."""
        if hashlib.sha256(self.body).hexdigest() != self.header.operations_hash:
            raise BundleRefused("The bundle's contents do not match its signed header.")
        try:
            inflater = zlib.decompressobj()
            plain = inflater.decompress(self.body, MAX_BODY_BYTES)
            if inflater.unconsumed_tail or not inflater.eof:
                raise BundleRefused("The bundle's contents are too large or incomplete.")
            data = json.loads(plain)
        except (zlib.error, ValueError):
            raise BundleRefused("The bundle's contents are not readable.") from None
        if not (
            isinstance(data, dict)
            and isinstance(data.get("rows"), list)
            and isinstance(data.get("stamps"), list)
        ):
            raise BundleRefused("The bundle's contents are not readable.")
        if len(data["rows"]) != self.header.operation_count:
            raise BundleRefused("The bundle holds a different number of changes than it says.")
        _put_stamps_back(data["rows"], data.pop("stamps"))
        return data


def body_bytes(operations: dict[str, Any]) -> bytes:
    """The body for `operations`, whose rows are [table, id, length, length stamp, fields]."""
    body = dict(operations)
    body["stamps"], body["rows"] = _stamps_apart(operations["rows"])
    # Level 1: five years of a charity compress to 9.5 MB instead of 8.3 MB at the
    # default level 6, in under half the time (benchmarks/sync.py).
    return zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 1)


def _stamps_apart(rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    """Each distinct stamp once, and the rows with their fields naming stamps by place."""
    places: dict[str, int] = {}
    apart = []
    last, at = None, 0
    for table, row_id, length, length_hlc, fields in rows:
        named = {}
        for name, (value, stamp, previous) in fields.items():
            if stamp is not last:  # a row's fields mostly share one stamp
                last, at = stamp, places.setdefault(stamp, len(places))
            named[name] = [
                value,
                at,
                None if previous is None else places.setdefault(previous, len(places)),
            ]
        apart.append([table, row_id, length, length_hlc, named])
    return list(places), apart


def _put_stamps_back(rows: list[Any], stamps: list[Any]) -> None:
    """Undo `_stamps_apart`, in place; a place that names no stamp is not readable.

    Rows are not checked here (merge.check_rows does that), but anything that is
    not shaped as `_stamps_apart` writes it is refused.
    """
    at = dict(enumerate(stamps))
    try:
        for row in rows:
            for entry in row[4].values():
                entry[1] = at[entry[1]]
                if entry[2] is not None:
                    entry[2] = at[entry[2]]
    except (LookupError, TypeError, AttributeError):
        raise BundleRefused("The bundle's contents are not readable.") from None


def seal(header: Header, body: bytes, signer: KeyPair, age_recipients: list[str]) -> bytes:
    """The encrypted bundle file's bytes."""
    header_bytes = canonical(header.to_json())
    signed_part = MAGIC + struct.pack(">HI", header.format, len(header_bytes)) + header_bytes
    plain = signed_part + signer.sign(signed_part) + struct.pack(">Q", len(body)) + body
    # Pad so a bundle's size says little about how much changed.
    pad = (-len(plain) - 4) % PAD_STEP + secrets.randbelow(PAD_STEP)
    plain += struct.pack(">I", pad) + os.urandom(pad)
    recipients = [pyrage.x25519.Recipient.from_str(r) for r in age_recipients]
    return bytes(pyrage.encrypt(plain, recipients))


def open_sealed(data: bytes, identities: list[KeyPair]) -> OpenedBundle:
    """Decrypt and take apart; every way a file can be wrong is a BundleRefused."""
    if not data:
        raise BundleRefused("The file is empty (it may not have finished copying).")
    if len(data) > MAX_FILE_BYTES:
        raise BundleRefused("The file is far larger than any bundle; it was not opened.")
    try:
        plain = bytes(pyrage.decrypt(data, [i.age() for i in identities]))
    except pyrage.DecryptError as error:
        if "No matching keys" in str(error):
            raise BundleRefused(
                "This bundle is not addressed to this store (or it is not a bundle)."
            ) from None
        raise BundleRefused(
            "The file is damaged or incomplete (it may have been removed while copying)."
        ) from None
    return _take_apart(plain)


def _take_apart(plain: bytes) -> OpenedBundle:
    reader = _Reader(plain)
    if reader.take(len(MAGIC)) != MAGIC:
        raise BundleRefused("The file is not a facilitator_app bundle.")
    (version,) = struct.unpack(">H", reader.take(2))
    if version > FORMAT_VERSION:
        raise BundleRefused(
            "The bundle was made by a newer version of the app. Update the app, then import it."
        )
    if version < 1:
        raise BundleRefused("The file is not a facilitator_app bundle.")
    (header_len,) = struct.unpack(">I", reader.take(4))
    header_bytes = reader.take(header_len)
    signed_part = plain[: reader.at]
    signature = reader.take(SIGNATURE_BYTES)
    (body_len,) = struct.unpack(">Q", reader.take(8))
    body = reader.take(body_len)
    (pad_len,) = struct.unpack(">I", reader.take(4))
    reader.take(pad_len)
    if reader.at != len(plain):
        raise BundleRefused("The bundle has extra bytes after its end.")
    try:
        header_json = json.loads(header_bytes)
    except ValueError:
        raise BundleRefused("The bundle's header is not readable.") from None
    header = Header.from_json(header_json)
    if header.format != version:
        raise BundleRefused("The bundle's header is not readable.")
    return OpenedBundle(header, signed_part, signature, body)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, count: int) -> bytes:
        if count < 0 or self.at + count > len(self.data):
            raise BundleRefused("The bundle is cut short.")
        chunk = self.data[self.at : self.at + count]
        self.at += count
        return chunk


def new_bundle_name() -> str:
    """A random file name: nothing about the sender, recipient or contents."""
    return secrets.token_hex(12) + SUFFIX


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
