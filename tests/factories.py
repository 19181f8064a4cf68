"""Small builders for test data: stores, groups, members, people and sessions.

Each builder fills in plain, valid defaults; a test overrides only what it is about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import struct
import zlib
from pathlib import Path
from typing import Any

from facilitator_app.domain.groups import Group, GroupFields, GroupKind, Weekday
from facilitator_app.domain.hlc import Hlc
from facilitator_app.domain.members import Member, MemberFields
from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.domain.sessions import Session, SessionFields
from facilitator_app.services import groups, members, people, sessions
from facilitator_app.services.stores import NewStore, create_store
from facilitator_app.store.keys import KdfParams
from facilitator_app.store.store import Store, StoreRole, new_id

PASSPHRASE = "correct horse battery staple"
WRONG_PASSPHRASE = "incorrect horse battery staple"
FIXED_NOW = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)

# Names people really have, in the scripts and letters a UK charity meets.
INTERNATIONAL_NAMES = [
    "Zoë",
    "Łucja Żółćńska",  # Polish
    "Siân Ŵyn ap Rhys",  # Welsh
    "Ayşe Yılmaz İğdır",  # Turkish dotted and dotless i
    "Ελένη Παπαδοπούλου",  # Greek
    "Nguyễn Thị Bích Hằng",  # Vietnamese, stacked diacritics
    "فاطمة الزهراء",  # Arabic, right to left
    "שירה כהן",  # Hebrew, right to left
    "Jo 🌻",  # emoji
    "Mum 👩‍👧",  # emoji joined with ZERO WIDTH JOINER
    "王小红",
]


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: dt.datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def new_store_request(folder: Path, **overrides: Any) -> NewStore:
    values: dict[str, Any] = {
        "folder": folder,
        "role": StoreRole.COORDINATOR,
        "organisation": "Riverside Peer Support",
        "your_name": "Morgan",
        "passphrase": PASSPHRASE,
        "repeated_passphrase": PASSPHRASE,
    }
    values.update(overrides)
    return NewStore(**values)


def make_store(folder: Path, *, clock: FakeClock | None = None, **overrides: Any) -> Store:
    """A new store with the cheapest Argon2id parameters the floor allows."""
    return create_store(
        new_store_request(folder, **overrides), kdf=KdfParams(), clock=clock or FakeClock()
    )


def group_fields(**overrides: Any) -> GroupFields:
    values: dict[str, Any] = {
        "name": "Tuesday evening group",
        "kind": GroupKind.CLOSED,
        "cohort_note": "Adults",
        "venue": "Community hall, room 2",
        "usual_day": Weekday.TUESDAY,
        "usual_time": dt.time(18, 30),
        "start_date": dt.date(2025, 1, 7),
        "end_date": dt.date(2025, 6, 24),
        "agreement_text": "Headlines, not details.",
    }
    values.update(overrides)
    return GroupFields(**values)


def make_group(store: Store, **overrides: Any) -> Group:
    return groups.create_group(store, group_fields(**overrides))


def member_fields(**overrides: Any) -> MemberFields:
    values: dict[str, Any] = {"name": "Alex", "consent_given_on": dt.date(2025, 1, 7)}
    values.update(overrides)
    return MemberFields(**values)


def make_member(store: Store, group_id: str, **overrides: Any) -> Member:
    return members.add_member(store, group_id, member_fields(**overrides))


def make_person(
    store: Store, name: str = "Robin", role: PersonRole = PersonRole.FACILITATOR
) -> Person:
    return people.add_person(store, name, role)


def session_fields(**overrides: Any) -> SessionFields:
    values: dict[str, Any] = {
        "date": dt.date(2025, 3, 18),
        "start_time": dt.time(18, 30),
        "end_time": dt.time(20, 0),
        "topic": "Check-in and grounding practice",
    }
    values.update(overrides)
    return SessionFields(**values)


def make_session(store: Store, group_id: str, **overrides: Any) -> Session:
    return sessions.plan_session(store, group_id, session_fields(**overrides))


def replace(value: Any, **changes: Any) -> Any:
    return dataclasses.replace(value, **changes)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    """A real, small, solid-colour PNG image (for a logo), made without an image library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\x20\x80\x60" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    """A PNG's signature and then garbage: passes a glance at the first bytes, nothing more."""
    return PNG_SIGNATURE + b"this is not the rest of an image" * 4


# --- looking inside a store --------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LogRow:
    seq: int
    hlc: str
    table: str
    row_id: str
    field: str
    value: str | None


def change_log(store: Store) -> list[LogRow]:
    rows = store.conn.execute(
        "SELECT seq, hlc, table_name, row_id, field, value FROM change_log ORDER BY seq"
    ).fetchall()
    return [LogRow(*row) for row in rows]


def last_seq(store: Store) -> int:
    return int(store.conn.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0])


def assert_logged(
    store: Store, after_seq: int, table: str, row_id: str, fields: set[str]
) -> list[LogRow]:
    """Check the writes since `after_seq` logged `fields` of one row, with newer stamps.

    Returns the new log rows so a test can look closer.
    """
    everything = change_log(store)
    older = [row for row in everything if row.seq <= after_seq]
    newer = [row for row in everything if row.seq > after_seq]
    assert newer, "the write added nothing to change_log"
    logged = {row.field for row in newer if row.table == table and row.row_id == row_id}
    assert fields <= logged, f"change_log misses {sorted(fields - logged)} of {table}"
    newest_old = max((row.hlc for row in older), default="")
    assert all(row.hlc > newest_old for row in newer), "a new stamp is not after the old ones"
    stamps = [row.hlc for row in newer]
    assert stamps == sorted(stamps), "stamps do not grow with the log's order"
    for stamp in stamps:
        assert Hlc.decode(stamp).device_id == store.facts.device_id
    return newer


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: compare before and after."""
    tables = [
        str(row[0])
        for row in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        table: sorted(
            store.conn.execute(f"SELECT * FROM {table}").fetchall(),  # noqa: S608
            key=repr,
        )
        for table in tables
    }


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (recursively) by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def synced_person(
    store: Store, name: str, role: PersonRole = PersonRole.FACILITATOR, **columns: Any
) -> str:
    """A person row as sync from the coordinator would write it (facilitator stores may
    not add people through the services)."""
    person_id = new_id()
    with store.transaction():
        store.insert(
            "people", person_id, {"name": name, "role": role.value, "archived_on": None, **columns}
        )
    return person_id
