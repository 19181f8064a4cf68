"""Issue 7: once submitted, a record's text is gone from the facilitator's laptop.

A canary string in every free-text field of a debrief, an incident record and their
addenda, autosaved several times so old versions passed through the change log and
the merge state, then submitted. After that the laptop may hold the canary nowhere:
not in any table, not in any page of store.db (free pages included) or frame of its
write-ahead log once decrypted, not in any file the test made, and not in the bundle
it exports except inside the sealed envelopes, which only the organisation opens.

SQLCipher encrypts every page, so grepping the raw files proves little: the test
decrypts each page itself (SQLCipher 4: AES-256-CBC over the page minus its reserved
tail of IV and HMAC, the raw key used as it is) and checks each page's HMAC, so a
page it failed to decrypt can't pass unread. Before submit the same scan must find
every canary, or the test would prove nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.domain.records import RecordKind
from facilitator_app.services import debriefs, inbox, incidents, sessions
from facilitator_app.services import sync as sync_service
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store
from facilitator_app.sync import device_rows, keyring
from facilitator_app.sync.sealed import open_envelope
from tests.factories import FIXED_NOW
from tests.sync.conftest import TemplateOrg
from tests.sync.helpers import Org, open_with, plain_text, rows_in

# One canary per free-text field, each unlike anything else a store or bundle holds.
DEBRIEF_CANARIES = {
    "how_notes": "qz7canary-how-notes-5e1b",
    "topics": "qz7canary-topics-a0c4",
    "went_well": "qz7canary-went-well-93d2",
    "concerns": "qz7canary-concerns-7f60",
}
INCIDENT_CANARY = "qz7canary-incident-note-2b8e"
DEBRIEF_ADDENDUM_CANARY = "qz7canary-debrief-addendum-c41a"
INCIDENT_ADDENDUM_CANARY = "qz7canary-incident-addendum-e6d9"
ALL_CANARIES = (
    *DEBRIEF_CANARIES.values(),
    INCIDENT_CANARY,
    DEBRIEF_ADDENDUM_CANARY,
    INCIDENT_ADDENDUM_CANARY,
)
DRAFT_CANARIES = (*DEBRIEF_CANARIES.values(), INCIDENT_CANARY)
AUTOSAVES = 4


# --- decrypting a SQLCipher 4 store page by page -------------------------------------


@dataclass(frozen=True)
class PageCipher:
    key: bytes  # the raw 256-bit data key, which SQLCipher uses as the AES key
    hmac_key: bytes
    page_size: int
    reserve: int  # IV and HMAC at the end of every page

    def decrypt(self, page: bytes, page_number: int) -> bytes:
        """The page's plaintext (page 1: from byte 16, after the salt); HMAC checked."""
        assert len(page) == self.page_size
        start = 16 if page_number == 1 else 0
        end = self.page_size - self.reserve
        iv = page[end : end + 16]
        mac = hmac.new(
            self.hmac_key,
            page[start : end + 16] + page_number.to_bytes(4, "little"),
            hashlib.sha512,
        ).digest()
        assert hmac.compare_digest(mac, page[end + 16 : end + 16 + 64]), (
            f"page {page_number} fails its HMAC: the test's decryptor is wrong"
        )
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(iv)).decryptor()
        return decryptor.update(page[start:end]) + decryptor.finalize()


