"""A member's rights from the command line: everything held about them, as two files."""

from __future__ import annotations

import argparse
from typing import TextIO

from facilitator_app.cli import read_passphrase
from facilitator_app.cli.parser import store_folder
from facilitator_app.domain.erasure import facilitator_notes_line
from facilitator_app.services import subject_access
from facilitator_app.services.stores import unlock_store


def subject_access_command(args: argparse.Namespace, stdin: TextIO) -> int:
    passphrase, _ = read_passphrase(args, confirm=False, stdin=stdin)
    store = unlock_store(store_folder(args), passphrase)
    try:
        files = subject_access.save_subject_access(store, args.member, args.out)
    finally:
        store.close()
    print(f"Wrote {files.pdf} and {files.json} ({files.records} records).")
    print("These files are outside the encrypted store: keep them safe and delete them after use.")
    if files.facilitator_notes:
        print(facilitator_notes_line(files.facilitator_notes))
    return 0


COMMANDS = {"subject-access": subject_access_command}
