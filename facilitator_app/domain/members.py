"""Members of groups: a first name or pseudonym and consent, nothing more by default."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name


class ContactPreference(StrEnum):
    NOT_SAID = ""
    NO_CONTACT = "no-contact"
    PHONE_CALL = "phone-call"
    TEXT_MESSAGE = "text-message"
    EMAIL = "email"
    VIA_SUPPORT_WORKER = "via-support-worker"

    @property
    def label(self) -> str:
        return {
            ContactPreference.NOT_SAID: "Not said",
            ContactPreference.NO_CONTACT: "Prefers no contact between sessions",
            ContactPreference.PHONE_CALL: "Phone call",
            ContactPreference.TEXT_MESSAGE: "Text message",
            ContactPreference.EMAIL: "Email",
            ContactPreference.VIA_SUPPORT_WORKER: "Through their support worker",
        }[self]


class ConsentStatus(StrEnum):
    NOT_RECORDED = "not-recorded"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class MemberFields:
    name: str
    contact_preference: ContactPreference = ContactPreference.NOT_SAID
    consent_given_on: dt.date | None = None
    consent_withdrawn_on: dt.date | None = None

    @property
    def consent(self) -> ConsentStatus:
        if self.consent_withdrawn_on is not None:
            return ConsentStatus.WITHDRAWN
        if self.consent_given_on is not None:
            return ConsentStatus.GIVEN
        return ConsentStatus.NOT_RECORDED


@dataclass(frozen=True)
class Member:
    id: str
    group_id: str
    fields: MemberFields
    archived_on: dt.date | None = None

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def consent(self) -> ConsentStatus:
        return self.fields.consent


def validate_member(fields: MemberFields) -> MemberFields:
    if fields.consent_withdrawn_on is not None:
        if fields.consent_given_on is None:
            raise ValidationError(
                "consent_withdrawn_on", "Consent can only be withdrawn after it was given."
            )
        if fields.consent_withdrawn_on < fields.consent_given_on:
            raise ValidationError(
                "consent_withdrawn_on", "Consent was withdrawn before the date it was given."
            )
    return MemberFields(
        name=clean_name(fields.name, "name", "The first name or pseudonym"),
        contact_preference=ContactPreference(fields.contact_preference),
        consent_given_on=fields.consent_given_on,
        consent_withdrawn_on=fields.consent_withdrawn_on,
    )
