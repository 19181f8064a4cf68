"""A person's stage (with who approved each change) and the groups they work with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.facilitators import Stage
from facilitator_app.gui.profile_section import (
    ProfileContext,
    ProfileSection,
    Snapshot,
    date_edit,
    day_text,
    set_date_text,
    short_list,
    show_empty,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import from_qdate, label, primary_button, to_qdate
from facilitator_app.services import facilitators

_NEXT_STAGE = {
    None: Stage.SHADOWING,
    Stage.SHADOWING: Stage.CO_FACILITATOR,
    Stage.CO_FACILITATOR: Stage.LEAD,
    Stage.LEAD: Stage.LEAD,
}


class StageBox(ProfileSection):
    """Shadowing, co-facilitator, lead: where the person is now and how they got there."""

    draft_name = "stage"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Stage"), access, parent)
        self.current = label("", "subheading")
        self.change_button = QPushButton(self.tr("Change stage…"))
        self.new_stage = QComboBox()
        for stage in Stage:
            self.new_stage.addItem(stage.label, stage.value)
        self.changed_on = date_edit()
        self.approved_by = QLineEdit()
        self.save_change_button = primary_button(self.tr("Save stage change"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.history = short_list()

        self.change_form = QWidget()
        form = QFormLayout(self.change_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("New stage"), self.new_stage)
        form.addRow(self.tr("From"), self.changed_on)
        form.addRow(self.tr("Approved by"), self.approved_by)
        form_buttons = QHBoxLayout()
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.cancel_button)
        form_buttons.addWidget(self.save_change_button)
        form.addRow(form_buttons)
        self.change_form.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.current, 1)
        top.addWidget(self.change_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.change_form)
        layout.addWidget(label(self.tr("Stage history"), "hint"))
        layout.addWidget(self.history)
        layout.addWidget(self.message)
        self._inputs = [self.change_button]

        self.change_button.clicked.connect(self._open_form)
        self.cancel_button.clicked.connect(self._close_form)
        self.save_change_button.clicked.connect(self._save)

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        profile = context.profile
        if profile.stage is None:
            self.current.setText(self.tr("No stage yet: not planned on the rota"))
        else:
            changes = [c for c in profile.stage_history if c.stage is profile.stage]
            since = max((c.changed_on for c in changes), default=None)
            self.current.setText(
                self.tr("{0} since {1}").format(profile.stage.label, day_text(since))
                if since
                else profile.stage.label
            )
        self.history.clear()
        # Newest first. The store keeps no order within a day, but on the day of several
        # changes the one that led to the current stage came last.
        history = sorted(
            profile.stage_history,
            key=lambda change: (change.changed_on, change.stage is profile.stage),
            reverse=True,
        )
        for change in history:
            self.history.addItem(
                self.tr("{0}  ·  {1}  ·  approved by {2}").format(
                    day_text(change.changed_on), change.stage.label, change.approved_by
                )
            )
        if not self.history.count():
            show_empty(self.history, self.tr("No stage changes recorded yet"))
        if not keep_typing:
            self.change_form.setVisible(False)
            self.new_stage.setCurrentIndex(
                self.new_stage.findData(_NEXT_STAGE[profile.stage].value)
            )
            self.changed_on.setDate(to_qdate(context.today))
            self.approved_by.setText(context.owner_name)

    def snapshot(self) -> Snapshot:
        if self.change_form.isHidden():
            return {}
        return {
            "stage": str(self.new_stage.currentData()),
            "on": from_qdate(self.changed_on.date()).isoformat(),
            "approved_by": self.approved_by.text(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        if not snapshot:
            return
        self.change_form.setVisible(True)
        self.new_stage.setCurrentIndex(max(0, self.new_stage.findData(snapshot.get("stage"))))
        set_date_text(self.changed_on, snapshot.get("on"))
        self.approved_by.setText(snapshot.get("approved_by", ""))

    def _editable_changed(self, editable: bool) -> None:
        if not editable:
            self.change_form.setVisible(False)

    def _open_form(self) -> None:
        self.change_form.setVisible(True)
        self.new_stage.setFocus()

    def _close_form(self) -> None:
        if self.context is not None:
            self._fill(self.context, keep_typing=False)
            self._loaded = self.snapshot()

    def _save(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.change_stage,
            self.context.person.id,
            Stage(self.new_stage.currentData()),
            on=from_qdate(self.changed_on.date()),
            approved_by=self.approved_by.text(),
            done_text=self.tr("Stage changed."),
        )


class GroupsBox(ProfileSection):
    """Which groups the person works with; the rota planner looks only at these."""

    draft_name = "groups"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Groups they work with"), access, parent)
        self.group_list = short_list()
        self.empty_hint = label(self.tr("No groups yet. Add one on the Groups tab."), "hint")
        self.save_button = primary_button(self.tr("Save groups"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(self.tr("Only these groups are considered when the rota is planned."), "hint")
        )
        layout.addWidget(self.group_list)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._inputs = [self.group_list, self.save_button]
        self.save_button.clicked.connect(self._save)

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        self.empty_hint.setVisible(not context.groups)
        if keep_typing:
            return
        self.group_list.clear()
        for group in context.groups:
            item = QListWidgetItem(group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = group.id in context.profile.group_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.group_list.addItem(item)

    def ticked_ids(self) -> set[str]:
        found = set()
        for row in range(self.group_list.count()):
            item = self.group_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.add(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def snapshot(self) -> Snapshot:
        return {"groups": ",".join(sorted(self.ticked_ids()))}

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        ticked = set(snapshot.get("groups", "").split(","))
        for row in range(self.group_list.count()):
            item = self.group_list.item(row)
            chosen = str(item.data(Qt.ItemDataRole.UserRole)) in ticked
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def _save(self) -> None:
        context = self.context
        if context is None:
            return
        listed = {group.id for group in context.groups}
        # Archived groups are not listed; untouched, their link survives a restore.
        kept = context.profile.group_ids - listed
        self._call(
            facilitators.set_groups,
            context.person.id,
            sorted(self.ticked_ids() | kept),
            done_text=self.tr("Groups saved."),
        )
