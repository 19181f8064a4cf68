"""`--self-test`: start the app as a person would, check what a build can lose, and quit.

For whoever installs the app (and for the packaging smoke test): a copy that was frozen
or installed without some part, a font, a Qt plug-in, a screen's code, fails here with
a line saying which, instead of in front of a volunteer. Nothing is written anywhere:
the handout is made and shown in memory. Given a store's passphrase (from the
environment, never typed), that store is unlocked too and every tab shown (records are
read, none is edited), then it is locked again.

Each check prints one line; the exit status is 0 only when every check passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QObject
from PySide6.QtGui import QGuiApplication, QIcon

from facilitator_app.gui.app import make_application
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.product import current_product
from facilitator_app.resource_files import resource_path
from facilitator_app.services.store_folder import is_store_folder

# PDF making, the PDF viewer and printing load in their own checks, after the window is
# painted, as they do in the app: the window's first paint is timed from this line
# (benchmarks/frozen_start.py), so it must come as soon as it does for a person.

STEP_LIMIT = 60.0  # seconds for any one step; a build that hangs fails rather than waits
SHOWN_FOR = 2.0  # seconds the window stays open, so timers and late paints run too
HANDOUT = "grounding-toolkit"


class SelfTestFailed(Exception):
    """A check did not pass; the message says what was missing."""


@dataclass
class Report:
    out: TextIO
    failures: int = 0

    def check(self, name: str, step: Callable[[], str]) -> None:
        try:
            detail = step()
        except Exception as error:  # whatever a build lacks, the line names it and goes on
            self.failures += 1
            self.out.write(f"FAILED  {name}: {error}\n")
        else:
            self.out.write(f"ok      {name}: {detail}\n")
        self.out.flush()


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def run_self_test(
    folder: Path, out: TextIO, passphrase: str | None = None, shown_for: float = SHOWN_FOR
) -> int:
    app = make_application()
    first_paint = _FirstPaint()
    app.installEventFilter(first_paint)
    window = MainWindow(folder)
    window.show()
    report = Report(out)
    report.check("window", lambda: _painted(window, first_paint))
    report.check("screens", lambda: _screens_loaded(window))
    report.check("resources", _resources)
    report.check("icon", _icon_draws)
    report.check("handout", _handout_shows)
    report.check("printing", _printing)
    if passphrase and is_store_folder(folder):
        report.check("store", lambda: _unlock_and_tour(window, passphrase))
    else:
        out.write("skipped store: no store and passphrase given to unlock\n")
    _pump_for(shown_for)
    window.close()
    app.removeEventFilter(first_paint)
    verdict = "passed" if report.failures == 0 else f"{report.failures} check(s) FAILED"
    out.write(f"self-test {verdict}\n")
    return 0 if report.failures == 0 else 1


def _painted(window: MainWindow, first_paint: _FirstPaint) -> str:
    _pump_until(lambda: first_paint.seen, "the window was never painted")
    title = window.windowTitle()
    if title != current_product().name:
        raise SelfTestFailed(f"the window is titled {title!r}")
    page = type(window.stack.currentWidget()).__name__
    return f"{title!r} shown, {page} painted ({QGuiApplication.platformName()})"


def _screens_loaded(window: MainWindow) -> str:
    _pump_until(lambda: window.warm_up.is_finished, "the screens' code did not load")
    return "every screen's code loaded"


def _resources() -> str:
    fonts = [resource_path("fonts", name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    missing = [path.name for path in fonts if not path.is_file()]
    if missing:
        raise SelfTestFailed(f"missing fonts: {', '.join(missing)}")
    counts = {
        kind: len(list(resource_path(kind).glob("*.toml"))) for kind in ("handouts", "protocols")
    }
    empty = [kind for kind, count in counts.items() if count == 0]
    if empty:
        raise SelfTestFailed(f"no {' or '.join(empty)} found in {resource_path()}")
    return f"{counts['handouts']} handouts, {counts['protocols']} protocols, fonts"


def _icon_draws() -> str:
    # SVG needs Qt's image-format and icon-engine plug-ins, which a build can leave out.
    pixmap = QIcon(str(resource_path("icons", "app.svg"))).pixmap(64, 64)
    if pixmap.isNull() or pixmap.toImage().pixelColor(32, 32).alpha() == 0:
        raise SelfTestFailed("the app icon (SVG) could not be drawn")
    return "the SVG icon draws"


def _handout_shows() -> str:
    from PySide6.QtPdf import QPdfDocument

    from facilitator_app.documents.page import PageOptions
    from facilitator_app.services import handouts

    data = handouts.handout_pdf(None, HANDOUT, PageOptions())
    if not data.startswith(b"%PDF-"):
        raise SelfTestFailed("the handout did not come out as a PDF")
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    _pump_until(
        lambda: document.status() in (QPdfDocument.Status.Ready, QPdfDocument.Status.Error),
        "the PDF viewer did not open the handout",
    )
    pages = document.pageCount()
    if pages < 1:
        raise SelfTestFailed(f"the PDF viewer could not read the handout ({document.error()})")
    page = document.render(0, document.pagePointSize(0).toSize())
    document.close()
    if page.isNull():
        raise SelfTestFailed("the PDF viewer could not draw the handout's first page")
    return f"{HANDOUT!r} made ({len(data) // 1024} KB) and shown, {pages} page(s)"


def _printing() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    printers = QPrinterInfo.availablePrinterNames()  # loads the print-support plug-in
    return f"print support loaded, {len(printers)} printer(s) seen"


def _unlock_and_tour(window: MainWindow, passphrase: str) -> str:
    window.unlock_page.passphrase.setText(passphrase)
    window.unlock_page.unlock_button.click()
    # The button comes back when a try has failed; the store is open when one worked.
    _pump_until(
        lambda: window.is_unlocked or window.unlock_page.unlock_button.isEnabled(),
        "unlocking did not finish",
    )
    if not window.is_unlocked:
        raise SelfTestFailed(f"could not unlock: {window.unlock_page.message.text()}")
    _pump_until(lambda: window.workspace is not None, "the workspace did not open")
    workspace = window.workspace
    assert workspace is not None  # noqa: S101 - waited for just above
    tabs = workspace.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _pump_until(lambda: not window.runner.is_busy, f"the {tabs.tabText(index)} tab hung")
    shown = tabs.count()
    window.lock_now()
    _pump_until(lambda: not window.is_unlocked, "locking did not finish")
    return f"unlocked, {shown} tabs shown, locked again"


def _pump_until(done: Callable[[], bool], failure: str) -> None:
    end = time.monotonic() + STEP_LIMIT
    while not done():
        if time.monotonic() > end:
            raise SelfTestFailed(f"{failure} within {STEP_LIMIT:.0f} s")
        QCoreApplication.processEvents()
        time.sleep(0.005)  # let the store thread run; a bare spin would starve it


def _pump_for(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
