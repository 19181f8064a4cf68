"""Groups: create, edit, archive and restore; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.groups import GroupKind, Weekday
from facilitator_app.services import groups
from facilitator_app.store.store import Store
from tests.factories import (
    INTERNATIONAL_NAMES,
    assert_logged,
    group_fields,
    last_seq,
    make_group,
    replace,
    snapshot,
)


def test_create_keeps_every_field(store: Store) -> None:
    seq = last_seq(store)
    fields = group_fields(
        name="Saturday walking group",
        kind=GroupKind.ACTIVITY,
        usual_day=Weekday.SATURDAY,
        usual_time=dt.time(10, 0),
    )
    group = groups.create_group(store, fields)
    assert group.fields == fields
    assert not group.is_archived
    assert groups.get_group(store, group.id) == group
    assert groups.list_groups(store) == [group]
    assert_logged(
        store,
        seq,
        "groups",
        group.id,
        {"name", "kind", "venue", "usual_day", "usual_time", "start_date", "archived_on"},
    )


def test_create_trims_what_was_typed(store: Store) -> None:
    group = groups.create_group(store, group_fields(name="  Tuesday group\t", venue=" Hall "))
    assert (group.name, group.fields.venue) == ("Tuesday group", "Hall")


def test_a_group_with_only_a_name(store: Store) -> None:
    group = groups.create_group(
        store,
        group_fields(
            venue="",
            cohort_note="",
            usual_day=None,
            usual_time=None,
            start_date=None,
            end_date=None,
            agreement_text="",
        ),
    )
    again = groups.get_group(store, group.id)
    assert again.fields.usual_day is None
    assert again.fields.start_date is None
    assert again.fields.venue == ""


def test_edit_changes_and_logs_only_what_changed(store: Store) -> None:
    group = make_group(store)
    seq = last_seq(store)
    edited = groups.update_group(store, group.id, replace(group.fields, venue="Library"))
    assert edited.fields.venue == "Library"
    assert edited.name == group.name
    logged = assert_logged(store, seq, "groups", group.id, {"venue"})
    assert {row.field for row in logged} == {"venue"}


def test_archive_and_restore(store: Store) -> None:
    group = make_group(store)
    other = make_group(store, name="Another group")
    seq = last_seq(store)
    archived = groups.archive_group(store, group.id)
    assert archived.archived_on == store.today()
    assert archived.is_archived
    assert groups.list_groups(store) == [other]
    assert {g.id for g in groups.list_groups(store, include_archived=True)} == {group.id, other.id}
    assert_logged(store, seq, "groups", group.id, {"archived_on"})

    seq = last_seq(store)
    restored = groups.restore_group(store, group.id)
    assert not restored.is_archived
    assert {g.id for g in groups.list_groups(store)} == {group.id, other.id}
    assert_logged(store, seq, "groups", group.id, {"archived_on"})


def test_groups_are_listed_by_name_ignoring_case(store: Store) -> None:
    for name in ["walking group", "Art group", "book club"]:
        make_group(store, name=name)
    assert [g.name for g in groups.list_groups(store)] == [
        "Art group",
        "book club",
        "walking group",
    ]


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_names_in_any_script_read_back_intact_after_reopening(
    store: Store, reopen: Callable[[], Store], name: str
) -> None:
    group = make_group(store, name=name, venue=f"{name} hall", agreement_text=f"{name}\n{name}")
    again = groups.get_group(reopen(), group.id)
    assert again.name == name
    assert again.fields.venue == f"{name} hall"
    assert again.fields.agreement_text == f"{name}\n{name}"


BAD_FIELDS = {
    "empty name": ({"name": ""}, "name", "The group's name can't be empty."),
    "blank name": ({"name": "   \t "}, "name", "The group's name can't be empty."),
    "NUL in name": ({"name": "Tues\x00day"}, "name", "can't contain line breaks"),
    "bell in name": ({"name": "Tues\x07day"}, "name", "can't contain line breaks"),
    "line break in name": ({"name": "Tues\nday"}, "name", "can't contain line breaks"),
    "line break in venue": ({"venue": "Hall\nroom 2"}, "venue", "The venue can't contain"),
    "end before start": (
        {"start_date": dt.date(2025, 6, 1), "end_date": dt.date(2025, 5, 31)},
        "end_date",
        "The end date is before the start date.",
    ),
    "long name": ({"name": "x" * 81}, "name", "at most 80 characters"),
    "huge agreement": ({"agreement_text": "x" * 100_000}, "agreement_text", "100,000"),
}


@pytest.mark.parametrize("case", sorted(BAD_FIELDS))
def test_bad_input_is_refused_and_changes_nothing(store: Store, case: str) -> None:
    overrides, field, words = BAD_FIELDS[case]
    existing = make_group(store)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        groups.create_group(store, group_fields(**overrides))
    assert caught.value.field == field
    assert words in caught.value.message
    with pytest.raises(ValidationError):
        groups.update_group(store, existing.id, group_fields(**overrides))
    assert snapshot(store) == before


def test_the_note_limit_error_names_the_limit(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        groups.create_group(store, group_fields(agreement_text="x" * 100_000))
    assert caught.value.message == (
        "The group agreement can hold at most 20,000 characters (this has 100,000 characters)."
    )


@pytest.mark.parametrize(
    "action",
    [
        lambda store: groups.get_group(store, "no-such-group"),
        lambda store: groups.update_group(store, "no-such-group", group_fields()),
        lambda store: groups.archive_group(store, "no-such-group"),
        lambda store: groups.restore_group(store, "no-such-group"),
    ],
    ids=["get", "update", "archive", "restore"],
)
def test_unknown_group(store: Store, action: Callable[[Store], object]) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound) as caught:
        action(store)
    assert caught.value.message == "That group is not in this store."
    assert snapshot(store) == before
