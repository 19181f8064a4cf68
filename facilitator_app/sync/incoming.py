"""Taking in a bundle: check everything, then apply it all in one transaction or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.hlc import ClockTooFarAhead, Hlc
from facilitator_app.domain.wipe_policy import WipeReport
from facilitator_app.store import erased_names, erasure, row_state, scheduled_purge
from facilitator_app.store.row_state import stamp_device
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import device_rows, keyring, record_intake, wipe_reports
from facilitator_app.sync.bundle_file import OpenedBundle, open_sealed
from facilitator_app.sync.collector import collector_paused
from facilitator_app.sync.device_rows import ConflictRow, Device, DeviceStatus
from facilitator_app.sync.identity import fingerprint
from facilitator_app.sync.keyring import ORGANISATION
from facilitator_app.sync.merge import (
    Conflict,
    MergeResult,
    WireRow,
    check_rows,
    merge,
    newest_stamp,
)
from facilitator_app.sync.permissions import FacilitatorPermit, member_groups
from facilitator_app.sync.scope import facilitator_scope


@dataclass(frozen=True)
class JoinRequest:
    """A new laptop asking to join: nothing is applied until a person accepts it."""

    device_id: str
    name: str
    fingerprint: str


@dataclass(frozen=True)
class Intake:
    """What one bundle did (or, for a preview, would do)."""

    sender: str
    sender_name: str
    sequence: int
    added: int = 0
    changed: int = 0
    deleted: int = 0
    skipped: int = 0
    conflicts: tuple[Conflict, ...] = ()
    records: int = 0  # sealed debriefs, incidents and addenda filed in the inbox
    receipts: int = 0  # our sealed copies dropped since the coordinator has them
    purged: int = 0  # records removed here by the coordinator's purge or its schedule
    wiped: tuple[WipeReport, ...] = ()  # the sender's other laptops, reported wiped
    erased: int = 0  # rows removed or rewritten here by an erasure that arrived
    duplicate: bool = False
    waiting: JoinRequest | None = None


def open_for_me(store: Store, data: bytes) -> OpenedBundle:
    identities = [keyring.device_keys(store)]
    if store.facts.role is StoreRole.COORDINATOR:
        identities.append(keyring.organisation_keys(store))
    opened = open_sealed(data, identities)
    mine = {store.facts.device_id}
    if store.facts.role is StoreRole.COORDINATOR:
        mine.add(ORGANISATION)
    if not mine & set(opened.header.recipients):
        raise BundleRefused("This bundle is addressed to another store.")
    if opened.header.sender == store.facts.device_id:
        raise BundleRefused("This bundle was made by this store; take it to the other laptop.")
    return opened


@collector_paused()
def take_in(
    store: Store,
    data: bytes,
    *,
    preview: bool = False,
    on_wiped: Callable[[WipeReport], None] | None = None,
) -> Intake:
    """Check and apply one bundle's bytes; a BundleRefused means nothing was changed.

    `on_wiped` runs inside the import's transaction for each wiped laptop the bundle
    reports (the audit log's entry).
    """
    opened = open_for_me(store, data)
    header = opened.header
    coordinator = store.facts.role is StoreRole.COORDINATOR
    device = _sender(store, opened) if coordinator else None
    if coordinator and device is None:
        return _join_request(store, opened, preview=preview)
    if coordinator and device is not None and device.status is DeviceStatus.PENDING:
        return Intake(
            header.sender,
            device.name,
            header.sequence,
            waiting=JoinRequest(device.id, device.name, device.fingerprint),
        )
    coordinator_device = None if device is not None else _certified(store, opened)
    sign_public, sender_name = (
        (device.sign_public, device.name)
        if device is not None
        else (coordinator_device.sign_public, coordinator_device.name)  # type: ignore[union-attr]
    )
    if not opened.signature_by(sign_public):
        raise BundleRefused(
            "The bundle's signature does not match the laptop it says it is from: "
            "it was changed or forged."
        )
    content_hash = hashlib.sha256(opened.signed_part).hexdigest()
    seen = device_rows.received_hash(store.conn, header.sender, header.sequence)
    if seen == content_hash:
        return Intake(header.sender, sender_name, header.sequence, duplicate=True)
    if seen is not None:
        raise BundleRefused(
            f"A different bundle numbered {header.sequence} from {sender_name} was already "
            "imported; this copy was changed or made elsewhere. Tell your coordinator."
        )
    operations = opened.operations()
    rows = check_rows(operations["rows"])
    if not coordinator:
        record_intake.refuse_others_sealed(rows, store.facts.owner_person_id)
    reported = _reported_losses(operations.get("lost", []), header.sender) if coordinator else []
    wiped = wipe_reports.checked_reports(operations.get("wiped", [])) if coordinator else []
    scope = facilitator_scope(store.conn, device.person_id) if device and device.person_id else None
    with (
        store.big_write(),
        store.foreign_keys_off(),
        store.trial() if preview else store.transaction(),
    ):
        try:
            store.receive_stamp(Hlc.decode(max(header.hlc, newest_stamp(rows))))
        except ClockTooFarAhead as error:
            raise BundleRefused(str(error)) from None
        except ValueError:
            raise BundleRefused("The bundle's contents are not readable.") from None
        permit = (
            FacilitatorPermit(scope, rows, member_groups(store.conn, rows))
            if scope is not None
            else None
        )
        seq = store.sync_seq()
        result = merge(
            store.conn,
            rows,
            seq=seq,
            keep_conflicts=coordinator,
            permit=permit,
            own_device="" if coordinator else store.facts.device_id,
        )
        now = store.now().isoformat()
        _keep_conflicts(store, result, now, seq)
        _keep_reported_losses(store, reported, permit, result, now)
        _send_back_corrections(store, result, seq)
        if permit is not None:
            _send_back_lengths(store, rows, seq)
        records = record_intake.file_arrived_records(store, now) if coordinator else 0
        wiped = wipe_reports.take_reports(store, wiped, device, on_wiped) if device else []
        # Before the scrub below: an arriving erasure reads the name it removes from the
        # merge state; a member of an erased id that a stale bundle brought back goes again.
        erased = erasure.after_merge(store, seq)
        receipts = 0 if coordinator else record_intake.drop_receipted(store)
        # Deleted rows keep no old values; a laptop follows the schedule just received.
        purged = scheduled_purge.after_import(store, seq, store.today())
        if coordinator_device is not None:
            # Before noting what arrived: the first bundle's number is the first ack.
            if device_rows.load_device(store.conn, coordinator_device.id) is None:
                device_rows.insert_device(store.conn, coordinator_device)
            keyring.save_pending_join(store, None)
        device_rows.note_received(store.conn, header.sender, header.upto, now)
        ack = header.acks.get(store.facts.device_id)
        outbox = header.sender if coordinator else ORGANISATION
        if ack is not None:
            device_rows.note_acked(store.conn, outbox, ack)
            if coordinator:
                # After the records that bundle carried were scrubbed above.
                erased_names.forget_delivered(store.conn)
            else:
                device_rows.forget_reported_losses(store.conn, ack)
                wipe_reports.forget_delivered(store, ack)
        if operations.get("resend") is True:
            # The sender was restored from a backup: it may hold less than it acknowledged.
            device_rows.resend_everything(store.conn, outbox, seq)
        device_rows.note_bundle(
            store.conn, header.sender, header.sequence, header.bundle_id, content_hash, now
        )
    return Intake(
        header.sender,
        sender_name,
        header.sequence,
        added=result.added,
        changed=result.changed,
        deleted=result.deleted,
        skipped=result.skipped,
        conflicts=tuple(result.conflicts),
        records=records,
        receipts=receipts,
        purged=purged,
        wiped=tuple(wiped),
        erased=erased,
    )


def _sender(store: Store, opened: OpenedBundle) -> Device | None:
    header = opened.header
    if header.sender_role != StoreRole.FACILITATOR.value:
        raise BundleRefused(
            "This bundle comes from another coordinator's store; "
            "coordinator stores do not sync with each other yet."
        )
    device = device_rows.load_device(store.conn, header.sender)
    if device is not None and device.status is DeviceStatus.REVOKED:
        day = (device.revoked_at or "")[:10]
        raise BundleRefused(
            f"This bundle comes from {device.name}'s laptop, which was retired on {day}. "
            "Nothing was taken in."
        )
    if (
        device is not None
        and device.status is DeviceStatus.PENDING
        and not opened.signature_by(device.sign_public)
    ):
        raise BundleRefused("The bundle's signature does not match the laptop it is from.")
    if device is None and not header.join:
        raise BundleRefused(
            "This bundle comes from a laptop that is not paired with this organisation."
        )
    return device


def _certified(store: Store, opened: OpenedBundle) -> Device:
    """The coordinator device that sent this, proven by the organisation's certificate."""
    organisation = keyring.organisation_public(store)
    if organisation is None:
        raise BundleRefused("This store is not paired with an organisation.")
    header = opened.header
    certificate = keyring.certified_device(header.certificate, organisation)
    if certificate is None or certificate["device"] != header.sender:
        raise BundleRefused("This bundle is not from your organisation's coordinator.")
    now = store.now().isoformat()
    return Device(
        id=header.sender,
        person_id=None,
        name=store.facts.organisation,
        role=StoreRole.COORDINATOR.value,
        sign_public=str(certificate["sign_public"]),
        age_recipient=str(certificate["age_recipient"]),
        status=DeviceStatus.ACTIVE,
        invitation_id=None,
        first_seen_at=now,
        accepted_at=now,
        revoked_at=None,
        received_upto=0,
        last_import_at=None,
    )


def _join_request(store: Store, opened: OpenedBundle, *, preview: bool) -> Intake:
    header = opened.header
    join: Any = header.join
    fields = ("invitation_id", "token", "person_id", "name", "sign_public", "age_recipient")
    if not isinstance(join, dict) or not all(isinstance(join.get(k), str) for k in fields):
        raise BundleRefused("The laptop's request to join is not readable.")
    if not opened.signature_by(join["sign_public"]):
        raise BundleRefused("The laptop's request to join is not signed by that laptop.")
    invitation = device_rows.load_invitation(store.conn, join["invitation_id"])
    token_hash = hashlib.sha256(join["token"].encode()).hexdigest()
    if invitation is None or invitation.token_hash != token_hash:
        raise BundleRefused("This laptop joined with an invitation this store did not make.")
    if invitation.person_id != join["person_id"]:
        raise BundleRefused("This laptop's invitation is for someone else.")
    if invitation.used_at or invitation.device_id not in (None, header.sender):
        raise BundleRefused("That invitation was already used by another laptop.")
    if dt.datetime.fromisoformat(invitation.expires_at) < store.now():
        raise BundleRefused(
            f"That invitation expired on {invitation.expires_at[:10]}. Make a new one."
        )
    now = store.now().isoformat()
    device = Device(
        id=header.sender,
        person_id=invitation.person_id,
        name=join["name"][:200],
        role=StoreRole.FACILITATOR.value,
        sign_public=join["sign_public"],
        age_recipient=join["age_recipient"],
        status=DeviceStatus.PENDING,
        invitation_id=invitation.id,
        first_seen_at=now,
        accepted_at=None,
        revoked_at=None,
        received_upto=0,
        last_import_at=None,
    )
    if not preview:
        with store.transaction():
            device_rows.insert_device(store.conn, device)
            device_rows.claim_invitation(store.conn, invitation.id, device.id)
    return Intake(
        header.sender,
        device.name,
        header.sequence,
        waiting=JoinRequest(
            device.id,
            device.name,
            fingerprint(device.id, device.sign_public, device.age_recipient),
        ),
    )


def _keep_conflicts(store: Store, result: MergeResult, now: str, seq: int) -> None:
    for conflict in result.conflicts:
        _keep_conflict(store, conflict, now, seq)


def _keep_conflict(store: Store, conflict: Conflict, now: str, seq: int = 0) -> bool:
    return device_rows.insert_conflict(
        store.conn,
        ConflictRow(
            uuid.uuid4().hex,
            conflict.table,
            conflict.row_id,
            conflict.field,
            conflict.kept_value,
            conflict.kept_hlc,
            conflict.lost_value,
            conflict.lost_hlc,
            now,
            None,
            None,
        ),
        seq=seq,
    )


def _reported_losses(entries: Any, sender: str) -> list[Conflict]:
    """The laptop's own values that lost there to a newer one it had not seen.

    Each is [table, row id, field, kept value, kept stamp, lost value, lost stamp],
    checked as strictly as rows are; a lost stamp from another device is not the
    laptop's to report, so the bundle is refused as not well formed.
    """
    if not isinstance(entries, list):
        raise BundleRefused("The bundle's contents are not readable.")
    losses = []
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 7):
            raise BundleRefused("The bundle's contents are not readable.")
        table, row_id, name, kept_value, kept_hlc, lost_value, lost_hlc = entry
        if not (isinstance(table, str) and isinstance(name, str)):
            raise BundleRefused("The bundle's contents are not readable.")
        check_rows(
            [
                [table, row_id, 1, "", {name: [kept_value, kept_hlc, None]}],
                [table, row_id, 1, "", {name: [lost_value, lost_hlc, None]}],
            ]
        )
        if stamp_device(lost_hlc) != sender:
            raise BundleRefused("The bundle's contents are not readable.")
        losses.append(Conflict(table, row_id, name, kept_value, kept_hlc, lost_value, lost_hlc))
    return losses


