"""Sealed records arriving in a bundle: filed at the coordinator, receipts at the laptop.

Runs inside the import's transaction, after the merge: a record that can't be opened
or checked refuses the whole bundle, so nothing is half taken in.
"""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.records import RecordKind
from facilitator_app.store.store import Store
from facilitator_app.sync import device_rows, keyring
from facilitator_app.sync.merge import WireRow
from facilitator_app.sync.sealed import TABLE, SealedRecord, open_envelope

SUBMITTED = "submitted"
PARENT_KIND = {
    RecordKind.DEBRIEF_ADDENDUM: RecordKind.DEBRIEF,
    RecordKind.INCIDENT_ADDENDUM: RecordKind.INCIDENT,
}


def file_arrived_records(store: Store, now: str) -> int:
    """Open every sealed record not yet in the inbox; file it and list it as unread.

    Returns how many arrived. Records go before addenda, so an addendum that travelled
    with its record finds it filed.
    """
    waiting = store.conn.execute(
        "SELECT s.id, s.kind, s.author_id, s.device_id, s.envelope FROM sealed_records AS s "
        "LEFT JOIN inbox AS i ON i.id = s.id WHERE i.id IS NULL"
    ).fetchall()
    if not waiting:
        return 0
    organisation = keyring.organisation_keys(store)
    records = [_opened(store, row, organisation) for row in waiting]
    records.sort(key=lambda record: record.kind.is_addendum)
    for record in records:
        table = TABLE[record.kind]
        held = _author_of(store, table, record.record_id)
        if held is not None and held != record.author_id:
            raise BundleRefused("A sealed record in this bundle reuses another record's id.")
        parent = record.parent_id
        if parent is not None:
            # An addendum adds to its own author's record only. A record not held here
            # (a store restored from an older backup) is filed anyway: nothing is lost.
            parent_author = _author_of(store, TABLE[PARENT_KIND[record.kind]], parent)
            if parent_author not in (None, record.author_id):
                raise BundleRefused(
                    "A sealed addendum in this bundle adds to someone else's record."
                )
        if held is None:
            store.insert(table, record.record_id, record.values)
        store.insert(
            "inbox",
            record.record_id,
            {
                "kind": record.kind.value,
                "author_id": record.author_id,
                "parent_id": record.parent_id,
                "arrived_at": now,
            },
        )
    return len(records)


def _author_of(store: Store, table: str, record_id: str) -> str | None:
    row = store.conn.execute(
        f"SELECT author_id FROM {table} WHERE id = ?",  # noqa: S608 - table from TABLE
        [record_id],
    ).fetchone()
    return None if row is None else str(row[0])


def _opened(store: Store, row: Any, organisation: Any) -> SealedRecord:
    row_id, kind, author_id, device_id, envelope = row

    def sign_public_of(device: str) -> str | None:
        found = device_rows.load_device(store.conn, device)
        if found is None:
            return None
        if found.person_id != author_id:
            # A paired laptop, but someone else's: saying "never paired" would mislead
            # whoever looks into why the bundle was refused.
            raise BundleRefused(
                "A sealed record in this bundle was signed on a laptop that is not its "
                "author's. Nothing was taken in."
            )
        return found.sign_public

    record = open_envelope(str(envelope), organisation, sign_public_of)
    if (record.record_id, record.kind.value, record.author_id, record.device_id) != (
        row_id,
        kind,
        author_id,
        device_id,
    ):
        raise BundleRefused("A sealed record in this bundle does not match its label.")
    if not record.kind.is_addendum and record.values.get("status") != SUBMITTED:
        raise BundleRefused("A sealed record in this bundle is not readable.")
    return record


def refuse_others_sealed(rows: list[WireRow], own_person: str | None) -> None:
    """A laptop holds only its own sealed records; it can't open anyone else's."""
    for table, _row_id, _length, _length_hlc, fields in rows:
        if table != "sealed_records":
            continue
        author = fields.get("author_id")
        if author is None or author[0] != own_person:
            raise BundleRefused(
                "This bundle holds someone else's sealed record, which only your "
                "organisation can open. Nothing was taken in."
            )


def drop_receipted(store: Store) -> int:
    """Forget each sealed copy the coordinator has received; returns how many."""
    received = [
        str(row[0])
        for row in store.conn.execute(
            "SELECT s.id FROM sealed_records AS s JOIN inbox AS i ON i.id = s.id "
            "WHERE i.opened_at IS NOT NULL"
        )
    ]
    for record_id in received:
        store.forget("sealed_records", record_id)
    return len(received)
