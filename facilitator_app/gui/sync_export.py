"""Writing bundles to a USB stick: progress, Cancel, and when the stick may come out.

Only once every bundle was written, synced to the stick and read back does the panel
say the stick is safe to remove. Cancelling (or the app locking) stops between
chunks; the unfinished file is removed, and bundles already finished stay usable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QProgressBar, QPushButton, QVBoxLayout

from facilitator_app.domain.errors import AppError, ExportCancelled
from facilitator_app.gui.profile_section import button_row
from facilitator_app.gui.runner import WorkProgress
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import TextLines, label, message_label, show_message
from facilitator_app.services import sync as sync_service
from facilitator_app.services.sync import Exported


class ExportPanel(QGroupBox):
    """Hidden until an export starts; "Done" hides it again."""

    finished = Signal()  # written, stopped or failed: what is waiting may have changed

    def __init__(self, access: StoreAccess) -> None:
        super().__init__(self.tr("Export to USB stick"))
        self._access = access
        self._work: WorkProgress | None = None
        self.status = label("", "hint")
        # Its own label, made a notice from the start: the stick coming out is the news.
        self.done_notice = label(
            self.tr("Written and checked: it is safe to remove the stick."), "notice"
        )
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.written = TextLines()
        self.message = message_label()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.done_button = QPushButton(self.tr("Done"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.done_notice)
        layout.addWidget(self.progress)
        layout.addWidget(self.written)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.cancel_button, self.done_button))
        self.cancel_button.clicked.connect(self.cancel)
        self.done_button.clicked.connect(self.close_panel)
        self.done_notice.setVisible(False)
        self.setVisible(False)

    @property
    def is_running(self) -> bool:
        return self._work is not None

    def start(self, folder: Path) -> None:
        if self._work is not None:
            return
        access = self._access
        work = WorkProgress(lambda: access.is_open)
        self._work = work
        work.progressed.connect(self._progressed)
        self.progress.setRange(0, 0)  # busy until the first chunk is written
        self.progress.setVisible(True)
        self.written.set_lines([])
        self.done_notice.setVisible(False)
        show_message(self.message, "")
        show_message(
            self.status,
            self.tr("Writing to {0}… Leave the stick in until this says it is safe.").format(
                folder
            ),
            "hint",
        )
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.done_button.setVisible(False)
        self.setVisible(True)
        access.call(
            sync_service.export_bundles,
            folder,
            progress=work.report,
            cancelled=work.is_cancelled,
            done=lambda written: self._written(folder, written),
            failed=self._failed,
        )

    def cancel(self) -> None:
        if self._work is not None:
            self._work.stop()
            self.cancel_button.setEnabled(False)
            show_message(self.status, self.tr("Stopping…"), "hint")

    def close_panel(self) -> None:
        if self._work is None:
            self.setVisible(False)

    def _progressed(self, done: int, total: int) -> None:
        if self._work is None:
            return  # a late report from work that has already ended
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _ended(self) -> None:
        self._work = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.done_button.setVisible(True)
        self.done_button.setFocus()
        self.finished.emit()

    def _written(self, folder: Path, written: list[Exported]) -> None:
        show_message(self.status, "")
        self.done_notice.setVisible(True)
        self.written.set_lines(
            [
                (
                    self.tr("For {0}: {1}  ·  {2}").format(
                        bundle.recipient, self.changes_text(bundle.changes), bundle.path.name
                    ),
                    str(bundle.path),
                )
                for bundle in written
            ]
            + [(self.tr("On {0}").format(folder), "")]
        )
        self._ended()

    def changes_text(self, count: int) -> str:
        if count == 0:
            return self.tr("no new changes")
        if count == 1:
            return self.tr("1 change")
        return self.tr("{0} changes").format(count)

    def _failed(self, error: AppError) -> None:
        if isinstance(error, ExportCancelled):
            show_message(self.status, error.message, "hint")
        else:
            show_message(self.status, "")
            show_message(self.message, error.message)
        self._ended()
