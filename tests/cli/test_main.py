"""The real entry points, run as separate processes the way a person or script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator_app import __version__
from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.keys import KEYS_NAME
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE


def environment(home: Path, passphrase: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    env["HOME"] = str(home)
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(home / name.lower())
    if passphrase is not None:
        env[PASSPHRASE_ENV] = passphrase
    return env


def run_app(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_version_as_a_module(tmp_path: Path) -> None:
    result = run_app(["--version"], environment(tmp_path))
    assert result.returncode == 0
    assert result.stdout == f"facilitator-app {__version__}\n"
    assert result.stderr == ""


def test_installed_script_version(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("facilitator-app")
    assert script.exists(), "the package is not installed with its console script"
    result = subprocess.run(
        [str(script), "--version"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"facilitator-app {__version__}\n")


def test_init_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    env = environment(tmp_path / "home", PASSPHRASE)
    init = ["init", "--role", "coordinator", "--org", "Riverside", "--name", "Morgan"]
    result = run_app([*init, "--store", str(folder)], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Created a coordinator store at {folder}.\n"
    assert result.stderr == ""

    # Calibrated for real: never below the floor.
    kdf = json.loads((folder / KEYS_NAME).read_text())["slots"][0]["kdf"]
    assert kdf["time_cost"] >= 3
    assert kdf["memory_kib"] >= 64 * 1024
    store = unlock_store(folder, PASSPHRASE)
    try:
        assert store.facts.organisation == "Riverside"
    finally:
        store.close()


def test_errors_from_a_real_process_are_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path / "home", WRONG_PASSPHRASE)
    result = run_app(["check", "--store", str(tmp_path / "nowhere")], env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"facilitator-app: There is no store at {tmp_path / 'nowhere'}. Create one first.\n"
    )


def test_no_passphrase_without_a_terminal_in_a_real_process(tmp_path: Path) -> None:
    result = run_app(["check", "--store", str(tmp_path)], environment(tmp_path / "home"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "No passphrase given" in result.stderr


@pytest.mark.parametrize("argv", [["frobnicate"], ["init", "--role", "boss"]])
def test_bad_usage_in_a_real_process(tmp_path: Path, argv: list[str]) -> None:
    result = run_app(argv, environment(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "--help)" in result.stderr


def test_self_test_from_the_entry_point_passes_on_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    env = environment(tmp_path, PASSPHRASE)
    made = run_app(
        ["init", "--role", "coordinator", "--org", "Org", "--name", "Sam", "--store", str(folder)],
        env,
    )
    assert made.returncode == 0, made.stderr
    result = run_app(
        ["--self-test", "--store", str(folder)], env | {"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok      store: unlocked" in result.stdout
    assert result.stdout.endswith("self-test passed\n")


def test_self_test_with_a_command_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    result = run_app(
        [
            "--self-test",
            "init",
            "--role",
            "coordinator",
            "--org",
            "Org",
            "--name",
            "Sam",
            "--store",
            str(folder),
        ],
        environment(tmp_path, PASSPHRASE),
    )
    assert result.returncode == 2
    assert "--self-test opens the window; it cannot run with init" in result.stderr
    assert not folder.exists()
