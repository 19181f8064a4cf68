"""Under a neutral name, a record PDF's metadata and default file name still say nothing
about the app or what it is for: they name no app at all."""

from __future__ import annotations

import datetime as dt

from facilitator_app.documents.incident_pdf import RECORD_TITLE
from facilitator_app.documents.page import PageOptions
from facilitator_app.product import OWN_NAME
from facilitator_app.services import app_name, debrief_papers
from facilitator_app.store.store import Store
from tests.factories import FakeClock, make_group
from tests.pdf_reading import assert_neutral_metadata, metadata
from tests.services.test_debrief_papers import CANARY, _debrief


def test_a_record_pdf_under_a_neutral_name(store: Store, clock: FakeClock) -> None:
    app_name.save_app_name(store, "Group planner")
    group = make_group(store, name="Tuesday group")
    day = dt.date(2025, 3, 14)
    data = debrief_papers.debrief_pdf(store, _debrief(store, clock, group, day), PageOptions())
    assert_neutral_metadata(data, RECORD_TITLE, private=[CANARY, "Tuesday group", "Morgan"])
    everything = " ".join(metadata(data).values()).lower()
    for name in (OWN_NAME.name, OWN_NAME.program, "facilitator", "peer support"):
        assert name.lower() not in everything
    # Naming no app at all tells a reader less than the neutral name would.
    assert "group planner" not in everything
    assert debrief_papers.debrief_file_name(day) == "record-2025-03-14.pdf"
