"""The sync benchmark still runs (tiny) and reports every measure. No timings asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import sync


def test_the_benchmark_runs_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "sync.json"
    sync.main(["--scale", "0.01", "--repeat", "2", "--json", str(report)])
    out = capsys.readouterr().out
    for name in (*sync.TARGETS, sync.BASELINE, sync.BASELINE_BIG_CACHE, sync.RATIO_BIG_CACHE):
        assert name in out
    results = json.loads(report.read_text("utf-8"))["results"]
    assert [r["measure"] for r in results] == [
        sync.FACILITATOR_EXPORT,
        sync.COORDINATOR_EXPORT,
        sync.COORDINATOR_IMPORT,
        sync.BASELINE,
        sync.RATIO,
        sync.BASELINE_BIG_CACHE,
        sync.RATIO_BIG_CACHE,
    ]
    assert all(len(r["runs"]) == 2 and r["min"] <= r["median"] <= r["max"] for r in results)
    assert results[0]["target"] == 1_000.0


def test_a_kept_dataset_is_made_once_and_copied(tmp_path: Path) -> None:
    with sync.dataset_store(0.01, tmp_path) as (first, built):
        assert built > 0
        assert (first / "store.db").exists()
    with sync.dataset_store(0.01, tmp_path) as (second, built):
        assert built == 0
        assert (second / "store.db").exists()
    assert (tmp_path / "scale-0.01" / "store.db").exists()
