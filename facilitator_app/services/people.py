"""People who facilitate or support groups; chosen as lead and co-facilitator."""

from __future__ import annotations

from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.people import Person, PersonRole, validate_person_name
from facilitator_app.services.facilitators import require_coordinator
from facilitator_app.store.codec import date_out
from facilitator_app.store.people_rows import load_people, load_person
from facilitator_app.store.store import Store, new_id


def list_people(store: Store, *, include_archived: bool = False) -> list[Person]:
    return load_people(store.conn, include_archived=include_archived)


def person_or_refuse(store: Store, person_id: str) -> Person:
    person = load_person(store.conn, person_id)
    if person is None:
        raise NotFound("That person is not in this store.")
    return person


def add_person(store: Store, name: str, role: PersonRole = PersonRole.FACILITATOR) -> Person:
    require_coordinator(store, "the people list")
    clean = validate_person_name(name)
    person_id = new_id()
    with store.transaction():
        store.insert(
            "people",
            person_id,
            {"name": clean, "role": PersonRole(role).value, "archived_on": None},
        )
    return person_or_refuse(store, person_id)


def update_person(store: Store, person_id: str, name: str, role: PersonRole) -> Person:
    require_coordinator(store, "the people list")
    clean = validate_person_name(name)
    person_or_refuse(store, person_id)
    with store.transaction():
        store.update("people", person_id, {"name": clean, "role": PersonRole(role).value})
    return person_or_refuse(store, person_id)


def archive_person(store: Store, person_id: str) -> Person:
    """Archived people are no longer offered for new sessions; past sessions keep them."""
    require_coordinator(store, "the people list")
    person_or_refuse(store, person_id)
    with store.transaction():
        store.update("people", person_id, {"archived_on": date_out(store.today())})
    return person_or_refuse(store, person_id)
