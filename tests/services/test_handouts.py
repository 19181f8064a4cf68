"""Handouts in a store: the charity's edits, restoring the shipped text, and the PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator_app.documents.handout_pdf import FOOTER
from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.shipped import shipped_handouts, shipped_services
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields
from facilitator_app.services import handouts, signposting
from facilitator_app.services.organisation import save_organisation_details
from facilitator_app.store.handout_rows import handout_row_id
from facilitator_app.store.store import Store
from tests.factories import assert_logged, last_seq, png_bytes, snapshot
from tests.pdf_reading import (
    assert_neutral_metadata,
    body_texts,
    flat_text,
    image_names,
    page_texts,
    reader,
)

GROUNDING = "grounding-toolkit"
HELP_NOW = "getting-help-now"  # prints the whole directory and the organisation's contact


def test_without_a_store_the_list_is_as_shipped() -> None:
    listed = handouts.list_handouts(None)
    assert listed == list(shipped_handouts().values())
    assert not any(handout.edited for handout in listed)


def test_a_new_store_lists_the_shipped_handouts(store: Store) -> None:
    assert handouts.list_handouts(store) == handouts.list_handouts(None)


def test_an_unknown_handout_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound) as refused:
        handouts.get_handout(store, "nope")
    assert refused.value.message.startswith("There is no handout called 'nope'.")
    assert GROUNDING in refused.value.message


def test_save_an_edit(store: Store) -> None:
    seq = last_seq(store)
    saved = handouts.save_handout(
        store, GROUNDING, "Our grounding ideas", "## Breathe\n\nSlowly, **in and out**."
    )
    assert saved.edited
    assert (saved.title, saved.body) == (
        "Our grounding ideas",
        "## Breathe\n\nSlowly, **in and out**.",
    )
    assert handouts.get_handout(store, GROUNDING) == saved
    others = [h for h in handouts.list_handouts(store) if h.name != GROUNDING]
    assert not any(handout.edited for handout in others)
    assert_logged(
        store,
        seq,
        "handout_edits",
        handout_row_id(GROUNDING),
        {"title", "body", "based_on_version"},
    )


def test_an_edit_lasts_after_reopening(store: Store, reopen: Callable[[], Store]) -> None:
    handouts.save_handout(store, GROUNDING, "Our grounding ideas", "Our words.")
    again = handouts.get_handout(reopen(), GROUNDING)
    assert (again.title, again.body, again.edited) == ("Our grounding ideas", "Our words.", True)


def test_edited_text_is_what_prints(store: Store) -> None:
    handouts.save_handout(
        store, GROUNDING, "Our grounding ideas", "## Our own heading\n\nA sentence only we wrote."
    )
    data = handouts.handout_pdf(store, GROUNDING, PageOptions())
    text = flat_text(data)
    assert "Our grounding ideas" in text
    assert "Our own heading A sentence only we wrote." in text
    assert "What grounding is" not in text
    assert_neutral_metadata(data, "Our grounding ideas", private=["Riverside"])
    # Without a store, the shipped text prints.
    assert "What grounding is" in flat_text(handouts.handout_pdf(None, GROUNDING, PageOptions()))


def test_restore_default_brings_back_the_shipped_text(store: Store) -> None:
    shipped = shipped_handouts()[GROUNDING]
    handouts.save_handout(store, GROUNDING, "Our grounding ideas", "Our words.")
    seq = last_seq(store)
    restored = handouts.restore_default(store, GROUNDING)
    assert restored == shipped
    assert not restored.edited
    assert_logged(store, seq, "handout_edits", handout_row_id(GROUNDING), {"title", "body"})
    text = flat_text(handouts.handout_pdf(store, GROUNDING, PageOptions()))
    assert "What grounding is" in text
    assert "Our words." not in text


def test_edit_again_after_restoring(store: Store) -> None:
    handouts.save_handout(store, GROUNDING, "First", "First words.")
    handouts.restore_default(store, GROUNDING)
    again = handouts.save_handout(store, GROUNDING, "Second", "Second words.")
    assert (again.title, again.body, again.edited) == ("Second", "Second words.", True)


def test_restoring_what_was_never_edited_changes_nothing(store: Store) -> None:
    before = snapshot(store)
    assert handouts.restore_default(store, GROUNDING) == shipped_handouts()[GROUNDING]
    assert snapshot(store) == before


def test_restoring_an_unknown_handout_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        handouts.restore_default(store, "nope")


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("T", "Fine.\n\n{{nope}}", "Line 3: {{nope}} is not a placeholder the app knows."),
        ("T", "Write here:\n{{write_lines:0}}", "Line 2: write_lines needs a number from 1 to 30"),
        ("T", "Line one\nSee {{member}} now", "Line 2: {{member}} is not a placeholder"),
        ("T", "", "The handout text can't be empty."),
        ("T", "  \n\n ", "The handout text can't be empty."),
        ("", "Words.", "The title can't be empty."),
        ("T", "Bell \x07", "The handout text can't contain invisible control characters."),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    store: Store, title: str, body: str, message: str
) -> None:
    handouts.save_handout(store, GROUNDING, "Kept title", "Kept words.")
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        handouts.save_handout(store, GROUNDING, title, body)
    assert refused.value.message.startswith(message)
    assert snapshot(store) == before
    kept = handouts.get_handout(store, GROUNDING)
    assert (kept.title, kept.body) == ("Kept title", "Kept words.")


def test_editing_an_unknown_handout_is_not_found_and_changes_nothing(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound):
        handouts.save_handout(store, "nope", "T", "Words.")
    assert snapshot(store) == before


# --- context: organisation and directory -------------------------------------------------


def test_without_a_store_the_context_is_neutral_and_shipped() -> None:
    context = handouts.handout_context(None)
    assert context.organisation == OrganisationDetails(handouts.DEFAULT_ORGANISATION)
    assert list(context.services) == shipped_services()


def test_a_stores_context_is_its_organisation_and_directory(store: Store) -> None:
    context = handouts.handout_context(store)
    assert context.organisation.name == "Riverside Peer Support"
    assert list(context.services) == shipped_services()


def test_edited_directory_entries_and_organisation_print(store: Store) -> None:
    samaritans = next(s for s in signposting.list_services(store) if s.name == "Samaritans")
    signposting.update_service(
        store,
        samaritans.id,
        ServiceFields("Samaritans (local branch)", phone="01234 000111", urgent=True),
    )
    signposting.add_service(store, ServiceFields("Riverside Women's Centre", phone="01234 222333"))
    childline = next(s for s in signposting.list_services(store) if s.name == "Childline")
    signposting.remove_service(store, childline.id)
    save_organisation_details(
        store,
        OrganisationDetails("Riverside Peer Support", phone="01234 567890", address="1 Mill Lane"),
    )

    data = handouts.handout_pdf(store, HELP_NOW, PageOptions())
    text = " ".join(body_texts(data, "Riverside Peer Support", FOOTER))
    assert "Samaritans (local branch)" in text
    assert "Phone: 01234 000111" in text
    assert "Riverside Women's Centre" in text
    assert "Childline" not in text
    assert "Riverside Peer Support Phone: 01234 567890 1 Mill Lane" in text


def test_the_organisations_name_heads_every_page(store: Store) -> None:
    texts = page_texts(handouts.handout_pdf(store, HELP_NOW, PageOptions()))
    assert len(texts) > 1
    assert all("Riverside Peer Support" in text for text in texts)
    none = page_texts(handouts.handout_pdf(None, HELP_NOW, PageOptions()))
    assert all(handouts.DEFAULT_ORGANISATION in text for text in none)


def test_a_logo_given_for_one_print_replaces_the_organisations(store: Store) -> None:
    data = handouts.handout_pdf(None, GROUNDING, PageOptions(), logo=png_bytes())
    assert len(image_names(reader(data).pages[0])) == 1
    assert image_names(reader(handouts.handout_pdf(None, GROUNDING, PageOptions())).pages[0]) == []


# --- the group agreement -----------------------------------------------------------------


def test_agreement_items_are_one_a_line_bullets_optional() -> None:
    text = "- Headlines, not details.\n\n• Phones on silent.\n   We listen.  \n-\n"
    assert handouts.agreement_items(None, text) == [
        "Headlines, not details.",
        "Phones on silent.",
        "We listen.",
    ]


@pytest.mark.parametrize("text", ["", "  \n\n", "-\n•"])
def test_an_empty_agreement_falls_back_to_the_default_items(text: str) -> None:
    defaults = handouts.default_agreement_items(None)
    assert len(defaults) >= 5
    assert defaults[0].startswith("What we say in the group stays in the group")
    assert handouts.agreement_items(None, text) == defaults


def test_default_items_follow_the_charitys_edit(store: Store) -> None:
    handouts.save_handout(
        store, handouts.AGREEMENT_HANDOUT, "Our agreement", "We agree:\n\n- Be kind.\n- Be on time."
    )
    assert handouts.default_agreement_items(store) == ["Be kind.", "Be on time."]
    assert handouts.agreement_items(store, "") == ["Be kind.", "Be on time."]


def test_agreement_pdf(store: Store) -> None:
    data = handouts.agreement_pdf(
        store, "Tuesday evening group", "Headlines, not details.\nTea at the break.", PageOptions()
    )
    text = flat_text(data)
    assert "Tuesday evening group" in text
    assert "• Headlines, not details. • Tea at the break." in text
    assert "We share headlines, not details." not in text  # a default item
    assert_neutral_metadata(data, "Our group agreement", private=["Tuesday", "Riverside"])


# --- files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(shipped_handouts()))
def test_file_names_are_neutral(name: str) -> None:
    file_name = handouts.handout_file_name(name)
    assert file_name == f"handout-{name}.pdf"
    assert "riverside" not in file_name.lower()


def test_export_writes_the_pdf(tmp_path: Path, store: Store) -> None:
    handouts.save_handout(store, GROUNDING, "Our grounding ideas", "Our words.")
    path = handouts.export_handout(
        store, GROUNDING, tmp_path / handouts.handout_file_name(GROUNDING), PageOptions()
    )
    assert path == tmp_path / "handout-grounding-toolkit.pdf"
    assert "Our words." in flat_text(path.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout-grounding-toolkit.pdf", "store"]
