"""Wellbeing pauses: a step back from facilitating, with a reason that stays private.

A facilitator may pause themselves on their own laptop; the rota never plans a pause.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.facilitators import Pause
from facilitator_app.gui.profile_section import (
    FIELD_WIDTH,
    TICK_WIDTH,
    OwnSection,
    ProfileContext,
    Snapshot,
    button_row,
    date_edit,
    day_text,
    set_date_text,
    short_list,
    show_empty,
)
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import (
    OptionalDateEdit,
    fill_list,
    from_qdate,
    label,
    primary_button,
    record_of,
    to_qdate,
)
from facilitator_app.services import facilitators, profiles


class PauseBox(OwnSection):
    """Wellbeing pauses: a step back from facilitating, for as long as it takes."""

    draft_name = "pause"

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Wellbeing pause"), access, parent)
        self._today: dt.date | None = None
        self.pause_list = short_list()
        self.pause_button = QPushButton(self.tr("Pause…"))
        self.end_button = QPushButton(self.tr("End pause"))
        self.starts_on = date_edit()
        self.ends_on = OptionalDateEdit(self.tr("Until"))
        self.ends_on.setMaximumWidth(FIELD_WIDTH + TICK_WIDTH)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Private reason (optional)"))
        self.save_pause_button = primary_button(self.tr("Start pause"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.pause_form = QWidget()
        form = QFormLayout(self.pause_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("From"), self.starts_on)
        form.addRow("", self.ends_on)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(button_row(self.cancel_button, self.save_pause_button))
        self.pause_form.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr("Paused people are never put on the rota. The reason stays private."),
                "hint",
            )
        )
        layout.addWidget(self.pause_list)
        layout.addLayout(button_row(self.end_button, self.pause_button))
        layout.addWidget(self.pause_form)
        layout.addWidget(self.message)
        self._inputs = [self.pause_button]
        self.pause_list.currentItemChanged.connect(self._selection_changed)
        self.pause_button.clicked.connect(self._open_form)
        self.cancel_button.clicked.connect(self._close_form)
        self.save_pause_button.clicked.connect(self._save)
        self.end_button.clicked.connect(self._end)

    def pause_line(self, pause: Pause) -> str:
        first, last = pause.span.first, pause.span.last
        if last is None:
            line = self.tr("From {0}, until lifted").format(day_text(first))
        elif last < first:
            line = self.tr("{0}, lifted before it began").format(day_text(first))
        else:
            line = self.tr("From {0} until {1}").format(day_text(first), day_text(last))
        if self._today is not None and self._today in pause.span:
            line += self.tr("  ·  now")
        reason = " ".join(pause.reason.split())
        return f"{line}  ·  {reason}" if reason else line

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        self._today = context.today
        chosen = context.profile.paused_on(context.today)
        fill_list(
            self.pause_list,
            context.profile.pauses,
            self.pause_line,
            chosen.id if chosen else None,
            select_quietly=True,
        )
        if not self.pause_list.count():
            show_empty(self.pause_list, self.tr("No pauses"))
        if not keep_typing:
            self.pause_form.setVisible(False)
            self.starts_on.setDate(to_qdate(context.today))
            self.ends_on.set_value(None, context.today)
            self.reason.clear()
        self._selection_changed()

    def snapshot(self) -> Snapshot:
        if self.pause_form.isHidden():
            return {}
        return {
            "starts_on": from_qdate(self.starts_on.date()).isoformat(),
            "ends_on": self.ends_on.as_text(),
            "reason": self.reason.text(),
        }

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        if not snapshot:
            return
        self.pause_form.setVisible(True)
        set_date_text(self.starts_on, snapshot.get("starts_on"))
        set_date_text(self.ends_on.edit, snapshot.get("ends_on"))
        self.ends_on.tick.setChecked(bool(snapshot.get("ends_on")))
        self.reason.setText(snapshot.get("reason", ""))

    def _editable_changed(self, editable: bool) -> None:
        if not editable:
            self.pause_form.setVisible(False)
        self._selection_changed()

    def _selection_changed(self) -> None:
        context = self.context
        chosen: Pause | None = record_of(self.pause_list.currentItem())
        # Only a pause still running or still to come can be ended.
        open_pause = (
            chosen is not None
            and context is not None
            and (chosen.span.last is None or chosen.span.last >= context.today)
        )
        self.end_button.setEnabled(
            context is not None and self.editable(context) and bool(open_pause)
        )

    def _open_form(self) -> None:
        self.pause_form.setVisible(True)
        self.starts_on.setFocus()

    def _close_form(self) -> None:
        if self.context is not None:
            self._fill(self.context, keep_typing=False)
            self._loaded = self.snapshot()

    def _save(self) -> None:
        if self.context is None:
            return
        self._call(
            facilitators.pause,
            self.context.person.id,
            from_qdate(self.starts_on.date()),
            self.ends_on.value(),
            self.reason.text(),
            done_text=self.tr("Paused. They will not be put on the rota while it lasts."),
        )

    def _end(self) -> None:
        chosen: Pause | None = record_of(self.pause_list.currentItem())
        if chosen is not None:
            self._call(
                profiles.lift_pause,
                chosen.id,
                done_text=self.tr("The pause has ended. They can be planned from today."),
            )
