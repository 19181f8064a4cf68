"""Child process for the cold-start measure: open a window, say when it is first painted.

    python -m benchmarks.first_paint bare
    python -m benchmarks.first_paint app STORE_FOLDER

`bare` is the floor: a plain PySide6 window the size of the app's. `app` starts the app
through its own entry point (`facilitator_app.main.main`), which shows the unlock
window. Either way the line "painted" is written once the window's first paint has
finished, and the process ends at once (what comes after is not being timed).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    # The app makes its QApplication only if there is none, so this one, made first,
    # is the one it uses; the filter must be on it before any window is shown.
    app = QApplication(sys.argv[:1])

    def finished() -> None:
        sys.stdout.write("painted\n")
        sys.stdout.flush()
        os._exit(0)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, finished)  # after this paint has been drawn
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    if argv[0] == "bare":
        window = QWidget()
        window.resize(1180, 780)
        window.show()
        return app.exec()
    from facilitator_app.main import main as start_app

    return start_app(["--store", argv[1]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
