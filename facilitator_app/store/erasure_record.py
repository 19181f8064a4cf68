"""Which members were erased, kept beside the store so a restored backup forgets nobody.

A backup is one encrypted file that cannot be edited, so an erasure made after it
would come back with a restore. This small file (ids only: random UUIDs, never a
name) stays in the store folder when store.db and keys.json are replaced; at every
unlock each id in it is erased again if the database still holds them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from facilitator_app.store.files import write_atomically

ERASED_NAME = "erased.json"
_FORMAT = 1


def read_erased(folder: Path) -> list[str]:
    """The ids recorded; an unreadable file reads as none (the store's table still has them)."""
    try:
        document = json.loads((folder / ERASED_NAME).read_text("ascii"))
    except (OSError, ValueError):
        return []
    ids = document.get("member_ids") if isinstance(document, dict) else None
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, str) and len(i) == 32 and i.isalnum()]


def remember_erased(folder: Path, member_ids: Iterable[str]) -> bool:
    """Add these ids to the file (atomically); returns whether it changed."""
    known = read_erased(folder)
    wanted = sorted({*known, *member_ids})
    if wanted == sorted(known) and (folder / ERASED_NAME).exists():
        return False
    if not wanted:
        return False
    document = {"format": _FORMAT, "member_ids": wanted}
    write_atomically(folder / ERASED_NAME, json.dumps(document).encode("ascii"))
    return True
