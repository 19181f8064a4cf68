"""The signposting directory table: rows in and out of domain values."""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.signposting import Service, ServiceFields
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in, date_out

_COLUMNS = (
    "id, name, offers, for_whom, phone, text_number, web, hours, area, urgent, last_checked, "
    "position"
)


def service_values(fields: ServiceFields) -> dict[str, Value]:
    return {
        "name": fields.name,
        "offers": fields.offers,
        "for_whom": fields.for_whom,
        "phone": fields.phone,
        "text_number": fields.text,
        "web": fields.web,
        "hours": fields.hours,
        "area": fields.area,
        "urgent": int(fields.urgent),
        "last_checked": date_out(fields.last_checked),
    }


def _service(row: Any) -> Service:
    return Service(
        id=row[0],
        fields=ServiceFields(
            name=row[1],
            offers=row[2],
            for_whom=row[3],
            phone=row[4],
            text=row[5],
            web=row[6],
            hours=row[7],
            area=row[8],
            urgent=bool(row[9]),
            last_checked=date_in(row[10]),
        ),
        position=row[11],
    )


def load_services(conn: Any) -> list[Service]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM services WHERE archived_on IS NULL "  # noqa: S608
        "ORDER BY position, name COLLATE NOCASE, id"
    ).fetchall()
    return [_service(row) for row in rows]


def load_service(conn: Any, service_id: str) -> Service | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM services WHERE id = ? AND archived_on IS NULL",  # noqa: S608
        [service_id],
    ).fetchone()
    return None if row is None else _service(row)


def next_position(conn: Any) -> int:
    row = conn.execute("SELECT COALESCE(MAX(position), 0) FROM services").fetchone()
    return int(row[0]) + 10
