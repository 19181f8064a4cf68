"""Handouts: the shipped list with the charity's edits, rendered to PDF."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from facilitator_app.documents.blocks import HandoutContext
from facilitator_app.documents.handout_pdf import render_group_agreement, render_handout
from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.shipped import shipped_handouts, shipped_services
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.handouts import Handout, bullet_items, validate_handout_text
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.services.organisation import organisation_details
from facilitator_app.services.output_files import write_pdf
from facilitator_app.services.signposting import list_services
from facilitator_app.store.changes import Value
from facilitator_app.store.handout_rows import (
    handout_edit_exists,
    handout_row_id,
    load_handout_edits,
)
from facilitator_app.store.store import Store

AGREEMENT_HANDOUT = "our-group-agreement"
DEFAULT_ORGANISATION = "Your organisation"


def list_handouts(store: Store | None) -> list[Handout]:
    """Every handout, with the store's edits applied (None: as shipped)."""
    shipped = shipped_handouts()
    edits = load_handout_edits(store.conn) if store is not None else {}
    handouts = []
    for name, handout in shipped.items():
        edit = edits.get(name)
        if edit is not None:
            handout = dataclasses.replace(handout, title=edit.title, body=edit.body, edited=True)
        handouts.append(handout)
    return handouts


def get_handout(store: Store | None, name: str) -> Handout:
    for handout in list_handouts(store):
        if handout.name == name:
            return handout
    known = ", ".join(shipped_handouts())
    raise NotFound(f"There is no handout called '{name}'. The handouts are: {known}.")


def save_handout(store: Store, name: str, title: str, body: str) -> Handout:
    shipped = get_handout(None, name)
    clean_title, clean_body = validate_handout_text(title, body)
    values: dict[str, Value] = {
        "name": name,
        "title": clean_title,
        "body": clean_body,
        "based_on_version": shipped.version,
    }
    with store.transaction():
        if handout_edit_exists(store.conn, name):
            store.update("handout_edits", handout_row_id(name), values)
        else:
            store.insert("handout_edits", handout_row_id(name), values)
    return get_handout(store, name)


def restore_default(store: Store, name: str) -> Handout:
    get_handout(None, name)
    if handout_edit_exists(store.conn, name):
        with store.transaction():
            store.update("handout_edits", handout_row_id(name), {"title": None, "body": None})
    return get_handout(store, name)


def default_agreement_items(store: Store | None) -> list[str]:
    """The items a new group's agreement starts from."""
    return bullet_items(get_handout(store, AGREEMENT_HANDOUT).body)


def handout_context(store: Store | None) -> HandoutContext:
    if store is None:
        return HandoutContext(OrganisationDetails(DEFAULT_ORGANISATION), shipped_services())
    return HandoutContext(
        organisation_details(store), [service.fields for service in list_services(store)]
    )


def handout_pdf(
    store: Store | None, name: str, options: PageOptions, *, logo: bytes | None = None
) -> bytes:
    """The handout as PDF bytes; `logo` (already checked) replaces the organisation's own."""
    context = handout_context(store)
    if logo is not None:
        context = dataclasses.replace(
            context, organisation=dataclasses.replace(context.organisation, logo=logo)
        )
    return render_handout(get_handout(store, name), context, options)


def agreement_items(store: Store | None, agreement_text: str) -> list[str]:
    """A group's agreement as items, one per line (bullets optional); defaults if empty."""
    items = [_without_bullet(line.strip()) for line in agreement_text.splitlines()]
    return [item for item in items if item] or default_agreement_items(store)


def _without_bullet(line: str) -> str:
    if line in ("-", "•", "*"):
        return ""  # a bullet with nothing after it yet
    for bullet in ("- ", "• ", "* "):
        if line.startswith(bullet):
            return line[len(bullet) :].strip()
    return line


def agreement_pdf(
    store: Store | None, group_name: str, agreement_text: str, options: PageOptions
) -> bytes:
    items = agreement_items(store, agreement_text)
    handout = get_handout(store, AGREEMENT_HANDOUT)
    return render_group_agreement(handout, group_name, items, handout_context(store), options)


def handout_file_name(name: str) -> str:
    """Neutral by default: the handout's name, nothing about who it is for."""
    return f"handout-{name}.pdf"


def export_handout(store: Store | None, name: str, path: Path, options: PageOptions) -> Path:
    return write_pdf(path, handout_pdf(store, name, options))
