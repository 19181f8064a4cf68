"""The command line's options and commands, without the code that runs them.

Building the parser happens on every start, the window's too, so this module loads
only argparse and a few small names; each command's code is imported when it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from facilitator_app import __version__
from facilitator_app.domain.invitations import DEFAULT_INVITATION_DAYS
from facilitator_app.domain.paper import Paper
from facilitator_app.domain.store_role import StoreRole
from facilitator_app.product import current_product
from facilitator_app.services.store_folder import default_store_folder

PASSPHRASE_ENV = "FACILITATOR_APP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (exit 2), like every error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=current_product().program,
        description=(
            "Encrypted records for peer support groups. With no command, opens the app window."
        ),
        epilog=(
            f"The passphrase is read from ${PASSPHRASE_ENV} if set, else from "
            "--passphrase-file, else asked for without echo."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=(
            "open the window, check this copy of the app is complete (fonts, handouts, "
            "PDF viewer, printing), and quit; with --store and "
            f"${PASSPHRASE_ENV}, unlock that store and show every tab too"
        ),
    )
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
    _add_sync_commands(commands)
    _add_backup_commands(commands)
    _add_member_commands(commands)
    return parser


def _add_member_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """A member's data-protection rights."""
    access = commands.add_parser(
        "subject-access",
        help="save everything held about one member (a PDF and a JSON file)",
    )
    _add_store_options(access)
    access.add_argument("--member", required=True, metavar="ID", help="the member's id")
    access.add_argument("--out", required=True, type=Path, metavar="FOLDER")


def _add_backup_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """An encrypted backup file, restoring one, and re-encrypting with a new key."""
    backup = commands.add_parser("backup", help="write an encrypted backup file of the store")
    _add_store_options(backup)
    backup.add_argument("--out", required=True, type=Path, metavar="FOLDER")

    restore = commands.add_parser(
        "restore",
        help="replace the store with a backup (checked first)",
        description=(
            "The passphrase is the one the store had when the backup was made. Work "
            "since then is lost on this computer."
        ),
    )
    _add_store_options(restore)
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask before replacing")

    rotate = commands.add_parser(
        "rotate-key", help="re-encrypt the store with a new key; the passphrase stays"
    )
    _add_store_options(rotate)
    rotate.add_argument("--yes", action="store_true", help="do not ask first")


def _add_sync_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Pairing and USB sync: invite, devices, accept, revoke, export, import, export-json."""

    invite = commands.add_parser("invite", help="invite a facilitator's laptop (coordinator)")
    _add_store_options(invite)
    invite.add_argument("--facilitator", required=True, metavar="NAME", help="who it is for")
    invite.add_argument("--out", required=True, type=Path, metavar="FILE", help="file or folder")
    invite.add_argument("--days", type=int, default=DEFAULT_INVITATION_DAYS)

    devices = commands.add_parser("devices", help="list paired laptops with their fingerprints")
    _add_store_options(devices)

    for name, text in (
        ("accept", "accept a laptop that asked to join, after comparing fingerprints"),
        ("revoke", "retire a laptop (lost or handed back): its bundles are refused"),
    ):
        command = commands.add_parser(name, help=text)
        _add_store_options(command)
        command.add_argument("--device", required=True, metavar="ID")

    export = commands.add_parser("export", help="write a bundle for each paired laptop")
    _add_store_options(export)
    export.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    export.add_argument("--for", dest="only", metavar="DEVICE_OR_NAME")

    take = commands.add_parser("import", help="take in bundles from a file or folder")
    _add_store_options(take)
    take.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")

    dump = commands.add_parser(
        "export-json", help="every record readable in this store, as JSON (not encrypted)"
    )
    _add_store_options(dump)
    dump.add_argument("--out", required=True, type=Path, metavar="FILE")


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


def chosen_store_folder(args: argparse.Namespace) -> Path | None:
    """The folder given with --store, or None: the window then lists this computer's stores."""
    folder: Path | None = getattr(args, "store", None)
    return folder.expanduser() if folder is not None else None
