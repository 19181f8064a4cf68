"""Protocol versions saved in the app: append-only rows, the newest per protocol wins."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.protocols import Protocol, protocol_from_data, protocol_to_data
from facilitator_app.store.changes import Value


@dataclass(frozen=True)
class StoredVersion:
    protocol: Protocol
    retired: bool


def version_values(
    protocol: Protocol, *, retired: bool, saved_at: str, author_id: str
) -> dict[str, Value]:
    return {
        "protocol_id": protocol.id,
        "version": protocol.version,
        "data": json.dumps(protocol_to_data(protocol)),
        "retired": int(retired),
        "saved_at": saved_at,
        "author_id": author_id,
    }


def latest_versions(conn: Any) -> dict[str, StoredVersion]:
    """The newest stored version of each protocol edited in this store."""
    rows = conn.execute(
        "SELECT protocol_id, data, retired FROM protocol_versions AS v "
        "WHERE version = (SELECT MAX(version) FROM protocol_versions "
        "                 WHERE protocol_id = v.protocol_id)"
    ).fetchall()
    return {
        row[0]: StoredVersion(protocol_from_data(json.loads(row[1])), bool(row[2])) for row in rows
    }
