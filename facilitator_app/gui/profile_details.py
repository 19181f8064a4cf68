"""A person's details (name, role, contact preference): add, save and archive."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.gui.profile_section import Snapshot
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import people, profiles
from facilitator_app.services.profiles import PersonProfile


class DetailsBox(QGroupBox):
    """Details of the person shown, or of a person being added when nobody is shown."""

    saved = Signal(object)  # PersonProfile
    archived = Signal(object)  # Person

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Details"), parent)
        self._access = access
        self._shown: PersonProfile | None = None
        self._owner_name = ""
        self._editable = True
        self._loaded: Snapshot = {}
        self._saving = False  # a save is queued: its typing is on its way into the store
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in PersonRole:
            self.role.addItem(role.label, role.value)
        self.contact_preference = QLineEdit()
        self.contact_preference.setPlaceholderText(self.tr("For example: text first, then call"))
        self.stage = QComboBox()
        for stage in Stage:
            self.stage.addItem(stage.label, stage.value)
        self.approved_by = QLineEdit()
        self.message = message_label()
        self.archive_button = QPushButton(self.tr("Archive"))
        self.save_button = primary_button(self.tr("Save"))

        self._form = QFormLayout()
        self._form.addRow(self.tr("Name"), self.name)
        self._form.addRow(self.tr("Role"), self.role)
        self._form.addRow(self.tr("Contact preference"), self.contact_preference)
        self._form.addRow(self.tr("Starting stage"), self.stage)
        self._form.addRow(self.tr("Stage approved by"), self.approved_by)
        buttons = QHBoxLayout()
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "People listed here can be chosen as lead or co-facilitator of a session. "
                    "Archived people stay on the sessions they ran."
                ),
                "hint",
            )
        )
        layout.addLayout(self._form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.role.currentIndexChanged.connect(self._role_changed)
        self.save_button.clicked.connect(self._save)
        self.archive_button.clicked.connect(self._archive)
        self.show_person(None)

    @property
    def person(self) -> Person | None:
        return self._shown.person if self._shown else None

    def show_person(self, shown: PersonProfile | None) -> None:
        """Show `shown` (None: an empty form to add someone), dropping any typing."""
        self._shown = shown
        self.name.setText(shown.person.name if shown else "")
        role = shown.person.role if shown else PersonRole.FACILITATOR
        self.role.setCurrentIndex(self.role.findData(role.value))
        self.contact_preference.setText(shown.profile.contact_preference if shown else "")
        self.stage.setCurrentIndex(self.stage.findData(Stage.SHADOWING.value))
        self.approved_by.setText(self._owner_name)
        show_message(self.message, "")
        self._role_changed()
        self._loaded = self.snapshot()

    def show_refreshed(self, shown: PersonProfile) -> None:
        """The same person coming back from a refresh must not wipe what is being typed."""
        current = self._shown
        if current is None or current.person.id != shown.person.id:
            self.show_person(shown)
        elif self.has_changes():
            self._shown = shown
        else:
            message = (self.message.text(), str(self.message.property("role")))
            self.show_person(shown)
            show_message(self.message, *message)

    def set_owner_name(self, name: str) -> None:
        """Who approves a new facilitator's first stage unless someone else is named."""
        self._owner_name = name
        if self._shown is None and not self.approved_by.text():
            self.approved_by.setText(name)
            self._loaded["approved_by"] = name  # a default, not typing

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for widget in (
            self.name,
            self.role,
            self.contact_preference,
            self.stage,
            self.approved_by,
            self.archive_button,
            self.save_button,
        ):
            widget.setEnabled(editable)

    def _role_changed(self) -> None:
        adding = self._shown is None
        facilitator = self.role.currentData() == PersonRole.FACILITATOR.value
        self._form.setRowVisible(self.stage, adding and facilitator)
        self._form.setRowVisible(self.approved_by, adding and facilitator)
        self.archive_button.setVisible(not adding)
        if not adding:
            self.save_button.setText(self.tr("Save details"))
        elif facilitator:
            self.save_button.setText(self.tr("Add facilitator"))
        else:
            self.save_button.setText(self.tr("Add person"))

    # --- drafts: unsaved typing survives a lock ------------------------------

    def snapshot(self) -> Snapshot:
        return {
            "name": self.name.text(),
            "role": str(self.role.currentData()),
            "contact_preference": self.contact_preference.text(),
            "stage": str(self.stage.currentData()),
            "approved_by": self.approved_by.text(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.name.setText(snapshot.get("name", ""))
        self.role.setCurrentIndex(max(0, self.role.findData(snapshot.get("role"))))
        self.contact_preference.setText(snapshot.get("contact_preference", ""))
        self.stage.setCurrentIndex(max(0, self.stage.findData(snapshot.get("stage"))))
        self.approved_by.setText(snapshot.get("approved_by", self._owner_name))

    def is_dirty(self) -> bool:
        return self.snapshot() != self._loaded

    def has_changes(self) -> bool:
        """Typing not yet in the store, or on its way: a refresh must leave it alone."""
        return self._saving or self.is_dirty()

    def draft(self) -> Snapshot | None:
        if self._saving or not self.is_dirty():
            return None
        return self.snapshot()

    # --- saving ---------------------------------------------------------------

    def _save(self) -> None:
        role = PersonRole(self.role.currentData())
        self._saving = True
        if self._shown is None:
            self._access.call(
                profiles.add_someone,
                self.name.text(),
                role,
                contact_preference=self.contact_preference.text(),
                stage=Stage(self.stage.currentData()),
                approved_by=self.approved_by.text(),
                done=self._saved,
                failed=self._failed,
            )
        else:
            self._access.call(
                profiles.save_person,
                self._shown.person.id,
                self.name.text(),
                role,
                self.contact_preference.text(),
                done=self._saved,
                failed=self._failed,
            )

    def _archive(self) -> None:
        if self._shown is not None:
            self._access.call(
                people.archive_person,
                self._shown.person.id,
                done=self.archived.emit,
                failed=self._failed,
            )

    def _saved(self, shown: PersonProfile) -> None:
        self._saving = False
        self.show_person(shown)
        show_message(self.message, self.tr("Saved."), "hint")
        self.saved.emit(shown)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
