"""Pairing and USB sync from the command line (invite, devices, accept, revoke, export, import).

Their options are in `parser`; this code loads only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from facilitator_app.domain.errors import AppError
from facilitator_app.services import pairing, portability
from facilitator_app.services import sync as sync_service
from facilitator_app.services.people import list_people
from facilitator_app.services.stores import Store

Unlock = Callable[[argparse.Namespace, TextIO], Store]


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
