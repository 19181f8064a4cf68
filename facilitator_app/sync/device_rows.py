"""The sync bookkeeping tables: devices, outboxes, invitations, received bundles, conflicts."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator_app.sync.identity import fingerprint


class DeviceStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Device:
    id: str
    person_id: str | None
    name: str
    role: str
    sign_public: str
    age_recipient: str
    status: DeviceStatus
    invitation_id: str | None
    first_seen_at: str
    accepted_at: str | None
    revoked_at: str | None
    received_upto: int
    last_import_at: str | None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.id, self.sign_public, self.age_recipient)


_DEVICE_COLUMNS = (
    "id, person_id, name, role, sign_public, age_recipient, status, invitation_id, "
    "first_seen_at, accepted_at, revoked_at, received_upto, last_import_at"
)


def _device(row: Any) -> Device:
    values = list(row)
    values[6] = DeviceStatus(values[6])
    return Device(*values)


def load_devices(conn: Any) -> list[Device]:
    rows = conn.execute(
        f"SELECT {_DEVICE_COLUMNS} FROM devices ORDER BY status, name, first_seen_at"  # noqa: S608
    )
    return [_device(r) for r in rows]


def load_device(conn: Any, device_id: str) -> Device | None:
    row = conn.execute(
        f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE id = ?",  # noqa: S608
        [device_id],
    ).fetchone()
    return None if row is None else _device(row)


def insert_device(conn: Any, device: Device) -> None:
    conn.execute(
        f"INSERT INTO devices ({_DEVICE_COLUMNS}) "  # noqa: S608
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            device.id,
            device.person_id,
            device.name,
            device.role,
            device.sign_public,
            device.age_recipient,
            device.status.value,
            device.invitation_id,
            device.first_seen_at,
            device.accepted_at,
            device.revoked_at,
            device.received_upto,
            device.last_import_at,
        ],
    )


def set_device_status(conn: Any, device_id: str, status: DeviceStatus, at: str) -> None:
    column = "accepted_at" if status is DeviceStatus.ACTIVE else "revoked_at"
    conn.execute(
        f"UPDATE devices SET status = ?, {column} = ? WHERE id = ?",  # noqa: S608
        [status.value, at, device_id],
    )


def note_received(conn: Any, device_id: str, upto: int, at: str) -> None:
    conn.execute(
        "UPDATE devices SET received_upto = max(received_upto, ?), last_import_at = ? WHERE id = ?",
        [upto, at, device_id],
    )


@dataclass(frozen=True)
class Outbox:
    recipient: str
    acked_seq: int
    next_bundle: int
    last_hash: str
    # ids of the groups and colleagues the recipient has acknowledged a bundle for
    scope: frozenset[str]
    last_export_at: str | None
    # for bundles not yet acknowledged: the sequence each carried everything up to,
    # and what it let the recipient see (only where that changed)
    unacked_scopes: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # the recipient was restored and asked for everything: until it acknowledges this
    # sequence, its own changes go back to it too (see sync/restored.py)
    resend_from: int | None = None

    @property
    def echoes(self) -> bool:
        return self.resend_from is not None

    def exported(self, upto: int, scope: frozenset[str]) -> dict[int, frozenset[str]]:
        """The unacknowledged scopes once a bundle up to `upto` showing `scope` is made."""
        latest = self.unacked_scopes[max(self.unacked_scopes)] if self.unacked_scopes else None
        if scope == (self.scope if latest is None else latest):
            return dict(self.unacked_scopes)
        return {**self.unacked_scopes, upto: scope}


def load_outbox(conn: Any, recipient: str) -> Outbox:
    row = conn.execute(
        "SELECT acked_seq, next_bundle, last_hash, scope, last_export_at, unacked_scopes, "
        "resend_from FROM outboxes WHERE recipient = ?",
        [recipient],
    ).fetchone()
    if row is None:
        return Outbox(recipient, -1, 1, "", frozenset(), None)
    scope = frozenset(json.loads(row[3]))
    unacked = {int(upto): frozenset(ids) for upto, ids in json.loads(row[5]).items()}
    resend_from = None if row[6] is None else int(row[6])
    return Outbox(recipient, int(row[0]), int(row[1]), row[2], scope, row[4], unacked, resend_from)


def resend_everything(conn: Any, recipient: str, seq: int) -> None:
    """The recipient was restored from a backup: forget what it acknowledged and which
    groups and colleagues it saw, so bundles to it carry everything again, its own
    changes included, until it acknowledges `seq` (this store's sequence now)."""
    box = load_outbox(conn, recipient)
    save_outbox(
        conn,
        dataclasses.replace(
            box, acked_seq=-1, scope=frozenset(), unacked_scopes={}, resend_from=seq
        ),
    )


def save_outbox(conn: Any, box: Outbox) -> None:
    conn.execute(
        "INSERT INTO outboxes (recipient, acked_seq, next_bundle, last_hash, scope, "
        "last_export_at, unacked_scopes, resend_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (recipient) DO UPDATE SET "
        "acked_seq = excluded.acked_seq, next_bundle = excluded.next_bundle, "
        "last_hash = excluded.last_hash, scope = excluded.scope, "
        "last_export_at = excluded.last_export_at, unacked_scopes = excluded.unacked_scopes, "
        "resend_from = excluded.resend_from",
        [
            box.recipient,
            box.acked_seq,
            box.next_bundle,
            box.last_hash,
            json.dumps(sorted(box.scope)),
            box.last_export_at,
            json.dumps({str(upto): sorted(ids) for upto, ids in box.unacked_scopes.items()}),
            box.resend_from,
        ],
    )


def note_acked(conn: Any, recipient: str, seq: int) -> None:
    """The recipient has everything up to `seq`, for what the bundle that held it showed."""
    box = load_outbox(conn, recipient)
    if seq <= box.acked_seq:
        return
    reached = [upto for upto in box.unacked_scopes if upto <= seq]
    save_outbox(
        conn,
        dataclasses.replace(
            box,
            acked_seq=seq,
            scope=box.unacked_scopes[max(reached)] if reached else box.scope,
            unacked_scopes={u: s for u, s in box.unacked_scopes.items() if u > seq},
            resend_from=None
            if box.resend_from is None or seq >= box.resend_from
            else box.resend_from,
        ),
    )


def received_hash(conn: Any, sender: str, sequence: int) -> str | None:
    row = conn.execute(
        "SELECT content_hash FROM received_bundles WHERE sender = ? AND sequence = ?",
        [sender, sequence],
    ).fetchone()
    return None if row is None else str(row[0])


def note_bundle(
    conn: Any, sender: str, sequence: int, bundle_id: str, content_hash: str, at: str
) -> None:
    conn.execute(
        "INSERT INTO received_bundles (sender, sequence, bundle_id, content_hash, received_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [sender, sequence, bundle_id, content_hash, at],
    )


@dataclass(frozen=True)
class Invitation:
    id: str
    person_id: str
    token_hash: str
    created_at: str
    expires_at: str
    device_id: str | None
    used_at: str | None


def insert_invitation(conn: Any, invitation: Invitation) -> None:
    conn.execute(
        "INSERT INTO invitations (id, person_id, token_hash, created_at, expires_at, device_id, "
        "used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            invitation.id,
            invitation.person_id,
            invitation.token_hash,
            invitation.created_at,
            invitation.expires_at,
            invitation.device_id,
            invitation.used_at,
        ],
    )


