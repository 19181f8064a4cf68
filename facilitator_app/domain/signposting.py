"""The signposting directory: other services a member or facilitator can be pointed to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

RECHECK_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class ServiceFields:
    name: str
    offers: str = ""
    for_whom: str = ""
    phone: str = ""
    text: str = ""
    web: str = ""
    hours: str = ""
    area: str = ""
    urgent: bool = False
    last_checked: dt.date | None = None


@dataclass(frozen=True)
class Service:
    id: str
    fields: ServiceFields
    position: int = 0

    @property
    def name(self) -> str:
        return self.fields.name


def needs_check(fields: ServiceFields, today: dt.date) -> bool:
    """Never checked by this charity, or not checked for twelve months."""
    return fields.last_checked is None or today - fields.last_checked > RECHECK_AFTER


def validate_service(fields: ServiceFields, today: dt.date) -> ServiceFields:
    if fields.last_checked is not None and fields.last_checked > today:
        raise ValidationError("last_checked", "The 'last checked' date is in the future.")
    return ServiceFields(
        name=clean_name(fields.name, "name", "The service's name"),
        offers=clean_note(fields.offers, "offers", "What it offers", limit=600),
        for_whom=clean_note(fields.for_whom, "for_whom", "Who it is for", limit=300),
        phone=clean_name(fields.phone, "phone", "The phone number", required=False),
        text=clean_name(fields.text, "text", "The text number", required=False),
        web=clean_name(fields.web, "web", "The web address", required=False),
        hours=clean_name(fields.hours, "hours", "The hours", required=False),
        area=clean_name(fields.area, "area", "The area", required=False),
        urgent=bool(fields.urgent),
        last_checked=fields.last_checked,
    )
