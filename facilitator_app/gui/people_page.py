"""The People tab: facilitators, support workers and coordinators who can run sessions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import people


class PeoplePage(QWidget):
    people_changed = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._person: Person | None = None
        self._loaded: tuple[str, str] = ("", "")
        self._saving = False
        self._pending_draft: dict[str, str] | None = None
        self.person_list = QListWidget()
        self.new_button = QPushButton(self.tr("Add a person"))
        left = QVBoxLayout()
        left.addWidget(label(self.tr("People"), "subheading"))
        left.addWidget(self.person_list, 1)
        left.addWidget(self.new_button)

        self.name = QLineEdit()
        self.role = QComboBox()
        for role in PersonRole:
            self.role.addItem(role.label, role.value)
        self.message = message_label()
        self.save_button = primary_button(self.tr("Add person"))
        self.archive_button = QPushButton(self.tr("Archive"))
        box = QGroupBox(self.tr("Person"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        buttons = QHBoxLayout()
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(
            label(
                self.tr(
                    "People listed here can be chosen as lead or co-facilitator of a session. "
                    "Archived people stay on the sessions they ran."
                ),
                "hint",
            )
        )
        box_layout.addLayout(form)
        box_layout.addWidget(self.message)
        box_layout.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)

        self.person_list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self._save)
        self.archive_button.clicked.connect(self._archive)
        self._show(None)

    def reload(self, select_id: str | None = None) -> None:
        self._access.call(
            people.list_people,
            done=lambda found: self._listed(found, select_id),
            failed=self._failed,
        )

    def _listed(self, found: list[Person], select_id: str | None) -> None:
        fill_list(
            self.person_list,
            found,
            lambda person: f"{person.name}  ·  {person.role.label}",
            select_id,
            select_quietly=True,
        )
        if select_id is not None:
            self._show(record_of(self.person_list.currentItem()))
        self._apply_pending_draft()

    def _selected(self, item: QListWidgetItem | None) -> None:
        self._show(record_of(item))

    def _new(self) -> None:
        self.person_list.setCurrentRow(-1)
        self._show(None)
        self.name.setFocus()

    def _show(self, person: Person | None) -> None:
        self._person = person
        self.name.setText(person.name if person else "")
        role = person.role if person else PersonRole.FACILITATOR
        self.role.setCurrentIndex(self.role.findData(role.value))
        self.archive_button.setVisible(person is not None)
        self.save_button.setText(self.tr("Save") if person else self.tr("Add person"))
        show_message(self.message, "")
        self._loaded = self._values()

    def _values(self) -> tuple[str, str]:
        return self.name.text(), str(self.role.currentData())

    def draft(self) -> dict[str, str] | None:
        if self._saving or self._values() == self._loaded:
            return None
        name, role = self._values()
        return {"record_id": self._person.id if self._person else "", "name": name, "role": role}

    def restore_draft(self, draft: dict[str, str]) -> None:
        self._pending_draft = draft
        self.reload(select_id=draft.get("record_id") or None)

    def _apply_pending_draft(self) -> None:
        draft, self._pending_draft = self._pending_draft, None
        if draft is None:
            return
        shown = self._person.id if self._person else ""
        if shown != draft.get("record_id", ""):
            return  # that person is no longer listed; never put the typing on someone else
        self.name.setText(draft.get("name", ""))
        self.role.setCurrentIndex(max(0, self.role.findData(draft.get("role"))))

    def _save(self) -> None:
        self._saving = True
        role = PersonRole(self.role.currentData())
        if self._person is None:
            self._access.call(
                people.add_person, self.name.text(), role, done=self._saved, failed=self._failed
            )
        else:
            self._access.call(
                people.update_person,
                self._person.id,
                self.name.text(),
                role,
                done=self._saved,
                failed=self._failed,
            )

    def _archive(self) -> None:
        if self._person is not None:
            self._access.call(
                people.archive_person, self._person.id, done=self._archived, failed=self._failed
            )

    def _saved(self, person: Person) -> None:
        self._saving = False
        self._show(person)
        self.reload(select_id=person.id)
        self.people_changed.emit()

    def _archived(self, _: Person) -> None:
        self._show(None)
        self.reload()
        self.people_changed.emit()

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
