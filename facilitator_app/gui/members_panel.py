"""A group's members: the list, and a small form for one member's name, contact and consent."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
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
from facilitator_app.domain.members import ConsentStatus, ContactPreference, Member, MemberFields
from facilitator_app.gui.member_rights import MemberRights
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import members

Snapshot = dict[str, str]


class MembersPanel(QGroupBox):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Members"), parent)
        self._access = access
        self._group_id: str | None = None
        self._member: Member | None = None
        self._loaded: Snapshot = {}
        self._pending_draft: Snapshot | None = None
        self._saving = False

        self.member_list = QListWidget()
        self.member_list.setMinimumHeight(140)
        self.add_button = QPushButton(self.tr("Add member"))
        self.show_removed = QCheckBox(self.tr("Show removed members"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("First name or pseudonym only"))
        self.contact = QComboBox()
        for preference in ContactPreference:
            self.contact.addItem(preference.label, preference.value)
        self.consent_given = OptionalDateEdit(self.tr("Given on"))
        self.consent_withdrawn = OptionalDateEdit(self.tr("Withdrawn on"))
        self.message = message_label()
        self.save_button = primary_button(self.tr("Save member"))
        self.remove_button = QPushButton(self.tr("Remove from group"))
        self.rights = MemberRights(access)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Contact preference"), self.contact)
        form.addRow(self.tr("Consent"), self.consent_given)
        form.addRow("", self.consent_withdrawn)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        list_column = QVBoxLayout()
        list_column.addWidget(self.member_list, 1)
        list_column.addWidget(self.show_removed)
        list_column.addWidget(self.add_button)
        form_column = QVBoxLayout()
        form_column.addWidget(
            label(
                self.tr(
                    "Record only a first name or pseudonym. Withdrawn consent takes a member "
                    "off future registers."
                ),
                "hint",
            )
        )
        form_column.addLayout(form)
        form_column.addWidget(self.message)
        form_column.addLayout(buttons)
        form_column.addWidget(self.rights)
        form_column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(list_column, 2)
        layout.addLayout(form_column, 3)

        self.member_list.currentItemChanged.connect(self._selected)
        self.add_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove_or_put_back)
        self.show_removed.toggled.connect(lambda _: self._reload())
        self.rights.erased.connect(self._after_erasure)
        self.set_group(None)

    @property
    def group_id(self) -> str | None:
        return self._group_id

    def set_group(self, group_id: str | None) -> None:
        self._group_id = group_id
        self.setEnabled(group_id is not None)
        self.member_list.clear()
        self._show_member(None)
        if group_id is not None:
            self._reload()

    def start_new(self) -> None:
        self.member_list.setCurrentRow(-1)
        self._show_member(None)
        self.name.setFocus()

    def _reload(self, select_id: str | None = None) -> None:
        if self._group_id is None:
            return
        group_id = self._group_id
        self._access.call(
            members.list_members,
            group_id,
            include_archived=self.show_removed.isChecked(),
            done=lambda found: self._listed(group_id, found, select_id),
            failed=self._failed,
        )

    def _listed(self, group_id: str, found: list[Member], select_id: str | None) -> None:
        if group_id != self._group_id:
            return  # another group was chosen while this list loaded
        fill_list(
            self.member_list,
            found,
            self._member_line,
            select_id,
            select_quietly=True,
        )
        draft, self._pending_draft = self._pending_draft, None
        if draft is not None:
            self._restore_now(draft)

    def _selected(self, item: QListWidgetItem | None) -> None:
        self._show_member(record_of(item))

    def _show_member(self, member: Member | None) -> None:
        self._member = member
        fields = member.fields if member else MemberFields(name="")
        today = dt.date.today()
        self.name.setText(fields.name)
        self.contact.setCurrentIndex(self.contact.findData(fields.contact_preference.value))
        self.consent_given.set_value(fields.consent_given_on, today)
        self.consent_withdrawn.set_value(fields.consent_withdrawn_on, today)
        self.remove_button.setVisible(member is not None)
        self.rights.set_member(member)
        removed = member is not None and member.archived_on is not None
        self.remove_button.setText(
            self.tr("Put back in group") if removed else self.tr("Remove from group")
        )
        self.save_button.setText(self.tr("Save member") if member else self.tr("Add member"))
        show_message(self.message, "")
        self._loaded = self.snapshot()

    def fields(self) -> MemberFields:
        return MemberFields(
            name=self.name.text(),
            contact_preference=ContactPreference(self.contact.currentData()),
            consent_given_on=self.consent_given.value(),
            consent_withdrawn_on=self.consent_withdrawn.value(),
        )

    # --- drafts ---------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return {
            "name": self.name.text(),
            "contact_preference": str(self.contact.currentData()),
            "consent_given_on": self.consent_given.as_text(),
            "consent_withdrawn_on": self.consent_withdrawn.as_text(),
        }

    def draft(self) -> Snapshot | None:
        if self._saving or self._group_id is None or self.snapshot() == self._loaded:
            return None
        record = self._member.id if self._member else ""
        return {"record_id": record, "group_id": self._group_id} | self.snapshot()

    def restore_draft(self, draft: Snapshot) -> None:
        """Called once the group is shown; waits for the member list if it is still loading."""
        self._pending_draft = draft

    def _member_line(self, member: Member) -> str:
        consent = {
            ConsentStatus.GIVEN: self.tr("consent given"),
            ConsentStatus.WITHDRAWN: self.tr("consent withdrawn"),
            ConsentStatus.NOT_RECORDED: self.tr("consent not recorded"),
        }[member.consent]
        removed = self.tr("  ·  removed") if member.archived_on else ""
        return f"{member.name}  ·  {consent}{removed}"

    def _restore_now(self, draft: Snapshot) -> None:
        record_id = draft.get("record_id", "")
        if record_id:
            rows = [self.member_list.item(row) for row in range(self.member_list.count())]
            match = [item for item in rows if record_of(item).id == record_id]
            if not match:
                show_message(
                    self.message,
                    self.tr(
                        "Unsaved changes to a member could not be put back: "
                        "they are no longer on this group's list."
                    ),
                )
                return
            self.member_list.setCurrentItem(match[0])
        today = dt.date.today()
        self.name.setText(draft.get("name", ""))
        self.contact.setCurrentIndex(max(0, self.contact.findData(draft.get("contact_preference"))))
        self.consent_given.set_text(draft.get("consent_given_on", ""), today)
        self.consent_withdrawn.set_text(draft.get("consent_withdrawn_on", ""), today)

    # --- saving ---------------------------------------------------------------

    def _save(self) -> None:
        if self._group_id is None:
            return
        self._saving = True
        fields = self.fields()
        if self._member is None:
            self._access.call(
                members.add_member, self._group_id, fields, done=self._saved, failed=self._failed
            )
        else:
            self._access.call(
                members.update_member,
                self._member.id,
                fields,
                done=self._saved,
                failed=self._failed,
            )

    def _remove_or_put_back(self) -> None:
        if self._member is None:
            return
        action = members.restore_member if self._member.archived_on else members.remove_member
        self._access.call(action, self._member.id, done=self._removed, failed=self._failed)

    def _removed(self, member: Member) -> None:
        self._show_member(None)
        self._reload()
        text = (
            self.tr("{0} is back on the list.")
            if member.archived_on is None
            else self.tr(
                "{0} was taken off the list. Tick 'Show removed members' to put them back."
            )
        )
        show_message(self.message, text.format(member.name), "hint")

    def _after_erasure(self, _member_id: str) -> None:
        """The list again without the member (or with them, kept for a held record)."""
        self.member_list.setCurrentRow(-1)
        self._member = None
        self.name.clear()
        self.remove_button.setVisible(False)
        self.save_button.setText(self.tr("Add member"))
        self._loaded = self.snapshot()
        self._reload()

    def _saved(self, member: Member) -> None:
        self._saving = False
        self._show_member(member)
        self._reload(select_id=member.id)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)