def page_cipher(store: Store, data_key: bytes) -> PageCipher:
    """The store's cipher settings, as the store reports them, checked on page 1."""

    def pragma(name: str) -> str:
        return str(store.conn.execute(f"PRAGMA {name}").fetchone()[0])

    page_size = int(pragma("cipher_page_size"))
    assert page_size == int(pragma("page_size")) == 4096
    assert pragma("cipher_hmac_algorithm") == "HMAC_SHA512"
    assert pragma("cipher_use_hmac") == "1"
    assert pragma("cipher_plaintext_header_size") == "0"
    assert len(data_key) == 32
    reserve = 16 + 64  # IV, then HMAC-SHA512
    salt = (store.folder / "store.db").read_bytes()[:16]
    assert not salt.startswith(b"SQLite format 3")
    # SQLCipher 4 derives the HMAC key from the encryption key with two PBKDF2 rounds,
    # salted with the file's salt XOR 0x3a.
    hmac_key = hashlib.pbkdf2_hmac("sha512", data_key, bytes(b ^ 0x3A for b in salt), 2, 32)
    cipher = PageCipher(data_key, hmac_key, page_size, reserve)
    header = cipher.decrypt((store.folder / "store.db").read_bytes()[:page_size], 1)
    # Page 1's plaintext from byte 16 is the rest of SQLite's file header.
    assert int.from_bytes(header[0:2], "big") == page_size
    assert header[2:4] == b"\x02\x02"  # write and read versions: WAL
    assert header[4] == reserve
    assert header[5:8] == bytes([64, 32, 32])  # payload fractions, fixed by SQLite
    return cipher


@dataclass(frozen=True)
class Scanned:
    pages: dict[str, bytes]  # "store.db page 3", "store.db-wal frame 2 (page 7)" → plaintext
    numbers: frozenset[int]  # the page numbers seen, in the file or in the log

    def holding(self, canary: str) -> list[str]:
        needle = canary.encode()
        return [where for where, plain in self.pages.items() if needle in plain]


