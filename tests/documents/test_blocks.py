"""Handout blocks as printed: each kind of block, the placeholders, and text made safe."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from facilitator_app.documents.blocks import (
    HandoutContext,
    WriteLines,
    block_flowables,
    markup,
)
from facilitator_app.documents.page import PageOptions, Paper, build_pdf, styles_for
from facilitator_app.domain.handouts import parse_body
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields
from tests.pdf_reading import assert_in_order, flat_text, page_texts, text_runs

ORGANISATION = OrganisationDetails(
    name="Riverside Peer Support", phone="01234 567890", address="1 High Street\nRiverside"
)
URGENT = ServiceFields(
    name="Samaritans",
    offers="Someone to talk to.",
    for_whom="Anyone.",
    phone="116 123",
    web="samaritans.org",
    hours="24 hours a day",
    area="UK",
    urgent=True,
)
NOT_URGENT = ServiceFields(
    name="Live Fear Free helpline",
    offers="Help and advice.",
    phone="0808 80 10 800",
    text="078600 77333",
    area="Wales",
)
CONTEXT = HandoutContext(ORGANISATION, [URGENT, NOT_URGENT])


def _render(
    body: str, context: HandoutContext = CONTEXT, options: PageOptions | None = None
) -> bytes:
    options = options or PageOptions()
    styles = styles_for(options)
    return build_pdf(
        title="Test",
        header="",
        footer="",
        story=block_flowables(parse_body(body), context, styles),
        options=options,
    )


def test_every_kind_of_text_block_prints_in_order() -> None:
    body = (
        "An opening paragraph.\n\n## A heading\n\n### A smaller heading\n\n"
        "- the first bullet\n- the second bullet\n\n[ ] a tick box\n\nA closing paragraph."
    )
    text = flat_text(_render(body))
    assert_in_order(
        text,
        [
            "An opening paragraph.",
            "A heading",
            "A smaller heading",
            "• the first bullet",
            "• the second bullet",
            "☐ a tick box",
            "A closing paragraph.",
        ],
    )


def test_headings_print_bigger_and_bold() -> None:
    runs = {run.text: run for run in text_runs(_render("## Heading\n\n### Sub\n\nBody."))}
    assert runs["Heading"].size > runs["Sub"].size > runs["Body."].size
    assert runs["Heading"].font.endswith("DejaVuSans-Bold")
    assert runs["Sub"].font.endswith("DejaVuSans-Bold")
    assert runs["Body."].font.endswith("DejaVuSans")


def test_bold_runs_print_in_the_bold_face() -> None:
    runs = text_runs(_render("Call **999** now."))
    bold = [run for run in runs if run.font.endswith("-Bold")]
    assert [run.text for run in bold] == ["999"]
    assert "Call 999 now." in flat_text(_render("Call **999** now."))


@pytest.mark.parametrize("large_print", [False, True])
def test_bullets_and_tick_boxes_are_as_big_as_their_words(*, large_print: bool) -> None:
    runs = text_runs(
        _render("- a bullet\n\n[ ] a tick box", options=PageOptions(large_print=large_print))
    )
    marks = [run for run in runs if run.text in {"•", "☐"}]
    words = [run for run in runs if run.text in {"a bullet", "a tick box"}]
    assert len(marks) == len(words) == 2
    assert {run.size for run in marks} == {run.size for run in words}


def test_the_organisation_is_filled_in_within_a_line() -> None:
    text = flat_text(_render("## About {{organisation}}\n\n{{organisation}} supports you."))
    assert "About Riverside Peer Support" in text
    assert "Riverside Peer Support supports you." in text
    assert "{{" not in text


def test_services_lists_every_entry_with_how_to_reach_it() -> None:
    text = flat_text(_render("{{services}}"))
    assert_in_order(
        text,
        [
            "Samaritans",
            "Someone to talk to.",
            "For: Anyone.",
            "Phone: 116 123 · Web: samaritans.org",
            "24 hours a day · UK",
            "Live Fear Free helpline",
            "Help and advice.",
            "Phone: 0808 80 10 800 · Text: 078600 77333",
            "Wales",
        ],
    )


def test_empty_details_leave_no_empty_labels() -> None:
    only_a_name = HandoutContext(ORGANISATION, [ServiceFields(name="A service with a name only")])
    text = flat_text(_render("{{services}}", only_a_name))
    assert "A service with a name only" in text
    for label in ("Phone:", "Text:", "Web:", "For:", "·"):
        assert label not in text


def test_urgent_services_lists_only_urgent_entries() -> None:
    text = flat_text(_render("{{urgent_services}}"))
    assert "Samaritans" in text
    assert "116 123" in text
    assert "Live Fear Free" not in text


def test_no_directory_entries_print_nothing_but_the_rest() -> None:
    text = flat_text(_render("Before.\n{{services}}\nAfter.", HandoutContext(ORGANISATION, [])))
    assert_in_order(text, ["Before.", "After."])


def test_organisation_contact() -> None:
    text = flat_text(_render("{{organisation_contact}}"))
    assert_in_order(
        text, ["Riverside Peer Support", "Phone: 01234 567890", "1 High Street", "Riverside"]
    )


def test_organisation_contact_with_only_a_name() -> None:
    context = HandoutContext(OrganisationDetails(name="Riverside Peer Support"), [])
    text = flat_text(_render("{{organisation_contact}}", context))
    assert "Riverside Peer Support" in text
    assert "Phone" not in text


def test_text_is_printed_as_typed_not_as_markup() -> None:
    typed = 'Tea & <b>biscuits</b> for "everyone" <br/> & more'
    assert markup("a < b & c\nd") == "a &lt; b &amp; c<br/>d"
    context = HandoutContext(
        OrganisationDetails(name="R&B <Support>"), [ServiceFields("A & B <c>")]
    )
    text = flat_text(
        _render(f"{typed}\n\n- {{{{organisation}}}} & co\n\n{{{{services}}}}", context)
    )
    assert typed in text
    assert "R&B <Support> & co" in text
    assert "A & B <c>" in text


def test_write_lines_take_room_for_each_line() -> None:
    one = WriteLines(1, gap=20)
    four = WriteLines(4, gap=20)
    assert one.wrap(300, 800) == (300, 20 + 2 * mm)
    assert four.wrap(300, 800) == (300, 80 + 2 * mm)


def _lines_drawn(count: int) -> int:
    canvas = Canvas("unused.pdf")
    drawn: list[tuple[float, float, float, float]] = []
    canvas.line = lambda x1, y1, x2, y2: drawn.append((x1, y1, x2, y2))  # type: ignore[method-assign]
    lines = WriteLines(count, gap=20)
    lines.wrap(300, 800)
    lines.drawOn(canvas, 0, 0)
    assert all(x1 == 0 and x2 == 300 and y1 == y2 for x1, y1, x2, y2 in drawn)
    assert len({y1 for _, y1, _, _ in drawn}) == len(drawn)  # no two on top of each other
    return len(drawn)


@pytest.mark.parametrize("count", [1, 4, 30])
def test_write_lines_draw_that_many_lines(count: int) -> None:
    assert _lines_drawn(count) == count


def test_write_lines_taller_than_the_space_left_split_there() -> None:
    lines = WriteLines(30, gap=20)
    first, rest = lines.split(300, 200 + 2 * mm)
    assert isinstance(first, WriteLines)
    assert isinstance(rest, WriteLines)
    assert (first.count, rest.count) == (10, 20)
    assert lines.split(300, 10) == []  # not even one line: all of it goes to the next page
    assert lines.split(300, 30 * 20 + 2 * mm) == []  # it fits: nothing to split


@pytest.mark.parametrize(
    "options",
    [
        PageOptions(),
        PageOptions(paper=Paper.LETTER),
        PageOptions(large_print=True),
        PageOptions(paper=Paper.LETTER, large_print=True),
    ],
)
def test_the_most_write_lines_allowed_flow_onto_further_pages(options: PageOptions) -> None:
    body = "Write here:\n{{write_lines:30}}\n{{write_lines:30}}\nThe end."
    texts = page_texts(_render(body, options=options))
    assert len(texts) >= 3
    assert "Write here:" in texts[0]
    assert "The end." in texts[-1]
