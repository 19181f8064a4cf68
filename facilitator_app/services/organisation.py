"""The organisation's details shown on handouts: name, phone, address, logo."""

from __future__ import annotations

from facilitator_app.documents.handout_pdf import logo_size
from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.organisation import (
    OrganisationDetails,
    validate_details,
    validate_logo,
)
from facilitator_app.store.organisation_rows import (
    ORGANISATION_ROW,
    load_organisation,
    organisation_values,
)
from facilitator_app.store.store import Store


def organisation_details(store: Store) -> OrganisationDetails:
    """As saved, or, before anything is saved, the name given when the store was made."""
    return load_organisation(store.conn) or OrganisationDetails(name=store.facts.organisation)


def checked_logo(data: bytes) -> bytes:
    """A logo that is a PNG or JPEG and that the PDF maker can actually read."""
    validate_logo(data)
    try:
        logo_size(data)
    except ValueError:
        raise ValidationError(
            "logo", "The logo image could not be read. Please choose a PNG or JPEG file."
        ) from None
    return data


def save_organisation_details(store: Store, details: OrganisationDetails) -> OrganisationDetails:
    clean = validate_details(details)
    if clean.logo is not None:
        checked_logo(clean.logo)
    with store.transaction():
        if load_organisation(store.conn) is None:
            store.insert("organisation", ORGANISATION_ROW, organisation_values(clean))
        else:
            store.update("organisation", ORGANISATION_ROW, organisation_values(clean))
    return organisation_details(store)
