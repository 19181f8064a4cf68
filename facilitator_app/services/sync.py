"""Sync by USB stick: what is waiting, exporting bundles, importing them, conflicts."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import BundleRefused, ExportCancelled, NotFound
from facilitator_app.domain.wipe_policy import WipeReport
from facilitator_app.services import audit, erasure
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.services.wipe import note_policy
from facilitator_app.store import wipe_rows
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import device_rows, outgoing
from facilitator_app.sync.bundle_file import Header, new_bundle_name
from facilitator_app.sync.device_rows import ConflictRow, Device, DeviceStatus
from facilitator_app.sync.incoming import Intake, JoinRequest, take_in
from facilitator_app.sync.outgoing import Recipient
from facilitator_app.sync.stick import bundle_files, read_bundle, write_verified

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

__all__ = ["ConflictRow", "Intake", "JoinRequest"]


@dataclass(frozen=True)
class PeerStatus:
    """One line of the Sync screen."""

    id: str
    name: str
    status: str
    fingerprint: str
    waiting: int
    last_export_at: str | None
    last_import_at: str | None
    # The laptop reported (after joining again) that its store was wiped after
    # `wiped_after` wrong passphrases, at `wiped_at`.
    wiped_at: str | None = None
    wiped_after: int | None = None


def sync_overview(store: Store) -> list[PeerStatus]:
    """Per paired laptop (or, on a facilitator's laptop, the organisation)."""
    lines: list[PeerStatus] = []
    if store.facts.role is StoreRole.COORDINATOR:
        wiped = wipe_rows.wiped_laptops(store.conn)
        for device in device_rows.load_devices(store.conn):
            if device.role != StoreRole.FACILITATOR.value:
                continue
            recipient = Recipient(device.id, device.name, device.age_recipient, device.person_id)
            waiting = (
                len(outgoing.waiting_rows(store, recipient))
                if device.status is DeviceStatus.ACTIVE
                else 0
            )
            lines.append(_line(store, device, waiting, wiped.get(device.id)))
        return lines
    with contextlib.suppress(Exception):
        for recipient in outgoing.recipients(store):
            coordinators = [
                d
                for d in device_rows.load_devices(store.conn)
                if d.role == StoreRole.COORDINATOR.value
            ]
            last_import = max((d.last_import_at or "" for d in coordinators), default="") or None
            box = device_rows.load_outbox(store.conn, recipient.id)
            lines.append(
                PeerStatus(
                    recipient.id,
                    recipient.label,
                    "active" if coordinators else "pending",
                    "",
                    len(outgoing.waiting_rows(store, recipient)),
                    box.last_export_at,
                    last_import,
                )
            )
    return lines


def _line(
    store: Store, device: Device, waiting: int, wiped: wipe_rows.WipedLaptop | None
) -> PeerStatus:
    box = device_rows.load_outbox(store.conn, device.id)
    return PeerStatus(
        device.id,
        device.name,
        device.status.value,
        device.fingerprint,
        waiting,
        box.last_export_at,
        device.last_import_at,
        wiped.wiped_at if wiped else None,
        wiped.after if wiped else None,
    )


@dataclass(frozen=True)
class Exported:
    path: Path
    recipient: str
    changes: int


def export_bundles(
    store: Store,
    folder: Path,
    *,
    only: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Exported]:
    """Write one verified bundle per recipient into `folder` (a USB stick)."""
    if not folder.is_dir():
        raise NotFound(f"There is no folder {folder}. Choose the USB stick's folder.")
    targets = outgoing.recipients(store)
    if only is not None:
        wanted = only.strip().casefold()
        targets = [
            t
            for t in targets
            if t.id == only
            or (len(only) >= 6 and t.id.startswith(only))
            or t.label.casefold() == wanted
        ]
        if not targets:
            raise NotFound(f"No paired laptop is called {only!r}.")
    if not targets:
        raise NotFound("No laptops are paired yet: invite a facilitator first.")
    done: list[Exported] = []
    for index, recipient in enumerate(targets):
        if cancelled is not None and cancelled():
            raise ExportCancelled(_stopped(done))
        bundle = outgoing.make_bundle(
            store, recipient, also=functools.partial(_record_export, store, recipient)
        )

        def step(written: int, total: int, index: int = index) -> None:
            if progress is not None:
                progress(index * 1000 + written * 1000 // max(total, 1), len(targets) * 1000)

        try:
            path = write_verified(
                folder, new_bundle_name(), bundle.data, progress=step, cancelled=cancelled
            )
        except ExportCancelled:
            raise ExportCancelled(_stopped(done)) from None
        done.append(Exported(path, recipient.label, bundle.header.operation_count))
    if progress is not None:
        progress(len(targets) * 1000, len(targets) * 1000)
    return done


def _record_export(store: Store, recipient: Recipient, header: Header) -> None:
    """The audit entry, committed with the bundle's sequence number: a bundle made is a
    bundle that may reach a stick (a failed write leaves an entry and no file, never the
    other way round)."""
    laptop = recipient.id if recipient.person_id is not None else None
    audit.record_event(
        store, AuditAction.EXPORTED, AuditKind.BUNDLE, laptop, header.operation_count
    )


def _stopped(done: list[Exported]) -> str:
    if not done:
        return "Export stopped. Nothing was written to the stick."
    return f"Export stopped. {len(done)} finished bundle(s) are on the stick and can be used."


@dataclass(frozen=True)
class FileResult:
    path: Path
    intake: Intake | None = None
    refused: str | None = None
    not_for_us: bool = False


def import_bundles(store: Store, paths: list[Path], *, preview: bool = False) -> list[FileResult]:
    """Take in every bundle named (folders: every bundle in them addressed to this store).

    Each file is applied in its own transaction; a refused file changes nothing and
    says why. Order does not matter: every bundle carries all its sender had not yet
    heard acknowledged, and applying rows again or out of order changes nothing. In a
    folder, bundles for other laptops are passed over quietly (a shared stick carries
    several).
    """
    files = bundle_files(paths)
    explicit = {p for p in paths if not p.is_dir()}
    opened: list[tuple[Path, bytes]] = []
    results: list[FileResult] = []
    for path in files:
        try:
            opened.append((path, read_bundle(path)))
        except BundleRefused as error:
            results.append(FileResult(path, refused=error.message))
    for path, data in opened:
        try:
            intake = take_in(store, data, preview=preview, on_wiped=_record_wiped(store))
        except BundleRefused as error:
            if path not in explicit and "addressed to" in error.message:
                results.append(FileResult(path, not_for_us=True))
            else:
                results.append(FileResult(path, refused=error.message))
            continue
        if not preview and not intake.duplicate and intake.waiting is None:
            if intake.erased:
                # An erasure arrived (or a stale bundle brought an erased member back).
                audit.record_event(store, AuditAction.ERASED, AuditKind.MEMBER, count=intake.erased)
                erasure.remember_erasures(store)
            # A purge (the coordinator's arriving, or the schedule) or a scrub may have
            # run: no old page of what it removed stays in the write-ahead log.
            store.fold_log()
            note_policy(store)  # the wipe policy may have arrived or changed
        results.append(FileResult(path, intake=intake))
    return results


def _record_wiped(store: Store) -> Callable[[WipeReport], None]:
    """The audit entry for a laptop reported wiped, in the import's own transaction."""

    def record(report: WipeReport) -> None:
        audit.record_event(
            store, AuditAction.LAPTOP_WIPED, AuditKind.LAPTOP, report.device_id, report.after
        )

    return record


def conflicts(store: Store, *, include_resolved: bool = False) -> list[ConflictRow]:
    require_coordinator(store, "the conflicts list")
    return device_rows.load_conflicts(store.conn, include_resolved=include_resolved)


def restore_lost_value(store: Store, conflict_id: str) -> ConflictRow:
    """Put back the value that lost a conflict, as a new change every device will get."""
    require_coordinator(store, "the conflicts list")
    found = [c for c in device_rows.load_conflicts(store.conn) if c.id == conflict_id]
    if not found:
        raise NotFound("That conflict is not open any more.")
    conflict = found[0]
    with store.transaction():
        if not store.update(conflict.table, conflict.row_id, {conflict.field: conflict.lost_value}):
            raise NotFound("The record that conflict was about is no longer in the store.")
        device_rows.resolve_conflict(
            store.conn, conflict.id, store.now().isoformat(), "restored the other value"
        )
    return conflict


def dismiss_conflict(store: Store, conflict_id: str) -> None:
    """Keep the newer value: the conflict leaves the list."""
    require_coordinator(store, "the conflicts list")
    with store.transaction():
        device_rows.resolve_conflict(
            store.conn, conflict_id, store.now().isoformat(), "kept the newer value"
        )


def when(text: str | None) -> str:
    """A stored timestamp as a person reads it, e.g. '3 March 2025, 14:05'."""
    if not text:
        return "never"
    moment = dt.datetime.fromisoformat(text).astimezone()
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def describe_value(value: Any) -> str:
    return "(empty)" if value in (None, "") else str(value)
