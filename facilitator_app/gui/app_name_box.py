"""The name the app shows, on the Settings tab: chosen on the coordinator's store,
shown (not editable) on a facilitator's laptop, which receives it at its next sync."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.product import current_product
from facilitator_app.services.app_name import app_name, save_app_name
from facilitator_app.services.stores import StoreRole


class AppNameBox(QGroupBox):
    name_changed = Signal(object)  # the chosen name, or None for the app's own

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The name the app shows"), parent)
        self._access = access
        self._editable = access.facts.role is StoreRole.COORDINATOR
        own = current_product().name
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Empty: the app's own name, {0}").format(own))
        self.name.setReadOnly(not self._editable)
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save name"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "A neutral name, such as “Group planner”, for the window title and the "
                    "task bar on every laptop, also before anyone unlocks. The start screen "
                    "then leaves out what the records are about. This covers what is shown "
                    "on screen; it does not hide that the app is installed."
                ),
                "hint",
            )
        )
        layout.addLayout(form)
        if self._editable:
            layout.addWidget(
                label(
                    self.tr(
                        "Laptops take the name at their next sync. Leave it empty to go "
                        "back to {0}."
                    ).format(own),
                    "hint",
                )
            )
        else:
            layout.addWidget(label(self.tr("Your coordinator chooses this name."), "hint"))
        layout.addWidget(self.message)
        if self._editable:
            buttons = QHBoxLayout()
            buttons.addStretch(1)
            buttons.addWidget(self.save_button)
            layout.addLayout(buttons)
        else:
            self.save_button.setVisible(False)
        self.save_button.clicked.connect(self._save)
        self.name.returnPressed.connect(self._save)

    def reload(self) -> None:
        self._access.call(app_name, done=self._show, failed=self._failed)

    def _show(self, name: str | None) -> None:
        self.name.setText(name or "")

    def _save(self) -> None:
        if self._editable:
            self._access.call(
                save_app_name, self.name.text(), done=self._saved, failed=self._failed
            )

    def _saved(self, name: str | None) -> None:
        self._show(name)
        show_message(self.message, self.tr("Saved."), "hint")
        self.name_changed.emit(name)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
