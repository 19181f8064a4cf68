"""Child process for the memory measure: the app with the dataset open, every tab visited.

    python -m benchmarks.gui_tour STORE_FOLDER

Unlocks the store in the app's window (offscreen), shows each tab in turn until it has
loaded, opens the crisis screen and the newest inbox record, then prints the process's
peak resident memory in kibibytes ("peak_kib N"). Run in its own process so nothing the
benchmark runner holds is counted.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from benchmarks import screen


def tour(folder: Path) -> None:
    window = screen.open_window(folder)
    screen.unlock(window)
    workspace = window.workspace
    if workspace is None:
        raise SystemExit("The store did not unlock.")
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        screen.idle(window)
    inbox = workspace.inbox_page
    if inbox is not None and inbox.shown_lines():
        workspace.tabs.setCurrentWidget(inbox)
        inbox.open_record(inbox.shown_lines()[0].id)
        screen.idle(window)
    window.open_protocols()
    screen.idle(window)
    workspace.show_tabs()
    screen.idle(window)
    window.close()  # locks the store, as quitting the app does


def main(argv: list[str]) -> int:
    tour(Path(argv[0]))
    # ru_maxrss is in kibibytes on Linux (bytes on macOS, where this is not run).
    print(f"peak_kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