def decrypted_pages(store: Store, cipher: PageCipher) -> Scanned:
    """Every page of store.db (live and free alike) and every frame of its WAL."""
    pages: dict[str, bytes] = {}
    numbers: set[int] = set()
    size = cipher.page_size
    db = (store.folder / "store.db").read_bytes()
    assert len(db) % size == 0
    for index in range(len(db) // size):
        number = index + 1
        numbers.add(number)
        pages[f"store.db page {number}"] = cipher.decrypt(db[index * size : number * size], number)
    wal_path = store.folder / "store.db-wal"
    wal = wal_path.read_bytes() if wal_path.exists() else b""
    frame = 24 + size
    if wal:
        assert len(wal) >= 32
        assert (len(wal) - 32) % frame == 0
    for index in range((len(wal) - 32) // frame if wal else 0):
        at = 32 + index * frame
        number = int.from_bytes(wal[at : at + 4], "big")
        page = wal[at + 24 : at + frame]
        numbers.add(number)
        pages[f"store.db-wal frame {index + 1} (page {number})"] = cipher.decrypt(page, number)
    return Scanned(pages, frozenset(numbers))


# --- files the test may have left behind ---------------------------------------------


def files_under(folder: Path) -> Iterator[Path]:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def files_holding(paths: list[Path], canaries: tuple[str, ...]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # gone since listed, or another user's
        found.extend((str(path), canary) for canary in canaries if canary.encode() in data)
    return found


def open_deleted_files() -> list[Path]:
    """Files this process holds open after unlinking them, as SQLite does with temp files."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return []
    found = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith(" (deleted)"):
            found.append(fd)
    return found


# --- the scene -----------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    debrief_id: str
    incident_id: str
    session_id: str


def _debrief_fields(version: int) -> DebriefFields:
    texts: dict[str, Any] = {
        name: f"{canary} (draft {version})" for name, canary in DEBRIEF_CANARIES.items()
    }
    return DebriefFields(how_it_went=HowItWent.DIFFERENT, wellbeing=3, wants_contact=True, **texts)


def _incident_fields(org: Org, session_id: str, version: int) -> IncidentFields:
    protocol = get_protocol("flashback")
    began = FIXED_NOW.replace(hour=19)
    run = start_run(protocol, began)
    for step in range(len(protocol.steps)):
        run = mark_done(run, began.replace(minute=step + 1))
    run = finish(run, began.replace(minute=len(protocol.steps) + 1))
    return IncidentFields(
        run=run,
        group_id=org.robins_group.id,
        session_id=session_id,
        notes=dict.fromkeys(protocol.record_fields, f"{INCIDENT_CANARY} (draft {version})"),
    )


def write_drafts(org: Org, robins_members: list[str]) -> Written:
    """A debrief and an incident record, each autosaved several times; nothing submitted."""
    laptop = org.robin.store
    (session,) = sessions.list_sessions(laptop, org.robins_group.id)
    sessions.take_register(laptop, session.id, robins_members)
    incident = incidents.save_draft(laptop, None, _incident_fields(org, session.id, 0))
    draft = debriefs.start_debrief(laptop, session.id, _debrief_fields(0))
    for version in range(1, AUTOSAVES + 1):
        org.clock.advance(30)
        incidents.save_draft(laptop, incident.id, _incident_fields(org, session.id, version))
        debriefs.save_draft(laptop, draft.id, _debrief_fields(version))
    return Written(draft.id, incident.id, session.id)


def submit_all(org: Org, written: Written) -> None:
    laptop = org.robin.store
    org.clock.advance(30)
    incidents.submit(laptop, written.incident_id)
    debriefs.submit(laptop, written.debrief_id, _debrief_fields(AUTOSAVES))
    debriefs.add_addendum(laptop, written.debrief_id, f"Later: {DEBRIEF_ADDENDUM_CANARY}")
    incidents.add_addendum(laptop, written.incident_id, f"Later: {INCIDENT_ADDENDUM_CANARY}")


def tables_holding(store: Store, canaries: tuple[str, ...]) -> list[tuple[str, str]]:
    """(table, canary) for every canary found in any column of any row of any table."""
    found: list[tuple[str, str]] = []
    tables = [
        str(row[0])
        for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    assert {"change_log", "row_state", "drafts", "sent_records", "sealed_records"} <= set(tables)
    for table in tables:
        for row in store.conn.execute(f"SELECT * FROM {table}"):  # noqa: S608 - from sqlite_master
            text = " ".join(_as_text(value) for value in row)
            found.extend((table, canary) for canary in canaries if canary in text)
    return found


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


@pytest.fixture
def cipher(org: Org, template_org: TemplateOrg) -> PageCipher:
    return page_cipher(org.robin.store, template_org.data_keys["robin"])


# --- tests ---------------------------------------------------------------------------


def test_the_scan_finds_the_canaries_while_they_are_drafts(
    org: Org, robins_members: list[str], cipher: PageCipher
) -> None:
    """The control: what the next test expects to be gone is there to be found before."""
    laptop = org.robin.store
    write_drafts(org, robins_members)

    in_tables = {canary for _table, canary in tables_holding(laptop, DRAFT_CANARIES)}
    assert in_tables == set(DRAFT_CANARIES)
    scanned = decrypted_pages(laptop, cipher)
    for canary in DRAFT_CANARIES:
        assert scanned.holding(canary), f"{canary} not found in any decrypted page"
    # Encrypted, so not in the raw bytes: which is why the test decrypts.
    raw = (laptop.folder / "store.db").read_bytes() + (laptop.folder / "store.db-wal").read_bytes()
    assert not any(canary.encode() in raw for canary in DRAFT_CANARIES)

    # Folded into store.db, the drafts are still found there, page by page.
    laptop.fold_log()
    folded = decrypted_pages(laptop, cipher)
    assert not any("wal" in where for where in folded.pages)
    for canary in DRAFT_CANARIES:
        assert [where for where in folded.holding(canary) if where.startswith("store.db page")]


def test_after_submit_the_text_is_in_no_table_page_log_frame_or_file(
    org: Org,
    robins_members: list[str],
    cipher: PageCipher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    laptop = org.robin.store
    temp_root = Path(tempfile.gettempdir())
    temp_before = set(temp_root.iterdir())
    caplog.set_level(logging.DEBUG)
    written = write_drafts(org, robins_members)

    submit_all(org, written)

    assert laptop.conn.execute("SELECT count(*) FROM sealed_records").fetchone()[0] == 4
    assert tables_holding(laptop, ALL_CANARIES) == []
    scanned = decrypted_pages(laptop, cipher)
    (pages,) = laptop.conn.execute("PRAGMA page_count").fetchone()
    assert scanned.numbers >= set(range(1, pages + 1)), "a page of the store was not read"
    for canary in ALL_CANARIES:
        assert scanned.holding(canary) == [], f"{canary} is still on the laptop"
    shm = laptop.folder / "store.db-shm"
    assert not shm.exists() or not any(c.encode() in shm.read_bytes() for c in ALL_CANARIES)

    # Temp files: the store keeps SQLite's in memory, so there should be none; any this
    # test made, or that the process holds open after unlinking, must not hold the text.
    made = [path for entry in set(temp_root.iterdir()) - temp_before for path in _paths(entry)]
    ours = list(files_under(org.tmp))
    assert files_holding([*ours, *made, *open_deleted_files()], ALL_CANARIES) == []
    assert not any(canary in caplog.text for canary in ALL_CANARIES)

    # Locked (closed) and at rest, nothing has come back.
    laptop.close()
    at_rest = decrypted_pages(laptop, cipher)
    assert not (laptop.folder / "store.db-wal").exists() or not any(
        "wal" in where for where in at_rest.pages
    )
    for canary in ALL_CANARIES:
        assert at_rest.holding(canary) == []


def _paths(entry: Path) -> list[Path]:
    if entry.is_dir() and not entry.is_symlink():
        return list(files_under(entry))
    return [entry] if entry.is_file() else []


def test_the_bundle_holds_the_text_only_inside_the_sealed_envelopes(
    org: Org, robins_members: list[str]
) -> None:
    written = write_drafts(org, robins_members)
    # Drafts never travel: a stick taken before submit carries nothing of them.
    (early,) = org.export(org.robin.store)
    assert not any(canary in plain_text(org.coordinator, early) for canary in ALL_CANARIES)
    submit_all(org, written)

    (path,) = org.export(org.robin.store)

    raw = path.read_bytes()
    assert not any(canary.encode() in raw for canary in ALL_CANARIES)
    # Opened as the coordinator would, the bundle's header and operations do not hold
    # the text either: only the envelopes do, and they are sealed.
    opened = open_with(org.coordinator, raw)
    readable = plain_text(org.coordinator, path)
    assert zlib.decompress(opened.body).decode() in readable
    assert not any(canary in readable for canary in ALL_CANARIES)
    sealed = [row for row in rows_in(org.coordinator, path) if row[0] == "sealed_records"]
    assert {row[1] for row in sealed} >= {written.debrief_id, written.incident_id}
    assert not [row for row in rows_in(org.coordinator, path) if row[0] in _RECORD_TABLES]

    organisation = keyring.organisation_keys(org.coordinator)

    def sign_public_of(device: str) -> str | None:
        found = device_rows.load_device(org.coordinator.conn, device)
        return None if found is None else found.sign_public

    inside = " ".join(
        str(open_envelope(row[4]["envelope"][0], organisation, sign_public_of).values)
        for row in sealed
    )
    for canary in ALL_CANARIES:
        assert canary in inside, f"{canary} did not travel in a sealed envelope"

    [result] = sync_service.import_bundles(org.coordinator, [path])
    assert result.refused is None
    assert result.intake is not None
    assert result.intake.records == 4

    record = inbox.open_record(org.coordinator, written.debrief_id)
    assert record.debrief is not None
    for name, canary in DEBRIEF_CANARIES.items():
        assert canary in getattr(record.debrief.fields, name)
    assert [DEBRIEF_ADDENDUM_CANARY in a.text for a in record.debrief.addenda] == [True]
    incident = inbox.open_record(org.coordinator, written.incident_id)
    assert incident.line.kind is RecordKind.INCIDENT
    assert incident.incident is not None
    assert incident.incident.fields.notes
    assert all(INCIDENT_CANARY in note for note in incident.incident.fields.notes.values())
    assert [INCIDENT_ADDENDUM_CANARY in a.text for a in incident.incident.addenda] == [True]


_RECORD_TABLES = frozenset({"debriefs", "incidents", "debrief_addenda", "incident_addenda"})
