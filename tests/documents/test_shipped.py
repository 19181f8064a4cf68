"""What the app ships in resources/: every handout renders whole, the data is well formed."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
import tomllib
from typing import Any

import pytest

from facilitator_app.documents.blocks import HandoutContext
from facilitator_app.documents.handout_pdf import FOOTER, render_handout
from facilitator_app.documents.page import PageOptions, Paper
from facilitator_app.documents.shipped import (
    shipped_handouts,
    shipped_protocol_titles,
    shipped_services,
    shipped_session_papers,
)
from facilitator_app.domain.handouts import (
    Audience,
    BlockKind,
    Handout,
    fill_inline,
    parse_body,
    validate_handout_text,
)
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import validate_service
from facilitator_app.resource_files import resource_path
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_in_order,
    assert_neutral_metadata,
    assert_size,
    body_runs,
    body_texts,
    page_size,
)

ORGANISATION = OrganisationDetails(
    name="Riverside Peer Support", phone="01234 567890", address="1 High Street"
)
CONTEXT = HandoutContext(ORGANISATION, shipped_services())
NAMES = sorted(path.stem for path in resource_path("handouts").glob("*.toml"))


def _toml(*parts: str) -> dict[str, Any]:
    with resource_path(*parts).open("rb") as file:
        return tomllib.load(file)


def _render(name: str, options: PageOptions | None = None) -> bytes:
    return render_handout(shipped_handouts()[name], CONTEXT, options or PageOptions())


def _expected_text(handout: Handout) -> list[str]:
    """What a reader should find, in the order the body gives it."""
    expected = [handout.title]
    for block in parse_body(handout.body):
        match block.kind:
            case BlockKind.SERVICES:
                expected.extend(service.name for service in CONTEXT.services)
            case BlockKind.URGENT_SERVICES:
                expected.extend(service.name for service in CONTEXT.services if service.urgent)
            case BlockKind.ORGANISATION_CONTACT:
                expected.extend([ORGANISATION.name, ORGANISATION.phone, ORGANISATION.address])
            case BlockKind.WRITE_LINES:
                pass
            case _:
                expected.append(" ".join(fill_inline(block.text, ORGANISATION.name).split()))
    return expected


# --- the files ---------------------------------------------------------------------------


def test_there_are_handouts_and_each_is_listed_once() -> None:
    assert len(NAMES) >= 9
    assert sorted(shipped_handouts()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_file_has_every_field(name: str) -> None:
    data = _toml("handouts", f"{name}.toml")
    assert set(data) >= {"title", "audience", "summary", "order", "version", "body"}
    assert isinstance(data["title"], str)
    assert data["title"].strip()
    assert data["audience"] in {audience.value for audience in Audience}
    assert isinstance(data["summary"], str)
    assert data["summary"].strip()
    assert "\n" not in data["summary"].strip()
    assert isinstance(data["order"], int)
    assert isinstance(data["version"], int)
    assert data["version"] >= 1
    assert name == name.lower()
    assert " " not in name


@pytest.mark.parametrize("name", NAMES)
def test_each_body_passes_the_checks_an_edit_must_pass(name: str) -> None:
    handout = shipped_handouts()[name]
    assert validate_handout_text(handout.title, handout.body) == (handout.title, handout.body)


def test_handouts_are_listed_by_order() -> None:
    orders = [handout.order for handout in shipped_handouts().values()]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)


def test_the_agreement_handout_has_default_items() -> None:
    blocks = parse_body(shipped_handouts()["our-group-agreement"].body)
    assert sum(block.kind is BlockKind.BULLET for block in blocks) >= 5


def test_every_shipped_service_is_valid() -> None:
    services = shipped_services()
    entries = _toml("signposting.toml")["service"]
    assert [service.name for service in services] == [entry["name"] for entry in entries]
    for service in services:
        assert validate_service(service, dt.date.today()) == service
    assert len({service.name for service in services}) == len(services)
    urgent = {service.name for service in services if service.urgent}
    assert "999 emergency services" in urgent
    assert "Samaritans" in urgent


def test_protocol_titles_are_as_shipped() -> None:
    protocols = shipped_protocol_titles()
    files = sorted(
        (data["order"], path.stem, data["title"], data["when"])
        for path in resource_path("protocols").glob("*.toml")
        if "steps" in (data := tomllib.loads(path.read_text("utf-8")))
    )
    assert [(p.id, p.title, p.when) for p in protocols] == [f[1:] for f in files]
    assert len(protocols) == 9
    assert len({protocol.id for protocol in protocols}) == len(protocols)
    assert all(protocol.title.strip() for protocol in protocols)


def test_session_papers_words_are_all_there() -> None:
    papers = shipped_session_papers()
    plan = papers["session_plan"]
    for key in (
        "title",
        "agreement_heading",
        "running_order_heading",
        "grounding_heading",
        "protocols_heading",
        "protocols_intro",
        "contacts_heading",
        "notes_heading",
    ):
        assert plan[key].strip(), key
    assert sum(int(step["minutes"]) for step in plan["running_order"]) == 120
    assert plan["grounding"]["text"].strip()
    assert {"title", "note", "blank_rows"} <= set(papers["register"])
    assert {"title", "intro"} <= set(papers["rota"])


# --- every handout as a PDF --------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("large_print", [False, True])
def test_every_handout_prints_whole_and_in_reading_order(name: str, *, large_print: bool) -> None:
    data = _render(name, PageOptions(large_print=large_print))
    bodies = body_texts(data, ORGANISATION.name, FOOTER)  # header and footer on every page
    text = " ".join(bodies)
    assert_in_order(text, _expected_text(shipped_handouts()[name]))
    assert "{{" not in text
    assert "**" not in text
    assert_neutral_metadata(data, shipped_handouts()[name].title, private=[ORGANISATION.name])


@pytest.mark.parametrize("name", NAMES)
def test_every_handout_on_letter_paper(name: str) -> None:
    a4 = _render(name)
    letter = _render(name, PageOptions(paper=Paper.LETTER))
    assert_size(page_size(a4), A4_POINTS)
    assert_size(page_size(letter), LETTER_POINTS)
    assert_in_order(
        " ".join(body_texts(letter, ORGANISATION.name, FOOTER)),
        _expected_text(shipped_handouts()[name]),
    )


@pytest.mark.parametrize("name", NAMES)
def test_large_print_is_larger_and_at_least_16_point(name: str) -> None:
    normal = _render(name)
    large = _render(name, PageOptions(large_print=True))
    normal_sizes = [run.size for run in body_runs(normal)]
    large_sizes = [run.size for run in body_runs(large)]
    assert min(large_sizes) >= 16, "every word on a large-print page is 16 pt or more"
    assert max(large_sizes) > max(normal_sizes)
    assert statistics.mode(large_sizes) > statistics.mode(normal_sizes)
    assert len(body_texts(large, ORGANISATION.name, FOOTER)) > len(
        body_texts(normal, ORGANISATION.name, FOOTER)
    )


@pytest.mark.parametrize("name", NAMES)
def test_headings_come_in_the_bodys_order(name: str) -> None:
    handout = shipped_handouts()[name]
    headings = [
        block.text
        for block in parse_body(handout.body)
        if block.kind in {BlockKind.HEADING, BlockKind.SUBHEADING}
    ]
    assert headings
    assert_in_order(" ".join(body_texts(_render(name), ORGANISATION.name, FOOTER)), headings)


@pytest.mark.parametrize("name", NAMES)
def test_lines_are_drawn_top_to_bottom(name: str) -> None:
    """The order text is stored in is the order it is seen: no line jumps back up."""
    runs = body_runs(_render(name))
    for before, after in itertools.pairwise(runs):
        if before.page == after.page:
            assert after.y <= before.y + 0.5, (before, after)
