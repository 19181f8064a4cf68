"""The organisation's wipe policy: a store is deleted after N wrong passphrases in a row.

The coordinator turns it on (off by default) for every store in the organisation: its
own, and every laptop's through sync (`wipe_policy` is shared like the retention
periods). Because it must be known before unlocking, each store also keeps the number
in a plain file beside keys.json, rewritten from the store's own copy at every unlock,
import and save (`note_policy`). The count and the wipe itself: `services/wipe_guard.py`.
"""

from __future__ import annotations

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.wipe_policy import WipePolicy, checked_wipe_after
from facilitator_app.services.audit import record_event
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.store import wipe_rows
from facilitator_app.store.store import Store, StoreRole
from facilitator_app.store.wipe_policy_file import write_policy_file

__all__ = ["WipePolicy"]


def wipe_policy(store: Store) -> WipePolicy:
    return wipe_rows.load_policy(store.conn)


def save_wipe_policy(store: Store, after: int | None) -> WipePolicy:
    """Turn the policy on with `after` wrong passphrases, or off with None.

    Saved through change capture, so every laptop learns it at its next sync, and
    recorded in the audit log (the number, or 0 for off). Bad input changes nothing.
    """
    require_coordinator(store, "when a store is deleted after wrong passphrases")
    clean = None if after is None else checked_wipe_after(after)
    if clean == wipe_policy(store).after:
        note_policy(store)
        return wipe_policy(store)
    values = {"after_failures": clean or 0}
    with store.transaction():
        if wipe_rows.has_policy_row(store.conn):
            store.update("wipe_policy", wipe_rows.POLICY_ROW, values)
        else:
            store.insert("wipe_policy", wipe_rows.POLICY_ROW, values)
        record_event(store, AuditAction.CHANGED_WIPE_POLICY, AuditKind.STORE, count=clean or 0)
    note_policy(store)
    return wipe_policy(store)


def note_policy(store: Store) -> None:
    """Write the plain policy file from the store's own copy (or remove it when off).

    A laptop's file also names its device id, for the report a wipe leaves behind; a
    coordinator's store has nobody to report to.
    """
    device_id = store.facts.device_id if store.facts.role is StoreRole.FACILITATOR else None
    write_policy_file(store.folder, wipe_policy(store), device_id)
