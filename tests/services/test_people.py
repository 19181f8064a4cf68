"""People: add, edit and archive facilitators and support workers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.people import PersonRole
from facilitator_app.services import people
from facilitator_app.store.store import Store
from tests.factories import INTERNATIONAL_NAMES, assert_logged, last_seq, make_person, snapshot


def test_the_owner_is_listed_from_the_start(store: Store) -> None:
    listed = people.list_people(store)
    assert [p.id for p in listed] == [store.facts.owner_person_id]
    assert listed[0].role is PersonRole.COORDINATOR


def test_add_person(store: Store) -> None:
    seq = last_seq(store)
    person = people.add_person(store, "  Ash ")
    assert (person.name, person.role) == ("Ash", PersonRole.FACILITATOR)
    assert person in people.list_people(store)
    assert_logged(store, seq, "people", person.id, {"name", "role", "archived_on"})


def test_add_support_worker(store: Store) -> None:
    person = people.add_person(store, "Gwen", PersonRole.SUPPORT_WORKER)
    assert people.person_or_refuse(store, person.id).role is PersonRole.SUPPORT_WORKER


def test_edit_person(store: Store) -> None:
    person = make_person(store, "Ash")
    seq = last_seq(store)
    edited = people.update_person(store, person.id, "Ashley", PersonRole.SUPPORT_WORKER)
    assert (edited.name, edited.role) == ("Ashley", PersonRole.SUPPORT_WORKER)
    assert_logged(store, seq, "people", person.id, {"name", "role"})


def test_archive_person(store: Store) -> None:
    person = make_person(store, "Ash")
    seq = last_seq(store)
    archived = people.archive_person(store, person.id)
    assert archived.archived_on == store.today()
    assert person.id not in {p.id for p in people.list_people(store)}
    assert person.id in {p.id for p in people.list_people(store, include_archived=True)}
    assert_logged(store, seq, "people", person.id, {"archived_on"})


def test_people_are_listed_by_name_ignoring_case(store: Store) -> None:
    for name in ["zed", "Bea", "ash"]:
        make_person(store, name)
    names = [p.name for p in people.list_people(store) if p.id != store.facts.owner_person_id]
    assert names == ["ash", "Bea", "zed"]


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_names_in_any_script(store: Store, reopen: Callable[[], Store], name: str) -> None:
    person = make_person(store, name)
    assert people.person_or_refuse(reopen(), person.id).name == name


@pytest.mark.parametrize("name", ["", "  ", "A\x00sh", "A\nsh", "x" * 81])
def test_bad_names_are_refused_and_change_nothing(store: Store, name: str) -> None:
    person = make_person(store, "Ash")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        people.add_person(store, name)
    assert caught.value.message.startswith("The person's name can")
    with pytest.raises(ValidationError):
        people.update_person(store, person.id, name, PersonRole.FACILITATOR)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "action",
    [
        lambda s: people.person_or_refuse(s, "nope"),
        lambda s: people.update_person(s, "nope", "Ash", PersonRole.FACILITATOR),
        lambda s: people.archive_person(s, "nope"),
    ],
    ids=["get", "update", "archive"],
)
def test_unknown_person(store: Store, action: Callable[[Store], object]) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound) as caught:
        action(store)
    assert caught.value.message == "That person is not in this store."
    assert snapshot(store) == before
