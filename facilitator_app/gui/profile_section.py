"""What every box of a person's profile shares: the person shown, saving, calm messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.facilitators import Profile, format_day
from facilitator_app.domain.groups import Group
from facilitator_app.domain.people import Person
from facilitator_app.gui.store_access import StoreAccess
from facilitator_app.gui.widgets import message_label, show_message, to_qdate

Snapshot = dict[str, str]
# Dates and small numbers read better in a short field than stretched across the form.
FIELD_WIDTH = 180
TICK_WIDTH = 140  # room for the tick box and its words beside an optional date


@dataclass(frozen=True)
class ProfileContext:
    """One person's profile and what the boxes need to know about the store to show it."""

    person: Person
    profile: Profile
    today: dt.date
    groups: tuple[Group, ...]
    owner_name: str
    can_edit_all: bool  # a coordinator's store
    can_edit_own: bool  # availability, time away and pauses: also the person's own laptop


def day_text(day: dt.date) -> str:
    """A day with its year: records on a profile span years."""
    return f"{format_day(day)} {day.year}"


def set_date_text(edit: QDateTimeEdit, text: str | None) -> None:
    """Put back a date kept in a draft as ISO text; anything else leaves the edit alone."""
    try:
        edit.setDate(to_qdate(dt.date.fromisoformat(text or "")))
    except ValueError:
        return


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMaximumWidth(FIELD_WIDTH)
    return edit


def wrapping_list() -> QListWidget:
    """A list whose long lines wrap instead of scrolling sideways."""
    widget = QListWidget()
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    return widget


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the right, where the eye ends a form."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def show_empty(widget: QListWidget, text: str) -> None:
    """Say that a list is empty, in a row that cannot be chosen."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    widget.addItem(item)


def short_list() -> QListWidget:
    widget = wrapping_list()
    widget.setMinimumHeight(90)
    widget.setMaximumHeight(140)
    return widget


class ProfileSection(QGroupBox):
    """A box showing part of a profile; each change goes through a service.

    `profile_changed` carries the profile a service returned, so the page can show it in
    every box. A box with unsaved typing keeps it when the same person is shown again.
    """

    profile_changed = Signal(object)
    # The prefix of this box's keys in the page's draft (typing kept through a lock).
    draft_name = ""

    def __init__(self, title: str, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._access = access
        self._context: ProfileContext | None = None
        self._saving = False
        self._loaded: Snapshot = {}
        self._inputs: list[QWidget] = []
        self.message = message_label()

    @property
    def context(self) -> ProfileContext | None:
        return self._context

    def show_context(self, context: ProfileContext) -> None:
        shown = self._context
        same_person = shown is not None and shown.person.id == context.person.id
        self._context = context
        keep_typing = same_person and self.has_changes()
        self._fill(context, keep_typing=keep_typing)
        if not keep_typing:
            self._loaded = self.snapshot()
        if not same_person:
            show_message(self.message, "")
        editable = self.editable(context)
        for widget in self._inputs:
            widget.setEnabled(editable)
        self._editable_changed(editable)

    def editable(self, context: ProfileContext) -> bool:
        return context.can_edit_all

    def snapshot(self) -> Snapshot:
        """What has been typed or chosen, as text (drafts are text)."""
        return {}

    def is_dirty(self) -> bool:
        return self.snapshot() != self._loaded

    def has_changes(self) -> bool:
        """Typing not yet in the store, or on its way: a refresh must leave it alone."""
        return self._saving or self.is_dirty()

    def draft(self) -> Snapshot | None:
        """Typing to keep through a lock; None when there is none, or its save is queued."""
        return None if self._saving or not self.is_dirty() else self.snapshot()

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """Put back what `snapshot()` returned, as unsaved typing."""

    def _fill(self, context: ProfileContext, *, keep_typing: bool) -> None:
        """Show `context`; unless `keep_typing`, also reset the inputs to match it."""
        raise NotImplementedError

    def _editable_changed(self, editable: bool) -> None:
        """For boxes whose buttons also depend on what is selected."""

    def _call(
        self, function: Callable[..., Profile], *args: Any, done_text: str = "", **kwargs: Any
    ) -> None:
        if self._context is None:
            return
        self._saving = True
        self._access.call(
            function,
            *args,
            done=lambda profile: self._saved(profile, done_text),
            failed=self._failed,
            **kwargs,
        )

    def _saved(self, profile: Profile, done_text: str) -> None:
        self._saving = False
        shown = self._context
        if shown is not None and shown.person.id == profile.person_id:
            context = replace(shown, profile=profile)
            self._context = context
            self._fill(context, keep_typing=False)
            self._loaded = self.snapshot()
            show_message(self.message, done_text, "hint")
        self.profile_changed.emit(profile)

    def _failed(self, error: AppError) -> None:
        self._saving = False
        show_message(self.message, error.message)


class OwnSection(ProfileSection):
    """Changeable on a coordinator's store, and by a facilitator for themselves."""

    def editable(self, context: ProfileContext) -> bool:
        return context.can_edit_own
