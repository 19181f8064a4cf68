"""Debrief records as PDF: every field, addenda after the original, many debriefs in one."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from pypdf.errors import FileNotDecryptedError
from pypdf.generic import DictionaryObject
from reportlab.pdfbase.pdfmetrics import stringWidth

from facilitator_app.documents.debrief_pdf import (
    ADDED_LATER,
    NOTHING_WRITTEN,
    DebriefNames,
    footer_for,
    render_debrief,
    render_debriefs,
)
from facilitator_app.documents.incident_pdf import LARGE_PRINT_FOOTER, RECORD_FOOTER, RECORD_TITLE
from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.domain.debriefs import (
    Debrief,
    DebriefFields,
    DebriefStatus,
    HowItWent,
    PresentMember,
)
from facilitator_app.domain.incidents import Addendum
from facilitator_app.domain.text import NOTE_MAX
from tests.factories import png_bytes
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    body_runs,
    body_texts,
    flat_text,
    image_names,
    page_count,
    page_size,
    page_texts,
    reader,
)

ORGANISATION = "Riverside Peer Support"
GROUP = "Grŵp Canary Tuesdays"
CANARY = "canary-5d1e-concern"
SUBMITTED = dt.datetime(2025, 3, 11, 20, 15, tzinfo=dt.UTC)
ADDED = dt.datetime(2025, 3, 12, 9, 5, tzinfo=dt.UTC)
NAMES = DebriefNames(
    organisation=ORGANISATION,
    group=GROUP,
    people={"robin": "Robin Ayres", "priya": "Priya Shah", "sam": "Sam Okafor"},
    incidents={"inc-1": "Incident record, Tue 11 March 2025, 19:25: Flashback"},
)


def local(value: dt.datetime) -> str:
    """A time as the paper prints it: in this computer's time zone."""
    return f"{value.astimezone():%H:%M}"


def debrief(
    debrief_id: str = "d1", session_date: dt.date = dt.date(2025, 3, 11), **changes: Any
) -> Debrief:
    fields: dict[str, Any] = {
        "how_it_went": HowItWent.HARD,
        "how_notes": "Quiet start, then people warmed up.",
        "topics": "Boundaries and saying no.",
        "went_well": "Everyone spoke at least once.",
        "concerns": f"One member left early. {CANARY}",
        "safeguarding": True,
        "wellbeing": 2,
        "wants_contact": True,
        "recipient_id": "priya",
    }
    fields.update(changes.pop("fields", {}))
    values: dict[str, Any] = {
        "id": debrief_id,
        "session_id": "s1",
        "group_id": "g1",
        "session_date": session_date,
        "author_id": "robin",
        "fields": DebriefFields(**fields),
        "present": (PresentMember("m1", "Alex"), PresentMember("m2", "Zoë")),
        "incident_ids": ("inc-1",),
        "status": DebriefStatus.SUBMITTED,
        "submitted_at": SUBMITTED,
        "addenda": (Addendum("a1", "Spoke to the member by phone.", ADDED, "sam"),),
    }
    values.update(changes)
    return Debrief(**values)


def one(item: Debrief | None = None, options: PageOptions | None = None, **kwargs: Any) -> bytes:
    return render_debrief(item or debrief(), NAMES, options or PageOptions(), kwargs.get("pw"))


def test_every_field_in_order_and_the_addendum_after_the_original() -> None:
    data = one()
    (body,) = body_texts(data, ORGANISATION, RECORD_FOOTER)
    assert_in_order(
        body,
        [
            "Debrief",
            f"Group {GROUP}",
            "Session Tue 11 March 2025",
            "Written by Robin Ayres",
            "Goes to Priya Shah",
            f"Submitted Tue 11 March 2025, {local(SUBMITTED)}",
            "Who was there 2: Alex, Zoë",
            "How it went Hard: a difficult session",
            "Incidents Incident record, Tue 11 March 2025, 19:25: Flashback",
            "Safeguarding concern Yes",
            "Facilitator's wellbeing 2 out of 5 (1 is struggling, 5 is fine)",
            "Contact asked for Yes: would like a support worker to be in touch",
            "Notes on how it went Quiet start, then people warmed up.",
            "Topics covered Boundaries and saying no.",
            "What went well Everyone spoke at least once.",
            f"Anything of concern One member left early. {CANARY}",
            ADDED_LATER,
            f"By Sam Okafor, Wed 12 March 2025, {local(ADDED)}",
            "Spoke to the member by phone.",
        ],
    )


def test_the_title_is_the_biggest_text_and_the_addendum_heading_stands_out() -> None:
    runs = body_runs(one())
    sizes = {run.text: run.size for run in runs}
    assert sizes["Debrief"] == max(sizes.values())
    assert sizes[ADDED_LATER] > sizes["Spoke to the member by phone."]


