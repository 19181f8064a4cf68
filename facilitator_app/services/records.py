"""Records sent to the organisation: sealing them at submit, and what a laptop keeps after.

On a facilitator's laptop a submitted debrief or incident record is sealed (encrypted
to the organisation, signed by the laptop) and its plaintext forgotten; the laptop
keeps an index line (kind, date, group, status) and, until the coordinator's receipt
arrives, the sealed envelope. On a coordinator's store records are already where they
belong and are never sealed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.errors import NotFound, NotPermitted
from facilitator_app.domain.records import RecordKind, RecordStatus
from facilitator_app.store.changes import Value
from facilitator_app.store.sent_rows import insert_sent, load_sent
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import keyring
from facilitator_app.sync.sealed import SealedRecord, seal


@dataclass(frozen=True)
class SentLine:
    """One record this laptop sent, as the laptop may still show it."""

    id: str
    kind: RecordKind
    parent_id: str | None
    group_id: str | None
    group_name: str
    session_id: str | None
    on_date: dt.date
    sent_at: dt.datetime
    status: RecordStatus
    addenda: int


def is_laptop(store: Store) -> bool:
    return store.facts.role is StoreRole.FACILITATOR


def seal_away(
    store: Store,
    kind: RecordKind,
    record_id: str,
    values: Mapping[str, Value],
    *,
    group_id: str | None,
    session_id: str | None,
    on_date: dt.date,
    parent_id: str | None = None,
) -> None:
    """Seal a record and keep its index line; call inside the transaction that forgets it."""
    organisation = keyring.organisation_public(store)
    if organisation is None:
        raise NotPermitted(
            "This laptop has not joined an organisation yet, so there is nobody to send "
            "the record to. It stays here as a draft."
        )
    sealed_at = store.now().isoformat()
    record = SealedRecord(
        kind,
        record_id,
        store.facts.owner_person_id,
        store.facts.device_id,
        sealed_at,
        dict(values),
    )
    envelope = seal(record, keyring.device_keys(store), organisation.age_recipient)
    store.insert(
        "sealed_records",
        record_id,
        {
            "kind": kind.value,
            "author_id": record.author_id,
            "device_id": record.device_id,
            "envelope": envelope,
            "sealed_at": sealed_at,
        },
    )
    insert_sent(
        store.conn,
        record_id,
        kind.value,
        parent_id=parent_id,
        group_id=group_id,
        session_id=session_id,
        on_date=on_date.isoformat(),
        sent_at=sealed_at,
    )


def seal_addendum(
    store: Store,
    parent_kind: RecordKind,
    addendum_id: str,
    values: Mapping[str, Value],
    *,
    parent_id: str,
    not_sent: str,
) -> None:
    """Seal an addendum to a record this laptop sent (`not_sent`: the refusal otherwise)."""
    line = sent_line_or_refuse(store, parent_id)
    if line.kind is not parent_kind:
        raise NotFound(not_sent)
    kind = (
        RecordKind.DEBRIEF_ADDENDUM
        if parent_kind is RecordKind.DEBRIEF
        else RecordKind.INCIDENT_ADDENDUM
    )
    with store.transaction():
        seal_away(
            store,
            kind,
            addendum_id,
            values,
            group_id=line.group_id,
            session_id=line.session_id,
            on_date=line.on_date,
            parent_id=parent_id,
        )
    after_sealing(store)


def after_sealing(store: Store) -> None:
    """Empty the write-ahead log, which still holds the pages the plaintext was on."""
    store.fold_log()


def sent_lines(store: Store) -> list[SentLine]:
    """Every record this laptop sent, newest session first (addenda included)."""
    return [_line(row) for row in load_sent(store.conn)]


def sent_line_or_refuse(store: Store, record_id: str) -> SentLine:
    rows = load_sent(store.conn, record_id=record_id)
    if not rows:
        raise NotFound("That record is not on this laptop.")
    return _line(rows[0])


def sent_lines_for_session(store: Store, session_id: str, kind: RecordKind) -> list[SentLine]:
    return [
        line for line in sent_lines(store) if line.session_id == session_id and line.kind is kind
    ]


def _line(row: Any) -> SentLine:
    opened_at, reviewed_at = row[8], row[9]
    status = (
        RecordStatus.REVIEWED
        if reviewed_at
        else RecordStatus.RECEIVED
        if opened_at
        else RecordStatus.SENT
    )
    return SentLine(
        id=row[0],
        kind=RecordKind(row[1]),
        parent_id=row[2],
        group_id=row[3],
        group_name=row[4] or "",
        session_id=row[5],
        on_date=dt.date.fromisoformat(row[6]),
        sent_at=dt.datetime.fromisoformat(row[7]),
        status=status,
        addenda=int(row[10]),
    )
