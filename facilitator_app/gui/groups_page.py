"""The Groups tab: every group on the left; its details and members on the right."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.gui.group_editor import GroupEditor
from facilitator_app.gui.list_filter import FilterWords, ListFilter
from facilitator_app.gui.members_panel import MembersPanel
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import fill_list, label, message_label, record_of, show_message
from facilitator_app.services import groups

Snapshot = dict[str, str]


def group_haystack(group: Group) -> str:
    """What a group can be found by besides its line (name, "archived"): its place,
    usual day and kind."""
    fields = group.fields
    day = fields.usual_day.value if fields.usual_day else ""
    return " ".join((fields.venue, day, fields.kind.value))


def _scrolling(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


class GroupsPage(QWidget):
    groups_changed = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._pending_draft: Snapshot | None = None

        self.group_list = QListWidget()
        self.list_filter = ListFilter(
            self.group_list,
            group_haystack,
            FilterWords(
                placeholder=self.tr("Filter by name, place, day or kind"),
                showing=self.tr("Showing {0} of {1} groups."),
                none_match=self.tr("No groups match. Clear the filter to see them all."),
            ),
        )
        self.filter_edit = self.list_filter.edit
        self.show_archived = QCheckBox(self.tr("Show archived groups"))
        self.new_button = QPushButton(self.tr("New group"))
        self.message = message_label()
        left = QVBoxLayout()
        left.addWidget(label(self.tr("Groups"), "subheading"))
        left.addWidget(self.list_filter)
        left.addWidget(self.group_list, 1)
        left.addWidget(self.show_archived)
        left.addWidget(self.new_button)
        left.addWidget(self.message)

        self.editor = GroupEditor(access)
        self.members = MembersPanel(access)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(_scrolling(self.editor), self.tr("Details"))
        self.detail_tabs.addTab(_scrolling(self.members), self.tr("Members"))

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.detail_tabs, 3)

        self.group_list.currentItemChanged.connect(self._selected)
        self.show_archived.toggled.connect(lambda _: self.reload())
        self.new_button.clicked.connect(self._new_group)
        self.editor.saved.connect(self._saved)

    def reload(self, select_id: str | None = None) -> None:
        if select_id is None and self.editor.group is not None:
            select_id = self.editor.group.id
        self._access.call(
            groups.list_groups,
            include_archived=self.show_archived.isChecked(),
            done=lambda found: self._listed(found, select_id),
            failed=self._failed,
        )

    def shown_count(self) -> int:
        """How many groups the list shows (the filter may hide some)."""
        return self.list_filter.shown_count()

    def _listed(self, found: list[Group], select_id: str | None) -> None:
        chosen = fill_list(self.group_list, found, self._group_line, select_id)
        draft, self._pending_draft = self._pending_draft, None
        typing_new = self.editor.group is None and self.editor.has_changes()
        if chosen is not None:
            self.group_list.setCurrentItem(chosen)
        elif self.group_list.count() and draft is None and not typing_new:
            self.group_list.setCurrentRow(0)
        if draft is None:
            return
        shown = self.editor.group
        if (shown.id if shown else "") == draft.get("record_id", ""):
            self.editor.apply_snapshot(draft)
        else:
            show_message(
                self.message,
                self.tr(
                    "Some unsaved changes to a group could not be put back: "
                    "that group is no longer in the list."
                ),
            )

    def _group_line(self, group: Group) -> str:
        if group.is_archived:
            return self.tr("{0} (archived)").format(group.name)
        return group.name

    def _selected(self, item: QListWidgetItem | None) -> None:
        group: Group | None = record_of(item)
        shown = self.editor.group
        refreshed = group is not None and shown is not None and group.id == shown.id
        # The same group coming back from a refresh must not wipe what is being typed.
        if not (refreshed and self.editor.has_changes()):
            self.editor.show_group(group)
        group_id = group.id if group else None
        if self.members.group_id != group_id:
            self.members.set_group(group_id)

    def _new_group(self) -> None:
        self.group_list.setCurrentRow(-1)
        self.editor.start_new()
        self.members.set_group(None)

    def _saved(self, group: Group) -> None:
        self.reload(select_id=group.id)
        self.groups_changed.emit()

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- where the person was, and what they were typing ------------------------

    def selected_group_id(self) -> str | None:
        return self.editor.group.id if self.editor.group else None

    def drafts(self) -> dict[str, Snapshot]:
        found = {}
        group_draft = self.editor.draft()
        if group_draft is not None:
            found["group-editor"] = group_draft
        member_draft = self.members.draft()
        if member_draft is not None:
            found["member-editor"] = member_draft
        return found

    def restore(self, selected_id: str | None, drafts: dict[str, Snapshot]) -> None:
        group_draft = drafts.get("group-editor")
        member_draft = drafts.get("member-editor")
        if group_draft is not None:
            selected_id = group_draft.get("record_id") or None
            self._pending_draft = group_draft
            if selected_id is None:
                self.editor.start_new()
            else:
                # The group may have been archived while being edited: list it anyway.
                self.show_archived.blockSignals(True)
                self.show_archived.setChecked(True)
                self.show_archived.blockSignals(False)
        elif member_draft is not None:
            selected_id = member_draft.get("group_id") or selected_id
        if member_draft is not None:
            self.members.restore_draft(member_draft)
            self.detail_tabs.setCurrentIndex(1)
        self.reload(select_id=selected_id)