def test_what_was_left_out_says_so() -> None:
    quiet = debrief(
        fields={
            "how_it_went": HowItWent.SETTLED,
            "how_notes": "",
            "went_well": "  ",
            "concerns": "",
            "safeguarding": False,
            "wellbeing": None,
            "wants_contact": False,
            "recipient_id": None,
        },
        present=(),
        incident_ids=(),
        addenda=(),
    )
    text = flat_text(one(quiet))
    assert_in_order(
        text,
        [
            "Goes to Nobody chosen",
            "Who was there Nobody was marked present",
            "Incidents None",
            "Safeguarding concern No",
            "Facilitator's wellbeing Not said",
            "Contact asked for No",
            f"Notes on how it went {NOTHING_WRITTEN}",
            "Topics covered Boundaries and saying no.",
            f"What went well {NOTHING_WRITTEN} Anything of concern {NOTHING_WRITTEN}",
        ],
    )
    assert ADDED_LATER not in text


def test_the_safeguarding_incident_and_incidents_not_yet_here() -> None:
    item = debrief(
        fields={"safeguarding_incident_id": "inc-1"}, incident_ids=("inc-1", "not-arrived")
    )
    text = flat_text(one(item))
    assert_in_order(
        text,
        [
            "Incidents Incident record, Tue 11 March 2025, 19:25: Flashback "
            "An incident record not in this store",
            "Safeguarding concern Yes: see Incident record, Tue 11 March 2025, 19:25: Flashback",
        ],
    )


def test_a_draft_says_it_is_not_submitted() -> None:
    draft = debrief(status=DebriefStatus.DRAFT, submitted_at=None, addenda=())
    assert "Submitted Not yet: this is a draft" in flat_text(one(draft))


def test_addenda_come_in_the_order_given_each_with_its_author() -> None:
    later = dt.datetime(2025, 3, 20, 14, 0, tzinfo=dt.UTC)
    item = debrief(
        addenda=(
            Addendum("a1", "First addition.", ADDED, "sam"),
            Addendum("a2", "Second addition.", later, "gone"),
        )
    )
    text = flat_text(one(item))
    assert_in_order(
        text,
        [
            CANARY,
            ADDED_LATER,
            "By Sam Okafor, Wed 12 March 2025",
            "First addition.",
            f"By —, Thu 20 March 2025, {local(later)}",  # a person no longer in the store
            "Second addition.",
        ],
    )
    assert text.count(ADDED_LATER) == 1


def test_metadata_is_neutral() -> None:
    data = one()
    assert_neutral_metadata(
        data, RECORD_TITLE, private=[CANARY, GROUP, "Robin", "Priya", "Alex", "Debrief"]
    )


def test_a_password_is_needed_to_open_it() -> None:
    data = one(pw="long enough")
    document = reader(data)
    assert document.is_encrypted
    assert document.decrypt("wrong password").name == "NOT_DECRYPTED"
    with pytest.raises(FileNotDecryptedError):
        document.pages[0].extract_text()
    document = reader(data)
    assert document.decrypt("long enough").name != "NOT_DECRYPTED"
    assert CANARY in " ".join(document.pages[0].extract_text().split())
    encryption = cast(DictionaryObject, document.trailer["/Encrypt"].get_object())
    assert (str(encryption["/V"]), str(encryption["/R"])) == ("5", "6"), "AES-256"


def test_without_a_password_it_is_not_encrypted() -> None:
    assert not reader(one()).is_encrypted


def test_a_long_debrief_runs_over_pages() -> None:
    long_text = ("A long sentence about the evening. " * 600)[:NOTE_MAX]
    item = debrief(fields={"concerns": long_text + CANARY})
    data = one(item)
    assert page_count(data) >= 3
    texts = body_texts(data, ORGANISATION, RECORD_FOOTER)
    assert CANARY in texts[-2] or CANARY in texts[-1]
    assert "Spoke to the member by phone." in texts[-1]


def test_many_debriefs_in_order_after_a_cover() -> None:
    debriefs = [
        debrief(f"d{week}", dt.date(2025, 3, 4 + 7 * week), fields={"topics": f"Topic {week}"})
        for week in range(4)
    ]
    data = render_debriefs(
        debriefs, NAMES, dt.date(2025, 3, 1), dt.date(2025, 3, 31), PageOptions(), None
    )
    body = " ".join(body_texts(data, ORGANISATION, RECORD_FOOTER))
    assert_in_order(
        body,
        [
            "Debriefs",
            GROUP,
            "1 March 2025 to 31 March 2025",
            "4 debriefs, oldest first.",
            "Debrief: Tue 4 March 2025",
            "Topic 0",
            ADDED_LATER,
            # an addendum can start a page: it says whose debrief it belongs to
            "Written after the debrief of Tue 4 March 2025 was submitted.",
            "Spoke to the member by phone.",
            "Debrief: Tue 11 March 2025",
            "Topic 1",
            "Debrief: Tue 18 March 2025",
            "Topic 2",
            "Debrief: Tue 25 March 2025",
            "Topic 3",
            "Spoke to the member by phone.",
        ],
    )
    assert body.count(ADDED_LATER) == 4
    assert_neutral_metadata(data, RECORD_TITLE, private=[GROUP, CANARY])


