"""The page frame every document shares: paper, type sizes, header, footer, page x of y."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from facilitator_app.documents.page import PageOptions, Paper, build_pdf, styles_for
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    flat,
    page_count,
    page_size,
    page_texts,
    text_runs,
)

HEADER = "Riverside Peer Support"
FOOTER = "Printed copy: keep it private."


def _pdf(
    paragraphs: list[str], options: PageOptions | None = None, title: str = "A title"
) -> bytes:
    options = options or PageOptions()
    styles = styles_for(options)
    return build_pdf(
        title=title,
        header=HEADER,
        footer=FOOTER,
        story=[Paragraph(text, styles.body) for text in paragraphs],
        options=options,
    )


@pytest.mark.parametrize(
    ("paper", "points"), [(Paper.A4, A4_POINTS), (Paper.LETTER, LETTER_POINTS)]
)
@pytest.mark.parametrize("large_print", [False, True])
def test_paper_sizes(paper: Paper, points: tuple[float, float], *, large_print: bool) -> None:
    data = _pdf(["Hello."], PageOptions(paper=paper, large_print=large_print))
    assert_size(page_size(data), points)


def test_a4_is_the_default() -> None:
    assert PageOptions() == PageOptions(paper=Paper.A4, large_print=False)
    assert_size(Paper.A4.size, A4_POINTS)
    assert_size(Paper.LETTER.size, LETTER_POINTS)


def test_a_single_page_has_header_footer_and_page_1_of_1() -> None:
    (text,) = page_texts(_pdf(["Only a little text."]))
    assert "Only a little text." in text
    assert HEADER in text
    assert FOOTER in text
    assert "Page 1 of 1" in text


@pytest.mark.parametrize("large_print", [False, True])
def test_long_content_flows_onto_pages_each_with_header_footer_and_page_x_of_y(
    *, large_print: bool
) -> None:
    paragraphs = [f"Paragraph number {number} of the long document." for number in range(1, 201)]
    data = _pdf(paragraphs, PageOptions(large_print=large_print))

    texts = page_texts(data)
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert text.count("Page ") == 1
        assert HEADER in text
        assert FOOTER in text
    everything = flat(" ".join(texts))
    assert_in_order(everything, paragraphs)  # nothing lost between pages, order kept


def test_large_print_takes_more_pages() -> None:
    paragraphs = [f"Paragraph number {number} of the long document." for number in range(80)]
    assert page_count(_pdf(paragraphs, PageOptions(large_print=True))) > page_count(
        _pdf(paragraphs)
    )


def test_metadata_holds_the_title_and_nothing_else() -> None:
    data = _pdf(["Some words."], title="Grounding toolkit")
    assert_neutral_metadata(data, "Grounding toolkit", private=[HEADER])


def test_type_sizes() -> None:
    normal = styles_for(PageOptions())
    large = styles_for(PageOptions(large_print=True))
    assert normal.body.fontSize >= 10
    assert large.body.fontSize >= 16
    for styles in (normal, large):
        assert styles.title.fontSize > styles.heading.fontSize > styles.subheading.fontSize
        assert styles.subheading.fontSize > styles.body.fontSize > styles.small.fontSize
        assert styles.bullet.fontSize == styles.body.fontSize
        # The bullet or tick box is as big as the words beside it.
        assert styles.bullet.bulletFontSize == styles.body.fontSize
        assert styles.body.leading > styles.body.fontSize
    for name in ("body", "title", "heading", "subheading", "bullet"):
        assert getattr(large, name).fontSize > getattr(normal, name).fontSize


@pytest.mark.parametrize(("large_print", "body_size"), [(False, 11.0), (True, 17.0)])
def test_the_printed_body_is_the_styles_size(*, large_print: bool, body_size: float) -> None:
    runs = text_runs(_pdf(["The body text."], PageOptions(large_print=large_print)))
    (body,) = [run for run in runs if run.text == "The body text."]
    assert body.size == body_size
    assert body.font.endswith("DejaVuSans")  # the embedded Unicode font, not Helvetica
    (number,) = [run for run in runs if run.text.startswith("Page ")]
    assert number.size < body.size


def test_a_document_without_a_header_still_numbers_its_pages() -> None:
    options = PageOptions()
    styles = styles_for(options)
    data = build_pdf(
        title="T",
        header="",
        footer=FOOTER,
        story=[Paragraph("Text.", styles.body)],
        options=options,
    )
    (text,) = page_texts(data)
    assert "Page 1 of 1" in text
    assert HEADER not in text
