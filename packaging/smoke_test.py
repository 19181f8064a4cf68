"""Checks a built app the way a volunteer's first day would use it.

    python packaging/smoke_test.py dist/facilitator-app-0.1.0-linux-x86_64.tar.gz
    python packaging/smoke_test.py dist/facilitator-app/facilitator-app
    python packaging/smoke_test.py dist\\facilitator-app\\facilitator-app-cli.exe

Given a Linux download (.tar.gz), it is unpacked first and its desktop entry checked.
Then the program is started, offscreen, in a throwaway home of its own:

1. `--version` names the program and this checkout's version;
2. `init` makes a coordinator store with a passphrase from the environment, `check` opens it;
3. `handout` writes a shipped handout as a PDF;
4. `--self-test` opens the window, checks fonts, icon, PDF viewer and printing, and then
   unlocks the store and shows every tab; the window has the build's name (PRODUCT_NAME,
   as for the build, else the app's own), and a neutral build names no file after the app;
5. no file the app wrote holds the passphrase or the organisation's name in plain text.

Exit status 0 when all passed. Each step prints one line; a failure prints the program's
own output, so a build that lacks something says what.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facilitator_app import __version__  # noqa: E402 - found through ROOT, just added
from facilitator_app.cli.parser import PASSPHRASE_ENV  # noqa: E402
from facilitator_app.product import OWN_NAME  # noqa: E402

STEP_LIMIT = 180  # seconds; a frozen app's first start reads ~250 MB from disk
HANDOUT = "grounding-toolkit"


class SmokeFailed(Exception):
    pass


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    target = Path(argv[0])
    if not target.exists():
        print(f"smoke test: {target} does not exist; build it first (make package).")
        return 2
    steps = Steps()
    with tempfile.TemporaryDirectory(prefix="smoke-") as scratch:
        try:
            run_all(target, Path(scratch), steps)
        except SmokeFailed as failure:
            print(f"FAILED  {failure}")
            print(f"smoke: {steps.passed} passed, 1 failed")
            return 1
    print(f"smoke: {steps.passed} passed, 0 failed")
    return 0


def run_all(target: Path, scratch: Path, steps: Steps) -> None:
    program = target
    if target.name.endswith(".tar.gz"):
        program = _unpacked(target, scratch / "unpacked")
        steps.ok("download", f"{target.name} unpacked, desktop entry and icon present")
    home = scratch / "home"
    home.mkdir()
    canaries = {
        "passphrase": f"smoke-{secrets.token_hex(8)} passphrase",
        "organisation": f"Canary Org {secrets.token_hex(6)}",
    }
    env = _isolated_env(home, canaries["passphrase"])
    store = home / "store"
    name = program.stem.removesuffix("-cli")

    out = _run(program, ["--version"], env)
    if out.strip() != f"{name} {__version__}":
        raise SmokeFailed(f"--version said {out.strip()!r}, not '{name} {__version__}'")
    steps.ok("version", out.strip())

    args = ["init", "--role", "coordinator", "--org", canaries["organisation"]]
    _run(program, [*args, "--name", "Smoke Test", "--store", str(store)], env)
    if _run(program, ["check", "--store", str(store)], env).strip() != "OK":
        raise SmokeFailed("check did not say OK for the store just made")
    steps.ok("store", "init and check")

    pdf = home / "papers" / f"{HANDOUT}.pdf"
    pdf.parent.mkdir()
    _run(program, ["handout", HANDOUT, "--out", str(pdf)], env)
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
        raise SmokeFailed(f"handout did not write a PDF at {pdf}")
    steps.ok("handout", f"{pdf.stat().st_size // 1024} KB PDF")

    started = time.perf_counter()
    out = _run(program, ["--self-test", "--store", str(store)], env)
    seconds = time.perf_counter() - started
    if "self-test passed" not in out or "ok      store" not in out:
        raise SmokeFailed(f"--self-test did not pass:\n{out}")
    shown = os.environ.get("PRODUCT_NAME", "").strip() or OWN_NAME.name
    if f"ok      window: {shown!r} shown" not in out:
        raise SmokeFailed(f"the window was not titled {shown!r}:\n{out}")
    steps.ok("self-test", f"window, resources, PDF viewer, printing, store ({seconds:.1f} s)")

    if shown != OWN_NAME.name:
        named = [str(path.relative_to(home)) for path in home.rglob("*") if _names_app(path.name)]
        if named:
            raise SmokeFailed(f"a neutral build wrote files named after the app: {named}")
        steps.ok("neutral", f"nothing the app wrote is named after it ({shown!r} build)")

    leaks = _files_holding(home, canaries)
    if leaks:
        raise SmokeFailed(f"plain text found in files the app wrote: {leaks}")
    steps.ok("canaries", "no passphrase or organisation name in any file written")


def _unpacked(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="data")
    folders = [path for path in into.iterdir() if path.is_dir()]
    if len(folders) != 1:
        raise SmokeFailed(f"{tarball.name} should hold one folder, not {len(folders)}")
    folder = folders[0]
    program = folder / folder.name
    if not program.is_file() or not os.access(program, os.X_OK):
        raise SmokeFailed(f"{tarball.name} has no program {folder.name}/{folder.name}")
    _check_desktop_entry(folder)
    return program


def _check_desktop_entry(folder: Path) -> None:
    entry = folder / f"{folder.name}.desktop.in"
    icon = folder / f"{folder.name}.png"
    for needed in (entry, icon, folder / "install.sh", folder / "README.txt"):
        if not needed.is_file():
            raise SmokeFailed(f"the download lacks {needed.name}")
    fields = dict(
        line.split("=", 1) for line in entry.read_text("utf-8").splitlines() if "=" in line
    )
    wanted = {
        "Type": "Application",
        "Exec": f"@APP_DIR@/{folder.name}",
        "Icon": f"@APP_DIR@/{folder.name}.png",
    }
    wrong = {key: fields.get(key) for key, value in wanted.items() if fields.get(key) != value}
    if wrong or not fields.get("Name"):
        raise SmokeFailed(f"the desktop entry is wrong: {wrong or 'no Name'}")
    if not icon.read_bytes().startswith(b"\x89PNG"):
        raise SmokeFailed(f"{icon.name} is not a PNG")


def _isolated_env(home: Path, passphrase: str) -> dict[str, str]:
    # Its own home: the app's log and data folders land in the scratch folder, where
    # they are scanned, and never in the home of whoever runs the test.
    keep = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    return {
        **keep,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "QT_QPA_PLATFORM": "offscreen",
        PASSPHRASE_ENV: passphrase,
    }


def _run(program: Path, args: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - the program under test, with our arguments
            [str(program), *args],
            capture_output=True,
            env=env,
            text=True,
            timeout=STEP_LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SmokeFailed(f"{' '.join(args[:1])} did not finish in {STEP_LIMIT} s") from None
    if done.returncode != 0:
        raise SmokeFailed(
            f"{program.name} {' '.join(args)} exited {done.returncode}:\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return done.stdout


def _names_app(file_name: str) -> bool:
    return "facilitator" in file_name.lower()


def _files_holding(folder: Path, canaries: dict[str, str]) -> list[str]:
    patterns = {what: re.escape(text.encode()) for what, text in canaries.items()}
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [
            f"{path.relative_to(folder)} ({what})"
            for what, pattern in patterns.items()
            if re.search(pattern, data)
        ]
    return found


class Steps:
    def __init__(self) -> None:
        self.passed = 0

    def ok(self, step: str, detail: str) -> None:
        self.passed += 1
        print(f"ok      {step}: {detail}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
