"""The process dies while importing: the store opens, is undamaged, and a retry takes it all.

Each import runs in a subprocess that is killed with SIGKILL (no clean-up of any kind):
once at chosen points inside the import's transaction, and once in the middle of
`facilitator-app import` of a large bundle, as a power cut or a crash would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator_app.services import sync as sync_service
from facilitator_app.services.stores import check_store
from facilitator_app.store.store import Store, new_id
from tests.conftest import TemplateStore  # noqa: F401 - the sync conftest's fixtures need it
from tests.factories import PASSPHRASE, snapshot
from tests.sync.conftest import TemplateOrg
from tests.sync.helpers import Org

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs SIGKILL to kill a process outright"
)

# More of the write-ahead log than anything but a large import writes (16 pages).
SPILLED = 16 * 4096

# Imports one folder, and kills itself right after `module.function` returns.
DIES_PART_WAY = """
import os, signal, sys
from pathlib import Path
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import Store
from facilitator_app.sync import device_rows, incoming

folder, stick, module, function = sys.argv[1:5]
owner = {"incoming": incoming, "device_rows": device_rows}[module]
real = getattr(owner, function)

def then_die(*args, **kwargs):
    real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

setattr(owner, function, then_die)
store = Store.open(Path(folder), bytes.fromhex(sys.stdin.readline().strip()))
sync_service.import_bundles(store, [Path(stick)])
print("the import finished: the process was not killed")
"""


def add_members(org: Org, count: int) -> None:
    with org.coordinator.transaction():
        for number in range(count):
            org.coordinator.insert(
                "members",
                new_id(),
                {
                    "group_id": org.robins_group.id,
                    "name": f"Member {number}",
                    "consent_given_on": "2025-01-07",
                },
            )


def members_on_laptop(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM members").fetchone()[0])


def reopen_robin(org: Org, template_org: TemplateOrg) -> Store:
    """Check the laptop's store as `facilitator-app check` does, then open it again."""
    folder = org.robin.store.folder
    assert check_store(folder, PASSPHRASE, clock=org.clock) == []
    org.robin.store = Store.open(folder, template_org.data_keys["robin"], clock=org.clock)
    assert org.robin.store.integrity_problems() == []
    return org.robin.store


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(tmp / "home" / name.lower())
    env["FACILITATOR_APP_PASSPHRASE"] = PASSPHRASE
    return env


@pytest.mark.parametrize(
    ("module", "function"),
    [("incoming", "merge"), ("incoming", "_keep_conflicts"), ("device_rows", "note_bundle")],
)
def test_dying_inside_the_import_changes_nothing_and_a_retry_takes_it_all(
    org: Org, template_org: TemplateOrg, module: str, function: str
) -> None:
    org.round_trip(org.robin)
    add_members(org, 50)
    [bundle] = org.export(org.coordinator, only=org.robin.device_id)
    before = snapshot(org.robin.store)
    org.robin.store.close()

    died = subprocess.run(
        [
            sys.executable,
            "-c",
            DIES_PART_WAY,
            org.robin.store.folder,
            bundle.parent,
            module,
            function,
        ],
        input=template_org.data_keys["robin"].hex() + "\n",
        capture_output=True,
        text=True,
        env=environment(org.tmp),
        timeout=60,
        check=False,
    )

    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    store = reopen_robin(org, template_org)
    assert snapshot(store) == before
    [retry] = sync_service.import_bundles(store, [bundle])
    assert retry.intake is not None
    assert retry.intake.added == 50
    assert members_on_laptop(store) == 50


def test_killing_the_import_command_part_way_through_a_large_bundle(
    org: Org, template_org: TemplateOrg
) -> None:
    org.round_trip(org.robin)
    add_members(org, 10_000)
    [bundle] = org.export(org.coordinator, only=org.robin.device_id)
    folder = org.robin.store.folder
    org.robin.store.close()
    wal = folder / "store.db-wal"
    wal_before = wal.stat().st_size if wal.exists() else 0

    command = [sys.executable, "-m", "facilitator_app", "import", "--store", folder, bundle]
    process = subprocess.Popen(
        command,
        env=environment(org.tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # The import's transaction spills pages into the write-ahead log long before
        # it commits: kill once the log holds more than opening the store writes.
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > wal_before + SPILLED:
                break
            time.sleep(0.001)
        still_running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert still_running, "the import finished before it could be killed"

    store = reopen_robin(org, template_org)
    taken = members_on_laptop(store)
    assert taken in (0, 10_000), f"{taken} of 10,000 members: a half-done import"
    [retry] = sync_service.import_bundles(store, [bundle])
    assert retry.refused is None
    assert retry.intake is not None
    assert retry.intake.duplicate == (taken == 10_000)
    assert members_on_laptop(store) == 10_000
