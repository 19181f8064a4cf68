"""Backup, restore and re-encryption with a new key from the command line.

Restore and rotate-key replace the store's files, so each says what it will do and
asks before doing it (or takes --yes, for scripts).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from facilitator_app.cli import CliError, read_passphrase
from facilitator_app.cli.parser import store_folder
from facilitator_app.services import backups, key_rotation
from facilitator_app.services.stores import unlock_store


def backup(args: argparse.Namespace, stdin: TextIO) -> int:
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    store = unlock_store(store_folder(args), passphrase)
    try:
        written = backups.make_backup(store, args.out)
    finally:
        store.close()
    print(f"Wrote {written} and read it back: it is complete.")
    print("It opens only with this store's passphrase as it is today.")
    return 0


def restore(args: argparse.Namespace, stdin: TextIO) -> int:
    folder = store_folder(args)
    facts = backups.read_backup_facts(args.file)  # a bad file is refused before any prompt
    made = facts.created_at.astimezone()
    day = f"{made.day} {made:%B %Y} at {made:%H:%M}"
    _confirm(
        args,
        stdin,
        f"This replaces the store at {folder} with the backup made on {day}. Anything "
        "added or changed in it since then is lost on this computer, except what a sync "
        "carried: what laptops sent to a coordinator, or what a laptop sent, comes back "
        "at the next sync. Its passphrase goes back to the one it had then. The whole "
        "backup is checked first; if "
        "anything is wrong, nothing is changed.",
    )
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    backups.restore_backup(folder, args.file, passphrase)
    print(f"Restored the backup made on {day} to {folder}.")
    return 0


def rotate_key(args: argparse.Namespace, stdin: TextIO) -> int:
    folder = store_folder(args)
    _confirm(
        args,
        stdin,
        f"The store at {folder} will be re-encrypted with a new key. Your passphrase "
        "stays the same. Backups made before now still open with the passphrase they "
        "were made with; copies kept from earlier app upgrades are removed.",
    )
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    key_rotation.rotate_data_key(folder, passphrase)
    print(f"Re-encrypted the store at {folder} with a new key.")
    return 0


def _confirm(args: argparse.Namespace, stdin: TextIO, what_happens: str) -> None:
    if args.yes:
        return
    if not stdin.isatty():
        raise CliError("Add --yes to go ahead: this replaces the store's files.")
    print(what_happens, file=sys.stderr)
    print("Go ahead? Type yes: ", end="", file=sys.stderr, flush=True)
    if stdin.readline().strip().casefold() != "yes":
        raise CliError("Stopped; nothing was changed.")


COMMANDS = {"backup": backup, "restore": restore, "rotate-key": rotate_key}
