"""The Settings tab's box on a coordinator's store that opens the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.gui.audit_log_dialog import AuditLogDialog
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label


class AuditLogBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Audit log"), parent)
        self._access = access
        self.open_button = QPushButton(self.tr("Open the audit log…"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "This store notes each time it is unlocked and each time a record is "
                    "opened, printed, saved as a PDF, exported, erased or purged: when, by "
                    "whom, and which record. It never notes what a record says. Each entry "
                    "is linked to the one before, so a change made outside the app shows "
                    "when you check the log."
                ),
                "hint",
            )
        )
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_log)

    def open_log(self) -> AuditLogDialog:
        """In its own window, closed with every other window when the app locks."""
        dialog = AuditLogDialog(self._access, self)
        dialog.show()
        return dialog
