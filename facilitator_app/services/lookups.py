"""Fetch-or-refuse helpers shared by the services, so every 'not found' reads the same."""

from __future__ import annotations

from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.groups import Group
from facilitator_app.domain.members import Member
from facilitator_app.domain.sessions import Session
from facilitator_app.store.group_rows import load_group
from facilitator_app.store.member_rows import load_member
from facilitator_app.store.session_rows import load_session
from facilitator_app.store.store import Store


def group_or_refuse(store: Store, group_id: str) -> Group:
    group = load_group(store.conn, group_id)
    if group is None:
        raise NotFound("That group is not in this store.")
    return group


def member_or_refuse(store: Store, member_id: str) -> Member:
    member = load_member(store.conn, member_id)
    if member is None:
        raise NotFound("That member is not in this store.")
    return member


def session_or_refuse(store: Store, session_id: str) -> Session:
    session = load_session(store.conn, session_id)
    if session is None:
        raise NotFound("That session is not in this store.")
    return session
