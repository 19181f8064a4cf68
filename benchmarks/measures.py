"""What every benchmark reports: a line per measure, judged on the median of its runs."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measure:
    """One line of the table: every run's figure, and the limit its median must stay within.

    `target` None is a figure shown for context (a baseline), never judged.
    """

    name: str
    unit: str  # "ms", "×" or "MB"
    runs: list[float]
    target: float | None = None
    detail: str = field(default="", compare=False)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def ok(self) -> bool:
        return self.target is None or self.median <= self.target

    @property
    def verdict(self) -> str:
        return "" if self.target is None else "PASS" if self.ok else "MISS"

    def to_json(self) -> dict[str, Any]:
        return {
            "measure": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.runs),
            "max": max(self.runs),
            "target": self.target,
            "result": self.verdict or None,
            "runs": self.runs,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Bench:
    """What every benchmark gets: the dataset store, a scratch folder, and how many runs."""

    folder: Path  # this run's copy of the dataset store; a benchmark may add to it
    work: Path
    scale: float
    repeat: int | None = None  # None: each measure's own number of runs

    def runs(self, default: int) -> int:
        return self.repeat or default


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def timed_ms(run: Any, repeat: int) -> list[float]:
    """Milliseconds each of `repeat` calls of `run()` took."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(ms_since(started))
    return times


def _figure(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,.0f} {unit}"


def table_lines(measures: Sequence[Measure]) -> list[str]:
    """The table as text: measure, median, min, max, target, PASS/MISS."""
    width = max([len("measure"), *(len(m.name) for m in measures)])
    lines = [f"{'measure':{width}s}  {'median':>9s}  {'min':>9s}  {'max':>9s}  {'target':>10s}"]
    for m in measures:
        figures = "  ".join(
            f"{_figure(v, m.unit):>9s}" for v in (m.median, min(m.runs), max(m.runs))
        )
        target = "—" if m.target is None else f"≤ {_figure(m.target, m.unit)}"
        lines.append(f"{m.name:{width}s}  {figures}  {target:>10s}  {m.verdict}".rstrip())
    return lines


def markdown_table(measures: Sequence[Measure]) -> str:
    """The same table for docs/benchmarks.md."""
    rows = [
        "| measure | median | min | max | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for m in measures:
        target = "—" if m.target is None else f"≤ {_figure(m.target, m.unit)}"
        figures = " | ".join(_figure(v, m.unit) for v in (m.median, min(m.runs), max(m.runs)))
        rows.append(f"| {m.name} | {figures} | {target} | {m.verdict or '—'} |")
    return "\n".join(rows)


def write_json(path: Path, measures: Sequence[Measure], about: dict[str, Any]) -> None:
    document = {**about, "statistic": "median", "results": [m.to_json() for m in measures]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
