"""Choosing a group and a range of dates, then a group's debriefs as one PDF to print or save."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    from_qdate,
    label,
    message_label,
    primary_button,
    show_message,
    to_qdate,
)
from facilitator_app.services import debrief_papers, groups
from facilitator_app.services.audit import AuditKind, AuditTarget

DEFAULT_DAYS = 90


def _date_edit(value: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setDate(to_qdate(value))
    return edit


class GroupDebriefsDialog(QDialog):
    """Stays open with a calm reason when there is nothing to print; else opens the paper."""

    opened = Signal(object)  # the DocumentDialog showing the PDF

    def __init__(
        self,
        access: StoreAccess,
        today: dt.date,
        group_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print debriefs for a group"))
        self._access = access
        self._group_id = group_id  # chosen at first: the group of the record in view
        self.group = QComboBox()
        self.first_day = _date_edit(today - dt.timedelta(days=DEFAULT_DAYS))
        self.last_day = _date_edit(today)
        self.message = message_label()
        self.show_button = primary_button(self.tr("Show the debriefs"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Group"), self.group)
        form.addRow(self.tr("Sessions from"), self.first_day)
        form.addRow(self.tr("to"), self.last_day)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "Every debrief the group's facilitators sent for sessions in these dates, "
                    "with any addenda, as one PDF."
                ),
                "hint",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(460, 220)
        self.show_button.clicked.connect(self._check)
        self.cancel_button.clicked.connect(self.close)
        self.show_button.setEnabled(False)
        access.call(
            groups.list_groups, include_archived=True, done=self._groups, failed=self._failed
        )

    def _groups(self, found: list[Group]) -> None:
        self.group.clear()
        for group in found:
            name = group.name
            if group.archived_on is not None:
                name = self.tr("{0} (ended)").format(name)
            self.group.addItem(name, group.id)
        self.group.setCurrentIndex(max(0, self.group.findData(self._group_id)))
        self.show_button.setEnabled(bool(found))
        if not found:
            show_message(self.message, self.tr("There are no groups yet."))

    def _check(self) -> None:
        """Ask first whether there is anything to print, so a reason shows here."""
        group_id = self.group.currentData()
        if not group_id:
            return
        first, last = from_qdate(self.first_day.date()), from_qdate(self.last_day.date())
        self._access.call(
            debrief_papers.group_debriefs,
            group_id,
            first,
            last,
            done=lambda found: self._show(group_id, first, last, len(found)),
            failed=self._failed,
        )

    def _show(self, group_id: str, first: dt.date, last: dt.date, count: int) -> None:
        paper = self.open_paper(group_id, first, last, count)
        self.opened.emit(paper)
        self.close()

    def open_paper(
        self, group_id: str, first: dt.date, last: dt.date, count: int | None = None
    ) -> DocumentDialog:
        parent = self.parentWidget() or self
        return show_document(
            parent,
            self._access,
            self.tr("Debriefs for a group"),
            lambda store, options: debrief_papers.group_debriefs_pdf(
                store, group_id, first, last, options
            ),
            debrief_papers.debrief_file_name(first, last),
            holds_names=True,
            make_protected=lambda store, options, password: debrief_papers.group_debriefs_pdf(
                store, group_id, first, last, options, password
            ),
            audit_as=AuditTarget(AuditKind.GROUP_DEBRIEFS, group_id, count),
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