def load_invitation(conn: Any, invitation_id: str) -> Invitation | None:
    row = conn.execute(
        "SELECT id, person_id, token_hash, created_at, expires_at, device_id, used_at "
        "FROM invitations WHERE id = ?",
        [invitation_id],
    ).fetchone()
    return None if row is None else Invitation(*row)


def claim_invitation(conn: Any, invitation_id: str, device_id: str) -> None:
    conn.execute(
        "UPDATE invitations SET device_id = ? WHERE id = ? AND device_id IS NULL",
        [device_id, invitation_id],
    )


def use_invitation(conn: Any, invitation_id: str, at: str) -> None:
    conn.execute("UPDATE invitations SET used_at = ? WHERE id = ?", [at, invitation_id])


@dataclass(frozen=True)
class ConflictRow:
    id: str
    table: str
    row_id: str
    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str
    noticed_at: str
    resolved_at: str | None
    resolution: str | None


def insert_conflict(conn: Any, row: ConflictRow, *, seq: int = 0) -> bool:
    """Keep a conflict once, however many times the same losing write arrives."""
    seen = conn.execute(
        "SELECT 1 FROM conflicts WHERE table_name = ? AND row_id = ? AND field = ? "
        "AND lost_hlc = ?",
        [row.table, row.row_id, row.field, row.lost_hlc],
    ).fetchone()
    if seen:
        return False
    conn.execute(
        "INSERT INTO conflicts (id, table_name, row_id, field, kept_value, kept_hlc, "
        "lost_value, lost_hlc, noticed_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.id,
            row.table,
            row.row_id,
            row.field,
            json.dumps(row.kept_value),
            row.kept_hlc,
            json.dumps(row.lost_value),
            row.lost_hlc,
            row.noticed_at,
            seq,
        ],
    )
    return True


def unreported_losses(conn: Any, after_seq: int) -> list[list[Any]]:
    """A laptop's own lost values the coordinator has not acknowledged, as a bundle
    carries them: [table, row id, field, kept value, kept stamp, lost value, lost stamp]."""
    return [
        [table, row_id, name, json.loads(kept), kept_hlc, json.loads(lost), lost_hlc]
        for table, row_id, name, kept, kept_hlc, lost, lost_hlc in conn.execute(
            "SELECT table_name, row_id, field, kept_value, kept_hlc, lost_value, lost_hlc "
            "FROM conflicts WHERE seq > ? ORDER BY seq, id",
            [after_seq],
        )
    ]


def forget_reported_losses(conn: Any, acked_seq: int) -> None:
    """On a laptop: the coordinator has these in its own list now."""
    conn.execute("DELETE FROM conflicts WHERE seq <= ?", [acked_seq])


def load_conflicts(conn: Any, *, include_resolved: bool = False) -> list[ConflictRow]:
    rows = conn.execute(
        "SELECT id, table_name, row_id, field, kept_value, kept_hlc, lost_value, lost_hlc, "
        "noticed_at, resolved_at, resolution FROM conflicts "
        "WHERE ? OR resolved_at IS NULL ORDER BY noticed_at DESC, id",
        [int(include_resolved)],
    )
    return [
        ConflictRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], json.loads(r[6]), *r[7:])
        for r in rows
    ]


def resolve_conflict(conn: Any, conflict_id: str, at: str, resolution: str) -> None:
    conn.execute(
        "UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
        [at, resolution, conflict_id],
    )
