"""The inbox benchmark still runs (tiny) and reports every measure. No timings asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import inbox


def test_the_benchmark_runs_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "inbox.json"
    inbox.main(["--scale", "0.01", "--repeat", "2", "--json", str(report)])
    out = capsys.readouterr().out
    for name in inbox.TARGETS:
        assert name in out
    results = json.loads(report.read_text("utf-8"))["results"]
    assert [r["measure"] for r in results] == [
        inbox.SERVICE_OPEN,
        inbox.SERVICE_FILTER,
        inbox.SCREEN_OPEN,
        inbox.SCREEN_FILTER,
    ]
    assert all(len(r["runs"]) == 2 and min(r["runs"]) > 0 for r in results)
