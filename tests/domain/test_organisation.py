"""The organisation's details: a name, phone, address, and a logo that is really an image."""

from __future__ import annotations

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.organisation import (
    LOGO_MAX_BYTES,
    OrganisationDetails,
    validate_details,
    validate_logo,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff\xe0"


@pytest.mark.parametrize("start", [PNG_SIGNATURE, JPEG_START])
def test_png_and_jpeg_are_accepted(start: bytes) -> None:
    data = start + b"\x00" * 100
    assert validate_logo(data) == data


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a" + b"\x00" * 10,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"This is a text file, named logo.png",
        PNG_SIGNATURE[:7],
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_logo(data)
    assert refused.value.field == "logo"
    assert refused.value.message == "The logo must be a PNG or JPEG image."


def test_a_logo_over_2_mb_is_refused() -> None:
    assert validate_logo(PNG_SIGNATURE + b"\x00" * (LOGO_MAX_BYTES - 8))
    with pytest.raises(ValidationError) as refused:
        validate_logo(PNG_SIGNATURE + b"\x00" * (LOGO_MAX_BYTES - 7))
    assert "larger than 2 MB" in refused.value.message


def test_details_are_trimmed() -> None:
    details = OrganisationDetails(
        name="  Riverside Peer Support ", phone=" 01234 567890", address="1 High St\nRiverside\n"
    )
    assert validate_details(details) == OrganisationDetails(
        name="Riverside Peer Support", phone="01234 567890", address="1 High St\nRiverside"
    )


def test_the_name_is_required() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_details(OrganisationDetails(name=" "))
    assert refused.value.field == "name"


def test_the_phone_is_one_line() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_details(OrganisationDetails(name="R", phone="0123\n4567"))
    assert refused.value.field == "phone"


def test_a_bad_logo_in_the_details_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_details(OrganisationDetails(name="R", logo=b"not an image"))
    assert refused.value.field == "logo"
