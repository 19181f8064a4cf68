"""The benchmark runner: every measure on a "five-year charity", each with its target.

    python -m benchmarks [--scale 1.0] [--repeat N] [--json FILE] [--dataset FOLDER]
                         [--only NAME ...]

Makes the dataset (`benchmarks/dataset.py`) once, runs each benchmark on its own copy of
it, prints one table (measure, median, min, max, target, PASS/MISS) and writes the same
as JSON when asked, with the machine and the commit, so runs can be compared. Exit
status 0 when every target is met, 1 when one is missed. `make bench` runs it at full
size; CI runs `--scale 0.01` once to prove it still works, never judging the times.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import crisis, documents, lists, rota, startup, sync, unlock
from benchmarks.dataset import counts_for, dataset_store
from benchmarks.measures import Bench, Measure, table_lines, write_json

# In this order: the ones that only read the dataset first; sync pairs a laptop with it.
BENCHMARKS: dict[str, Callable[[Bench], list[Measure]]] = {
    "startup": startup.measure,
    "unlock": unlock.measure,
    "lists": lists.measure,
    "crisis": crisis.measure,
    "rota": rota.measure,
    "documents": documents.measure,
    "sync": sync.measure,
}


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": [round(n, 2) for n in os.getloadavg()],
    }


def commit() -> str:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Time the app on a five-year charity's records."
    )
    parser.add_argument("--scale", type=float, default=1.0, help="0.01 for CI, 5 for stress")
    parser.add_argument("--repeat", type=int, help="runs per measure (default: each its own)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--dataset", type=Path, metavar="FOLDER", help="keep the dataset here and reuse it"
    )
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), metavar="NAME")
    args = parser.parse_args(argv)
    if args.scale <= 0 or (args.repeat is not None and args.repeat < 1):
        parser.error("--scale must be above 0 and --repeat at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    about = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "scale": args.scale,
        "dataset": dataclasses.asdict(counts_for(args.scale)),
        "repeat": args.repeat,
    }
    print(
        f"commit {about['commit']}, {about['machine']['cores']} cores, "
        f"{about['machine']['memory_gb']} GB, scale {args.scale}"
    )
    measures: list[Measure] = []
    with dataset_store(args.scale, args.dataset) as (folder, built):
        print(f"dataset: made in {built:.1f} s" if built else "dataset: kept", flush=True)
        for name, run in BENCHMARKS.items():
            if args.only and name not in args.only:
                continue
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(dir=folder.parent) as work:
                found = run(Bench(folder, Path(work), args.scale, args.repeat))
            print(f"  {name}: {time.perf_counter() - started:.1f} s", flush=True)
            measures += found
    print()
    print("\n".join(table_lines(measures)))
    for m in measures:
        if m.detail:
            print(f"  {m.name}: {m.detail}")
    if args.json is not None:
        write_json(args.json, measures, about)
    return 0 if all(m.ok for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
