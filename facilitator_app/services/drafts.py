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


def take_drafts(store: Store) -> dict[str, dict[str, str]]:
    """Load every draft and remove it: the screens hold it again until it is saved."""
    drafts = load_drafts(store)
    if drafts:
        with store.transaction():
            for key in drafts:
                delete_draft(store.conn, key)
    return drafts
