"""Changing the passphrase of an open store, so that no crash can lock anyone out."""

from __future__ import annotations

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import ValidationError, WrongPassphrase
from facilitator_app.domain.passphrase import check_new_passphrase
from facilitator_app.services.audit import record_event
from facilitator_app.store.keys import PASSPHRASE, KdfParams, KeyFile, calibrate_kdf
from facilitator_app.store.store import Store


def change_passphrase(
    store: Store,
    current: str,
    new: str,
    repeated: str,
    *,
    kdf: KdfParams | None = None,
) -> None:
    """Replace the passphrase: the new slot is written first, the old removed second.

    A crash after the first write leaves a key file both passphrases open, with the new
    slot marked as replacing the old; the next unlock finishes the change (new
    passphrase) or undoes it (old passphrase), so nobody is ever locked out.
    """
    check_new_passphrase(new, repeated)
    if new == current:
        raise ValidationError("passphrase", "The new passphrase is the same as the current one.")
    keys = KeyFile.load(store.folder)
    try:
        unlocked = keys.unlock_passphrase_slot(current)
    except WrongPassphrase:
        raise WrongPassphrase(
            "That is not the current passphrase, so nothing was changed."
        ) from None
    old_slots = tuple(s["id"] for s in keys.slots if s.get("kind") == PASSPHRASE)
    new_slot = keys.add_passphrase_slot(
        unlocked.data_key, new, kdf or calibrate_kdf(), replaces=old_slots
    )
    keys.save(store.folder, unlocked.data_key)
    keys.finish_passphrase_change(opened_by=new_slot)
    keys.save(store.folder, unlocked.data_key)
    record_event(store, AuditAction.CHANGED_PASSPHRASE, AuditKind.STORE)
