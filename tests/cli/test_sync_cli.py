"""Pairing and USB sync as the command line shows them, from invitation to a second import."""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.main import main
from facilitator_app.services import facilitators, pairing, people
from facilitator_app.services.stores import unlock_store
from facilitator_app.store import keys
from facilitator_app.store.changes import SYNCED_COLUMNS
from facilitator_app.store.keys import KdfParams
from tests.factories import FIXED_NOW, PASSPHRASE, FakeClock, make_group, make_member, snapshot
from tests.sync_setup import carry, give_groups, join, new_coordinator

ORGANISATION = "Riverside Peer Support"
INIT = ["init", "--role", "coordinator", "--org", ORGANISATION, "--name", "Morgan"]
SECRET = "Talked through a hard night; private to supervision."


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {self.err!r}"
        return lines[0]


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    # `init --join` calibrates Argon2id to ~1 s; the floor is enough for tests.
    monkeypatch.setattr(pairing, "calibrate_kdf", lambda: KdfParams())


@pytest.fixture(autouse=True)
def derive_each_key_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command unlocks a store, a quarter second of Argon2id even at the floor.

    The same passphrase, salt and parameters give the same key, so derive it once;
    unwrapping and checking the key still happen on every unlock.
    """
    real = keys._derive
    derived: dict[tuple[bytes, bytes, KdfParams], bytes] = {}

    def derive(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
        if (passphrase, salt, params) not in derived:
            derived[(passphrase, salt, params)] = real(passphrase, salt, params)
        return derived[(passphrase, salt, params)]

    monkeypatch.setattr(keys, "_derive", derive)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*argv: object) -> Result:
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def everything_in(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row but the audit log's: each command's unlock is rightly written there."""
    store = unlock_store(folder, PASSPHRASE, upgrade=False)
    try:
        rows = snapshot(store)
    finally:
        store.close()
    rows.pop("audit_log")
    rows["meta"] = [row for row in rows["meta"] if row[0] != "audit_end"]
    return rows


@dataclass(frozen=True)
class Paired:
    coordinator: Path
    laptop: Path
    fingerprint: str
    device_id: str
    group_id: str
    tmp: Path


