"""Telling the coordinator that a laptop's store was wiped after wrong passphrases.

The wiped store is gone, so the report (device id, time, number) waits in a plain
file beside where it was (`store/secure_wipe.py`). When this laptop joins the
organisation again, the new store takes the reports in (encrypted) and the files go;
its bundles then carry them, like a laptop's lost values, until the coordinator has
acknowledged a bundle that held them. The coordinator applies a report only from an
accepted laptop of the same person, about another laptop of theirs: it marks that
laptop wiped, retires it, and records it once (`take_reports`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.wipe_policy import WipeReport, parsed_report
from facilitator_app.store import wipe_rows
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.sync import device_rows
from facilitator_app.sync.device_rows import Device, DeviceStatus

META_KEY = "wipe_reports"
MAX_REPORTS = 50


# --- on the laptop that joined again ---------------------------------------------


def keep_reports(store: Store, reports: list[WipeReport]) -> None:
    """Inside the caller's transaction: carried from the next bundle on."""
    if not reports:
        return
    # A sequence number of its own: any bundle that carries everything up to it was
    # made after this, so it held the reports.
    document = {"seq": store.sync_seq(), "reports": [r.as_dict() for r in reports]}
    store.set_meta(META_KEY, json.dumps(document, sort_keys=True))


def reports_to_send(store: Store, acked_seq: int) -> list[dict[str, object]]:
    """The reports the coordinator has not acknowledged yet."""
    document = _kept(store)
    if document is None or int(document["seq"]) <= acked_seq:
        return []
    return list(document["reports"])


def forget_delivered(store: Store, ack: int) -> None:
    document = _kept(store)
    if document is not None and int(document["seq"]) <= ack:
        store.conn.execute("DELETE FROM meta WHERE key = ?", [META_KEY])


def _kept(store: Store) -> dict[str, Any] | None:
    text = store.meta(META_KEY)
    return None if not text else dict(json.loads(text))


# --- at the coordinator ------------------------------------------------------------


def checked_reports(entries: Any) -> list[WipeReport]:
    """The bundle's reports, each checked; a malformed one refuses the whole bundle."""
    if not isinstance(entries, list) or len(entries) > MAX_REPORTS:
        raise BundleRefused("The bundle's contents are not readable.")
    reports = [parsed_report(entry) for entry in entries]
    if any(report is None for report in reports):
        raise BundleRefused("The bundle's contents are not readable.")
    return [report for report in reports if report is not None]


def take_reports(
    store: Store,
    reports: list[WipeReport],
    sender: Device,
    also: Callable[[WipeReport], None] | None = None,
) -> list[WipeReport]:
    """Inside the import's transaction: mark each reported laptop wiped and retire it.

    Only a report about another laptop of the sender's own person counts; one about a
    laptop this store never paired (another organisation's, perhaps) or already marked
    is passed over, so a report that arrives twice is recorded once. `also` runs for
    each one applied (the audit log's entry).
    """
    applied: list[WipeReport] = []
    now = store.now().isoformat()
    known = wipe_rows.wiped_laptops(store.conn)
    for report in reports:
        laptop = device_rows.load_device(store.conn, report.device_id)
        if (
            laptop is None
            or laptop.id == sender.id
            or laptop.role != StoreRole.FACILITATOR.value
            or laptop.person_id is None
            or laptop.person_id != sender.person_id
            or laptop.id in known
        ):
            continue
        if laptop.status is not DeviceStatus.REVOKED:
            device_rows.set_device_status(store.conn, laptop.id, DeviceStatus.REVOKED, now)
        wipe_rows.note_wiped(store.conn, laptop.id, report.wiped_at, report.after)
        known[laptop.id] = wipe_rows.WipedLaptop(report.wiped_at, report.after)
        if also is not None:
            also(report)
        applied.append(report)
    return applied
