"""Pairing: invitations, joining an organisation, and accepting or retiring laptops."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator_app.domain.errors import NotFound, SyncError, ValidationError
from facilitator_app.domain.invitations import DEFAULT_INVITATION_DAYS
from facilitator_app.domain.passphrase import check_new_passphrase
from facilitator_app.domain.text import clean_name
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.services.people import person_or_refuse
from facilitator_app.services.signposting import SEEDED_KEY
from facilitator_app.store import secure_wipe
from facilitator_app.store.files import write_atomically
from facilitator_app.store.keys import KdfParams, calibrate_kdf
from facilitator_app.store.store import Clock, Store, StoreRole, utc_now
from facilitator_app.sync import device_rows, keyring, wipe_reports
from facilitator_app.sync.device_rows import Device, DeviceStatus, Invitation
from facilitator_app.sync.identity import signed, verified
from facilitator_app.sync.keyring import OrganisationKeys

INVITATION_KIND = "facilitator_app invitation"
INVITATION_FORMAT = 1
INVITATION_SUFFIX = ".fainvite"
MAX_INVITATION_BYTES = 64 * 1024

__all__ = ["DEFAULT_INVITATION_DAYS", "Device", "DeviceStatus"]


@dataclass(frozen=True)
class MadeInvitation:
    path: Path
    person_name: str
    expires_at: dt.datetime


def invite(
    store: Store, person_id: str, out: Path, *, days: int = DEFAULT_INVITATION_DAYS
) -> MadeInvitation:
    """Write a one-time invitation file for a facilitator's laptop to `out`.

    `out` may be a folder (a neutral file name is chosen) or a file path.
    """
    require_coordinator(store, "invitations")
    person = person_or_refuse(store, person_id)
    if not 1 <= days <= 90:
        raise ValidationError("days", "An invitation lasts between 1 and 90 days.")
    if out.is_dir():
        out = out / f"invitation-{secrets.token_hex(3)}{INVITATION_SUFFIX}"
    if not out.parent.is_dir():
        raise ValidationError("out", f"There is no folder {out.parent} to write to.")
    if out.exists():
        raise ValidationError("out", f"{out} already exists; choose another name.")
    organisation = keyring.organisation_keys(store)
    token = secrets.token_urlsafe(24)
    now = store.now()
    expires = now + dt.timedelta(days=days)
    invitation = Invitation(
        id=uuid.uuid4().hex,
        person_id=person.id,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        created_at=now.isoformat(),
        expires_at=expires.isoformat(),
        device_id=None,
        used_at=None,
    )
    document = signed(
        {
            "kind": INVITATION_KIND,
            "format": INVITATION_FORMAT,
            "invitation_id": invitation.id,
            "organisation": store.facts.organisation,
            "person_id": person.id,
            "token": token,
            "expires_at": invitation.expires_at,
            "org_sign_public": organisation.sign_public,
            "org_age_recipient": organisation.age_recipient,
            "coordinator": keyring.coordinator_certificate(store),
        },
        organisation,
    )
    with store.transaction():
        device_rows.insert_invitation(store.conn, invitation)
        try:
            write_atomically(out, json.dumps(document, indent=1).encode())
        except OSError as error:
            raise SyncError(
                f"The invitation could not be written to {out} ({error.strerror})."
            ) from None
    return MadeInvitation(out, person.name, expires)


@dataclass(frozen=True)
class JoinRequest:
    folder: Path
    invitation_file: Path
    your_name: str
    passphrase: str
    repeated_passphrase: str


@dataclass(frozen=True)
class ReadInvitation:
    organisation: str
    expires_at: dt.datetime
    document: dict[str, Any]


def read_invitation(path: Path, *, clock: Clock = utc_now) -> ReadInvitation:
    """Check an invitation file; every way it can be wrong is one clear sentence."""
    try:
        if path.stat().st_size > MAX_INVITATION_BYTES:
            raise ValidationError("invitation", "That file is too large to be an invitation.")
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise ValidationError("invitation", f"There is no file at {path}.") from None
    except (OSError, ValueError):
        raise ValidationError(
            "invitation", "That file is not an invitation from facilitator_app."
        ) from None
    if not isinstance(document, dict) or document.get("kind") != INVITATION_KIND:
        raise ValidationError("invitation", "That file is not an invitation from facilitator_app.")
    if document.get("format") != INVITATION_FORMAT:
        raise ValidationError(
            "invitation", "That invitation was made by a newer version of the app. Update first."
        )
    payload = verified(document, str(document.get("org_sign_public", "")))
    fields = ("invitation_id", "organisation", "person_id", "token", "expires_at")
    if payload is None or not all(isinstance(payload.get(k), str) for k in fields):
        raise ValidationError("invitation", "That invitation is damaged or was changed.")
    organisation = OrganisationKeys(payload["org_sign_public"], str(payload["org_age_recipient"]))
    if keyring.certified_device(payload.get("coordinator"), organisation) is None:
        raise ValidationError("invitation", "That invitation is damaged or was changed.")
    try:
        expires = dt.datetime.fromisoformat(payload["expires_at"])
    except ValueError:
        raise ValidationError("invitation", "That invitation is damaged or was changed.") from None
    if expires < clock():
        raise ValidationError(
            "invitation",
            f"That invitation expired on {expires.date().isoformat()}. "
            "Ask your coordinator for a new one.",
        )
    return ReadInvitation(payload["organisation"], expires, payload)


def join_organisation(
    request: JoinRequest, *, kdf: KdfParams | None = None, clock: Clock = utc_now
) -> Store:
    """Create a facilitator store from an invitation; its first bundle asks to join."""
    invitation = read_invitation(request.invitation_file, clock=clock)
    your_name = clean_name(request.your_name, "your_name", "Your name")
    check_new_passphrase(request.passphrase, request.repeated_passphrase)
    payload = invitation.document
    # A store wiped here after wrong passphrases left a report beside its folder; the
    # new store carries it to the coordinator (sync/wipe_reports.py).
    reports = secure_wipe.wipe_reports(request.folder.parent)

    def setup(store: Store) -> None:
        keyring.save_organisation_public(
            store, OrganisationKeys(payload["org_sign_public"], payload["org_age_recipient"])
        )
        # The directory, like everything shared, comes from the coordinator.
        store.set_meta(SEEDED_KEY, store.now().isoformat())
        me = keyring.device_keys(store)
        keyring.save_pending_join(
            store,
            {
                "invitation_id": payload["invitation_id"],
                "token": payload["token"],
                "person_id": payload["person_id"],
                "name": your_name,
                "sign_public": me.sign_public,
                "age_recipient": me.age_recipient,
            },
        )
        wipe_reports.keep_reports(store, [file.report for file in reports])

    store = Store.create(
        request.folder,
        request.passphrase,
        role=StoreRole.FACILITATOR,
        organisation=invitation.organisation,
        owner_name=your_name,
        kdf=kdf or calibrate_kdf(),
        clock=clock,
        owner_id=payload["person_id"],
        setup=setup,
        # Written now, at pairing: if the passphrase is ever forgotten, the
        # organisation can open this store again (services/recovery.py).
        organisation_recipient=payload["org_age_recipient"],
    )
    # Only now: the reports are inside the new store, which sends them until the
    # coordinator has them.
    secure_wipe.forget_report_files(reports)
    return store


def own_fingerprint(store: Store) -> str:
    return keyring.own_fingerprint(store)


def is_paired(store: Store) -> bool:
    """A coordinator always can be; a facilitator store only once it joined an organisation."""
    return keyring.organisation_public(store) is not None


def waiting_to_join(store: Store) -> bool:
    """A joined facilitator store that has not yet heard back from the coordinator."""
    return keyring.pending_join(store) is not None


def list_devices(store: Store) -> list[Device]:
    return device_rows.load_devices(store.conn)


def device_or_refuse(store: Store, device_id: str) -> Device:
    device = device_rows.load_device(store.conn, device_id)
    if device is None:
        matches = [d for d in list_devices(store) if d.id.startswith(device_id)]
        if len(device_id) >= 6 and len(matches) == 1:
            return matches[0]
        raise NotFound(f"There is no paired laptop {device_id!r}. See the list of devices.")
    return device


def accept_device(store: Store, device_id: str) -> Device:
    """Accept a laptop that asked to join, once both screens showed the same fingerprint."""
    require_coordinator(store, "which laptops are paired")
    device = device_or_refuse(store, device_id)
    if device.status is not DeviceStatus.PENDING:
        raise ValidationError("device", f"{device.name}'s laptop is not waiting to be accepted.")
    now = store.now().isoformat()
    with store.transaction():
        device_rows.set_device_status(store.conn, device.id, DeviceStatus.ACTIVE, now)
        if device.invitation_id:
            device_rows.use_invitation(store.conn, device.invitation_id, now)
    return device_or_refuse(store, device.id)


def revoke_device(store: Store, device_id: str) -> Device:
    """Retire a laptop (lost, stolen, handed back): its bundles are refused from now on."""
    require_coordinator(store, "which laptops are paired")
    device = device_or_refuse(store, device_id)
    if device.status is DeviceStatus.REVOKED:
        raise ValidationError("device", f"{device.name}'s laptop was already retired.")
    with store.transaction():
        device_rows.set_device_status(
            store.conn, device.id, DeviceStatus.REVOKED, store.now().isoformat()
        )
    return device_or_refuse(store, device.id)
