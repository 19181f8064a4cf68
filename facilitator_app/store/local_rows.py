"""This device's settings and saved drafts: kept in the store, never synced."""

from __future__ import annotations

from typing import Any


def read_setting(conn: Any, key: str) -> str | None:
    row = conn.execute("SELECT value FROM local_settings WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def write_setting(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO local_settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def write_draft(conn: Any, key: str, payload: str, saved_at: str) -> None:
    conn.execute(
        "INSERT INTO drafts (key, payload, saved_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at",
        [key, payload, saved_at],
    )


def read_drafts(conn: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute("SELECT key, payload FROM drafts")}


def delete_draft(conn: Any, key: str) -> None:
    conn.execute("DELETE FROM drafts WHERE key = ?", [key])
