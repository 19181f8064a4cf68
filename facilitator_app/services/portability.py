"""Data portability: every record this store can read, as one JSON file.

For subject access, audits and moving to another system. The file is NOT
encrypted; the CLI and the screen that offer it say so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from facilitator_app import __version__
from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import ValidationError
from facilitator_app.services import audit
from facilitator_app.store.changes import SYNCED_COLUMNS
from facilitator_app.store.files import write_atomically
from facilitator_app.store.store import Store


def all_records(store: Store) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in sorted(SYNCED_COLUMNS):
        cursor = store.conn.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        names = [d[0] for d in cursor.description]
        tables[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    return {
        "app": "facilitator_app",
        "app_version": __version__,
        "exported_at": store.now().isoformat(),
        "organisation": store.facts.organisation,
        "role": store.facts.role.value,
        "tables": tables,
    }


def export_json(store: Store, out: Path) -> Path:
    if out.is_dir():
        raise ValidationError("out", f"{out} is a folder; give a file name ending in .json.")
    if not out.parent.is_dir():
        raise ValidationError("out", f"There is no folder {out.parent} to write to.")
    records = all_records(store)
    rows = sum(len(table) for table in records["tables"].values())
    text = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True)
    # The entry commits once the file is in place; a failed write leaves neither.
    with audit.recording(store, AuditAction.EXPORTED, AuditKind.ALL_RECORDS, count=rows):
        write_atomically(out, text.encode())
    return out
