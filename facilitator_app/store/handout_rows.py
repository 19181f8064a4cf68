"""Handout edits: one row per handout a charity changed; a NULL body means 'as shipped'."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

# Every device derives the same row id from the handout's name, so edits made on two
# devices to one handout meet in one row when they sync.
_NAMESPACE = uuid.UUID("6f0b6a53-3c1e-4a0e-9d55-2f1f7f3c8a11")


def handout_row_id(name: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"handout:{name}").hex


@dataclass(frozen=True)
class HandoutEdit:
    name: str
    title: str
    body: str
    based_on_version: int


def load_handout_edits(conn: Any) -> dict[str, HandoutEdit]:
    rows = conn.execute(
        "SELECT name, title, body, based_on_version FROM handout_edits WHERE body IS NOT NULL"
    ).fetchall()
    return {row[0]: HandoutEdit(row[0], row[1], row[2], row[3] or 0) for row in rows}


def handout_edit_exists(conn: Any, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM handout_edits WHERE name = ?", [name]).fetchone()
    return row is not None
