"""Making bundles: for each recipient, everything it has not acknowledged."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.errors import SyncError
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import device_rows, keyring, restored, wipe_reports
from facilitator_app.sync.bundle_file import Header, body_bytes, seal
from facilitator_app.sync.collector import collector_paused
from facilitator_app.sync.device_rows import Device, DeviceStatus, Outbox
from facilitator_app.sync.keyring import ORGANISATION
from facilitator_app.sync.merge import WireRow
from facilitator_app.sync.scope import (
    facilitator_scope,
    rows_for_facilitator,
    rows_for_organisation,
)


@dataclass(frozen=True)
class Recipient:
    """Where a bundle goes: a facilitator's laptop, or the organisation's coordinators."""

    id: str
    label: str
    age_recipient: str
    person_id: str | None


@dataclass(frozen=True)
class SealedBundle:
    recipient: Recipient
    data: bytes
    header: Header


def recipients(store: Store) -> list[Recipient]:
    """Everyone this store sends to: active facilitator laptops, or the organisation."""
    if store.facts.role is StoreRole.COORDINATOR:
        return [
            Recipient(d.id, d.name, d.age_recipient, d.person_id)
            for d in device_rows.load_devices(store.conn)
            if d.status is DeviceStatus.ACTIVE and d.role == StoreRole.FACILITATOR.value
        ]
    organisation = keyring.organisation_public(store)
    if organisation is None:
        raise SyncError(
            "This store is not paired with an organisation. "
            "Join with an invitation file from your coordinator first."
        )
    return [Recipient(ORGANISATION, store.facts.organisation, organisation.age_recipient, None)]


def waiting_rows(store: Store, recipient: Recipient) -> list[WireRow]:
    """The rows the next bundle to `recipient` would carry."""
    box = device_rows.load_outbox(store.conn, recipient.id)
    return _rows(store, recipient, box)[0]


def _rows(store: Store, recipient: Recipient, box: Outbox) -> tuple[list[WireRow], frozenset[str]]:
    if recipient.person_id is None:
        rows = rows_for_organisation(
            store.conn, after_seq=box.acked_seq, own_device=store.facts.device_id
        )
        return rows, frozenset()
    scope = facilitator_scope(store.conn, recipient.person_id)
    seen = scope.group_ids | scope.colleague_ids
    rows = rows_for_facilitator(
        store.conn,
        scope,
        after_seq=box.acked_seq,
        # No echo is left out for a restored laptop: it may have lost its own changes.
        recipient_device="" if box.echoes else recipient.id,
        # A group or colleague new to this facilitator: its history predates their acks.
        fresh=seen - box.scope,
    )
    return rows, seen


@collector_paused()
def make_bundle(
    store: Store, recipient: Recipient, *, also: Callable[[Header], None] | None = None
) -> SealedBundle:
    """Seal the next bundle for `recipient`, reserving its sequence number first.

    The number is committed before the file is written: if writing fails, the number
    is simply never seen, and no two different bundles can ever share one. `also` runs
    inside that transaction (the audit log's entry for the export).
    """
    me = keyring.device_keys(store)
    coordinator = store.facts.role is StoreRole.COORDINATOR
    certificate = keyring.coordinator_certificate(store) if coordinator else None
    with store.transaction():
        box = device_rows.load_outbox(store.conn, recipient.id)
        rows, seen = _rows(store, recipient, box)
        operations: dict[str, Any] = {"rows": rows}
        if restored.resend_wanted(store.conn, box.acked_seq):
            operations["resend"] = True
        if not coordinator:
            operations["lost"] = device_rows.unreported_losses(store.conn, box.acked_seq)
            wiped = wipe_reports.reports_to_send(store, box.acked_seq)
            if wiped:
                operations["wiped"] = wiped
        body = body_bytes(operations)
        header = Header(
            bundle_id=uuid.uuid4().hex,
            sender=store.facts.device_id,
            sender_role=store.facts.role.value,
            recipients=(recipient.id,),
            sequence=box.next_bundle,
            previous_hash=box.last_hash,
            hlc=store.new_stamp().encode(),
            upto=store.current_sync_seq(),
            acks=_acks(store, recipient),
            operation_count=len(rows),
            operations_hash=hashlib.sha256(body).hexdigest(),
            certificate=certificate,
            join=None if coordinator else keyring.pending_join(store),
        )
        data = seal(header, body, me, [recipient.age_recipient])
        device_rows.save_outbox(
            store.conn,
            dataclasses.replace(
                box,
                next_bundle=box.next_bundle + 1,
                last_hash=hashlib.sha256(data).hexdigest(),
                last_export_at=store.now().isoformat(),
                unacked_scopes=(
                    box.exported(header.upto, seen)
                    if recipient.person_id is not None
                    else box.unacked_scopes
                ),
            ),
        )
        if also is not None:
            also(header)
    return SealedBundle(recipient, data, header)


def _acks(store: Store, recipient: Recipient) -> dict[str, int]:
    """What we have received, ridden back so the other side stops resending it."""
    devices: list[Device] = device_rows.load_devices(store.conn)
    if recipient.person_id is not None:
        return {d.id: d.received_upto for d in devices if d.id == recipient.id}
    return {d.id: d.received_upto for d in devices if d.role == StoreRole.COORDINATOR.value}
