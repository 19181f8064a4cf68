"""Pairing and USB sync from the command line (invite, devices, accept, revoke, export, import)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from facilitator_app.domain.errors import AppError
from facilitator_app.services import pairing, portability
from facilitator_app.services import sync as sync_service
from facilitator_app.services.people import list_people
from facilitator_app.services.stores import Store

AddStoreOptions = Callable[[argparse.ArgumentParser], None]
Unlock = Callable[[argparse.Namespace, TextIO], Store]


def add_commands(commands: argparse._SubParsersAction[Any], add: AddStoreOptions) -> None:
    """The sync commands; `add` gives each the shared --store/--passphrase-file options."""

    invite = commands.add_parser("invite", help="invite a facilitator's laptop (coordinator)")
    add(invite)
    invite.add_argument("--facilitator", required=True, metavar="NAME", help="who it is for")
    invite.add_argument("--out", required=True, type=Path, metavar="FILE", help="file or folder")
    invite.add_argument("--days", type=int, default=pairing.DEFAULT_INVITATION_DAYS)

    devices = commands.add_parser("devices", help="list paired laptops with their fingerprints")
    add(devices)

    for name, text in (
        ("accept", "accept a laptop that asked to join, after comparing fingerprints"),
        ("revoke", "retire a laptop (lost or handed back): its bundles are refused"),
    ):
        command = commands.add_parser(name, help=text)
        add(command)
        command.add_argument("--device", required=True, metavar="ID")

    export = commands.add_parser("export", help="write a bundle for each paired laptop")
    add(export)
    export.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    export.add_argument("--for", dest="only", metavar="DEVICE_OR_NAME")

    take = commands.add_parser("import", help="take in bundles from a file or folder")
    add(take)
    take.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")

    dump = commands.add_parser(
        "export-json", help="every record readable in this store, as JSON (not encrypted)"
    )
    add(dump)
    dump.add_argument("--out", required=True, type=Path, metavar="FILE")


def invite(store: Store, args: argparse.Namespace) -> int:
    wanted = args.facilitator.strip().casefold()
    matches = [p for p in list_people(store) if p.name.casefold() == wanted]
    if not matches:
        matches = [p for p in list_people(store) if p.name.casefold().startswith(wanted)]
    if len(matches) != 1:
        reason = "nobody" if not matches else f"{len(matches)} people"
        raise AppError(f"{reason} on the people list matches {args.facilitator!r}.")
    made = pairing.invite(store, matches[0].id, args.out, days=args.days)
    print(f"Wrote an invitation for {made.person_name} to {made.path}.")
    print(f"It can be used once, until {made.expires_at.date().isoformat()}.")
    return 0


def devices(store: Store, _args: argparse.Namespace) -> int:
    print(f"This store's fingerprint: {pairing.own_fingerprint(store)}")
    for device in pairing.list_devices(store):
        print(f"{device.id}\t{device.status.value}\t{device.fingerprint}\t{device.name}")
    return 0


def accept(store: Store, args: argparse.Namespace) -> int:
    device = pairing.accept_device(store, args.device)
    print(f"Accepted {device.name}'s laptop ({device.fingerprint}).")
    return 0


def revoke(store: Store, args: argparse.Namespace) -> int:
    device = pairing.revoke_device(store, args.device)
    print(f"Retired {device.name}'s laptop; bundles from it will be refused.")
    return 0


def export(store: Store, args: argparse.Namespace) -> int:
    for done in sync_service.export_bundles(store, args.out, only=args.only):
        print(f"{done.path}\t{done.recipient}\t{done.changes} changes")
    return 0


def take_in(store: Store, args: argparse.Namespace) -> int:
    refused = 0
    for result in sync_service.import_bundles(store, list(args.paths)):
        if result.refused is not None:
            refused += 1
            print(f"facilitator-app: {result.path.name}: {result.refused}", file=sys.stderr)
        elif result.intake is not None:
            print(f"{result.path.name}: {describe(result.intake)}")
    return 1 if refused else 0


def describe(intake: sync_service.Intake) -> str:
    if intake.waiting is not None:
        return (
            f"{intake.waiting.name}'s laptop asks to join (fingerprint "
            f"{intake.waiting.fingerprint}). Compare it with their screen, then accept "
            f"device {intake.waiting.device_id}; nothing else was taken in yet."
        )
    if intake.duplicate:
        return f"already imported (from {intake.sender_name}); skipped"
    return (
        f"from {intake.sender_name}: added {intake.added}, changed {intake.changed}, "
        f"deleted {intake.deleted}, conflicts {len(intake.conflicts)}, skipped {intake.skipped}"
    )


def export_json(store: Store, args: argparse.Namespace) -> int:
    written = portability.export_json(store, args.out)
    print(f"Wrote {written}.")
    print(
        "This file is NOT encrypted: it holds every record in the store in plain text. "
        "Keep it somewhere safe and delete it when done.",
        file=sys.stderr,
    )
    return 0


STORE_COMMANDS = {
    "invite": invite,
    "devices": devices,
    "accept": accept,
    "revoke": revoke,
    "export": export,
    "import": take_in,
    "export-json": export_json,
}


def run_with_store(command: str, args: argparse.Namespace, unlock: Unlock, stdin: TextIO) -> int:
    store = unlock(args, stdin)
    try:
        return STORE_COMMANDS[command](store, args)
    finally:
        store.close()
