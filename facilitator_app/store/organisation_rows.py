"""The organisation's details: a single row, created the first time they are saved."""

from __future__ import annotations

import base64
from typing import Any

from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.store.changes import Value

ORGANISATION_ROW = "organisation"


def organisation_values(details: OrganisationDetails) -> dict[str, Value]:
    # Change capture stores JSON values, so the logo travels as base64 text.
    logo = base64.b64encode(details.logo).decode("ascii") if details.logo else None
    return {"name": details.name, "phone": details.phone, "address": details.address, "logo": logo}


def load_organisation(conn: Any) -> OrganisationDetails | None:
    row = conn.execute(
        "SELECT name, phone, address, logo FROM organisation WHERE id = ?", [ORGANISATION_ROW]
    ).fetchone()
    if row is None:
        return None
    logo = base64.b64decode(row[3]) if row[3] else None
    return OrganisationDetails(name=row[0], phone=row[1], address=row[2], logo=logo)
