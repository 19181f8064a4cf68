"""What the Facilitators tab reads and writes beyond single profile fields.

Everyone on one list with their stage and whether they are paused today, one person's
profile with their role, their details saved in one go, a person added with the details
that fit their role, and a pause lifted from today. "Today" is always the store's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator_app.domain.facilitators import Profile, Stage
from facilitator_app.domain.groups import Group
from facilitator_app.domain.people import Person, PersonRole, validate_person_name
from facilitator_app.domain.text import clean_name
from facilitator_app.services.facilitators import (
    add_facilitator,
    end_pause,
    get_profile,
    list_profiles,
    require_coordinator,
)
from facilitator_app.services.groups import list_groups
from facilitator_app.services.people import list_people, person_or_refuse
from facilitator_app.store.facilitator_rows import child_owner
from facilitator_app.store.store import Store, new_id


@dataclass(frozen=True)
class PersonLine:
    """One row of the people list: who, in what role, at what stage, paused today or not."""

    person: Person
    stage: Stage | None
    paused: bool

    @property
    def id(self) -> str:
        return self.person.id


@dataclass(frozen=True)
class PeopleOverview:
    """The people list, and what every profile on the tab needs to know about the store."""

    lines: tuple[PersonLine, ...]
    today: dt.date
    owner_person_id: str
    owner_name: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class PersonProfile:
    person: Person
    profile: Profile


def people_overview(store: Store) -> PeopleOverview:
    today = store.today()
    profiles = {profile.person_id: profile for profile in list_profiles(store)}
    lines = []
    for person in list_people(store):
        profile = profiles.get(person.id)
        paused = profile is not None and profile.paused_on(today) is not None
        lines.append(PersonLine(person, profile.stage if profile else None, paused))
    owner = person_or_refuse(store, store.facts.owner_person_id)
    return PeopleOverview(
        lines=tuple(lines),
        today=today,
        owner_person_id=owner.id,
        owner_name=owner.name,
        groups=tuple(list_groups(store)),
    )


def person_profile(store: Store, person_id: str) -> PersonProfile:
    return PersonProfile(person_or_refuse(store, person_id), get_profile(store, person_id))


def _clean_contact(contact_preference: str) -> str:
    return clean_name(
        contact_preference, "contact_preference", "The contact preference", required=False
    )


def save_person(
    store: Store, person_id: str, name: str, role: PersonRole, contact_preference: str
) -> PersonProfile:
    """Name, role and contact preference together, so a refused field changes nothing."""
    require_coordinator(store, "a person's details")
    person_or_refuse(store, person_id)
    values = {
        "name": validate_person_name(name),
        "role": PersonRole(role).value,
        "contact_preference": _clean_contact(contact_preference),
    }
    with store.transaction():
        store.update("people", person_id, values)
    return person_profile(store, person_id)


def add_someone(
    store: Store,
    name: str,
    role: PersonRole,
    *,
    contact_preference: str = "",
    stage: Stage = Stage.SHADOWING,
    approved_by: str = "",
) -> PersonProfile:
    """A facilitator starts at a stage someone approved; others are not on the rota.

    A blank `approved_by` means the person using this store approved it.
    """
    if role is PersonRole.FACILITATOR:
        approver = approved_by.strip() or person_or_refuse(store, store.facts.owner_person_id).name
        added = add_facilitator(
            store,
            name,
            contact_preference=contact_preference,
            stage=stage,
            approved_by=approver,
        )
        return person_profile(store, added.person_id)
    require_coordinator(store, "the people")
    values = {
        "name": validate_person_name(name),
        "role": PersonRole(role).value,
        "archived_on": None,
        "contact_preference": _clean_contact(contact_preference),
    }
    person_id = new_id()
    with store.transaction():
        store.insert("people", person_id, values)
    return person_profile(store, person_id)


def lift_pause(store: Store, pause_id: str) -> Profile:
    """End a pause so the person can be planned from today.

    A pause that has not begun yet is ended the day before it begins: it never happens.
    """
    last_day = store.today() - dt.timedelta(days=1)
    person_id = child_owner(store.conn, "pauses", pause_id)
    if person_id is not None:
        for pause in get_profile(store, person_id).pauses:
            if pause.id == pause_id:
                last_day = max(last_day, pause.span.first - dt.timedelta(days=1))
    # end_pause checks permission, and says calmly if the pause is not in this store.
    return end_pause(store, pause_id, last_day)
