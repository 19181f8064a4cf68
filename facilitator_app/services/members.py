"""Members of a group: add, edit, consent, and removal from the group."""

from __future__ import annotations

import dataclasses
import datetime as dt

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.members import Member, MemberFields, validate_member
from facilitator_app.services.lookups import group_or_refuse, member_or_refuse
from facilitator_app.store.codec import date_out
from facilitator_app.store.member_rows import load_members, member_values
from facilitator_app.store.store import Store, new_id


def list_members(store: Store, group_id: str, *, include_archived: bool = False) -> list[Member]:
    group_or_refuse(store, group_id)
    return load_members(store.conn, group_id, include_archived=include_archived)


def add_member(store: Store, group_id: str, fields: MemberFields) -> Member:
    clean = validate_member(fields)
    group = group_or_refuse(store, group_id)
    if group.is_archived:
        raise ValidationError("group_id", "This group is archived; restore it to add members.")
    member_id = new_id()
    with store.transaction():
        store.insert(
            "members",
            member_id,
            member_values(clean) | {"group_id": group_id, "archived_on": None},
        )
    return member_or_refuse(store, member_id)


def update_member(store: Store, member_id: str, fields: MemberFields) -> Member:
    clean = validate_member(fields)
    member_or_refuse(store, member_id)
    with store.transaction():
        store.update("members", member_id, member_values(clean))
    return member_or_refuse(store, member_id)


def record_consent(store: Store, member_id: str, given_on: dt.date) -> Member:
    """Consent given (again): a new date, and any earlier withdrawal cleared."""
    member = member_or_refuse(store, member_id)
    fields = dataclasses.replace(
        member.fields, consent_given_on=given_on, consent_withdrawn_on=None
    )
    return update_member(store, member_id, fields)


def withdraw_consent(store: Store, member_id: str, withdrawn_on: dt.date) -> Member:
    member = member_or_refuse(store, member_id)
    fields = dataclasses.replace(member.fields, consent_withdrawn_on=withdrawn_on)
    return update_member(store, member_id, fields)


def remove_member(store: Store, member_id: str) -> Member:
    """Takes the member off the group's list; past attendance stays with the sessions."""
    member_or_refuse(store, member_id)
    with store.transaction():
        store.update("members", member_id, {"archived_on": date_out(store.today())})
    return member_or_refuse(store, member_id)


def restore_member(store: Store, member_id: str) -> Member:
    """Puts a removed member back on the group's list."""
    member_or_refuse(store, member_id)
    with store.transaction():
        store.update("members", member_id, {"archived_on": None})
    return member_or_refuse(store, member_id)
