"""A laptop's index lines for the records it sealed: no record text, ever."""

from __future__ import annotations

from typing import Any


def insert_sent(
    conn: Any,
    record_id: str,
    kind: str,
    *,
    parent_id: str | None,
    group_id: str | None,
    session_id: str | None,
    on_date: str,
    sent_at: str,
) -> None:
    conn.execute(
        "INSERT INTO sent_records (id, kind, parent_id, group_id, session_id, on_date, sent_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [record_id, kind, parent_id, group_id, session_id, on_date, sent_at],
    )


# Each line with its group's name, the receipt as the coordinator last sent it, and
# for a record, how many addenda follow it.
SENT_LINES_SQL = """
SELECT s.id, s.kind, s.parent_id, s.group_id, g.name, s.session_id, s.on_date, s.sent_at,
       i.opened_at, i.reviewed_at,
       (SELECT count(*) FROM sent_records AS a WHERE a.parent_id = s.id)
FROM sent_records AS s
LEFT JOIN groups AS g ON g.id = s.group_id
LEFT JOIN inbox AS i ON i.id = s.id
"""


def load_sent(conn: Any, *, record_id: str | None = None) -> list[Any]:
    if record_id is not None:
        return list(conn.execute(SENT_LINES_SQL + " WHERE s.id = ?", [record_id]))
    return list(conn.execute(SENT_LINES_SQL + " ORDER BY s.on_date DESC, s.sent_at DESC"))
