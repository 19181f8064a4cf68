"""The Sessions tab: choose a group, see its sessions, plan one, take its register."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.domain.people import Person
from facilitator_app.domain.sessions import Session, SessionStatus
from facilitator_app.domain.text import date_words
from facilitator_app.gui.debrief_prompt import DebriefPrompt
from facilitator_app.gui.document_dialog import DocumentDialog, show_document
from facilitator_app.gui.list_filter import FilterWords, ListFilter
from facilitator_app.gui.on_the_night_panel import OnTheNightPanel
from facilitator_app.gui.register_panel import RegisterPanel
from facilitator_app.gui.session_editor import SessionEditor
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import fill_list, label, message_label, record_of, show_message
from facilitator_app.services import groups, papers, people, sessions

Snapshot = dict[str, str]

_STATUS_MARK = {
    SessionStatus.PLANNED: "",
    SessionStatus.HELD: "  ·  held",
    SessionStatus.CANCELLED: "  ·  cancelled",
}


def session_line(session: Session) -> str:
    when = session.date.strftime("%a %d %b %Y")
    topic = f"  ·  {session.fields.topic}" if session.fields.topic else ""
    return f"{when}{_STATUS_MARK[session.status]}{topic}"


def session_haystack(session: Session, names: dict[str, str]) -> str:
    """What a session can be found by besides its line (date, status mark, topic): its
    date as people type it, "planned", and who was to lead and co-facilitate or did."""
    fields, night = session.fields, session.on_the_night
    ids = (fields.lead_id, fields.co_facilitator_id, night.lead_id, night.co_id)
    people = [names[person_id] for person_id in ids if person_id in names]
    return " ".join((date_words(session.date), session.status.value, *people))


class SessionsPage(QWidget):
    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._groups: dict[str, Group] = {}
        self._want_group: str | None = None
        self._want_session: str | None = None
        self._pending_editor_draft: Snapshot | None = None
        self._names: dict[str, str] = {}  # person id → name, for the filter

        self.group_choice = QComboBox()
        self.session_list = QListWidget()
        self.session_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.session_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_filter = ListFilter(
            self.session_list,
            lambda session: session_haystack(session, self._names),
            FilterWords(
                placeholder=self.tr("Filter by date, topic or name"),
                showing=self.tr("Showing {0} of {1} sessions."),
                none_match=self.tr("No sessions match. Clear the filter to see them all."),
            ),
        )
        self.filter_edit = self.list_filter.edit
        self.plan_button = QPushButton(self.tr("Plan a session"))
        self.rota_button = QPushButton(self.tr("Rota for this group…"))
        self.message = message_label()
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Group"), "subheading"))
        left.addWidget(self.group_choice)
        left.addWidget(self.list_filter)
        left.addWidget(self.session_list, 1)
        left.addWidget(self.plan_button)
        left.addWidget(self.rota_button)
        left.addWidget(self.message)

        self.editor = SessionEditor(access)
        self.register_panel = RegisterPanel(access)
        self.on_the_night = OnTheNightPanel(access)
        self.debrief_prompt = DebriefPrompt(access)
        plan_column = QVBoxLayout()
        plan_column.addWidget(self.editor)
        plan_column.addWidget(self.on_the_night)
        plan_column.addWidget(self.debrief_prompt)
        plan_column.addStretch(1)
        right_body = QWidget()
        right = QHBoxLayout(right_body)
        right.addLayout(plan_column, 1)
        right.addWidget(self.register_panel, 1)
        right.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right_body)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(scroll, 3)

        self.group_choice.currentIndexChanged.connect(self._group_chosen)
        self.session_list.currentItemChanged.connect(self._selected)
        self.plan_button.clicked.connect(self._plan_new)
        self.rota_button.clicked.connect(self.open_rota)
        self.editor.saved.connect(self._session_saved)
        self.register_panel.changed.connect(self._session_saved)
        self.on_the_night.saved.connect(self._session_saved)

    @property
    def current_group(self) -> Group | None:
        group_id = self.group_choice.currentData()
        return self._groups.get(group_id) if group_id else None

    def reload(self) -> None:
        """Fetch the groups and people (both may have changed on other tabs)."""
        if self._want_group is None:
            self._want_group = self.group_choice.currentData()
        if self._want_session is None and self.editor.session is not None:
            self._want_session = self.editor.session.id
        self._access.call(
            people.list_people,
            include_archived=True,
            done=self._people_listed,
            failed=self._failed,
        )
        self._access.call(groups.list_groups, done=self._groups_listed, failed=self._failed)

    def shown_count(self) -> int:
        """How many sessions the list shows (the filter may hide some)."""
        return self.list_filter.shown_count()

    def _people_listed(self, found: list[Person]) -> None:
        self.editor.set_people(found)
        self.on_the_night.set_people(found)
        names = {person.id: person.name for person in found}
        if names != self._names:
            self._names = names
            self.list_filter.refresh()  # sessions listed before the names came find them now

    def _groups_listed(self, found: list[Group]) -> None:
        self._groups = {group.id: group for group in found}
        want = self._want_group
        self.group_choice.blockSignals(True)
        self.group_choice.clear()
        for group in found:
            self.group_choice.addItem(group.name, group.id)
        self.group_choice.setCurrentIndex(max(0, self.group_choice.findData(want)))
        self.group_choice.blockSignals(False)
        self.plan_button.setEnabled(bool(found))
        self.rota_button.setEnabled(bool(found))
        if not found:
            show_message(self.message, self.tr("Add a group on the Groups tab first."), "hint")
        else:
            show_message(self.message, "")
        self._want_group = None
        self._group_chosen()

    def _group_chosen(self, *_: object) -> None:
        group = self.current_group
        if group is None:
            self.session_list.clear()
            self.editor.show_session(None, None)
            self.register_panel.show_session(None, None)
            self.on_the_night.show_session(None)
            self.debrief_prompt.show_session(None)
            return
        self._list_sessions(group.id)

    def _list_sessions(self, group_id: str) -> None:
        self._access.call(
            sessions.list_sessions,
            group_id,
            done=lambda found: self._sessions_listed(group_id, found),
            failed=self._failed,
        )

    def _sessions_listed(self, group_id: str, found: list[Session]) -> None:
        group = self.current_group
        if group is None or group.id != group_id:
            return  # another group was chosen while this list loaded
        want = self._want_session
        self._want_session = None
        chosen = fill_list(self.session_list, found, session_line, want)
        today = dt.date.today()
        upcoming: QListWidgetItem | None = None
        for row, session in enumerate(found):
            self.session_list.item(row).setToolTip(session_line(session))
            if upcoming is None and session.date >= today:
                upcoming = self.session_list.item(row)
        draft, self._pending_editor_draft = self._pending_editor_draft, None
        if draft is not None and draft.get("group_id") != group_id:
            draft = None  # typed for a group no longer listed: never put it on another
        typing_new = self.editor.session is None and self._has_unsaved_typing()
        if draft is not None and not draft.get("record_id"):
            self._plan_new()
        elif typing_new and self.editor.group is not None and self.editor.group.id == group_id:
            pass  # a new session is being typed for this group: leave it be
        else:
            target = chosen or upcoming or self.session_list.item(self.session_list.count() - 1)
            if target is not None:
                self.session_list.setCurrentItem(target)
                self.session_list.scrollToItem(target)
            else:
                self._selected(None)
        shown = self.editor.session
        if draft is not None and (shown.id if shown else "") == draft.get("record_id"):
            self.editor.apply_snapshot(draft)

    def _selected(self, item: QListWidgetItem | None) -> None:
        session: Session | None = record_of(item)
        shown = self.editor.session
        same = (session.id if session else None) == (shown.id if shown else None)
        same_group = self.editor.group is self.current_group or (
            self.editor.group is not None
            and self.current_group is not None
            and self.editor.group.id == self.current_group.id
        )
        if same and same_group and self._has_unsaved_typing():
            return  # the same session came back from a refresh: keep what is being typed
        self.editor.show_session(self.current_group, session)
        self.register_panel.show_session(self.current_group, session)
        self.on_the_night.show_session(session)
        self.debrief_prompt.show_session(session)

    def open_rota(self) -> DocumentDialog | None:
        group = self.current_group
        if group is None:
            return None
        return show_document(
            self,
            self._access,
            self.tr("Rota"),
            lambda store, options: papers.upcoming_rota_pdf(store, group.id, options),
            "rota.pdf",
            holds_names=True,
        )

    def _has_unsaved_typing(self) -> bool:
        return (
            self.editor.has_changes()
            or self.register_panel.draft() is not None
            or self.on_the_night.has_changes()
        )

    def _plan_new(self) -> None:
        self.session_list.setCurrentRow(-1)
        self.editor.show_session(self.current_group, None)
        self.register_panel.show_session(self.current_group, None)
        self.on_the_night.show_session(None)
        self.debrief_prompt.show_session(None)
        self.editor.topic.setFocus()

    def _session_saved(self, session: Session) -> None:
        self._want_session = session.id
        self.on_the_night.session_updated(session)
        self.debrief_prompt.session_updated(session)
        for row in range(self.session_list.count()):
            item = self.session_list.item(row)
            if record_of(item).id == session.id:
                # Update the line in place: reloading would reset the other panel's typing.
                item.setText(session_line(session))
                item.setData(Qt.ItemDataRole.UserRole, session)
                return
        self._list_sessions(session.group_id)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- where the person was, and what they were typing ------------------------

    def selection(self) -> tuple[str | None, str | None]:
        session = self.editor.session
        return self.group_choice.currentData(), session.id if session else None

    def drafts(self) -> dict[str, Snapshot]:
        found = {}
        editor_draft = self.editor.draft()
        if editor_draft is not None:
            found["session-editor"] = editor_draft
        register_draft = self.register_panel.draft()
        if register_draft is not None:
            found["session-register"] = register_draft
        night_draft = self.on_the_night.draft()
        if night_draft is not None:
            found["session-on-the-night"] = night_draft
        return found

    def restore(
        self, group_id: str | None, session_id: str | None, drafts: dict[str, Snapshot]
    ) -> None:
        editor_draft = drafts.get("session-editor")
        register_draft = drafts.get("session-register")
        night_draft = drafts.get("session-on-the-night")
        for draft in (night_draft, register_draft, editor_draft):
            if draft is not None:
                group_id = draft.get("group_id") or group_id
                session_id = draft.get("record_id") or session_id
        if register_draft is not None:
            self.register_panel.restore_draft(register_draft)
        if night_draft is not None:
            self.on_the_night.restore_draft(night_draft)
        self._pending_editor_draft = editor_draft
        self._want_group = group_id
        self._want_session = session_id
        self.reload()
