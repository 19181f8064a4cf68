"""Command line: headless commands for scripting and tests.

Errors print one line to stderr and exit 1; usage errors exit 2 (argparse's rule).
The parser is light (`parser`); a command's code (`commands`, `sync_commands`) is
imported only when a command runs, so opening the window does not wait for it.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

from facilitator_app.cli.parser import (
    PASSPHRASE_ENV,
    build_parser,
    chosen_store_folder,
    store_folder,
)
from facilitator_app.domain.errors import AppError

__all__ = [
    "PASSPHRASE_ENV",
    "CliError",
    "build_parser",
    "chosen_store_folder",
    "read_passphrase",
    "run_command",
    "store_folder",
]

_log = logging.getLogger(__name__)


class CliError(AppError):
    """A problem with how the command was run (not with the store)."""


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


def run_command(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    """Run a parsed headless command; every error a person can cause is one line."""
    from facilitator_app.cli import commands  # the store, PDFs and sync load only now

    try:
        return commands.run(args.command, args, stdin or sys.stdin)
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
