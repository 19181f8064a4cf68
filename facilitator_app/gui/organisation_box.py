"""The organisation's details as printed on handouts, edited on the Settings tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services.organisation import organisation_details, save_organisation_details


class OrganisationBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Organisation details (printed on handouts)"), parent)
        self._access = access
        self._logo: bytes | None = None
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setMaximumHeight(70)
        self.logo_preview = QLabel(self.tr("No logo"))
        self.logo_preview.setFixedHeight(48)
        self.choose_logo_button = QPushButton(self.tr("Choose logo…"))
        self.remove_logo_button = QPushButton(self.tr("No logo"))
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save details"))

        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.remove_logo_button)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Logo"), logo_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(self.tr("PNG or JPEG, up to 2 MB. It prints at the top right."), "hint")
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.choose_logo_button.clicked.connect(self._choose_logo)
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        self.save_button.clicked.connect(self._save)

    def reload(self) -> None:
        self._access.call(organisation_details, done=self.show_details, failed=self._failed)

    def show_details(self, details: OrganisationDetails) -> None:
        self.name.setText(details.name)
        self.phone.setText(details.phone)
        self.address.setPlainText(details.address)
        self.set_logo(details.logo)

    def set_logo(self, data: bytes | None) -> None:
        self._logo = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(44, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.logo_preview.setText(self.tr("No logo"))
        self.remove_logo_button.setEnabled(data is not None)

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo"), str(Path.home()), self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.load_logo_file(Path(path))

    def load_logo_file(self, path: Path) -> None:
        try:
            self.set_logo(path.read_bytes())
        except OSError:
            show_message(self.message, self.tr("That file could not be read."))

    def _save(self) -> None:
        details = OrganisationDetails(
            name=self.name.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            logo=self._logo,
        )
        self._access.call(save_organisation_details, details, done=self._saved, failed=self._failed)

    def _saved(self, details: OrganisationDetails) -> None:
        self.show_details(details)
        show_message(self.message, self.tr("Saved."), "hint")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
