"""The headless commands that make, check and print from stores (init, demo, check, handout).

The sync commands are in `sync_commands`; `run` sends a parsed command to either.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from facilitator_app.cli import (
    CliError,
    backup_commands,
    member_commands,
    read_passphrase,
    sync_commands,
)
from facilitator_app.cli.parser import store_folder
from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.services import demo, handouts, pairing
from facilitator_app.services.organisation import checked_logo
from facilitator_app.services.output_files import write_pdf
from facilitator_app.services.stores import (
    NewStore,
    Store,
    StoreRole,
    check_store,
    create_store,
    unlock_store,
)


def run(command: str, args: argparse.Namespace, stdin: TextIO) -> int:
    if command in backup_commands.COMMANDS:
        return backup_commands.COMMANDS[command](args, stdin)
    if command in member_commands.COMMANDS:
        return member_commands.COMMANDS[command](args, stdin)
    if command in sync_commands.STORE_COMMANDS:
        return sync_commands.run_with_store(command, args, _unlock_for_command, stdin)
    return _COMMANDS[command](args, stdin)


def _init(args: argparse.Namespace, stdin: TextIO) -> int:
    if args.join is not None:
        return _join(args, stdin)
    if args.role is None or args.org is None:
        raise CliError("Give --role and --org for a new store, or --join FILE to join one.")
    role = StoreRole(args.role)
    if role is StoreRole.FACILITATOR:
        raise CliError(
            "A facilitator's store is made by joining: ask your coordinator for an "
            "invitation file, then run init --join FILE --name NAME."
        )
    folder = store_folder(args)
    passphrase, repeated = read_passphrase(args, confirm=True, stdin=stdin)
    store = create_store(
        NewStore(
            folder=folder,
            role=role,
            organisation=args.org,
            your_name=args.name,
            passphrase=passphrase,
            repeated_passphrase=repeated,
        )
    )
    store.close()
    print(f"Created a {role.value} store at {folder}.")
    return 0


def _join(args: argparse.Namespace, stdin: TextIO) -> int:
    if args.role not in (None, StoreRole.FACILITATOR.value) or args.org is not None:
        raise CliError("--join makes a facilitator's store for the invitation's organisation.")
    folder = store_folder(args)
    pairing.read_invitation(args.join)  # a bad file is refused before any passphrase prompt
    passphrase, repeated = read_passphrase(args, confirm=True, stdin=stdin)
    store = pairing.join_organisation(
        pairing.JoinRequest(folder, args.join, args.name, passphrase, repeated)
    )
    try:
        fingerprint = pairing.own_fingerprint(store)
        organisation = store.facts.organisation
    finally:
        store.close()
    print(f"Created a facilitator store at {folder} for {organisation}.")
    print(f"Fingerprint: {fingerprint}")
    print(
        "Export a bundle (facilitator-app export) and give it to your coordinator; "
        "they accept this laptop once their screen shows the same fingerprint."
    )
    return 0


def _unlock_for_command(args: argparse.Namespace, stdin: TextIO) -> Store:
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    return unlock_store(store_folder(args), passphrase)


def _demo(args: argparse.Namespace, stdin: TextIO) -> int:
    folder = store_folder(args)
    passphrase, repeated = read_passphrase(args, confirm=True, stdin=stdin)
    store = create_store(
        NewStore(
            folder=folder,
            role=StoreRole.COORDINATOR,
            organisation=demo.DEMO_ORGANISATION,
            your_name=demo.DEMO_OWNER,
            passphrase=passphrase,
            repeated_passphrase=repeated,
        )
    )
    try:
        demo.fill_demo_store(store, today=store.today())
    finally:
        store.close()
    print(f"Created a demo store with fictional data at {folder}.")
    print(f"Open it with: facilitator-app --store {folder}")
    return 0


def _check(args: argparse.Namespace, stdin: TextIO) -> int:
    folder = store_folder(args)
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    problems = check_store(folder, passphrase)
    if problems:
        shown = "; ".join(problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        print(f"facilitator-app: the store at {folder} is damaged: {shown}{more}", file=sys.stderr)
        return 1
    print("OK")
    return 0


def _handout(args: argparse.Namespace, stdin: TextIO) -> int:
    if args.list:
        for handout in handouts.list_handouts(None):
            print(f"{handout.name}\t{handout.title} ({handout.audience.label.lower()})")
        return 0
    if not args.name or args.out is None:
        raise CliError("Give a handout's name and --out FILE.pdf, or use --list to see the names.")
    handouts.get_handout(None, args.name)  # an unknown name is refused before anything else
    logo = _read_logo(args.logo) if args.logo is not None else None
    options = PageOptions(paper=Paper(args.paper), large_print=args.large_print)
    store = None
    if getattr(args, "store", None) is not None:
        passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
        store = unlock_store(store_folder(args), passphrase)
    try:
        data = handouts.handout_pdf(store, args.name, options, logo=logo)
    finally:
        if store is not None:
            store.close()
    written = write_pdf(args.out, data)
    print(f"Wrote {written}.")
    return 0


def _read_logo(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError:
        raise CliError(f"Could not read the logo file {path}.") from None
    return checked_logo(data)


_COMMANDS = {"init": _init, "demo": _demo, "check": _check, "handout": _handout}
