"""How long USB sync takes with five years of a charity's records.

Targets (issue 6), each judged on the median of the runs:

- a facilitator's bundle for a year of their groups: under 1 s. Scope cannot pick one
  year, so this times the first full export (`services.sync.export_bundles`, written to
  a folder) for a facilitator with two of the dataset's groups, which carries all five
  years of those groups: it over-measures.
- a coordinator-to-coordinator bundle of all five years: under 3 s to make (every row's
  merge state, sealed and written), and under 3 s to take in (open, check and merge into a
  fresh coordinator store in one transaction, as `incoming.take_in` does), which is also
  at most 3 times as long as inserting the same table rows with plain `executemany` into
  a fresh SQLCipher database. Coordinator stores cannot pair with each other yet, so this
  part calls the sync code below the services directly.

This benchmark pairs a laptop with the dataset store and so changes it: it runs last.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.dataset import PASSPHRASE
from benchmarks.measures import Bench, Measure, ms_since
from facilitator_app.domain.hlc import Hlc
from facilitator_app.services import facilitators, groups, pairing, people
from facilitator_app.services import sync as sync_service
from facilitator_app.services.pairing import JoinRequest, join_organisation
from facilitator_app.services.stores import NewStore, StoreRole, create_store, unlock_store
from facilitator_app.store.changes import SYNCED_COLUMNS
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.migrations import migrate
from facilitator_app.store.store import BIG_WRITE_CACHE_KIB, Store
from facilitator_app.sync import keyring, scope
from facilitator_app.sync.bundle_file import (
    Header,
    body_bytes,
    new_bundle_name,
    open_sealed,
    seal,
)
from facilitator_app.sync.collector import collector_paused
from facilitator_app.sync.identity import KeyPair
from facilitator_app.sync.merge import check_rows, merge, newest_stamp
from facilitator_app.sync.stick import read_bundle, write_verified

FACILITATOR_EXPORT = "facilitator bundle export (2 groups, 5 years)"
COORDINATOR_EXPORT = "full bundle export"
COORDINATOR_IMPORT = "full bundle import, fresh store"
BASELINE = "executemany baseline, same rows"
RATIO = "import ÷ baseline"
# The import raises SQLite's page cache for its write (Store.big_write); the same done
# for the baseline shows how much of the ratio that buys. Shown, not judged.
BASELINE_BIG_CACHE = "baseline with the import's cache"
RATIO_BIG_CACHE = "import ÷ that baseline"


def pair_facilitator(coordinator: Store, work: Path) -> str:
    """A dataset facilitator's laptop, invited, joined and accepted; gets two groups."""
    person = next(p for p in people.list_people(coordinator) if p.name == "Facilitator 00")
    invitation = pairing.invite(coordinator, person.id, work)
    laptop = join_organisation(
        JoinRequest(work / "laptop", invitation.path, person.name, PASSPHRASE, PASSPHRASE),
        kdf=KdfParams(),
    )
    try:
        stick = work / "hello"
        stick.mkdir()
        sync_service.export_bundles(laptop, stick)
    finally:
        laptop.close()
    intake = sync_service.import_bundles(coordinator, [stick])[0].intake
    if intake is None or intake.waiting is None:
        raise RuntimeError("The coordinator did not take in the laptop's request to join.")
    pairing.accept_device(coordinator, intake.waiting.device_id)
    two = [group.id for group in groups.list_groups(coordinator)[:2]]
    facilitators.set_groups(coordinator, person.id, two)
    return intake.waiting.device_id


def measure_facilitator_export(
    coordinator: Store, device_id: str, work: Path, repeat: int
) -> Measure:
    """The first full export for one facilitator; every run carries the same rows."""
    times = []
    for n in range(repeat):
        stick = work / f"stick-{n}"
        stick.mkdir()
        started = time.perf_counter()
        done = sync_service.export_bundles(coordinator, stick, only=device_id)
        times.append(ms_since(started))
    size = done[0].path.stat().st_size
    detail = f"{done[0].changes:,} rows, {size / 1e6:.1f} MB"
    return Measure(FACILITATOR_EXPORT, "ms", times, 1_000.0, detail)


@collector_paused()  # as outgoing.make_bundle
def make_coordinator_bundle(coordinator: Store, to: KeyPair, stick: Path) -> tuple[Path, int]:
    """Every row's merge state, sealed to another coordinator device and written to `stick`."""
    me = keyring.device_keys(coordinator)
    rows = scope.all_rows(coordinator.conn)
    body = body_bytes({"rows": rows})
    header = Header(
        bundle_id=uuid.uuid4().hex,
        sender=coordinator.facts.device_id,
        sender_role=StoreRole.COORDINATOR.value,
        recipients=("benchmark-coordinator",),
        sequence=1,
        previous_hash="",
        hlc=coordinator.new_stamp().encode(),
        upto=coordinator.current_sync_seq(),
        acks={},
        operation_count=len(rows),
        operations_hash=hashlib.sha256(body).hexdigest(),
    )
    data = seal(header, body, me, [to.age_recipient])
    return write_verified(stick, new_bundle_name(), data), len(rows)


