"""The backup file: keys.json and an encrypted copy of store.db in one file.

Layout: magic, format, a small JSON header (store id, when it was made, sizes; no
names), keys.json as it was (it wraps the data key with the passphrase of that day),
then store.db's bytes in an XChaCha20-Poly1305 secretstream keyed from the data key,
in 1 MiB chunks, the last one tagged final. Everything before the stream is the
associated data of its first chunk, so the header and keys.json are authenticated
too; the stream's chained state catches a changed, reordered, dropped or truncated
chunk. store.db is already SQLCipher-encrypted: this second layer is what makes the
whole file tamper-evident before any of it is trusted.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_ABYTES,
    crypto_secretstream_xchacha20poly1305_HEADERBYTES,
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
)
from nacl.exceptions import CryptoError

from facilitator_app.domain.errors import BackupRefused, StoreTooNew

MAGIC = b"FABACKUP"
FORMAT = 1
SUFFIX = ".fabackup"
CHUNK = 1024 * 1024
_SIZES = struct.Struct(">HI")  # format, header length
MAX_HEADER_BYTES = 4096
MAX_KEYS_BYTES = 1024 * 1024

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

DAMAGED = (
    "This backup file is damaged or was changed after it was made, so it was not used. "
    "Nothing was changed."
)


class BackupCancelled(Exception):
    """The person stopped making a backup; the caller removes the unfinished file."""


@dataclass(frozen=True)
class BackupHeader:
    """What a backup says about itself before any passphrase is given."""

    store_id: str
    created_at: str  # ISO 8601, UTC
    keys_size: int
    db_size: int

    def encode(self) -> bytes:
        document = {
            "store_id": self.store_id,
            "created_at": self.created_at,
            "keys_size": self.keys_size,
            "db_size": self.db_size,
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")


@dataclass(frozen=True)
class OpenedBackup:
    """A backup's readable start: header, keys.json, and the bytes the stream authenticates."""

    header: BackupHeader
    keys: bytes
    prefix: bytes


def stream_key(data_key: bytes) -> bytes:
    # Its own key, derived from the data key, never the data key itself.
    return hashlib.blake2b(data_key, digest_size=32, person=b"fa-backup-file").digest()


def write_backup(
    out: BinaryIO,
    header: BackupHeader,
    keys: bytes,
    db: BinaryIO,
    data_key: bytes,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> str:
    """Write the whole backup to `out`; return the SHA-256 of the database bytes written."""
    encoded = header.encode()
    prefix = MAGIC + _SIZES.pack(FORMAT, len(encoded)) + encoded + keys
    out.write(prefix)
    state = crypto_secretstream_xchacha20poly1305_state()
    out.write(crypto_secretstream_xchacha20poly1305_init_push(state, stream_key(data_key)))
    digest = hashlib.sha256()
    done = 0
    first = True
    while True:
        if cancelled is not None and cancelled():
            raise BackupCancelled
        chunk = db.read(min(CHUNK, header.db_size - done))
        done += len(chunk)
        last = done >= header.db_size
        if not chunk and not last:
            break
        digest.update(chunk)
        tag = (
            crypto_secretstream_xchacha20poly1305_TAG_FINAL
            if last
            else crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        )
        out.write(
            crypto_secretstream_xchacha20poly1305_push(state, chunk, prefix if first else None, tag)
        )
        first = False
        if progress is not None:
            progress(done, header.db_size)
        if last:
            break
    if done != header.db_size or db.read(1):
        # The database changed size while it was read: the copy would not be consistent.
        raise BackupRefused("The store changed while the backup was being made. Try again.")
    return digest.hexdigest()


def read_start(source: BinaryIO) -> OpenedBackup:
    """Read and check the readable start of a backup file (nothing here is trusted yet)."""
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupRefused("That file is not a backup made by this app. Nothing was changed.")
    sizes = source.read(_SIZES.size)
    if len(sizes) != _SIZES.size:
        raise BackupRefused(DAMAGED)
    fmt, header_len = _SIZES.unpack(sizes)
    if fmt > FORMAT:
        raise StoreTooNew("This backup was made by a newer version of the app. Update the app.")
    if fmt != FORMAT or header_len > MAX_HEADER_BYTES:
        raise BackupRefused(DAMAGED)
    encoded = source.read(header_len)
    try:
        document = json.loads(encoded.decode("ascii"))
        header = BackupHeader(
            store_id=str(document["store_id"]),
            created_at=str(document["created_at"]),
            keys_size=int(document["keys_size"]),
            db_size=int(document["db_size"]),
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise BackupRefused(DAMAGED) from None
    if header.encode() != encoded or not 0 < header.keys_size <= MAX_KEYS_BYTES:
        raise BackupRefused(DAMAGED)
    keys = source.read(header.keys_size)
    if len(keys) != header.keys_size:
        raise BackupRefused(DAMAGED)
    return OpenedBackup(header, keys, magic + sizes + encoded + keys)


def read_database(
    source: BinaryIO,
    opened: OpenedBackup,
    data_key: bytes,
    out: BinaryIO | None,
    *,
    progress: Progress | None = None,
) -> str:
    """Decrypt the database from `source` (positioned after the start) into `out`.

    With `out` None the bytes are only checked. Returns their SHA-256. Any damage,
    truncation or extra bytes raise BackupRefused.
    """
    stream_header = source.read(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    if len(stream_header) != crypto_secretstream_xchacha20poly1305_HEADERBYTES:
        raise BackupRefused(DAMAGED)
    state = crypto_secretstream_xchacha20poly1305_state()
    crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, stream_key(data_key))
    digest = hashlib.sha256()
    done = 0
    first = True
    while True:
        block = source.read(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
        if not block:
            raise BackupRefused(DAMAGED)  # ended before the final chunk: cut short
        try:
            chunk, tag = crypto_secretstream_xchacha20poly1305_pull(
                state, block, opened.prefix if first else None
            )
        except CryptoError:
            raise BackupRefused(DAMAGED) from None
        first = False
        done += len(chunk)
        if done > opened.header.db_size:
            raise BackupRefused(DAMAGED)
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
        if progress is not None:
            progress(done, opened.header.db_size)
        if tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL:
            break
    if source.read(1) or done != opened.header.db_size:
        raise BackupRefused(DAMAGED)
    return digest.hexdigest()


def read_header(path: Path) -> OpenedBackup:
    """The readable start of the backup at `path`, with a calm reason if it is not one."""
    try:
        with open(path, "rb") as source:
            return read_start(source)
    except FileNotFoundError:
        raise BackupRefused(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise BackupRefused(f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise BackupRefused(f"The backup file could not be read ({error.strerror}).") from None
