"""The organisation's details: saved in the store, shown on handouts, logo checked first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.organisation import LOGO_MAX_BYTES, OrganisationDetails
from facilitator_app.services import handouts, organisation
from facilitator_app.store.organisation_rows import ORGANISATION_ROW
from facilitator_app.store.store import Store
from tests.factories import (
    PNG_SIGNATURE,
    assert_logged,
    last_seq,
    png_bytes,
    replace,
    snapshot,
    truncated_png,
)
from tests.pdf_reading import flat_text, image_names, page_texts, reader

DETAILS = OrganisationDetails(
    name="Riverside Peer Support CIC",
    phone="01234 567890",
    address="The Old Mill\nMill Lane\nRiverside RV1 2AB",
)


def test_before_saving_the_name_is_the_one_given_at_creation(store: Store) -> None:
    assert organisation.organisation_details(store) == OrganisationDetails("Riverside Peer Support")


def test_save_and_load(store: Store, reopen: Callable[[], Store]) -> None:
    seq = last_seq(store)
    assert organisation.save_organisation_details(store, DETAILS) == DETAILS
    assert_logged(store, seq, "organisation", ORGANISATION_ROW, {"name", "phone", "address"})
    assert organisation.organisation_details(reopen()) == DETAILS


def test_save_again_replaces(store: Store) -> None:
    organisation.save_organisation_details(store, DETAILS)
    changed = OrganisationDetails(name="Riverside Peer Support", phone="")
    assert organisation.save_organisation_details(store, changed) == changed


def test_a_real_logo_is_kept_byte_for_byte(store: Store, reopen: Callable[[], Store]) -> None:
    logo = png_bytes(64, 32)
    saved = organisation.save_organisation_details(
        store, OrganisationDetails("Riverside Peer Support", logo=logo)
    )
    assert saved.logo == logo
    assert organisation.organisation_details(reopen()).logo == logo


def test_the_logo_can_be_taken_off(store: Store) -> None:
    organisation.save_organisation_details(
        store, OrganisationDetails("Riverside Peer Support", logo=png_bytes())
    )
    cleared = organisation.save_organisation_details(
        store, OrganisationDetails("Riverside Peer Support")
    )
    assert cleared.logo is None
    data = handouts.handout_pdf(store, "grounding-toolkit", PageOptions())
    assert image_names(reader(data).pages[0]) == []


def test_the_details_and_logo_print_on_handouts(store: Store) -> None:
    organisation.save_organisation_details(store, replace(DETAILS, logo=png_bytes()))
    data = handouts.handout_pdf(store, "getting-help-now", PageOptions())
    pages = reader(data).pages
    assert len(image_names(pages[0])) == 1
    assert all(image_names(page) == [] for page in pages[1:])
    texts = page_texts(data)
    assert all(DETAILS.name in text for text in texts)  # header on every page
    text = flat_text(data)
    assert "Phone: 01234 567890" in text
    assert "The Old Mill Mill Lane Riverside RV1 2AB" in text


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (b"This is a text file named logo.png\n", "The logo must be a PNG or JPEG image."),
        (truncated_png(), "The logo image could not be read. Please choose a PNG or JPEG file."),
        (png_bytes()[:60], "The logo image could not be read."),  # cut off in its pixels
        (PNG_SIGNATURE + b"\x00" * LOGO_MAX_BYTES, "The logo image is larger than 2 MB"),
    ],
    ids=["text", "png-signature-then-garbage", "cut-in-pixels", "over-2-mb"],
)
def test_a_logo_that_is_not_a_usable_image_is_refused(
    store: Store, logo: bytes, message: str
) -> None:
    organisation.save_organisation_details(store, DETAILS)
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        organisation.save_organisation_details(
            store, OrganisationDetails("Another name", logo=logo)
        )
    assert refused.value.field == "logo"
    assert refused.value.message.startswith(message)
    assert snapshot(store) == before
    assert organisation.organisation_details(store) == DETAILS


def test_checked_logo_passes_a_real_image() -> None:
    logo = png_bytes()
    assert organisation.checked_logo(logo) == logo


def test_an_empty_name_is_refused_and_changes_nothing(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        organisation.save_organisation_details(store, OrganisationDetails("  "))
    assert refused.value.field == "name"
    assert snapshot(store) == before
