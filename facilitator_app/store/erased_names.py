"""An erased member's pseudonyms, kept on the coordinator's store only until no record
naming them can still be on its way.

A laptop seals a debrief or incident record for the organisation and forgets its text,
so when an erasure reaches that laptop it cannot take the name out of what it already
sealed. The coordinator takes it out when the record arrives (`store/erasure.py`,
`after_merge`), which needs the name the erasure removed. So the name is kept here,
in the encrypted store, never synced, and goes as soon as every active laptop has
acknowledged the erasure: the bundle carrying that acknowledgement carried everything
the laptop sealed before it (bundles hold every row the coordinator has not yet
acknowledged), so nothing older can arrive after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def keep_names(conn: Any, member_id: str, names: Iterable[str]) -> None:
    """Keep `names` for the member (with any kept before) until the erasure is delivered."""
    seq_row = conn.execute(
        "SELECT seq FROM row_state WHERE table_name = 'erasures' AND row_id = ?", [member_id]
    ).fetchone()
    if seq_row is None:
        return
    wanted = [*names_of(conn, member_id), *(name for name in names if name)]
    if not wanted:
        return
    conn.execute(
        "INSERT INTO erased_names (member_id, names, erased_seq) VALUES (?, ?, ?) "
        "ON CONFLICT (member_id) DO UPDATE SET names = excluded.names, "
        "erased_seq = max(erased_seq, excluded.erased_seq)",
        [member_id, json.dumps(list(dict.fromkeys(wanted))), int(seq_row[0])],
    )


def names_of(conn: Any, member_id: str) -> list[str]:
    row = conn.execute("SELECT names FROM erased_names WHERE member_id = ?", [member_id]).fetchone()
    return [] if row is None else [str(name) for name in json.loads(row[0])]


def kept_names(conn: Any) -> dict[str, list[str]]:
    """Every member whose names are kept, with them."""
    return {
        str(member_id): [str(name) for name in json.loads(names)]
        for member_id, names in conn.execute("SELECT member_id, names FROM erased_names")
    }


def forget_delivered(conn: Any) -> int:
    """Forget the names of every erasure all active laptops have acknowledged; returns
    how many members' names went. With no active laptop, nothing can arrive late."""
    laptops = conn.execute(
        "SELECT min(coalesce(o.acked_seq, -1)), count(*) FROM devices AS d "
        "LEFT JOIN outboxes AS o ON o.recipient = d.id WHERE d.status = 'active'"
    ).fetchone()
    lowest, count = laptops
    if count:
        cursor = conn.execute("DELETE FROM erased_names WHERE erased_seq <= ?", [lowest])
    else:
        cursor = conn.execute("DELETE FROM erased_names")
    return int(cursor.rowcount or 0)
