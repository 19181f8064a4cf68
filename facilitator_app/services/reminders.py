"""The home screen: who is opening the app, today's date, and what needs attention.

A coordinator's store sees every reminder. A facilitator's laptop sees only its own
person's training reminders and the sessions of their own groups that have no lead:
it holds no supervision log (supervision stays in the coordinator's store), and other
people's load is the coordinator's to weigh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator_app.domain.facilitators import first_name
from facilitator_app.domain.reminders import (
    NO_LEAD_DAYS_AHEAD,
    Reminder,
    collect_reminders,
    no_lead_reminders,
    quarter_start,
    sort_reminders,
    training_reminders,
)
from facilitator_app.services.facilitators import get_profile, is_coordinator, list_profiles
from facilitator_app.services.recovery import recovery_options
from facilitator_app.services.settings import supervision_settings
from facilitator_app.store.group_rows import load_groups
from facilitator_app.store.people_rows import load_person
from facilitator_app.store.session_rows import load_sessions_between
from facilitator_app.store.store import Store


@dataclass(frozen=True)
class HomeView:
    """What the home screen shows; `today` is the store's today, not the screen's."""

    first_name: str
    today: dt.date
    reminders: tuple[Reminder, ...]


def home_reminders(store: Store) -> list[Reminder]:
    """What needs attention today, most urgent first (see the module docstring for scope)."""
    today = store.today()
    group_names = {
        group.id: group.name for group in load_groups(store.conn, include_archived=False)
    }
    last = today + dt.timedelta(days=NO_LEAD_DAYS_AHEAD)
    if is_coordinator(store):
        sessions = load_sessions_between(store.conn, quarter_start(today), last)
        return collect_reminders(
            list_profiles(store),
            sessions,
            group_names,
            supervision_settings(store),
            today,
            has_recovery_sheet=recovery_options(store.folder).recovery_sheet,
        )
    own = get_profile(store, store.facts.owner_person_id)
    own_groups = {g: name for g, name in group_names.items() if g in own.group_ids}
    upcoming = load_sessions_between(store.conn, today, last)
    return sort_reminders(
        training_reminders([own], today) + no_lead_reminders(upcoming, own_groups, today, [own])
    )


def home_view(store: Store) -> HomeView:
    owner = load_person(store.conn, store.facts.owner_person_id)
    return HomeView(
        first_name=first_name(owner.name) if owner is not None else "",
        today=store.today(),
        reminders=tuple(home_reminders(store)),
    )