@collector_paused()  # as incoming.take_in
def take_in_everything(receiver: Store, path: Path, keys: KeyPair) -> None:
    """What `incoming.take_in` does with a bundle, less the checks of who sent it."""
    opened = open_sealed(read_bundle(path), [keys])
    rows = check_rows(opened.operations()["rows"])
    with receiver.big_write(), receiver.foreign_keys_off(), receiver.transaction():
        receiver.receive_stamp(Hlc.decode(max(opened.header.hlc, newest_stamp(rows))))
        merge(receiver.conn, rows, seq=receiver.sync_seq(), keep_conflicts=True)


def fresh_coordinator(folder: Path) -> Store:
    request = NewStore(folder, StoreRole.COORDINATOR, "Bench", "Bench", PASSPHRASE, PASSPHRASE)
    return create_store(request, kdf=KdfParams())


def table_rows(conn: Any) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every synced table's rows as its table holds them: what the baseline inserts."""
    found = {}
    for table in SYNCED_COLUMNS:
        cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from SYNCED_COLUMNS
        found[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    return found


def insert_plainly(
    folder: Path, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], *, big_cache: bool
) -> float:
    """Milliseconds to insert `rows` with executemany into a fresh SQLCipher database."""
    folder.mkdir()
    conn = connect(folder / DB_NAME, os.urandom(32))
    try:
        migrate(conn, folder / DB_NAME)
        if big_cache:
            conn.execute(f"PRAGMA cache_size = {-BIG_WRITE_CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = OFF")  # as the import has them
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                values,
            )
        conn.execute("COMMIT")
        return ms_since(started)
    finally:
        conn.close()


def same_rows(source: Store, receiver: Store) -> bool:
    """Every synced row of the source arrived with the same values."""
    for table, columns in SYNCED_COLUMNS.items():
        names = ", ".join(["id", *sorted(columns)])
        query = f"SELECT {names} FROM {table}"  # noqa: S608 - names from SYNCED_COLUMNS
        have = set(receiver.conn.execute(query).fetchall())
        if not set(source.conn.execute(query).fetchall()) <= have:
            return False
    return True


def measure_coordinators(coordinator: Store, work: Path, repeat: int) -> list[Measure]:
    """Make the whole bundle, take it into a fresh coordinator store; and the baseline."""
    receiver_keys = KeyPair.generate()
    exports, imports, baselines, big_cache_baselines = [], [], [], []
    rows = table_rows(coordinator.conn)
    for n in range(repeat):
        stick = work / f"coordinator-stick-{n}"
        stick.mkdir()
        started = time.perf_counter()
        path, count = make_coordinator_bundle(coordinator, receiver_keys, stick)
        exports.append(ms_since(started))
        receiver = fresh_coordinator(work / f"receiver-{n}")
        try:
            started = time.perf_counter()
            take_in_everything(receiver, path, receiver_keys)
            imports.append(ms_since(started))
            if n == 0 and not same_rows(coordinator, receiver):
                raise RuntimeError("The fresh store does not hold what the bundle carried.")
        finally:
            receiver.close()
        baselines.append(insert_plainly(work / f"plain-{n}", rows, big_cache=False))
        big_cache_baselines.append(insert_plainly(work / f"big-{n}", rows, big_cache=True))
        # So the disk is not still writing one run's stores back while the next is timed.
        for done in (f"receiver-{n}", f"plain-{n}", f"big-{n}"):
            shutil.rmtree(work / done)
    plain = sum(len(values) for _columns, values in rows.values())
    detail = (
        f"{count:,} rows of merge state, {path.stat().st_size / 1e6:.1f} MB; "
        f"baseline inserts {plain:,} table rows"
    )
    ratios = [i / b for i, b in zip(imports, baselines, strict=True)]
    big_cache_ratios = [i / b for i, b in zip(imports, big_cache_baselines, strict=True)]
    return [
        Measure(COORDINATOR_EXPORT, "ms", exports, 3_000.0, detail),
        Measure(COORDINATOR_IMPORT, "ms", imports, 3_000.0),
        Measure(BASELINE, "ms", baselines),
        Measure(RATIO, "×", ratios, 3.0),
        Measure(BASELINE_BIG_CACHE, "ms", big_cache_baselines),
        Measure(RATIO_BIG_CACHE, "×", big_cache_ratios),
    ]


def measure(bench: Bench) -> list[Measure]:
    work = bench.work / "sync"
    work.mkdir()
    coordinator = unlock_store(bench.folder, PASSPHRASE)
    try:
        device_id = pair_facilitator(coordinator, work)
        facilitator = measure_facilitator_export(coordinator, device_id, work, bench.runs(5))
        both = measure_coordinators(coordinator, work, bench.runs(5))
    finally:
        coordinator.close()
    return [facilitator, *both]
