"""The Debriefs tab: debriefs still being written, and what this laptop has sent.

Sent records are index lines only (date, group, kind, status): on a facilitator's
laptop their text is sealed for the organisation and cannot be read here. A sent
debrief or incident record can still be given an addendum.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.domain.debriefs import Debrief
from facilitator_app.domain.errors import AppError
from facilitator_app.domain.groups import Group
from facilitator_app.domain.records import RecordKind
from facilitator_app.gui.addendum_dialog import AddendumDialog
from facilitator_app.gui.debrief_opening import open_draft
from facilitator_app.gui.question_bar import QuestionBar
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    fill_list,
    label,
    message_label,
    primary_button,
    record_of,
    show_message,
)
from facilitator_app.services import debriefs, groups, incidents, records
from facilitator_app.services.records import SentLine
from facilitator_app.services.stores import StoreRole

SEP = "  ·  "


def sent_in_order(lines: list[SentLine]) -> list[SentLine]:
    """Each record followed by its addenda, so an addendum is read under what it adds to."""
    children: dict[str, list[SentLine]] = {}
    for line in lines:
        if line.kind.is_addendum and line.parent_id:
            children.setdefault(line.parent_id, []).append(line)
    ordered: list[SentLine] = []
    for line in lines:
        if not line.kind.is_addendum:
            ordered.append(line)
            ordered.extend(sorted(children.pop(line.id, []), key=lambda a: a.sent_at))
    for orphans in children.values():  # a record this laptop no longer lists
        ordered.extend(orphans)
    return ordered


class DebriefsPage(QWidget):
    open_debrief = Signal(object)  # a DebriefOpening

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._laptop = access.facts.role is StoreRole.FACILITATOR
        self._groups: dict[str, str] = {}
        self.confirmation = label("", "notice")
        self.confirmation.setVisible(False)
        self.draft_list = QListWidget()
        # As tall as its few lines (up to about five), leaving the room to the sent list.
        self.draft_list.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.draft_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.draft_list.setMaximumHeight(190)
        self.drafts_empty = label(
            self.tr("No drafts. To start one, choose a session on the Sessions tab."), "hint"
        )
        self.open_button = primary_button(self.tr("Open"))
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.question = QuestionBar()
        self.sent_list = QListWidget()
        self.sent_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sent_empty = label(self.tr("Nothing sent from this laptop yet."), "hint")
        self.addendum_button = QPushButton(self.tr("Add an addendum…"))
        self.message = message_label()
        self.inbox_line = label(
            self.tr("Submitted debriefs, yours and the facilitators', are in the Inbox."), "hint"
        )

        draft_buttons = QHBoxLayout()
        draft_buttons.addWidget(self.open_button)
        draft_buttons.addWidget(self.discard_button)
        draft_buttons.addStretch(1)
        sent_buttons = QHBoxLayout()
        sent_buttons.addWidget(self.addendum_button)
        sent_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.confirmation)
        layout.addWidget(label(self.tr("Debriefs you are writing"), "subheading"))
        layout.addWidget(
            label(self.tr("Saved as you type. Nobody else sees them until you send them."), "hint")
        )
        layout.addWidget(self.drafts_empty)
        layout.addWidget(self.draft_list)
        layout.addLayout(draft_buttons)
        layout.addWidget(self.question)
        layout.addSpacing(12)
        self.sent_heading = label(self.tr("Sent to your organisation"), "subheading")
        self.sent_hint = label(
            self.tr(
                "Sealed so that only your organisation can read them: this laptop keeps just "
                "the date, the group and where each one has got to. Sent: on its way with your "
                "next USB sync. Received: your organisation has opened it. Reviewed: a support "
                "worker has gone through it."
            ),
            "hint",
        )
        for widget in (self.sent_heading, self.sent_hint, self.sent_empty):
            layout.addWidget(widget)
        layout.addWidget(self.sent_list, 1)
        layout.addLayout(sent_buttons)
        layout.addWidget(self.inbox_line)
        layout.addWidget(self.message)
        if self._laptop:
            self.inbox_line.setVisible(False)
        else:
            sent_parts: tuple[QWidget, ...] = (
                self.sent_heading,
                self.sent_hint,
                self.sent_empty,
                self.sent_list,
                self.addendum_button,
            )
            for part in sent_parts:
                part.setVisible(False)
            layout.addStretch(1)

        self.draft_list.currentItemChanged.connect(lambda *_: self._enable())
        self.draft_list.itemActivated.connect(lambda _item: self._open())
        self.sent_list.currentItemChanged.connect(lambda *_: self._enable())
        self.open_button.clicked.connect(self._open)
        self.discard_button.clicked.connect(self._ask_discard)
        self.addendum_button.clicked.connect(self.add_addendum)
        self._enable()

    # --- listing --------------------------------------------------------------------

    def reload(self) -> None:
        self.confirmation.setVisible(False)
        self.question.dismiss()
        self._access.call(
            groups.list_groups, include_archived=True, done=self._groups_listed, failed=self._failed
        )

    def _groups_listed(self, found: list[Group]) -> None:
        self._groups = {group.id: group.name for group in found}
        self._access.call(debriefs.drafts, done=self._drafts_listed, failed=self._failed)
        if self._laptop:
            self._access.call(records.sent_lines, done=self._sent_listed, failed=self._failed)

    def _drafts_listed(self, found: list[Debrief]) -> None:
        chosen: Debrief | None = record_of(self.draft_list.currentItem())
        newest_first = sorted(found, key=lambda d: (d.session_date, d.id), reverse=True)
        fill_list(
            self.draft_list,
            newest_first,
            self.draft_text,
            chosen.id if chosen else None,
            select_quietly=True,
        )
        if self.draft_list.currentItem() is None and found:
            self.draft_list.setCurrentRow(0)  # the one most likely wanted, ready to open
        self.drafts_empty.setVisible(not found)
        for widget in (self.draft_list, self.open_button, self.discard_button):
            widget.setVisible(bool(found))
        self._enable()

    def _sent_listed(self, found: list[SentLine]) -> None:
        chosen: SentLine | None = record_of(self.sent_list.currentItem())
        fill_list(
            self.sent_list,
            sent_in_order(found),
            self.sent_text,
            chosen.id if chosen else None,
            select_quietly=True,
        )
        self.sent_empty.setVisible(not found)
        self._enable()

    def draft_text(self, debrief: Debrief) -> str:
        parts = [
            f"{debrief.session_date:%a %d %b %Y}",
            self._groups.get(debrief.group_id, self.tr("a group no longer listed")),
        ]
        if debrief.saved_at is not None:
            parts.append(
                self.tr("draft saved {0}").format(
                    debrief.saved_at.astimezone().strftime("%d %b %H:%M")
                )
            )
        return SEP.join(parts)

    def sent_text(self, line: SentLine) -> str:
        if line.kind.is_addendum:
            return f"      ↳ {self.tr(line.kind.label)}{SEP}{self.tr(line.status.label)}"
        parts = [
            f"{line.on_date:%a %d %b %Y}",
            line.group_name or self.tr("no group"),
            self.tr(line.kind.label),
            self.tr(line.status.label),
        ]
        if line.addenda == 1:
            parts.append(self.tr("+1 addendum"))
        elif line.addenda:
            parts.append(self.tr("+{0} addenda").format(line.addenda))
        return SEP.join(parts)

    def _enable(self) -> None:
        draft = record_of(self.draft_list.currentItem()) is not None
        self.open_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        line: SentLine | None = record_of(self.sent_list.currentItem())
        self.addendum_button.setEnabled(line is not None and not line.kind.is_addendum)

    def show_confirmation(self, text: str) -> None:
        self.confirmation.setText(text)
        self.confirmation.setVisible(bool(text))

    # --- drafts -----------------------------------------------------------------------

    def _open(self) -> None:
        debrief: Debrief | None = record_of(self.draft_list.currentItem())
        if debrief is not None:
            show_message(self.message, "")
            self._access.call(
                open_draft, debrief.id, done=self.open_debrief.emit, failed=self._failed
            )

    def _ask_discard(self) -> None:
        debrief: Debrief | None = record_of(self.draft_list.currentItem())
        if debrief is None:
            return
        self.question.ask(
            self.tr("Discard this draft? What you wrote in it will be deleted. It was never sent."),
            self.tr("Discard it"),
            lambda: self._discard(debrief.id),
            self.tr("Keep it"),
        )

    def _discard(self, debrief_id: str) -> None:
        self._access.call(
            debriefs.discard_draft,
            debrief_id,
            done=lambda _none: self._discarded(),
            failed=self._failed,
        )

    def _discarded(self) -> None:
        self.reload()
        self.show_confirmation(self.tr("The draft was discarded."))

    # --- addenda ----------------------------------------------------------------------

    def add_addendum(self) -> AddendumDialog | None:
        line: SentLine | None = record_of(self.sent_list.currentItem())
        if line is None or line.kind.is_addendum:
            return None
        send = debriefs.add_addendum if line.kind is RecordKind.DEBRIEF else incidents.add_addendum
        what = SEP.join([self.tr(line.kind.label), f"{line.on_date:%a %d %b %Y}", line.group_name])
        dialog = AddendumDialog(self._access, send, line.id, what, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._addendum_added)
        dialog.open()
        return dialog

    def _addendum_added(self) -> None:
        self.reload()
        self.show_confirmation(
            self.tr("Addendum sent. It will go to your organisation with your next USB sync.")
        )

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)
