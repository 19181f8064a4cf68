"""Asking before anything that cannot be undone: what will happen, then Cancel or go on."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.gui.widgets import label


class ConfirmDialog(QDialog):
    def __init__(
        self, title: str, what_happens: str, action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.go_button = QPushButton(action)
        # Cancel is the default: Enter pressed by habit must not do the irreversible thing.
        self.cancel_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, "subheading"))
        layout.addWidget(label(what_happens))
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.go_button.clicked.connect(self.accept)


def confirm(parent: QWidget, title: str, what_happens: str, action: str) -> bool:
    """True if the person chose `action`.

    Screens call this through the module (`confirm_dialog.confirm`), so tests can stand
    in for the person answering.
    """
    dialog = ConfirmDialog(title, what_happens, action, parent=parent.window())
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
