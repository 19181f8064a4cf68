"""Members: add, edit, consent given and withdrawn, removal from the group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.members import ConsentStatus, ContactPreference
from facilitator_app.services import groups, members, sessions
from facilitator_app.store.store import Store
from tests.factories import (
    INTERNATIONAL_NAMES,
    assert_logged,
    last_seq,
    make_group,
    make_member,
    make_session,
    member_fields,
    replace,
    snapshot,
)

GIVEN = dt.date(2025, 1, 7)


def test_add_member(store: Store) -> None:
    group = make_group(store)
    seq = last_seq(store)
    member = members.add_member(
        store,
        group.id,
        member_fields(name=" Kit ", contact_preference=ContactPreference.TEXT_MESSAGE),
    )
    assert member.name == "Kit"
    assert member.group_id == group.id
    assert member.fields.contact_preference is ContactPreference.TEXT_MESSAGE
    assert member.consent is ConsentStatus.GIVEN
    assert members.list_members(store, group.id) == [member]
    assert_logged(
        store,
        seq,
        "members",
        member.id,
        {"group_id", "name", "contact_preference", "consent_given_on", "archived_on"},
    )


def test_members_belong_to_their_own_group(store: Store) -> None:
    first, second = make_group(store), make_group(store, name="Second group")
    make_member(store, first.id, name="Ana")
    make_member(store, second.id, name="Bo")
    assert [m.name for m in members.list_members(store, first.id)] == ["Ana"]
    assert [m.name for m in members.list_members(store, second.id)] == ["Bo"]


def test_edit_member(store: Store) -> None:
    member = make_member(store, make_group(store).id)
    seq = last_seq(store)
    edited = members.update_member(store, member.id, replace(member.fields, name="Kit"))
    assert edited.name == "Kit"
    logged = assert_logged(store, seq, "members", member.id, {"name"})
    assert {row.field for row in logged} == {"name"}


def test_remove_member_takes_them_off_the_list(store: Store) -> None:
    group = make_group(store)
    staying = make_member(store, group.id, name="Ana")
    leaving = make_member(store, group.id, name="Bo")
    seq = last_seq(store)
    removed = members.remove_member(store, leaving.id)
    assert removed.archived_on == store.today()
    assert members.list_members(store, group.id) == [staying]
    assert len(members.list_members(store, group.id, include_archived=True)) == 2
    assert_logged(store, seq, "members", leaving.id, {"archived_on"})


def test_a_removed_member_is_not_on_a_new_register(store: Store) -> None:
    group = make_group(store)
    leaving = make_member(store, group.id, name="Bo")
    members.remove_member(store, leaving.id)
    session = make_session(store, group.id)
    assert sessions.register(store, session.id) == []
    with pytest.raises(ValidationError, match="Only current members"):
        sessions.take_register(store, session.id, [leaving.id])


def test_no_members_can_join_an_archived_group(store: Store) -> None:
    group = make_group(store)
    groups.archive_group(store, group.id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        make_member(store, group.id)
    assert caught.value.message == "This group is archived; restore it to add members."
    assert snapshot(store) == before


# --- consent -------------------------------------------------------------------------


def test_record_consent(store: Store) -> None:
    member = make_member(store, make_group(store).id, consent_given_on=None)
    assert member.consent is ConsentStatus.NOT_RECORDED
    seq = last_seq(store)
    given = members.record_consent(store, member.id, GIVEN)
    assert given.consent is ConsentStatus.GIVEN
    assert given.fields.consent_given_on == GIVEN
    assert_logged(store, seq, "members", member.id, {"consent_given_on"})


def test_withdrawn_consent_takes_the_member_off_the_register(store: Store) -> None:
    group = make_group(store)
    staying = make_member(store, group.id, name="Ana")
    withdrawing = make_member(store, group.id, name="Bo")
    seq = last_seq(store)
    withdrawn = members.withdraw_consent(store, withdrawing.id, GIVEN + dt.timedelta(days=14))
    assert withdrawn.consent is ConsentStatus.WITHDRAWN
    assert_logged(store, seq, "members", withdrawing.id, {"consent_withdrawn_on"})

    session = make_session(store, group.id)
    assert [line.member_id for line in sessions.register(store, session.id)] == [staying.id]
    with pytest.raises(ValidationError, match="Only current members"):
        sessions.take_register(store, session.id, [withdrawing.id])


def test_withdrawal_before_consent_was_given_is_refused(store: Store) -> None:
    member = make_member(store, make_group(store).id, consent_given_on=None)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        members.withdraw_consent(store, member.id, GIVEN)
    assert caught.value.message == "Consent can only be withdrawn after it was given."
    assert snapshot(store) == before


def test_withdrawal_dated_before_the_consent_is_refused(store: Store) -> None:
    member = make_member(store, make_group(store).id, consent_given_on=GIVEN)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="withdrawn before the date it was given"):
        members.withdraw_consent(store, member.id, GIVEN - dt.timedelta(days=1))
    assert snapshot(store) == before


def test_consent_given_again_clears_the_withdrawal(store: Store) -> None:
    group = make_group(store)
    member = make_member(store, group.id)
    members.withdraw_consent(store, member.id, GIVEN + dt.timedelta(days=1))
    again = members.record_consent(store, member.id, GIVEN + dt.timedelta(days=30))
    assert again.consent is ConsentStatus.GIVEN
    assert again.fields.consent_withdrawn_on is None
    session = make_session(store, group.id)
    assert [line.member_id for line in sessions.register(store, session.id)] == [member.id]


# --- names and bad input ---------------------------------------------------------------


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_names_in_any_script_read_back_intact_after_reopening(
    store: Store, reopen: Callable[[], Store], name: str
) -> None:
    group = make_group(store)
    member = make_member(store, group.id, name=name)
    assert member.name == name
    assert [m.name for m in members.list_members(reopen(), group.id)] == [name]


def test_a_decomposed_name_is_stored_composed(store: Store) -> None:
    member = make_member(store, make_group(store).id, name="Nguye\u0302\u0303n")
    assert member.name == "Nguyễn"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "The first name or pseudonym can't be empty."),
        ("   ", "The first name or pseudonym can't be empty."),
        ("\u00a0\t", "The first name or pseudonym can't be empty."),
        ("Al\x00ex", "The first name or pseudonym can't contain line breaks"),
        ("Al\x07ex", "The first name or pseudonym can't contain line breaks"),
        ("Al\nex", "The first name or pseudonym can't contain line breaks"),
        ("Al\u202eex", "The first name or pseudonym can't contain line breaks"),
        ("x" * 81, "The first name or pseudonym can be at most 80 characters."),
    ],
)
def test_bad_names_are_refused_and_change_nothing(store: Store, name: str, words: str) -> None:
    group = make_group(store)
    existing = make_member(store, group.id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        members.add_member(store, group.id, member_fields(name=name))
    assert caught.value.field == "name"
    assert caught.value.message.startswith(words)
    with pytest.raises(ValidationError):
        members.update_member(store, existing.id, member_fields(name=name))
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: members.list_members(s, "nope"), "That group is not in this store."),
        (lambda s: members.add_member(s, "nope", member_fields()), "That group"),
        (lambda s: members.update_member(s, "nope", member_fields()), "That member"),
        (lambda s: members.record_consent(s, "nope", GIVEN), "That member"),
        (lambda s: members.withdraw_consent(s, "nope", GIVEN), "That member"),
        (lambda s: members.remove_member(s, "nope"), "That member is not in this store."),
    ],
    ids=["list", "add", "update", "consent", "withdraw", "remove"],
)
def test_unknown_ids(store: Store, action: Callable[[Store], object], message: str) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound) as caught:
        action(store)
    assert caught.value.message.startswith(message)
    assert snapshot(store) == before
