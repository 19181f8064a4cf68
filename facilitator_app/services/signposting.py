"""The signposting directory: seeded from the shipped list, then the charity's own."""

from __future__ import annotations

import dataclasses
import datetime as dt

from facilitator_app.documents.shipped import shipped_services
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.signposting import Service, ServiceFields, validate_service
from facilitator_app.store.codec import date_out
from facilitator_app.store.service_rows import (
    load_service,
    load_services,
    next_position,
    service_values,
)
from facilitator_app.store.store import Store, new_id

SEEDED_KEY = "directory_seeded"


def seed_directory(store: Store) -> None:
    """Copy the shipped directory into a store once, so the charity can edit it."""
    if store.meta(SEEDED_KEY):
        return
    with store.transaction():
        for position, fields in enumerate(shipped_services(), start=1):
            store.insert(
                "services",
                new_id(),
                service_values(fields) | {"position": position * 10, "archived_on": None},
            )
        store.set_meta(SEEDED_KEY, store.now().isoformat())


def list_services(store: Store) -> list[Service]:
    return load_services(store.conn)


def service_or_refuse(store: Store, service_id: str) -> Service:
    service = load_service(store.conn, service_id)
    if service is None:
        raise NotFound("That service is not in the directory.")
    return service


def add_service(store: Store, fields: ServiceFields) -> Service:
    clean = validate_service(fields, store.today())
    service_id = new_id()
    with store.transaction():
        store.insert(
            "services",
            service_id,
            service_values(clean) | {"position": next_position(store.conn), "archived_on": None},
        )
    return service_or_refuse(store, service_id)


def update_service(store: Store, service_id: str, fields: ServiceFields) -> Service:
    clean = validate_service(fields, store.today())
    service_or_refuse(store, service_id)
    with store.transaction():
        store.update("services", service_id, service_values(clean))
    return service_or_refuse(store, service_id)


def mark_checked(store: Store, service_id: str, on: dt.date | None = None) -> Service:
    """Record that someone checked the entry's details are still right."""
    service = service_or_refuse(store, service_id)
    checked = validate_service(
        dataclasses.replace(service.fields, last_checked=on or store.today()), store.today()
    )
    with store.transaction():
        store.update("services", service_id, {"last_checked": date_out(checked.last_checked)})
    return service_or_refuse(store, service_id)


def remove_service(store: Store, service_id: str) -> None:
    service_or_refuse(store, service_id)
    with store.transaction():
        store.update("services", service_id, {"archived_on": date_out(store.today())})
