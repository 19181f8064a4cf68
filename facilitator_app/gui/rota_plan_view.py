"""The rota being planned on the Rota tab: propose, adjust, lock, plan again, check, save."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import Profile, format_day
from facilitator_app.domain.rota import Assignment, PlanNote
from facilitator_app.domain.sessions import Session
from facilitator_app.gui.question_bar import QuestionBar
from facilitator_app.gui.rota_table import RotaTable
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import label, message_label, primary_button, show_message
from facilitator_app.services import rota
from facilitator_app.services.rota import RotaProposal, RotaRow

Snapshot = dict[str, str]


class RotaPlanView(QWidget):
    saved = Signal()

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._proposal: RotaProposal | None = None
        self._edited = False
        self._is_saved = False
        self._saving = False

        self.title = label(self.tr("Choose a group and dates, then Propose rota."), "subheading")
        self.table = RotaTable()
        self.question = QuestionBar()
        self.message = message_label()
        self.swap_button = QPushButton(self.tr("Swap lead and co"))
        self.swap_button.setToolTip(self.tr("Within the chosen session."))
        self.swap_leads_button = QPushButton(self.tr("Swap leads of two sessions"))
        self.swap_leads_button.setToolTip(
            self.tr("Choose two sessions (hold Ctrl and click), then swap who leads them.")
        )
        self.plan_again_button = QPushButton(self.tr("Plan again"))
        self.plan_again_button.setToolTip(self.tr("Plan the rest again, keeping locked choices."))
        self.save_button = primary_button(self.tr("Save rota"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.swap_leads_button)
        buttons.addWidget(self.plan_again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.question)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.swap_button.clicked.connect(self._swap)
        self.swap_leads_button.clicked.connect(self._swap_leads)
        self.plan_again_button.clicked.connect(self._plan_again)
        self.save_button.clicked.connect(self._check_before_saving)
        self.table.edited.connect(self._table_edited)
        self._update_buttons()

    def set_profiles(self, profiles: list[Profile]) -> None:
        self.table.set_profiles(profiles)

    # --- proposing ----------------------------------------------------------------------

    def propose(self, group_id: str, first: dt.date, last: dt.date) -> None:
        """A fresh proposal (saved locks kept); asks first if changes would be lost."""

        def go() -> None:
            self._access.call(
                rota.propose, group_id, first, last, done=self._proposed, failed=self._failed
            )

        if self._proposal is not None and self._edited:
            self.question.ask(
                self.tr("Your changes to this rota are not saved. Start a new proposal anyway?"),
                self.tr("Start a new proposal"),
                go,
                self.tr("Keep editing"),
            )
        else:
            go()

    def _plan_again(self) -> None:
        proposal = self._proposal
        if proposal is None:
            return
        edited = self._edited
        self._access.call(
            rota.propose,
            proposal.group.id,
            proposal.first,
            proposal.last,
            locked=self.table.locks(),
            done=lambda fresh: self._proposed(fresh, edited=edited),
            failed=self._failed,
        )

    def _proposed(
        self, proposal: RotaProposal, *, edited: bool = False, saved: bool = False
    ) -> None:
        self._proposal = proposal
        self._edited = edited
        self._is_saved = saved
        self.question.dismiss()
        self.table.show_proposal(proposal)
        show_message(self.message, "")
        if not proposal.rows:
            show_message(
                self.message,
                self.tr(
                    "No sessions to plan in these dates. Plan sessions on the Sessions tab, "
                    "or give the group a usual day so the rota can add them."
                ),
                "hint",
            )
        self._update_title()
        self._update_buttons()

    def _table_edited(self) -> None:
        self._edited = True
        self.question.dismiss()
        show_message(self.message, "")
        self._update_title()

    def _swap(self) -> None:
        chosen = self.table.selected_indexes()
        if len(chosen) != 1:
            show_message(self.message, self.tr("Choose one session, then swap."), "hint")
            return
        self.table.swap(chosen[0])

    def _swap_leads(self) -> None:
        chosen = self.table.selected_indexes()
        if len(chosen) != 2:
            show_message(
                self.message,
                self.tr("Choose two sessions (hold Ctrl and click the second), then swap."),
                "hint",
            )
            return
        self.table.swap_leads(*chosen)

    def _update_title(self) -> None:
        proposal = self._proposal
        if proposal is None:
            return
        saved = self._is_saved and not self._edited
        self.title.setText(
            self.tr("{0}, {1} to {2} · {3}").format(
                proposal.group.name,
                format_day(proposal.first),
                format_day(proposal.last),
                self.tr("saved") if saved else self.tr("not saved yet"),
            )
        )

    def _update_buttons(self) -> None:
        has_rows = self._proposal is not None and bool(self._proposal.rows)
        buttons = (self.swap_button, self.swap_leads_button, self.plan_again_button)
        for button in (*buttons, self.save_button):
            button.setEnabled(has_rows and not self._saving)

    # --- saving ---------------------------------------------------------------------------

    def _check_before_saving(self) -> None:
        proposal = self._proposal
        if proposal is None:
            return
        rows = self.table.rows()
        self._access.call(
            rota.check_rows,
            proposal.group.id,
            rows,
            done=lambda problems: self._checked(proposal, rows, problems),
            failed=self._failed,
        )

    def _checked(self, proposal: RotaProposal, rows: list[RotaRow], found: list[PlanNote]) -> None:
        if proposal is not self._proposal or rows != self.table.rows():
            return  # the rota changed while it was being checked
        if not found:
            self._save(proposal, rows)
            return
        lines = "\n".join(f"•  {note.text}" for note in found)
        self.question.ask(
            self.tr("Before saving, please look at this:\n{0}").format(lines),
            self.tr("Save anyway"),
            lambda: self._save(proposal, rows),
            self.tr("Go back"),
            lambda: show_message(
                self.message, self.tr("Nothing was saved. Change the rows, then save."), "hint"
            ),
        )

    def _save(self, proposal: RotaProposal, rows: list[RotaRow]) -> None:
        self._saving = True
        self._update_buttons()
        self._access.call(
            rota.save_rota,
            proposal.group.id,
            rows,
            done=lambda saved: self._saved(proposal, rows, saved),
            failed=self._save_failed,
        )

    def _saved(self, proposal: RotaProposal, rows: list[RotaRow], saved: list[Session]) -> None:
        self._saving = False
        self.saved.emit()
        if proposal is not self._proposal:
            self._update_buttons()
            return  # a new proposal was asked for meanwhile: leave it on screen
        notes = {row.date: row.notes for row in rows}
        shown = []
        for session in saved:
            people = Assignment(session.fields.lead_id, session.fields.co_facilitator_id)
            shown.append(
                RotaRow(
                    key=session.id,
                    date=session.date,
                    start_time=session.fields.start_time,
                    assignment=people,
                    lead_locked=session.lead_locked,
                    co_locked=session.co_locked,
                    notes=notes.get(session.date, ()),
                    stored=people,
                )
            )
        self._proposed(dataclasses.replace(proposal, rows=tuple(shown)), saved=True)
        new = sum(row.is_new for row in rows)
        show_message(
            self.message,
            self.tr("Rota saved: {0} sessions, {1} of them new.").format(len(saved), new),
            "hint",
        )

    def _save_failed(self, error: AppError) -> None:
        self._saving = False
        self._update_buttons()
        self._failed(error)

    def _failed(self, error: AppError) -> None:
        show_message(self.message, error.message)

    # --- drafts at lock time ----------------------------------------------------------------

    def draft(self) -> Snapshot | None:
        """The rows as they stand; None when nothing is changed, or the save is on its way."""
        proposal = self._proposal
        if proposal is None or not self._edited or self._saving:
            return None
        rows = [
            [row.key, row.assignment.lead_id, row.assignment.co_id, row.lead_locked, row.co_locked]
            for row in self.table.rows()
        ]
        return {
            "group_id": proposal.group.id,
            "first": proposal.first.isoformat(),
            "last": proposal.last.isoformat(),
            "rows": json.dumps(rows),
        }

    def restore_draft(self, draft: Snapshot) -> None:
        """Plan the draft's range again keeping its locks, then put back every choice in it."""
        first = dt.date.fromisoformat(draft["first"])
        last = dt.date.fromisoformat(draft["last"])
        choices = {
            key: (Assignment(lead, co), bool(lead_locked), bool(co_locked))
            for key, lead, co, lead_locked, co_locked in json.loads(draft["rows"])
        }
        locked = {
            key: Assignment(
                chosen.lead_id if lead_locked else None, chosen.co_id if co_locked else None
            )
            for key, (chosen, lead_locked, co_locked) in choices.items()
            if lead_locked or co_locked
        }
        self._access.call(
            rota.propose,
            draft["group_id"],
            first,
            last,
            locked=locked,
            done=lambda proposal: self._restored(proposal, choices),
            failed=self._failed,
        )

    def _restored(
        self, proposal: RotaProposal, choices: dict[str, tuple[Assignment, bool, bool]]
    ) -> None:
        rows = []
        for row in proposal.rows:
            if row.key in choices:
                chosen, lead_locked, co_locked = choices[row.key]
                row = dataclasses.replace(
                    row, assignment=chosen, lead_locked=lead_locked, co_locked=co_locked
                )
            rows.append(row)
        self._proposed(dataclasses.replace(proposal, rows=tuple(rows)), edited=True)
        if set(choices) != {row.key for row in rows}:
            show_message(
                self.message,
                self.tr(
                    "Some sessions in this rota changed while the app was locked "
                    "(held, cancelled, passed or newly planned). Check the rows before saving."
                ),
            )
