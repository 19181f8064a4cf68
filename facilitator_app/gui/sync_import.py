"""Taking in bundles from a USB stick: first what it would do, then doing it.

The preview runs the whole import in a transaction that is rolled back, so what it
says is exactly what importing will do. A laptop asking to join is recorded by the
import and accepted only after the person compared fingerprints; then the same
bundles are imported again to take in what that laptop sent.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.profile_section import button_row
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    TextLines,
    label,
    message_label,
    primary_button,
    show_message,
)
from facilitator_app.services import pairing
from facilitator_app.services import sync as sync_service
from facilitator_app.services.stores import StoreRole
from facilitator_app.services.sync import FileResult, Intake, JoinRequest

SHORT_NAME = 8  # enough of a random file name to tell two apart


class ImportPanel(QGroupBox):
    """Hidden until an import starts; "Done" (or "Cancel" at the preview) hides it."""

    imported = Signal()  # records may have changed
    laptops_changed = Signal()  # a laptop asked to join or was accepted
    busy_changed = Signal(bool)  # the page keeps Export and Import still meanwhile

    def __init__(self, access: StoreAccess) -> None:
        super().__init__(self.tr("Import from USB stick"))
        self._access = access
        self._coordinator = access.facts.role is StoreRole.COORDINATOR
        self._paths: list[Path] = []
        self._busy = False
        self._join: JoinRequest | None = None
        self.status = label("", "hint")
        self.done_notice = label(self.tr("Imported. You can remove the stick."), "notice")
        self.file_lines = TextLines()
        self.join_notice = label("", "notice")
        self.message = message_label()
        self.close_button = QPushButton(self.tr("Cancel"))
        self.accept_button = QPushButton(self.tr("Accept this laptop"))
        self.again_button = primary_button(self.tr("Import again"))
        self.import_button = primary_button(self.tr("Import"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.done_notice)
        layout.addWidget(self.file_lines)
        layout.addWidget(self.join_notice)
        layout.addWidget(self.message)
        layout.addLayout(
            button_row(self.close_button, self.accept_button, self.again_button, self.import_button)
        )
        self.close_button.clicked.connect(self.close_panel)
        self.import_button.clicked.connect(self.take_in)
        self.accept_button.clicked.connect(self._accept)
        self.again_button.clicked.connect(lambda: self.preview(self._paths))
        self.done_notice.setVisible(False)
        self.setVisible(False)

    @property
    def is_running(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    # --- the preview ---------------------------------------------------------------

    def preview(self, paths: list[Path]) -> None:
        """Show what importing `paths` (files, or folders of bundles) would do."""
        if self._busy:
            return
        self._paths = list(paths)
        self._join = None
        self._start(self.tr("Reading the stick…"))
        self._access.call(
            sync_service.import_bundles,
            self._paths,
            preview=True,
            done=self._previewed,
            failed=self._failed,
        )

    def _start(self, text: str) -> None:
        self._set_busy(True)
        show_message(self.status, text, "hint")
        show_message(self.message, "")
        self.file_lines.set_lines([])
        self.done_notice.setVisible(False)
        self.join_notice.setVisible(False)
        for button in (self.import_button, self.accept_button, self.again_button):
            button.setVisible(False)
        self.close_button.setEnabled(False)
        self.setVisible(True)

    def _previewed(self, results: list[FileResult]) -> None:
        self._set_busy(False)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Cancel"))
        self._fill(results, preview=True)
        worth_it = any(r.intake is not None and not r.intake.duplicate for r in results)
        if not results:
            show_message(
                self.status,
                self.tr("There are no bundles there. Bundle files end in .fabundle."),
                "hint",
            )
            self.close_button.setText(self.tr("Done"))
        elif worth_it:
            show_message(
                self.status,
                self.tr("This is what importing would do. Nothing has changed yet."),
                "hint",
            )
            self.import_button.setVisible(True)
            self.import_button.setFocus()
        else:
            show_message(self.status, self.tr("There is nothing new to import."), "hint")
            self.close_button.setText(self.tr("Done"))

    # --- importing -----------------------------------------------------------------

    def take_in(self) -> None:
        if self._busy or not self._paths:
            return
        self._start(self.tr("Importing…"))
        self._access.call(
            sync_service.import_bundles, self._paths, done=self._taken_in, failed=self._failed
        )

    def _taken_in(self, results: list[FileResult]) -> None:
        self._set_busy(False)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Done"))
        self._fill(results, preview=False)
        refused = any(r.refused is not None for r in results)
        show_message(
            self.status,
            self.tr("Some files were not imported; nothing in them was changed.")
            if refused
            else "",
            "hint",
        )
        self.done_notice.setVisible(not refused)
        joins = [r.intake.waiting for r in results if r.intake and r.intake.waiting]
        if joins and self._coordinator:
            self._offer_accept(joins[0])
            self.laptops_changed.emit()
        self.imported.emit()

    def _offer_accept(self, join: JoinRequest) -> None:
        self._join = join
        show_message(
            self.join_notice,
            self.tr(
                "{0}'s laptop asks to join. Its fingerprint is {1}.\n"
                "Ask {0} to open the Sync tab on their laptop and read out the fingerprint "
                "shown there, or show you the screen. Accept this laptop only if the two "
                "codes are exactly the same."
            ).format(join.name, join.fingerprint),
            "notice",
        )
        self.accept_button.setVisible(True)

    def _accept(self) -> None:
        join = self._join
        if join is None or self._busy:
            return
        self._set_busy(True)
        self.accept_button.setEnabled(False)
        self._access.call(
            pairing.accept_device, join.device_id, done=self._accepted, failed=self._failed
        )

    def _accepted(self, _device: object) -> None:
        self._set_busy(False)
        join = self._join
        self._join = None
        self.accept_button.setEnabled(True)
        self.accept_button.setVisible(False)
        if join is not None:
            show_message(
                self.join_notice,
                self.tr(
                    "Accepted {0}'s laptop. Import again to take in what it sent; then "
                    "export, so it gets its records."
                ).format(join.name),
                "notice",
            )
        self.again_button.setVisible(True)
        self.again_button.setFocus()
        self.laptops_changed.emit()

    def close_panel(self) -> None:
        if not self._busy:
            self.setVisible(False)

    def _failed(self, error: AppError) -> None:
        self._set_busy(False)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Done"))
        self.accept_button.setEnabled(True)
        show_message(self.status, "")
        show_message(self.message, error.message)

    # --- one line a file -----------------------------------------------------------

    def _fill(self, results: list[FileResult], *, preview: bool) -> None:
        self.file_lines.set_lines([(self.line(r, preview=preview), str(r.path)) for r in results])

    def line(self, result: FileResult, *, preview: bool) -> str:
        short = result.path.name[:SHORT_NAME] + "…"
        if result.not_for_us:
            return self.tr("A bundle for another laptop ({0}): left on the stick.").format(short)
        if result.refused is not None:
            return self.tr("Not imported ({0}): {1}").format(short, result.refused)
        intake = result.intake
        if intake is None:
            return short
        if intake.waiting is not None:
            if preview:
                return self.tr(
                    "{0}'s laptop asks to join (fingerprint {1}). Importing records the "
                    "request; you accept it after comparing fingerprints."
                ).format(intake.waiting.name, intake.waiting.fingerprint)
            return self.tr(
                "{0}'s laptop asks to join. Nothing else from it is taken in until it is accepted."
            ).format(intake.waiting.name)
        if intake.duplicate:
            return self.tr("From {0}: already imported; nothing new.").format(intake.sender_name)
        return self.counts(intake, preview=preview)

    def counts(self, intake: Intake, *, preview: bool) -> str:
        if preview:
            text = self.tr("From {0}: will add {1}, change {2}, remove {3}.")
        else:
            text = self.tr("From {0}: added {1}, changed {2}, removed {3}.")
        text = text.format(intake.sender_name, intake.added, intake.changed, intake.deleted)
        conflicts = len(intake.conflicts)
        if conflicts and self._coordinator:
            if preview:
                more = self.tr("Conflicts: {0} (the newer change is kept; you can review them).")
            else:
                more = self.tr("Conflicts: {0}, listed under “Changed on two laptops”.")
            text += " " + more.format(conflicts)
        if intake.skipped and self._coordinator:
            text += " " + self.tr("{0} left out (not that laptop's to change).").format(
                intake.skipped
            )
        elif intake.skipped:
            text += " " + self.tr("{0} left out.").format(intake.skipped)
        return text
