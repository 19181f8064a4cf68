"""The Settings tab: when the app locks itself and copying, what quick-lock does, the
passphrase and recovery, backups and keys, the organisation's details, the name the
app shows and (on a coordinator's store) how often supervision is due, how long
records are kept, deleting a store after wrong passphrases, and the audit log."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.gui.app_name_box import AppNameBox
from facilitator_app.gui.audit_log_box import AuditLogBox
from facilitator_app.gui.backups_box import BackupsBox
from facilitator_app.gui.organisation_box import OrganisationBox
from facilitator_app.gui.passphrase_box import PassphraseBox
from facilitator_app.gui.retention_box import RetentionBox
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.supervision_settings_box import SupervisionSettingsBox
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.gui.wipe_box import WipeBox
from facilitator_app.services.settings import (
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    LockSettings,
    save_lock_settings,
)
from facilitator_app.services.stores import StoreRole


class SettingsPage(QWidget):
    settings_changed = Signal(object)

    def __init__(
        self, access: StoreAccess, settings: LockSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._access = access
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" minutes without use"))
        self.idle_minutes.setMaximumWidth(280)
        self.lock_when_minimised = QCheckBox(self.tr("Also lock when the window is minimised"))
        self.allow_copying = QCheckBox(
            self.tr("Allow copying text out of the app (cleared from the clipboard after 30 s)")
        )
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save settings"))

        box = QGroupBox(self.tr("Locking"))
        form = QFormLayout()
        form.addRow(self.tr("Lock after"), self.idle_minutes)
        form.addRow("", self.lock_when_minimised)
        form.addRow("", self.allow_copying)
        form.addRow(
            "",
            label(
                self.tr(
                    "Copying is off unless you turn it on: text copied from records could be "
                    "pasted somewhere unprotected, and other apps can read the clipboard."
                ),
                "hint",
            ),
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(form)
        box_layout.addWidget(self.message)
        box_layout.addLayout(buttons)

        about = QGroupBox(self.tr("Quick lock"))
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(
            label(
                self.tr(
                    "Press Ctrl+L, press Shift three times, or use the Lock button at the top. "
                    "The window goes blank at once and the records are closed; your "
                    "passphrase is needed to open them again. Anything you were typing is "
                    "kept and comes back after you unlock."
                )
            )
        )
        about_layout.addWidget(
            label(
                self.tr(
                    "It protects what is on screen and the records on this computer. It does "
                    "not hide that the app is installed, and it cannot protect against "
                    "someone who already knows your passphrase or who has changed this "
                    "computer's software."
                ),
                "hint",
            )
        )
        self.organisation = OrganisationBox(access)
        self.app_name = AppNameBox(access)
        self.backups = BackupsBox(access)
        self.supervision: SupervisionSettingsBox | None = None
        self.passphrase = PassphraseBox(access)
        self.audit_log: AuditLogBox | None = None
        self.retention: RetentionBox | None = None
        self.wipe: WipeBox | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(about)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.backups)
        layout.addWidget(self.organisation)
        layout.addWidget(self.app_name)
        if access.facts.role is StoreRole.COORDINATOR:
            self.supervision = SupervisionSettingsBox(access)
            layout.addWidget(self.supervision)
            self.retention = RetentionBox(access)
            layout.addWidget(self.retention)
            self.wipe = WipeBox(access)
            layout.addWidget(self.wipe)
            self.audit_log = AuditLogBox(access)
            layout.addWidget(self.audit_log)
        layout.addStretch(1)
        self.save_button.clicked.connect(self._save)
        self.show_settings(settings)

    def reload(self) -> None:
        """Fetch the settings kept in the store (the lock settings come with the page)."""
        self.organisation.reload()
        self.app_name.reload()
        if self.supervision is not None:
            self.supervision.reload()
        if self.retention is not None:
            self.retention.reload()
        if self.wipe is not None:
            self.wipe.reload()

    def show_settings(self, settings: LockSettings) -> None:
        self.idle_minutes.setValue(settings.idle_minutes)
        self.lock_when_minimised.setChecked(settings.lock_when_minimised)
        self.allow_copying.setChecked(settings.allow_copying)

    def _save(self) -> None:
        settings = LockSettings(
            self.idle_minutes.value(),
            self.lock_when_minimised.isChecked(),
            self.allow_copying.isChecked(),
        )
        self._access.call(save_lock_settings, settings, done=self._saved, failed=self._failed)

    def _saved(self, settings: LockSettings) -> None:
        self.show_settings(settings)
        show_message(self.message, self.tr("Saved."), "hint")
        self.settings_changed.emit(settings)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
