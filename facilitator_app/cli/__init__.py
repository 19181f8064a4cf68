"""Command line: headless commands for scripting and tests.

Errors print one line to stderr and exit 1; usage errors exit 2 (argparse's rule).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from facilitator_app import __version__
from facilitator_app.cli import sync_commands
from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.domain.errors import AppError
from facilitator_app.services import demo, handouts, pairing
from facilitator_app.services.organisation import checked_logo
from facilitator_app.services.output_files import write_pdf
from facilitator_app.services.stores import (
    NewStore,
    Store,
    StoreRole,
    check_store,
    create_store,
    default_store_folder,
    unlock_store,
)

PASSPHRASE_ENV = "FACILITATOR_APP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
_log = logging.getLogger(__name__)


class CliError(AppError):
    """A problem with how the command was run (not with the store)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (exit 2), like every error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="facilitator-app",
        description=(
            "Encrypted records for peer support groups. With no command, opens the app window."
        ),
        epilog=(
            f"The passphrase is read from ${PASSPHRASE_ENV} if set, else from "
            "--passphrase-file, else asked for without echo."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_store_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser(
        "init",
        help="create a new store",
        description=(
            "A coordinator creates the organisation's store with --role coordinator --org; "
            "a facilitator joins with --join and the invitation file from their coordinator."
        ),
    )
    _add_store_options(init)
    init.add_argument("--role", choices=[r.value for r in StoreRole])
    init.add_argument("--org", help="the organisation's name")
    init.add_argument("--join", type=Path, metavar="FILE", help="an invitation file")
    init.add_argument("--name", required=True, help="your name, as colleagues know you")

    demo_cmd = commands.add_parser(
        "demo", help="create a coordinator store filled with fictional example data"
    )
    _add_store_options(demo_cmd)

    check = commands.add_parser("check", help="open a store and check it is undamaged")
    _add_store_options(check)

    handout = commands.add_parser(
        "handout",
        help="list the handouts, or print one to a PDF file",
        description=(
            "Without --store, prints the handout as shipped; with --store, uses that "
            "store's edited text, organisation details and signposting directory."
        ),
    )
    _add_store_options(handout)
    handout.add_argument("name", nargs="?", help="the handout's name (see --list)")
    handout.add_argument("--list", action="store_true", help="list the handouts' names and titles")
    handout.add_argument("--out", type=Path, metavar="FILE.pdf", help="where to write the PDF")
    handout.add_argument("--large-print", action="store_true", help="at least 16 pt text")
    handout.add_argument("--paper", choices=[p.value for p in Paper], default=Paper.A4.value)
    handout.add_argument(
        "--logo", type=Path, metavar="IMAGE", help="print this PNG or JPEG logo on the handout"
    )
    sync_commands.add_commands(commands, _add_store_options)
    return parser


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    # Accepted before or after the command; SUPPRESS keeps a later default from
    # overwriting a value given earlier on the line.
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"the store folder (default: {default_store_folder()})",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of FILE",
    )


def store_folder(args: argparse.Namespace) -> Path:
    folder: Path | None = getattr(args, "store", None)
    return (folder or default_store_folder()).expanduser()


def read_passphrase(args: argparse.Namespace, *, confirm: bool, stdin: TextIO) -> tuple[str, str]:
    """The passphrase (and its repeat, for a new store) from env, file or prompt."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env, from_env
    passphrase_file: Path | None = getattr(args, "passphrase_file", None)
    if passphrase_file is not None:
        try:
            # utf-8-sig: Windows Notepad starts files with a byte-order mark.
            text = passphrase_file.read_text("utf-8-sig")
        except OSError:
            raise CliError(f"Could not read the passphrase file {passphrase_file}.") from None
        passphrase = text.splitlines()[0] if text else ""
        return passphrase, passphrase
    if not stdin.isatty():
        raise CliError(
            f"No passphrase given: set {PASSPHRASE_ENV}, use --passphrase-file, "
            "or run this in a terminal."
        )
    passphrase = getpass.getpass("Passphrase: ")
    repeated = getpass.getpass("Passphrase again: ") if confirm else passphrase
    return passphrase, repeated


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


def run_command(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    """Run a parsed headless command; every error a person can cause is one line."""
    try:
        if args.command in sync_commands.STORE_COMMANDS:
            return sync_commands.run_with_store(
                args.command, args, _unlock_for_command, stdin or sys.stdin
            )
        return _COMMANDS[args.command](args, stdin or sys.stdin)
    except AppError as error:
        print(f"facilitator-app: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("facilitator-app: stopped.", file=sys.stderr)
        return 130
    except OSError as error:
        # Full disk, read-only folder and the like: say which, never the data.
        _log.exception("file system error in %s", args.command)
        print(
            f"facilitator-app: {error.strerror or 'a file could not be written'}.", file=sys.stderr
        )
        return 1
    except Exception:
        # A bug, not something the person did: one line for them, the details in the log.
        _log.exception("unexpected error in %s", args.command)
        print(
            "facilitator-app: something went wrong; the details are in the app's log file.",
            file=sys.stderr,
        )
        return 1
