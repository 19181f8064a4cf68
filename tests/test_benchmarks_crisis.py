"""The crisis-screen benchmark and its dataset still run (tiny). Timings are never asserted."""

from __future__ import annotations

from pathlib import Path

from benchmarks import crisis, dataset
from facilitator_app.services import groups, incidents
from facilitator_app.services.stores import unlock_store


def test_the_dataset_is_made_at_a_tiny_scale_and_the_screen_opens(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    crisis.build_store(folder, scale=0.01)
    expected = dataset.counts_for(0.01)
    store = unlock_store(folder, crisis.PASSPHRASE)
    try:
        assert len(groups.list_groups(store)) == expected.groups
        lines = incidents.incident_lines(store)
        assert len(lines) == expected.incidents
        assert all(line.incident.is_submitted for line in lines)
    finally:
        store.close()
    times = crisis.measure_open(folder, repeat=2)
    assert len(times) == 2
    assert all(t > 0 for t in times)


def test_the_counts_follow_the_scale() -> None:
    assert dataset.counts_for(1.0) == dataset.Counts(20, 40, 400, 5_000, 800, 5_000, 2_000)
    assert dataset.counts_for(0.01).sessions == 50
