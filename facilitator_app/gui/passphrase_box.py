"""Settings: change the passphrase; on a coordinator's store, the recovery sheet and
answering a facilitator's recovery request."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui import confirm_dialog, stick_chooser
from facilitator_app.gui.pdf_preview import PdfPreview, print_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    label,
    message_label,
    password_field,
    primary_button,
    show_message,
)
from facilitator_app.services.passphrase_change import change_passphrase
from facilitator_app.services.recovery import (
    RecoveryRequest,
    RecoverySheet,
    answer_recovery_request,
    make_recovery_sheet,
    read_recovery_request,
)
from facilitator_app.services.stores import StoreRole


class RecoverySheetDialog(QDialog):
    """The new sheet: the key on screen to check, the page to print. Never saved as a file."""

    def __init__(self, sheet: RecoverySheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery sheet"))
        self.resize(760, 860)
        self.key = label(sheet.recovery_key, "subheading", wrap=False)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.preview = PdfPreview()
        self.preview.show_pdf(sheet.pdf)
        self.print_button = primary_button(self.tr("Print…"))
        self.close_button = QPushButton(self.tr("Close"))
        top = QHBoxLayout()
        top.addWidget(self.key, 1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "Print this sheet and keep it locked away, apart from the laptop. Any "
                    "earlier sheet no longer works. The key is not kept anywhere else, and "
                    "the sheet cannot be saved as a file: a file copy could be found."
                ),
                "notice",
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.print_button.clicked.connect(lambda: print_document(self, self.preview.document))
        self.close_button.clicked.connect(self.close)

    def closeEvent(self, event: object) -> None:
        self.preview.clear()  # the key leaves memory we hold with the window
        super().closeEvent(event)  # type: ignore[arg-type]


class PassphraseBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Passphrase and recovery"), parent)
        self._access = access
        self.current = password_field()
        self.new_passphrase = password_field()
        self.repeated = password_field()
        self.change_button = primary_button(self.tr("Change passphrase"))
        self.message = message_label()
        form = QFormLayout()
        form.addRow(self.tr("Current passphrase"), self.current)
        form.addRow(self.tr("New passphrase"), self.new_passphrase)
        form.addRow(self.tr("New passphrase again"), self.repeated)
        change_row = QHBoxLayout()
        change_row.addStretch(1)
        change_row.addWidget(self.change_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(change_row)
        self.sheet_button: QPushButton | None = None
        self.answer_button: QPushButton | None = None
        if access.facts.role is StoreRole.COORDINATOR:
            self.sheet_button = QPushButton(self.tr("Make a new recovery sheet…"))
            self.answer_button = QPushButton(self.tr("Answer a laptop's recovery request…"))
            layout.addWidget(
                label(
                    self.tr(
                        "A recovery sheet opens this store if your passphrase is forgotten. "
                        "Making a new one stops the earlier sheet working."
                    ),
                    "hint",
                )
            )
            layout.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(
                label(
                    self.tr(
                        "When a facilitator forgets their passphrase, their laptop writes a "
                        "recovery request to a USB stick. Answer it here, then give the "
                        "stick back to them."
                    ),
                    "hint",
                )
            )
            layout.addWidget(self.answer_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.sheet_button.clicked.connect(self._make_sheet)
            self.answer_button.clicked.connect(self._choose_request)
        else:
            layout.addWidget(
                label(
                    self.tr(
                        "If you forget your passphrase, your coordinator can open this store "
                        "again for you: choose \u201cForgotten your passphrase?\u201d on the "
                        "unlock screen."
                    ),
                    "hint",
                )
            )
        layout.addWidget(self.message)
        self.change_button.clicked.connect(self._change)

    # --- changing the passphrase ---------------------------------------------

    def _change(self) -> None:
        current, new, repeated = (
            self.current.text(),
            self.new_passphrase.text(),
            self.repeated.text(),
        )
        self.change_button.setEnabled(False)
        show_message(self.message, self.tr("Changing the passphrase…"), "hint")
        self._access.call(
            change_passphrase, current, new, repeated, done=self._changed, failed=self._failed
        )

    def _changed(self, _: None) -> None:
        for field in (self.current, self.new_passphrase, self.repeated):
            field.clear()
        self.change_button.setEnabled(True)
        show_message(
            self.message,
            self.tr("Passphrase changed. Use the new one next time you unlock."),
            "hint",
        )

    # --- the recovery sheet ---------------------------------------------------

    def _make_sheet(self) -> None:
        passphrase, ok = QInputDialog.getText(
            self,
            self.tr("Make a new recovery sheet"),
            self.tr("Type your passphrase to make a new recovery sheet:"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self.make_sheet(passphrase)

    def make_sheet(self, passphrase: str) -> None:
        show_message(self.message, self.tr("Making the recovery sheet…"), "hint")
        self._access.call(
            make_recovery_sheet, passphrase, done=self._show_sheet, failed=self._failed
        )

    def _show_sheet(self, sheet: RecoverySheet) -> None:
        show_message(self.message, self.tr("A new recovery sheet was made."), "hint")
        dialog = RecoverySheetDialog(sheet, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # --- answering a facilitator's request ------------------------------------

    def _choose_request(self) -> None:
        chosen = stick_chooser.choose_stick(
            self,
            self.tr("Answer a recovery request"),
            self.tr("Choose the recovery request file (it ends in .recovery)."),
            files=True,
        )
        if chosen:
            self._access.call(
                read_recovery_request, chosen[0], done=self._confirm_answer, failed=self._failed
            )

    def _confirm_answer(self, request: RecoveryRequest) -> None:
        paired = (
            self.tr(", paired on {0}").format(request.paired_on[:10]) if request.paired_on else ""
        )
        what = self.tr(
            "This request is from {0}'s laptop{1}. The answer lets that laptop open its "
            "store and set a new passphrase; nothing else changes. Only answer a request "
            "that {0} gave you in person."
        ).format(request.person_name, paired)
        if not confirm_dialog.confirm(
            self, self.tr("Answer the recovery request?"), what, self.tr("Write the answer")
        ):
            return
        path, name = request.path, request.person_name
        self._access.call(
            answer_recovery_request,
            path,
            path.parent,
            done=lambda written: self._answered(written, name),
            failed=self._failed,
        )

    def _answered(self, written: Path, name: str) -> None:
        show_message(
            self.message,
            self.tr(
                "The answer is on the stick as {0}. Give the stick back to {1}; it works "
                "for their newest request only."
            ).format(written.name, name),
            "hint",
        )

    def _failed(self, error: AppError) -> None:
        self.change_button.setEnabled(True)
        show_message(self.message, error.message)
