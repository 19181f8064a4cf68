"""The benchmarks' "five-year charity" holds what it says, at a tiny scale."""

from __future__ import annotations

from pathlib import Path

from benchmarks import dataset
from facilitator_app.services import debriefs, groups, inbox, incidents, sessions
from facilitator_app.services.stores import unlock_store


def test_the_dataset_is_made_at_a_tiny_scale(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    dataset.build_store(folder, scale=0.01)
    expected = dataset.counts_for(0.01)
    store = unlock_store(folder, dataset.PASSPHRASE)
    try:
        made = groups.list_groups(store)
        assert len(made) == expected.groups
        held = [s for g in made for s in sessions.list_sessions(store, g.id)]
        assert len(held) == expected.sessions
        lines = incidents.incident_lines(store)
        assert len(lines) == expected.incidents
        assert all(line.is_submitted for line in lines)
        assert not debriefs.drafts(store)
        records = inbox.inbox(store)
        assert len(records) == expected.incidents + expected.debriefs
        assert sum(line.unread for line in records) == min(dataset.UNREAD, len(records))
    finally:
        store.close()


def test_the_counts_follow_the_scale() -> None:
    assert dataset.counts_for(1.0) == dataset.Counts(20, 40, 400, 5_000, 800, 5_000, 2_000)
    assert dataset.counts_for(0.01).sessions == 50
    assert dataset.counts_for(5).members == 2_000
