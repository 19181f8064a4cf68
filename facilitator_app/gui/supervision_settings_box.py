"""How often supervision is due, edited on the Settings tab of a coordinator's store."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.reminders import (
    MAX_EVERY_DAYS,
    MAX_NEW_LEAD_EVERY_DAYS,
    MAX_NEW_LEAD_MONTHS,
    SupervisionSettings,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services.settings import save_supervision_settings, supervision_settings


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setMaximumWidth(160)
    return spin


class SupervisionSettingsBox(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Supervision reminders"), parent)
        self._access = access
        self.new_lead_months = _spin(0, MAX_NEW_LEAD_MONTHS, self.tr(" months"))
        self.new_lead_every_days = _spin(1, MAX_NEW_LEAD_EVERY_DAYS, self.tr(" days"))
        self.every_days = _spin(1, MAX_EVERY_DAYS, self.tr(" days"))
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save supervision settings"))
        form = QFormLayout()
        form.addRow(self.tr("Someone is new to leading for"), self.new_lead_months)
        form.addRow(self.tr("While new to leading, every"), self.new_lead_every_days)
        form.addRow(self.tr("Everyone else on the rota, every"), self.every_days)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "The Home tab says when someone's supervision is due: more often while "
                    "they are new to leading, and less often after that."
                ),
                "hint",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self._save)

    def reload(self) -> None:
        self._access.call(supervision_settings, done=self.show_settings, failed=self._failed)

    def show_settings(self, settings: SupervisionSettings) -> None:
        self.new_lead_months.setValue(settings.new_lead_months)
        self.new_lead_every_days.setValue(settings.new_lead_every_days)
        self.every_days.setValue(settings.every_days)

    def _save(self) -> None:
        settings = SupervisionSettings(
            new_lead_months=self.new_lead_months.value(),
            new_lead_every_days=self.new_lead_every_days.value(),
            every_days=self.every_days.value(),
        )
        self._access.call(
            save_supervision_settings, settings, done=self._saved, failed=self._failed
        )

    def _saved(self, settings: SupervisionSettings) -> None:
        self.show_settings(settings)
        show_message(self.message, self.tr("Saved."), "hint")

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
