"""Unsaved typing kept in the store when the app locks, offered back after unlocking."""

from __future__ import annotations

import json
from collections.abc import Mapping

from facilitator_app.store.local_rows import delete_draft, read_drafts, write_draft
from facilitator_app.store.store import Store

Draft = Mapping[str, str]


def save_drafts(store: Store, drafts: Mapping[str, Draft]) -> None:
    saved_at = store.now().isoformat()
    with store.transaction():
        for key, payload in drafts.items():
            write_draft(store.conn, key, json.dumps(dict(payload)), saved_at)


def load_drafts(store: Store) -> dict[str, dict[str, str]]:
    return {key: json.loads(payload) for key, payload in read_drafts(store.conn).items()}


def discard_draft(store: Store, key: str) -> None:
    with store.transaction():
        delete_draft(store.conn, key)


def replace_drafts(store: Store, drafts: Mapping[str, Draft]) -> None:
    """Keep exactly these drafts: what the screens held when the app locked.

    Drafts stay in the store after unlocking until this replaces them, so a crash or
    a lock before the screens are back loses nothing.
    """
    saved_at = store.now().isoformat()
    with store.transaction():
        for key in read_drafts(store.conn):
            if key not in drafts:
                delete_draft(store.conn, key)
        for key, payload in drafts.items():
            write_draft(store.conn, key, json.dumps(dict(payload)), saved_at)
