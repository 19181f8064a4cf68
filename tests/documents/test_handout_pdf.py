"""A handout as a PDF, with the logo; and a group's own agreement in the agreement's frame."""

from __future__ import annotations

import pytest

from facilitator_app.documents.blocks import HandoutContext
from facilitator_app.documents.handout_pdf import (
    FOOTER,
    logo_size,
    render_group_agreement,
    render_handout,
)
from facilitator_app.documents.page import PageOptions
from facilitator_app.domain.handouts import Audience, Handout
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields
from tests.factories import png_bytes, truncated_png
from tests.pdf_reading import (
    assert_in_order,
    assert_neutral_metadata,
    flat,
    flat_text,
    image_names,
    page_texts,
    reader,
    text_runs,
)

ORGANISATION = OrganisationDetails(name="Riverside Peer Support", phone="01234 567890")
CONTEXT = HandoutContext(ORGANISATION, [ServiceFields("Samaritans", phone="116 123", urgent=True)])

AGREEMENT = Handout(
    name="our-group-agreement",
    title="Our group agreement",
    audience=Audience.MEMBERS,
    summary="What we agree.",
    order=20,
    version=1,
    body=(
        "We make this agreement together.\n\n- Default one.\n- Default two.\n\n"
        "## More about it\n\nWe look at it again each session."
    ),
)


def _handout(body: str, title: str = "A calm title") -> Handout:
    return Handout(
        name="test",
        title=title,
        audience=Audience.MEMBERS,
        summary="Summary.",
        order=1,
        version=1,
        body=body,
    )


def test_title_body_header_and_footer() -> None:
    data = render_handout(_handout("## First\n\nWords.\n\n## Second"), CONTEXT, PageOptions())
    (text,) = page_texts(data)
    assert_in_order(flat(text), ["A calm title", "First", "Words.", "Second"])
    assert "Riverside Peer Support" in text
    assert FOOTER in flat(text)
    assert "Page 1 of 1" in text


def test_the_title_is_the_biggest_text() -> None:
    runs = text_runs(render_handout(_handout("## Heading\n\nBody."), CONTEXT, PageOptions()))
    sizes = {run.text: run.size for run in runs}
    assert sizes["A calm title"] == max(sizes.values())
    assert sizes["A calm title"] > sizes["Heading"] > sizes["Body."]


def test_metadata_is_the_title_only() -> None:
    data = render_handout(_handout("Words."), CONTEXT, PageOptions())
    assert_neutral_metadata(data, "A calm title", private=["Riverside"])


def test_no_logo_no_image() -> None:
    data = render_handout(_handout("Words."), CONTEXT, PageOptions())
    assert image_names(reader(data).pages[0]) == []


def test_the_logo_is_an_image_on_the_first_page() -> None:
    with_logo = HandoutContext(
        OrganisationDetails(name="Riverside Peer Support", logo=png_bytes()), CONTEXT.services
    )
    body = "\n\n".join(f"Paragraph {number}." for number in range(120))
    data = render_handout(_handout(body), with_logo, PageOptions())
    pages = reader(data).pages
    assert len(pages) > 1
    assert len(image_names(pages[0])) == 1
    assert all(image_names(page) == [] for page in pages[1:])


def test_logo_size() -> None:
    assert logo_size(png_bytes(40, 20)) == (40, 20)
    assert logo_size(png_bytes(1, 300)) == (1, 300)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"This is a text file named logo.png",
        truncated_png(),
        png_bytes()[:40],  # cut off in its header
        png_bytes()[:60],  # a readable header, then cut off in its pixels
    ],
    ids=["empty", "text", "png-signature-then-garbage", "cut-in-header", "cut-in-pixels"],
)
def test_an_unreadable_logo_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="image"):
        logo_size(data)


def test_large_print_is_larger() -> None:
    handout = _handout("## Heading\n\n" + "\n\n".join(f"Paragraph {n} here." for n in range(40)))
    normal = render_handout(handout, CONTEXT, PageOptions())
    large = render_handout(handout, CONTEXT, PageOptions(large_print=True))
    assert len(reader(large).pages) > len(reader(normal).pages)

    def body_size(data: bytes) -> float:
        return max(run.size for run in text_runs(data) if run.text.startswith("Paragraph"))

    assert body_size(normal) < 16 <= body_size(large)


def test_group_agreement_uses_the_groups_own_items_in_place_of_the_defaults() -> None:
    data = render_group_agreement(
        AGREEMENT,
        "Tuesday evening group",
        ["Our first item.", "Our **second** item."],
        CONTEXT,
        PageOptions(),
    )
    text = flat_text(data)
    assert_in_order(
        text,
        [
            "Our group agreement",
            "Tuesday evening group",
            "We make this agreement together.",
            "• Our first item.",
            "• Our second item.",
            "More about it",
            "We look at it again each session.",
        ],
    )
    assert "Default" not in text
    assert_neutral_metadata(data, "Our group agreement", private=["Tuesday evening group"])


def test_group_agreement_without_bullets_adds_the_items_at_the_end() -> None:
    no_bullets = _handout("We agree these things:", title="Agreement")
    text = flat_text(
        render_group_agreement(no_bullets, "Group", ["One.", "Two."], CONTEXT, PageOptions())
    )
    assert_in_order(text, ["Agreement", "Group", "We agree these things:", "• One.", "• Two."])


def test_group_agreement_keeps_non_bullet_lines_between_bullets() -> None:
    handout = _handout("- a\n\n[ ] ticked?\n\n- b\n\nAfter.", title="Agreement")
    text = flat_text(render_group_agreement(handout, "G", ["Ours."], CONTEXT, PageOptions()))
    assert_in_order(text, ["• Ours.", "☐ ticked?", "After."])
    assert text.count("•") == 1
