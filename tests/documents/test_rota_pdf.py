"""The printed rota, from plain values: what each line says, paper sizes, large print."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.documents.rota_pdf import (
    FOOTER,
    NO_SESSIONS,
    NOT_DECIDED,
    RotaPaper,
    RotaPaperLine,
    day_label,
    night_note,
    render_rota_paper,
)
from facilitator_app.documents.session_papers import SessionPapersText
from facilitator_app.documents.shipped import shipped_session_papers
from facilitator_app.domain.organisation import OrganisationDetails
from tests.factories import INTERNATIONAL_NAMES
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    body_runs,
    body_texts,
    flat_text,
    page_count,
    page_size,
    page_texts,
)

TEXT = SessionPapersText(shipped_session_papers())
ORGANISATION = OrganisationDetails(name="Riverside Peer Support", phone="01234 567890")
FIRST, LAST = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
LINES = [
    RotaPaperLine(dt.date(2026, 3, 3), dt.time(18, 30), "Ali", "Bo"),
    RotaPaperLine(
        dt.date(2026, 3, 10), dt.time(18, 30), "Ali", "Bo", night_lead="Sam", chosen_by_group=True
    ),
    RotaPaperLine(dt.date(2026, 3, 17), None, "", "Bo"),
    RotaPaperLine(dt.date(2026, 3, 24), dt.time(10, 0), "Cal", ""),
]
PAPER = RotaPaper("Tuesday evening group", FIRST, LAST, LINES)


def render(paper: RotaPaper = PAPER, options: PageOptions | None = None) -> bytes:
    return render_rota_paper(paper, ORGANISATION, TEXT, options or PageOptions())


def test_days_are_written_out_whatever_the_locale() -> None:
    assert day_label(dt.date(2026, 3, 3)) == "Tue 3 March 2026"
    assert day_label(dt.date(2026, 11, 29)) == "Sun 29 November 2026"


def test_what_the_night_note_says() -> None:
    day = dt.date(2026, 3, 3)
    assert night_note(RotaPaperLine(day, lead="Ali")) == ""
    assert night_note(RotaPaperLine(day, night_lead="Sam")) == "On the night: Sam"
    chosen = RotaPaperLine(day, night_lead="Sam", chosen_by_group=True)
    assert night_note(chosen) == "On the night: Sam, chosen by the group"
    assert night_note(RotaPaperLine(day, night_co="Bea")) == "On the night: co-facilitator Bea"
    both = RotaPaperLine(day, night_lead="Sam", night_co="Ali", chosen_by_group=True)
    assert night_note(both) == "On the night: Sam, chosen by the group; co-facilitator Ali"


def test_the_rota_lists_each_session_in_order() -> None:
    text = flat_text(render())
    assert_in_order(
        text,
        [
            "Rota",
            "Tuesday evening group",
            "1 March 2026 to 31 March 2026",
            "Who leads and who co-facilitates each session.",
            "Date Time Lead Co-facilitator",
            "Tue 3 March 2026 18:30 Ali Bo",
            "Tue 10 March 2026 18:30 Ali Bo",
            "On the night: Sam, chosen by the group",
            f"Tue 17 March 2026 — {NOT_DECIDED} Bo",
            f"Tue 24 March 2026 10:00 Cal {NOT_DECIDED}",
        ],
    )
    assert text.count("On the night") == 1
    assert NO_SESSIONS not in text


def test_the_page_has_the_organisations_frame() -> None:
    (body,) = body_texts(render(), "Riverside Peer Support", FOOTER)
    assert body.startswith("Rota Tuesday evening group")


def test_an_empty_rota_says_so() -> None:
    text = flat_text(render(RotaPaper("Tuesday evening group", FIRST, LAST, [])))
    assert NO_SESSIONS in text
    assert "Co-facilitator" not in text


def test_metadata_names_nothing() -> None:
    assert_neutral_metadata(
        render(), "Rota", private=["Tuesday", "Ali", "Bo", "Sam", "Cal", "Riverside", "March"]
    )


@pytest.mark.parametrize(
    ("paper", "points"), [(Paper.A4, A4_POINTS), (Paper.LETTER, LETTER_POINTS)]
)
@pytest.mark.parametrize("large_print", [False, True])
def test_paper_sizes_and_large_print(
    paper: Paper, points: tuple[float, float], *, large_print: bool
) -> None:
    data = render(options=PageOptions(paper=paper, large_print=large_print))
    assert_size(page_size(data), points)
    text = flat_text(data)
    # No heading or time is broken across lines, even in large print.
    assert "Date Time Lead Co-facilitator" in text
    assert "18:30 Ali Bo" in text
    sizes = {run.size for run in body_runs(data) if run.text in {"Ali", "Bo", "18:30"}}
    assert sizes == {17.0 if large_print else 11.0}


def test_a_long_rota_repeats_its_headings_on_every_page() -> None:
    lines = [
        RotaPaperLine(
            FIRST + dt.timedelta(weeks=week),
            dt.time(18, 30),
            "Ali",
            "Bo",
            night_lead="Sam" if week % 3 == 0 else "",
        )
        for week in range(52)
    ]
    paper = RotaPaper("Tuesday evening group", FIRST, FIRST + dt.timedelta(weeks=52), lines)
    for options in (PageOptions(), PageOptions(large_print=True)):
        data = render(paper, options)
        texts = page_texts(data)
        assert len(texts) == page_count(data) > 1
        for page in texts:
            assert "Date Time Lead Co-facilitator" in " ".join(page.split())
        text = flat_text(data)
        assert text.count("Tue ") + text.count("Sun ") == 52
        assert text.count("On the night: Sam") == 18


def test_names_in_other_latin_and_greek_letters_print_intact() -> None:
    names = [name.split()[0] for name in INTERNATIONAL_NAMES[1:6]]  # Polish to Vietnamese
    lines = [
        RotaPaperLine(FIRST + dt.timedelta(days=n), None, name, names[-1 - n])
        for n, name in enumerate(names)
    ]
    text = flat_text(render(RotaPaper("Grŵp Siân", FIRST, LAST, lines)))
    assert "Grŵp Siân" in text
    for name in names:
        assert name in text
