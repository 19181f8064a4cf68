"""Entry point: with a command, run it headless; without one, open the window."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence

from facilitator_app import cli
from facilitator_app.logs import configure_logging


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    if args.self_test and args.command is not None:
        parser.error(f"--self-test opens the window; it cannot run with {args.command}")
    configure_logging()
    if args.self_test:
        from facilitator_app.gui.self_test import run_self_test  # Qt, as for the window

        passphrase = os.environ.get(cli.PASSPHRASE_ENV)
        # A windowed program (Windows, macOS) has no stdout: the exit status still tells.
        out = sys.stdout if sys.stdout is not None else io.StringIO()
        return run_self_test(cli.store_folder(args), out, passphrase)
    if args.command is None:
        from facilitator_app.gui.app import run_gui  # Qt loads only when a window is wanted

        return run_gui(cli.chosen_store_folder(args))
    return cli.run_command(args)


if __name__ == "__main__":
    sys.exit(main())
