"""Drafts: unsaved typing kept when the app locks, offered back after unlocking."""

from __future__ import annotations

from collections.abc import Callable

from facilitator_app.services.drafts import (
    discard_draft,
    load_drafts,
    replace_drafts,
    save_drafts,
)
from facilitator_app.store.store import Store
from tests.factories import last_seq

NOTES = {"session_id": "s1", "notes": "Half a thought…\nand a second line"}
MEMBER = {"name": "Ayşe 🌻", "group_id": "g1"}


def test_no_drafts_at_first(store: Store) -> None:
    assert load_drafts(store) == {}


def test_drafts_survive_locking(store: Store, reopen: Callable[[], Store]) -> None:
    save_drafts(store, {"session-notes": NOTES, "new-member": MEMBER})
    assert load_drafts(reopen()) == {"session-notes": NOTES, "new-member": MEMBER}


def test_a_newer_draft_replaces_the_older(store: Store) -> None:
    save_drafts(store, {"session-notes": NOTES})
    save_drafts(store, {"session-notes": {"notes": "rewritten"}})
    assert load_drafts(store) == {"session-notes": {"notes": "rewritten"}}


def test_saving_some_drafts_keeps_the_others(store: Store) -> None:
    save_drafts(store, {"session-notes": NOTES})
    save_drafts(store, {"new-member": MEMBER})
    assert set(load_drafts(store)) == {"session-notes", "new-member"}


def test_discard_draft(store: Store) -> None:
    save_drafts(store, {"session-notes": NOTES, "new-member": MEMBER})
    discard_draft(store, "session-notes")
    assert load_drafts(store) == {"new-member": MEMBER}
    discard_draft(store, "session-notes")  # already gone: nothing to do
    discard_draft(store, "never-saved")
    assert load_drafts(store) == {"new-member": MEMBER}


def test_drafts_are_not_synced(store: Store) -> None:
    seq = last_seq(store)
    save_drafts(store, {"session-notes": NOTES})
    discard_draft(store, "session-notes")
    assert last_seq(store) == seq


def test_drafts_record_when_they_were_saved(store: Store) -> None:
    save_drafts(store, {"session-notes": NOTES})
    saved_at = store.conn.execute("SELECT saved_at FROM drafts").fetchone()[0]
    assert saved_at == store.now().isoformat()


def test_drafts_survive_reopening_until_replaced(store: Store, reopen: Callable[[], Store]) -> None:
    save_drafts(store, {"session-notes": NOTES, "new-member": MEMBER})
    reopened = reopen()
    assert load_drafts(reopened) == {"session-notes": NOTES, "new-member": MEMBER}
    assert load_drafts(reopened) == {"session-notes": NOTES, "new-member": MEMBER}
    replace_drafts(reopened, {"new-member": {"name": "Ceri"}})
    assert load_drafts(reopened) == {"new-member": {"name": "Ceri"}}
    replace_drafts(reopened, {})
    assert load_drafts(reopened) == {}