def _keep_reported_losses(
    store: Store,
    losses: list[Conflict],
    permit: FacilitatorPermit | None,
    result: MergeResult,
    now: str,
) -> None:
    """List a laptop's lost values that it was allowed to write, once each."""
    states = row_state.load_many(store.conn, ((c.table, c.row_id) for c in losses))
    for loss in losses:
        before = states.get((loss.table, loss.row_id))
        fields = {loss.field: [loss.lost_value, loss.lost_hlc, None]}
        if before is None or (
            permit is not None
            and loss.field not in permit(loss.table, loss.row_id, fields, before).fields
        ):
            result.skipped += 1
        elif _keep_conflict(store, loss, now):
            result.conflicts.append(loss)


def _send_back_corrections(store: Store, result: MergeResult, seq: int) -> None:
    """Re-stamp our value of each refused field, so it wins on the laptop that changed it."""
    if not result.refused:
        return
    states = row_state.load_many(store.conn, ((t, r) for t, r, _f in result.refused))
    for table, row_id, name in result.refused:
        state = states[(table, row_id)]
        state.write_local({name: state.fields[name][0]}, store.new_stamp().encode())
        state.seq = seq
    row_state.save_many(store.conn, states.values())


def _send_back_lengths(store: Store, rows: list[WireRow], seq: int) -> None:
    """Outgrow each refused delete or restore, so our row's life wins on the laptop too.

    A length the sender may not write stays shorter here than on the sender; the
    next length of our own parity beats theirs without changing what we hold.
    """
    states = row_state.load_many(store.conn, ((r[0], r[1]) for r in rows))
    corrected = []
    for table, row_id, length, _length_hlc, _fields in rows:
        state = states.get((table, row_id))
        if state is None or state.length == 0 or length <= state.length:
            continue
        state.length = length + 1 if (length - state.length) % 2 else length + 2
        state.length_hlc = store.new_stamp().encode()
        state.seq = seq
        corrected.append(state)
    row_state.save_many(store.conn, corrected)
