"""How long the packaged app takes to show its unlock window, beside the app run from source.

    make package
    .venv/bin/python -m benchmarks.frozen_start dist/facilitator-app/facilitator-app

Both are started the same way, with `--self-test` on a store (so the unlock window is the
one shown), and timed from starting the process to the self-test's line saying the window
was painted; the rest of the self-test is not timed. Runs alternate between the two, so
a busy moment on the machine falls on both. The target is the source run's own (issue 8).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measures import Measure, ms_since, table_lines
from facilitator_app.cli.parser import PASSPHRASE_ENV

FROZEN = "packaged app: start to unlock window painted"
SOURCE = "source run, measured the same way"
RATIO = "packaged ÷ source"
PAINTED = "ok      window:"
PASSPHRASE = "frozen start benchmark"  # noqa: S105 - protects an empty throwaway store
LIMIT = 120  # seconds


def painted_ms(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - the app under test, with our arguments
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert child.stdout is not None  # noqa: S101 - asked for above
    line = child.stdout.readline()
    elapsed = ms_since(started)
    child.kill()  # the rest of the self-test is not being timed
    child.wait(LIMIT)
    if not line.startswith(PAINTED):
        raise RuntimeError(f"{command[0]} did not paint its window: {line.strip()!r}")
    return elapsed


def measure(program: Path, runs: int) -> list[Measure]:
    with tempfile.TemporaryDirectory(prefix="frozen-start-") as scratch:
        home = Path(scratch)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("XDG_")},
            "HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            PASSPHRASE_ENV: PASSPHRASE,
        }
        store = home / "store"
        init = [str(program), "init", "--role", "coordinator", "--org", "Bench", "--name", "B"]
        subprocess.run([*init, "--store", str(store)], env=env, check=True, capture_output=True)  # noqa: S603
        self_test = ["--self-test", "--store", str(store)]
        without_unlock = {k: v for k, v in env.items() if k != PASSPHRASE_ENV}
        frozen_command = [str(program), *self_test]
        source_command = [sys.executable, "-m", "facilitator_app", *self_test]
        for command in (frozen_command, source_command):
            painted_ms(command, without_unlock)  # the first start reads the files from disk
        frozen, source = [], []
        for _ in range(runs):
            frozen.append(painted_ms(frozen_command, without_unlock))
            source.append(painted_ms(source_command, without_unlock))
    return [
        Measure(FROZEN, "ms", frozen, 800.0),
        Measure(SOURCE, "ms", source, 800.0),
        Measure(RATIO, "×", [f / s for f, s in zip(frozen, source, strict=True)]),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.frozen_start")
    parser.add_argument("program", type=Path, help="the packaged app's program")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    if not args.program.is_file():
        parser.error(f"{args.program} is not a program; build it with `make package`")
    measures = measure(args.program, args.runs)
    print("\n".join(table_lines(measures)))
    return 0 if all(m.ok for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
