"""Groups: create, edit, archive and restore."""

from __future__ import annotations

from facilitator_app.domain.groups import Group, GroupFields, validate_group
from facilitator_app.services.lookups import group_or_refuse
from facilitator_app.store.codec import date_out
from facilitator_app.store.group_rows import group_values, load_groups
from facilitator_app.store.store import Store, new_id


def list_groups(store: Store, *, include_archived: bool = False) -> list[Group]:
    return load_groups(store.conn, include_archived=include_archived)


def get_group(store: Store, group_id: str) -> Group:
    return group_or_refuse(store, group_id)


def create_group(store: Store, fields: GroupFields) -> Group:
    clean = validate_group(fields)
    group_id = new_id()
    with store.transaction():
        store.insert("groups", group_id, group_values(clean) | {"archived_on": None})
    return group_or_refuse(store, group_id)


def update_group(store: Store, group_id: str, fields: GroupFields) -> Group:
    clean = validate_group(fields)
    group_or_refuse(store, group_id)
    with store.transaction():
        store.update("groups", group_id, group_values(clean))
    return group_or_refuse(store, group_id)


def archive_group(store: Store, group_id: str) -> Group:
    """Archived groups leave the everyday lists; their records stay until retention ends."""
    group_or_refuse(store, group_id)
    with store.transaction():
        store.update("groups", group_id, {"archived_on": date_out(store.today())})
    return group_or_refuse(store, group_id)


def restore_group(store: Store, group_id: str) -> Group:
    group_or_refuse(store, group_id)
    with store.transaction():
        store.update("groups", group_id, {"archived_on": None})
    return group_or_refuse(store, group_id)
