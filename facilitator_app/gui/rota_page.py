"""The Rota tab: a group and dates; the rota being planned; planned against actual; print."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.domain.people import Person
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.rota_history_table import RotaHistoryTable
from facilitator_app.gui.rota_plan_view import RotaPlanView, Snapshot
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    from_qdate,
    label,
    message_label,
    primary_button,
    show_message,
    to_qdate,
)
from facilitator_app.services import facilitators, groups, people, rota, rota_papers
from facilitator_app.services.rota import HistoryRow
from facilitator_app.services.stores import StoreRole

WEEKS_AHEAD = 4


class RotaPage(QWidget):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self.can_plan = access.facts.role is StoreRole.COORDINATOR
        self._groups: dict[str, Group] = {}
        self._names: dict[str, str] = {}
        self._range_set = False
        self._pending_draft: Snapshot | None = None

        self.group_choice = QComboBox()
        self.first_date = QDateEdit()
        self.last_date = QDateEdit()
        for edit in (self.first_date, self.last_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.propose_button = primary_button(self.tr("Propose rota"))
        self.print_button = QPushButton(self.tr("Print rota…"))
        top = QHBoxLayout()
        top.addWidget(label(self.tr("Group"), wrap=False))
        top.addWidget(self.group_choice, 1)
        top.addSpacing(12)
        top.addWidget(label(self.tr("From"), wrap=False))
        top.addWidget(self.first_date)
        top.addWidget(label(self.tr("to"), wrap=False))
        top.addWidget(self.last_date)
        top.addSpacing(12)
        top.addWidget(self.propose_button)
        top.addWidget(self.print_button)
        self.hint = label(
            self.tr(
                "The planner keeps to each person's stage, availability, pauses and monthly "
                "limit. Change anyone you like: your choice is locked, and Plan again keeps it. "
                "The group can still decide on the night."
            )
            if self.can_plan
            else self.tr(
                "Your coordinator plans the rota. Here you can see who was planned "
                "and who actually led."
            ),
            "hint",
        )
        self.message = message_label()

        self.plan_view = RotaPlanView(access)
        self.history_table = RotaHistoryTable()
        self.history_view = QWidget()
        history_layout = QVBoxLayout(self.history_view)
        history_layout.addWidget(
            label(self.tr("Shaded: on the night, it went differently from the plan."), "hint")
        )
        history_layout.addWidget(self.history_table, 1)
        self.views = QTabWidget()
        if self.can_plan:
            self.views.addTab(self.plan_view, self.tr("Plan"))
        else:
            self.plan_view.setVisible(False)
        self.views.addTab(self.history_view, self.tr("Planned and actual"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.views, 1)
        if not self.can_plan:
            self.propose_button.setVisible(False)

        self.group_choice.currentIndexChanged.connect(self._load_history)
        self.first_date.dateChanged.connect(self._load_history)
        self.last_date.dateChanged.connect(self._load_history)
        self.propose_button.clicked.connect(self._propose)
        self.print_button.clicked.connect(self.open_rota_paper)
        self.plan_view.saved.connect(self._load_history)
        self._update_buttons()

    @property
    def current_group(self) -> Group | None:
        return self._groups.get(self.group_choice.currentData() or "")

    def range(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.first_date.date()), from_qdate(self.last_date.date())

    def reload(self) -> None:
        """Fetch groups, people and history again; the rota being planned stays as it is."""
        if not self._range_set:
            self._access.call(rota.planning_today, done=self._set_range, failed=self._failed)
        if self.can_plan:
            self._access.call(
                facilitators.list_profiles, done=self.plan_view.set_profiles, failed=self._failed
            )
        self._access.call(
            people.list_people, include_archived=True, done=self._people, failed=self._failed
        )
        self._access.call(groups.list_groups, done=self._groups_listed, failed=self._failed)

    def _set_range(self, today: dt.date) -> None:
        if not self._range_set:
            self._set_dates(today, today + dt.timedelta(weeks=WEEKS_AHEAD))

    def _set_dates(self, first: dt.date, last: dt.date) -> None:
        self._range_set = True
        for edit, day in ((self.first_date, first), (self.last_date, last)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)

    def _people(self, found: list[Person]) -> None:
        self._names = {person.id: person.name for person in found}

    def _groups_listed(self, found: list[Group]) -> None:
        draft, self._pending_draft = self._pending_draft, None
        want = self.group_choice.currentData()
        if draft is not None:
            want = draft.get("group_id")
        self._groups = {group.id: group for group in found}
        self.group_choice.blockSignals(True)
        self.group_choice.clear()
        for group in found:
            self.group_choice.addItem(group.name, group.id)
        self.group_choice.setCurrentIndex(max(0, self.group_choice.findData(want)))
        self.group_choice.blockSignals(False)
        restoring = draft is not None and draft.get("group_id") in self._groups
        if draft is not None and restoring:
            first, last = draft["first"], draft["last"]
            self._set_dates(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        self._load_history()
        if not found:
            show_message(self.message, self.tr("Add a group on the Groups tab first."), "hint")
        if draft is not None and restoring:
            self.plan_view.restore_draft(draft)
        elif draft is not None:
            show_message(
                self.message,
                self.tr(
                    "The rota you were planning is for a group that is no longer listed, "
                    "so it was not put back."
                ),
            )

    def _update_buttons(self) -> None:
        has_group = self.current_group is not None
        self.propose_button.setEnabled(has_group)
        self.print_button.setEnabled(has_group)

    def _load_history(self, *_: object) -> None:
        self._update_buttons()
        show_message(self.message, "")
        group = self.current_group
        if group is None:
            self.history_table.show_history([], {})
            return
        first, last = self.range()
        self._access.call(
            rota.rota_history,
            group.id,
            first,
            last,
            done=lambda rows: self._history_loaded(group.id, rows),
            failed=self._failed,
        )

    def _history_loaded(self, group_id: str, rows: list[HistoryRow]) -> None:
        group = self.current_group
        if group is not None and group.id == group_id:
            self.history_table.show_history(rows, self._names)

    def _propose(self) -> None:
        group = self.current_group
        if group is not None:
            self.views.setCurrentWidget(self.plan_view)
            self.plan_view.propose(group.id, *self.range())

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- printing ---------------------------------------------------------------------------

    def open_rota_paper(self) -> DocumentDialog | None:
        group = self.current_group
        if group is None:
            return None
        first, last = self.range()
        return show_document(
            self,
            self._access,
            self.tr("Rota"),
            lambda store, options: rota_papers.rota_pdf(store, group.id, first, last, options),
            rota_papers.rota_file_name(first, last),
            holds_names=True,
        )

    # --- drafts at lock time ------------------------------------------------------------------

    def draft(self) -> Snapshot | None:
        return self.plan_view.draft() if self.can_plan else None

    def restore_draft(self, draft: Snapshot) -> None:
        """Put an unsaved rota back once its group is listed; never onto another group."""
        self._pending_draft = draft
        self.reload()
