"""A store: one person's encrypted folder (store.db + keys.json) and its open connection."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator_app.domain.errors import (
    NotAStore,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreMissing,
)
from facilitator_app.domain.hlc import Hlc, receive, tick
from facilitator_app.domain.store_role import StoreRole as StoreRole  # still importable here
from facilitator_app.store import changes
from facilitator_app.store.database import DB_NAME, DatabaseError, connect, integrity_problems
from facilitator_app.store.files import make_private_dir
from facilitator_app.store.keys import KdfParams, KeyFile, new_data_key
from facilitator_app.store.layout import KEYS_NAME
from facilitator_app.store.migrations import migrate
from facilitator_app.store.replacement import (
    finish_interrupted_replacement,
    finish_interrupted_replacement_unlocked,
)
from facilitator_app.store.secure_wipe import refuse_if_wiped
from facilitator_app.store.store_lock import LOCK_NAME, StoreLock

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class StoreFacts:
    """What a store says about itself, read from its encrypted meta table."""

    store_id: str
    role: StoreRole
    organisation: str
    owner_person_id: str
    device_id: str


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return uuid.uuid4().hex


BIG_WRITE_CACHE_KIB = 32 * 1024
_PAIR_NAMESPACE = uuid.UUID("6f1d2f4e-5a8b-4c3d-9e7f-0a1b2c3d4e5f")


def pair_id(kind: str, first: str, second: str) -> str:
    """The id of a row that exists at most once per pair (a register mark, a group place).

    Two devices that add the same mark without seeing each other then write the same
    row, which the merge joins, instead of two rows that break the uniqueness rule.
    """
    return uuid.uuid5(_PAIR_NAMESPACE, f"{kind}:{first}:{second}").hex


def describe_folder(folder: Path) -> None:
    """Raise the right error if `folder` is not an existing store.

    A replacement of its files that a crash interrupted is finished (or undone) first.
    """
    # A wipe that was decided is finished first, whatever else the folder still holds.
    refuse_if_wiped(folder)
    if folder.is_dir():
        finish_interrupted_replacement_unlocked(folder)
    if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
        raise StoreMissing(f"There is no store at {folder}. Create one first.")
    if not folder.is_dir():
        raise NotAStore(f"{folder} is a file, not a store folder.")
    if not (folder / KEYS_NAME).is_file() or not (folder / DB_NAME).is_file():
        raise NotAStore(f"{folder} is not a facilitator_app store (no keys.json or store.db).")


class Store:
    """An open, unlocked store. Use from one thread only; close it to lock."""

    def __init__(
        self, folder: Path, conn: Any, lock: StoreLock, clock: Clock, *, data_key: bytes = b""
    ) -> None:
        self.folder = folder
        self._conn = conn
        self._lock = lock
        self._clock = clock
        # Kept for keying a backup file; SQLCipher holds the same key in memory anyway.
        self._data_key = data_key
        self.facts = self._read_facts()
        self._seq: int | None = None
        self._hlc = Hlc.decode(self.meta("hlc") or Hlc(0, 0, self.facts.device_id).encode())

    # --- opening and closing -------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        *,
        role: StoreRole,
        organisation: str,
        owner_name: str,
        kdf: KdfParams,
        clock: Clock = utc_now,
        owner_id: str | None = None,
        setup: Callable[[Store], None] | None = None,
        organisation_recipient: str | None = None,
    ) -> Store:
        """Create a store; `owner_id` and `setup` are for a store joining an organisation.

        A joining store's owner already exists at the coordinator, whose copy of the
        person arrives with the first bundle, so it is written here without change
        capture. `setup` runs inside the creation, so its failure leaves no store.
        With `organisation_recipient` the key file gets an organisation recovery slot.
        """
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            if (folder / KEYS_NAME).exists():
                raise StoreExists(f"There is already a store at {folder}.")
            raise StoreExists(f"{folder} already holds other files. Choose an empty folder.")
        created_folder = not folder.exists()
        make_private_dir(folder)
        lock = StoreLock(folder)
        lock.acquire()
        conn = None
        try:
            data_key = new_data_key()
            keys = KeyFile(store_id=new_id())
            keys.add_passphrase_slot(data_key, passphrase, kdf)
            conn = connect(folder / DB_NAME, data_key)
            migrate(conn, folder / DB_NAME)
            joining = owner_id is not None
            owner_id = owner_id or new_id()
            device_id = new_id()
            with _transaction(conn):
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("store_id", keys.store_id),
                        ("role", role.value),
                        ("organisation", organisation),
                        ("owner_person_id", owner_id),
                        ("device_id", device_id),
                        ("created_at", clock().isoformat()),
                    ],
                )
            store = cls(folder, conn, lock, clock, data_key=data_key)
            with store.transaction():
                if joining:
                    conn.execute(
                        "INSERT INTO people (id, name, role) VALUES (?, ?, ?)",
                        [owner_id, owner_name, role.value],
                    )
                else:
                    store.insert(
                        "people",
                        owner_id,
                        {"name": owner_name, "role": role.value, "archived_on": None},
                    )
                if setup is not None:
                    setup(store)
            if organisation_recipient is not None:
                keys.add_organisation_slot(
                    data_key,
                    organisation_recipient,
                    {"device_id": device_id, "person_id": owner_id},
                )
            # keys.json last: a folder without it is not yet a store, so a failure before
            # this point is undone below and `init` can simply be run again.
            keys.save(folder, data_key)
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            _remove_partial_store(folder, remove_folder=created_folder)
            raise
        return store

    @classmethod
    def open(
        cls, folder: Path, data_key: bytes, *, clock: Clock = utc_now, upgrade: bool = True
    ) -> Store:
        """Open and (unless `upgrade` is False, as for a check) bring the schema up to date."""
        describe_folder(folder)
        lock = StoreLock(folder)
        lock.acquire()
        try:
            # Again under the lock: another process may have been replacing them.
            finish_interrupted_replacement(folder)
            conn = connect(folder / DB_NAME, data_key)
            try:
                if upgrade:
                    migrate(conn, folder / DB_NAME)
                return cls(folder, conn, lock, clock, data_key=data_key)
            except DatabaseError as error:
                conn.close()
                if type(error) is not DatabaseError:
                    # Disk I/O and the like: SQLite's own words name no data.
                    raise StoreError(f"The store could not be read ({error}).") from None
                # SQLite reports a page that fails its authentication code as a plain
                # DatabaseError ("database disk image is malformed").
                raise StoreDamaged(
                    "The store's database is damaged or was changed outside the app, "
                    "so it cannot be opened. Nothing was changed; ask your coordinator for help."
                ) from None
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        """Fold the WAL into the database and close; after this nothing is readable."""
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()
        self._conn = None
        self._data_key = b""
        self._lock.release()

    def close_keeping_lock(self) -> StoreLock:
        """Close as `close` does but keep the folder locked, for replacing the store's files.

        The caller releases the lock it is given.
        """
        if self._conn is None:
            raise RuntimeError("The store is locked")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()
        self._conn = None
        self._data_key = b""
        return self._lock

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def data_key(self) -> bytes:
        if self._conn is None or not self._data_key:
            raise RuntimeError("The store is locked")
        return self._data_key

    # --- reading and writing -------------------------------------------------

    @property
    def conn(self) -> Any:
        if self._conn is None:
            raise RuntimeError("The store is locked")
        return self._conn

    def now(self) -> dt.datetime:
        return self._clock()

    def today(self) -> dt.date:
        return self._clock().astimezone().date()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self._seq = None
        try:
            with _transaction(self.conn):
                yield
                self.set_meta("hlc", self._hlc.encode())
        finally:
            self._seq = None

    @contextlib.contextmanager
    def trial(self) -> Iterator[None]:
        """A transaction that is always rolled back: for previews of what a change would do."""
        self._seq = None
        saved_hlc = self._hlc
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            self.conn.execute("ROLLBACK")
            self._hlc = saved_hlc
            self._seq = None

    @contextlib.contextmanager
    def big_write(self) -> Iterator[None]:
        """For one large write (a whole bundle): SQLite may keep 32 MB of pages in memory.

        With its usual 8 MB, index pages of a large import are written out and read
        back again and again; taking in five years of a charity went from 3.2 s to
        2.7 s (benchmarks/sync.py). Put the commit inside, where most pages are written.
        """
        (before,) = self.conn.execute("PRAGMA cache_size").fetchone()
        self.conn.execute(f"PRAGMA cache_size = {-BIG_WRITE_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    @contextlib.contextmanager
    def foreign_keys_off(self) -> Iterator[None]:
        """For taking in another device's rows, which may name a parent not yet seen.

        SQLite only changes this setting outside a transaction, so open one inside.
        """
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def sync_seq(self) -> int:
        """This transaction's sync sequence number: exports send rows newer than a peer's ack."""
        if self._seq is None:
            self._seq = int(self.meta("sync_seq") or "0") + 1
            self.set_meta("sync_seq", str(self._seq))
        return self._seq

    def current_sync_seq(self) -> int:
        return int(self.meta("sync_seq") or "0")

    def receive_stamp(self, remote: Hlc) -> None:
        """Move our clock past a remote stamp (refusing one too far ahead)."""
        self._hlc = receive(self._hlc, remote, int(self._clock().timestamp() * 1000))

    def new_stamp(self) -> Hlc:
        return self._next_stamp()

    def _next_stamp(self) -> Hlc:
        self._hlc = tick(self._hlc, int(self._clock().timestamp() * 1000))
        return self._hlc

    def insert(self, table: str, row_id: str, values: Mapping[str, changes.Value]) -> None:
        changes.insert_row(self.conn, table, row_id, values, self._next_stamp(), self.sync_seq())

    def update(self, table: str, row_id: str, values: Mapping[str, changes.Value]) -> bool:
        return changes.update_row(
            self.conn, table, row_id, values, self._next_stamp(), self.sync_seq()
        )

    def delete(self, table: str, row_id: str) -> bool:
        """Delete for good on every device (it wins over a concurrent edit) until restored."""
        return changes.delete_row(self.conn, table, row_id, self._next_stamp(), self.sync_seq())

    def restore(self, table: str, row_id: str) -> bool:
        return changes.restore_row(self.conn, table, row_id, self._next_stamp(), self.sync_seq())

    def forget(self, table: str, row_id: str) -> None:
        """Remove a row and every trace of it here, without telling any other device.

        For a record sealed to the organisation: the plaintext must leave this laptop,
        and the organisation's copy must not be deleted with it. `secure_delete`
        overwrites the freed pages; `fold_log` empties the write-ahead log.
        """
        changes.forget_row(self.conn, table, row_id)

    def fold_log(self) -> None:
        """Fold the write-ahead log into the database and empty it (outside a transaction)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.conn)

    def _read_facts(self) -> StoreFacts:
        rows = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        return StoreFacts(
            store_id=rows["store_id"],
            role=StoreRole(rows["role"]),
            organisation=rows["organisation"],
            owner_person_id=rows["owner_person_id"],
            device_id=rows["device_id"],
        )


# Everything Store.create may have written into its (empty) folder before failing.
_CREATE_LEFTOVERS = (
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    KEYS_NAME,
    f"{KEYS_NAME}.partial",
    LOCK_NAME,
)


def _remove_partial_store(folder: Path, *, remove_folder: bool) -> None:
    """Undo a create that failed part way, so `init` can simply be run again."""
    for name in _CREATE_LEFTOVERS:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
    if remove_folder:
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def _transaction(conn: Any) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
