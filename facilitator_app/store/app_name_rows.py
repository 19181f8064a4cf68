"""The neutral name a charity chose for the app: a single synced row."""

from __future__ import annotations

from typing import Any

APP_NAME_ROW = "app_name"


def load_app_name(conn: Any) -> str | None:
    """The chosen name, or None when none is set (or it was turned off: '')."""
    row = conn.execute("SELECT name FROM app_name WHERE id = ?", [APP_NAME_ROW]).fetchone()
    return str(row[0]) if row is not None and row[0] else None


def has_app_name_row(conn: Any) -> bool:
    return (
        conn.execute("SELECT 1 FROM app_name WHERE id = ?", [APP_NAME_ROW]).fetchone() is not None
    )