def test_a_debrief_never_starts_at_the_foot_of_a_page() -> None:
    """Each debrief's heading is on the same page as the facts that say whose it is."""
    debriefs = [
        debrief(
            f"d{n}", dt.date(2025, 3, 1) + dt.timedelta(days=n), fields={"went_well": "x" * n * 40}
        )
        for n in range(12)
    ]
    data = render_debriefs(
        debriefs, NAMES, dt.date(2025, 3, 1), dt.date(2025, 3, 31), PageOptions(), None
    )
    texts = [" ".join(text.split()) for text in page_texts(data)]
    assert len(texts) > 3
    headings = 0
    for text in texts:
        position = text.find("Debrief: ")
        while position >= 0:
            headings += 1
            assert "Contact asked for" in text[position:], "a heading without its facts"
            position = text.find("Debrief: ", position + 1)
    assert headings == 12


def test_one_debrief_in_a_range_is_counted_as_one() -> None:
    data = render_debriefs(
        [debrief()], NAMES, dt.date(2025, 3, 11), dt.date(2025, 3, 11), PageOptions(), None
    )
    assert "11 March 2025 to 11 March 2025 1 debrief, oldest first." in flat_text(data)


@pytest.mark.parametrize(
    ("options", "points"),
    [
        (PageOptions(), A4_POINTS),
        (PageOptions(Paper.LETTER), LETTER_POINTS),
        (PageOptions(large_print=True), A4_POINTS),
        (PageOptions(Paper.LETTER, large_print=True), LETTER_POINTS),
    ],
)
def test_paper_sizes_and_large_print(options: PageOptions, points: tuple[float, float]) -> None:
    data = render_debriefs(
        [debrief("d1"), debrief("d2", dt.date(2025, 3, 18))],
        NAMES,
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
        options,
        None,
    )
    assert_size(page_size(data), points)
    # the frame, header and footer, is whole on every page (see body_texts)
    body = " ".join(body_texts(data, ORGANISATION, footer_for(options)))
    assert_in_order(body, ["Debrief: Tue 11 March 2025", CANARY, "Debrief: Tue 18 March 2025"])


def test_large_print_is_larger() -> None:
    normal = {run.text: run.size for run in body_runs(one())}
    large = {run.text: run.size for run in body_runs(one(options=PageOptions(large_print=True)))}
    assert large["Topics covered"] >= normal["Topics covered"] * 1.5
    assert large["Boundaries and saying no."] >= normal["Boundaries and saying no."] * 1.5


def _footer_gap(data: bytes) -> float:
    """Points between the end of the footer's words and the start of "Page x of y"."""
    ends: list[float] = []
    starts: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        x = tm[4] * cm[0] + cm[4]
        if text.startswith("Page "):
            starts.append(x)
        elif text.strip() in (RECORD_FOOTER, LARGE_PRINT_FOOTER):
            name = str(font["/BaseFont"]).split("+")[-1]
            ends.append(x + stringWidth(text.strip(), name, size * tm[0]))

    reader(data).pages[0].extract_text(visitor_text=visit)
    (end,) = ends
    (start,) = starts
    return start - end


@pytest.mark.parametrize("paper", list(Paper))
def test_the_footer_never_runs_into_the_page_number(paper: Paper) -> None:
    for large_print in (False, True):
        data = one(options=PageOptions(paper, large_print))
        assert _footer_gap(data) > 10
    assert footer_for(PageOptions(large_print=True)) == LARGE_PRINT_FOOTER


def test_the_logo_is_on_the_first_page_only() -> None:
    with_logo = DebriefNames(ORGANISATION, GROUP, NAMES.people, NAMES.incidents, png_bytes())
    long_text = "A long sentence about the evening. " * 500
    data = render_debrief(debrief(fields={"concerns": long_text}), with_logo, PageOptions(), None)
    pages = reader(data).pages
    assert len(pages) > 1
    assert len(image_names(pages[0])) == 1
    assert all(image_names(page) == [] for page in pages[1:])
    assert image_names(reader(one()).pages[0]) == []
