"""The organisation's details as shown on handouts."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

LOGO_MAX_BYTES = 2 * 1024 * 1024
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    phone: str = ""
    address: str = ""
    logo: bytes | None = None


def validate_logo(data: bytes) -> bytes:
    """Accept PNG or JPEG images of a sensible size; anything else is refused."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            "logo", "The logo image is larger than 2 MB; please use a smaller one."
        )
    if not data.startswith(_IMAGE_SIGNATURES):
        raise ValidationError("logo", "The logo must be a PNG or JPEG image.")
    return data


def validate_details(details: OrganisationDetails) -> OrganisationDetails:
    return OrganisationDetails(
        name=clean_name(details.name, "name", "The organisation's name"),
        phone=clean_name(details.phone, "phone", "The phone number", required=False),
        address=clean_note(details.address, "address", "The address", limit=300),
        logo=validate_logo(details.logo) if details.logo is not None else None,
    )