def coordinator_with_robin(cli: Any, tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "coordinator"
    assert cli(*INIT, "--store", folder).code == 0
    store = unlock_store(folder, PASSPHRASE)
    try:
        robin = people.add_person(store, "Robin Ayodele")
        group = make_group(store, name="Tuesday evening group")
        make_member(store, group.id, name="Ayşe")
        facilitators.set_groups(store, robin.id, [group.id])
    finally:
        store.close()
    return folder, group.id


def test_pairing_and_syncing_from_start_to_finish(cli: Any, tmp_path: Path) -> None:
    coordinator, _group = coordinator_with_robin(cli, tmp_path)
    laptop, invitation = tmp_path / "robin", tmp_path / "robin.fainvite"
    first_stick, second_stick = tmp_path / "stick-1", tmp_path / "stick-2"
    first_stick.mkdir()
    second_stick.mkdir()

    made = cli("invite", "--store", coordinator, "--facilitator", "robin", "--out", invitation)
    assert made.code == 0, made.err
    assert made.out.startswith(f"Wrote an invitation for Robin Ayodele to {invitation}.\n")
    assert "It can be used once, until " in made.out

    joined = cli("init", "--store", laptop, "--join", invitation, "--name", "Robin")
    assert joined.code == 0, joined.err
    assert f"Created a facilitator store at {laptop} for {ORGANISATION}." in joined.out
    match = re.search(r"^Fingerprint: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})$", joined.out, re.M)
    assert match is not None, joined.out
    fingerprint = match.group(1)

    hello = cli("export", "--store", laptop, "--out", first_stick)
    assert hello.code == 0, hello.err
    [bundle_path, recipient, _changes] = hello.out.rstrip("\n").split("\t")
    assert Path(bundle_path).parent == first_stick
    assert recipient == ORGANISATION

    asked = cli("import", "--store", coordinator, first_stick)
    assert asked.code == 0, asked.err
    assert f"Robin's laptop asks to join (fingerprint {fingerprint})" in asked.out
    device_id = re.search(r"accept device ([0-9a-f]+);", asked.out).group(1)  # type: ignore[union-attr]

    listed = cli("devices", "--store", coordinator)
    assert listed.code == 0
    assert f"{device_id}\tpending\t{fingerprint}\tRobin\n" in listed.out

    accepted = cli("accept", "--store", coordinator, "--device", device_id[:8])
    assert accepted.code == 0, accepted.err
    assert accepted.out == f"Accepted Robin's laptop ({fingerprint}).\n"
    assert (
        f"{device_id}\tactive\t{fingerprint}\tRobin\n" in cli("devices", "--store", coordinator).out
    )

    taken = cli("import", "--store", coordinator, first_stick)
    assert taken.code == 0, taken.err
    assert "from Robin: added 0, changed 0, deleted 0, conflicts 0, skipped 0" in taken.out

    sent = cli("export", "--store", coordinator, "--out", second_stick, "--for", "Robin")
    assert sent.code == 0, sent.err
    [line] = sent.out.splitlines()
    assert line.split("\t")[1:] == ["Robin", line.split("\t")[2]]

    arrived = cli("import", "--store", laptop, second_stick)
    assert arrived.code == 0, arrived.err
    added = int(re.search(rf"from {ORGANISATION}: added (\d+)", arrived.out).group(1))  # type: ignore[union-attr]
    assert added >= 3  # the group, its member, Robin's place in it, and more

    again = cli("import", "--store", laptop, second_stick)
    assert again.code == 0
    assert f"already imported (from {ORGANISATION}); skipped" in again.out

    on_laptop = cli("devices", "--store", laptop)
    assert f"This store's fingerprint: {fingerprint}\n" in on_laptop.out

    # A file that is not a bundle: one line, exit 1, and nothing changed.
    junk = second_stick / "0123456789abcdef01234567.fabundle"
    junk.write_bytes(b"not a bundle at all" * 10)
    before = everything_in(laptop)
    refused = cli("import", "--store", laptop, junk)
    assert refused.code == 1
    assert refused.out == ""
    assert refused.error_line.startswith(f"facilitator-app: {junk.name}: ")
    assert everything_in(laptop) == before

    # In a folder too, a damaged file is named and the rest are taken in.
    folder_import = cli("import", "--store", laptop, second_stick)
    assert folder_import.code == 1
    assert folder_import.error_line.startswith(f"facilitator-app: {junk.name}: ")
    assert "already imported" in folder_import.out


@pytest.fixture
def paired(tmp_path: Path) -> Paired:
    """A coordinator and Robin's laptop, paired through the services, then closed."""
    coordinator = new_coordinator(tmp_path / "coordinator", FakeClock())
    robin = join(coordinator, tmp_path / "robin", "Robin", FakeClock(), tmp=tmp_path)
    group = make_group(coordinator, name="Tuesday evening group")
    make_member(coordinator, group.id, name="Ayşe")
    give_groups(coordinator, robin.person_id, group.id)
    facilitators.add_supervision(coordinator, robin.person_id, FIXED_NOW.date(), "Priya", SECRET)
    carry(coordinator, robin.store, tmp_path)
    fingerprint = pairing.own_fingerprint(robin.store)
    robin.store.close()
    coordinator.close()
    return Paired(
        tmp_path / "coordinator",
        tmp_path / "robin",
        fingerprint,
        robin.device_id,
        group.id,
        tmp_path,
    )


def new_stick(paired: Paired, name: str) -> Path:
    folder = paired.tmp / name
    folder.mkdir()
    return folder


def test_a_bundle_for_another_store_is_refused_in_one_line(cli: Any, paired: Paired) -> None:
    stick = new_stick(paired, "for-robin")
    [line] = cli("export", "--store", paired.coordinator, "--out", stick).out.splitlines()
    for_robin = Path(line.split("\t")[0])
    before = everything_in(paired.coordinator)

    refused = cli("import", "--store", paired.coordinator, for_robin)

    assert refused.code == 1
    assert refused.error_line == (
        f"facilitator-app: {for_robin.name}: "
        "This bundle is not addressed to this store (or it is not a bundle)."
    )
    assert everything_in(paired.coordinator) == before
    # In a folder it is passed over quietly: a stick may carry bundles for others.
    quiet = cli("import", "--store", paired.coordinator, stick)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")


def test_a_retired_laptops_bundle_is_refused(cli: Any, paired: Paired) -> None:
    retired = cli("revoke", "--store", paired.coordinator, "--device", paired.device_id)
    assert retired.code == 0
    assert retired.out == "Retired Robin's laptop; bundles from it will be refused.\n"
    stick = new_stick(paired, "from-robin")
    cli("export", "--store", paired.laptop, "--out", stick)
    before = everything_in(paired.coordinator)

    refused = cli("import", "--store", paired.coordinator, stick)

    assert refused.code == 1
    assert "Robin's laptop, which was retired on" in refused.error_line
    assert everything_in(paired.coordinator) == before
    nobody = cli("export", "--store", paired.coordinator, "--out", stick, "--for", "Robin")
    assert nobody.code == 1
    assert nobody.error_line == "facilitator-app: No paired laptop is called 'Robin'."


def test_usage_mistakes_are_one_line(cli: Any, paired: Paired) -> None:
    missing = cli("import", "--store", paired.laptop, paired.tmp / "nowhere.fabundle")
    assert missing.code == 1
    assert "There is no file at" in missing.error_line
    no_folder = cli("export", "--store", paired.laptop, "--out", paired.tmp / "no-stick")
    assert no_folder.code == 1
    assert "There is no folder" in no_folder.error_line
    nobody = cli(
        "invite", "--store", paired.coordinator, "--facilitator", "Zed", "--out", paired.tmp
    )
    assert nobody.code == 1
    assert nobody.error_line == "facilitator-app: nobody on the people list matches 'Zed'."
    again = cli("accept", "--store", paired.coordinator, "--device", paired.device_id)
    assert again.code == 1
    assert again.error_line == "facilitator-app: Robin's laptop is not waiting to be accepted."
    laptop_invites = cli(
        "invite", "--store", paired.laptop, "--facilitator", "Robin", "--out", paired.tmp
    )
    assert laptop_invites.code == 1
    assert "Only the coordinator's store can change" in laptop_invites.error_line


def test_a_changed_invitation_is_refused_before_any_store_is_made(cli: Any, tmp_path: Path) -> None:
    coordinator, _ = coordinator_with_robin(cli, tmp_path)
    invitation = tmp_path / "robin.fainvite"
    cli("invite", "--store", coordinator, "--facilitator", "Robin", "--out", invitation)
    document = json.loads(invitation.read_text())
    document["person_id"] = "someone-else"
    invitation.write_text(json.dumps(document))

    result = cli("init", "--store", tmp_path / "robin", "--join", invitation, "--name", "Robin")

    assert result.code == 1
    assert result.error_line == "facilitator-app: That invitation is damaged or was changed."
    assert not (tmp_path / "robin").exists()


def test_export_json_writes_every_record_and_warns(cli: Any, paired: Paired) -> None:
    out = paired.tmp / "everything.json"

    result = cli("export-json", "--store", paired.coordinator, "--out", out)

    assert result.code == 0, result.err
    assert result.out == f"Wrote {out}.\n"
    assert "NOT encrypted" in result.error_line
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text("utf-8"))
    assert document["organisation"] == ORGANISATION
    records = everything_in(paired.coordinator)
    for table in SYNCED_COLUMNS:
        assert len(document["tables"][table]) == len(records[table]), table
    assert [m["name"] for m in document["tables"]["members"]] == ["Ayşe"]
    assert {p["name"] for p in document["tables"]["people"]} >= {"Morgan", "Robin"}
    assert SECRET in out.read_text("utf-8")
    # A laptop's export holds what the laptop can read: no supervision notes.
    on_laptop = paired.tmp / "laptop.json"
    assert cli("export-json", "--store", paired.laptop, "--out", on_laptop).code == 0
    from_laptop = json.loads(on_laptop.read_text("utf-8"))
    assert [m["name"] for m in from_laptop["tables"]["members"]] == ["Ayşe"]
    assert from_laptop["tables"]["supervision"] == []
    assert SECRET not in on_laptop.read_text("utf-8")
    folder = cli("export-json", "--store", paired.laptop, "--out", paired.tmp)
    assert folder.code == 1
    assert "is a folder" in folder.error_line
