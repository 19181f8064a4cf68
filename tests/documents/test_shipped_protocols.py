"""The nine shipped protocols load whole, and a broken file is left out, never fatal."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from facilitator_app.documents import shipped
from facilitator_app.documents.shipped import DISCLOSURE_CARD, shipped_protocols
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.protocols import STEPS_MAX, STEPS_MIN, RecordField
from facilitator_app.resource_files import resource_path
from facilitator_app.services import protocols as protocol_service

SHIPPED_IDS = sorted(
    path.stem for path in resource_path("protocols").glob("*.toml") if path.stem != DISCLOSURE_CARD
)
ASK_FOR_THEIR_WORDS = ["adult-abused-now", "child-at-risk", "risk-to-self"]


def test_all_nine_load_with_no_problems() -> None:
    loaded = shipped_protocols()
    assert loaded.problems == []
    assert len(loaded.protocols) == 9
    assert sorted(p.id for p in loaded.protocols) == SHIPPED_IDS


def test_ids_are_unique_and_the_list_runs_by_order_with_flashback_first() -> None:
    protocols = shipped_protocols().protocols
    ids = [p.id for p in protocols]
    assert len(set(ids)) == len(ids)
    orders = [p.order for p in protocols]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)  # no tie left to the titles to settle
    assert ids[0] == "flashback"
    assert ids[-1] == "after-every-session"


@pytest.mark.parametrize("protocol_id", SHIPPED_IDS)
def test_each_has_between_2_and_20_steps_of_plain_text(protocol_id: str) -> None:
    protocol = protocol_service.get_protocol(protocol_id)
    assert STEPS_MIN <= len(protocol.steps) <= STEPS_MAX
    assert protocol.version >= 1
    assert protocol.title.strip()
    assert protocol.when.strip()
    for step in protocol.steps:
        assert step.text.strip()
        assert step.text == step.text.strip()


@pytest.mark.parametrize("protocol_id", [i for i in SHIPPED_IDS if i != "after-every-session"])
def test_each_protocol_for_an_incident_has_a_record_step(protocol_id: str) -> None:
    protocol = protocol_service.get_protocol(protocol_id)
    assert any(step.record for step in protocol.steps)


def test_after_every_session_only_asks_for_follow_up() -> None:
    protocol = protocol_service.get_protocol("after-every-session")
    assert protocol.record_fields == (RecordField.FOLLOW_UP,)


@pytest.mark.parametrize("protocol_id", ASK_FOR_THEIR_WORDS)
def test_disclosures_ask_for_their_own_words(protocol_id: str) -> None:
    assert RecordField.THEIR_WORDS in protocol_service.get_protocol(protocol_id).record_fields


def test_only_disclosures_ask_for_their_own_words() -> None:
    asking = [
        p.id for p in shipped_protocols().protocols if RecordField.THEIR_WORDS in p.record_fields
    ]
    assert sorted(asking) == ASK_FOR_THEIR_WORDS


def test_the_disclosure_card_is_not_a_protocol() -> None:
    assert DISCLOSURE_CARD not in {p.id for p in shipped_protocols().protocols}
    with pytest.raises(NotFound, match="not available"):
        protocol_service.get_protocol(DISCLOSURE_CARD)


# --- a broken file among good ones -------------------------------------------------------

BROKEN = """\
title = "A protocol someone edited by hand"
when = "Whenever."
order = 15

[[steps]]
text = "Only one step here."
"""


@pytest.fixture
def resources_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped protocols folder that the loader reads instead of the real one."""
    root = tmp_path / "resources"
    shutil.copytree(resource_path("protocols"), root / "protocols")
    monkeypatch.setattr(shipped, "resource_path", lambda *parts: root.joinpath(*parts))
    return root / "protocols"


def test_a_broken_file_is_reported_by_name_and_left_out(resources_copy: Path) -> None:
    (resources_copy / "zz-hand-edited.toml").write_text(BROKEN, encoding="utf-8")
    loaded = shipped_protocols()
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.startswith("zz-hand-edited.toml, line 5: ")
    assert "between 2 and 20 steps" in problem
    assert sorted(p.id for p in loaded.protocols) == SHIPPED_IDS


def test_a_file_that_is_not_text_is_reported_too(resources_copy: Path) -> None:
    (resources_copy / "garbled.toml").write_bytes(b'title = "\xff\xfe\x00 broken"\n')
    loaded = shipped_protocols()
    assert loaded.problems == ["garbled.toml: the file could not be read."]
    assert len(loaded.protocols) == 9


def test_a_broken_shipped_file_leaves_the_others(resources_copy: Path) -> None:
    flashback = resources_copy / "flashback.toml"
    flashback.write_text(flashback.read_text("utf-8").replace("order = 10", "order = = 10"))
    loaded = shipped_protocols()
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith("flashback.toml, line 3: ")
    assert "flashback" not in {p.id for p in loaded.protocols}
    assert len(loaded.protocols) == 8


def test_the_service_never_raises_for_a_broken_file(
    resources_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (resources_copy / "zz-hand-edited.toml").write_text(BROKEN, encoding="utf-8")
    (resources_copy / "invalid.toml").write_text("title = [\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="facilitator_app.services.protocols"):
        listed = protocol_service.list_protocols()
    assert [p.id for p in listed] == [p.id for p in shipped_protocols().protocols]
    assert len(listed) == 9
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "zz-hand-edited.toml" in logged
    assert "invalid.toml" in logged
    problems = protocol_service.protocol_problems()
    assert [problem.split(",")[0] for problem in problems] == [
        "invalid.toml",
        "zz-hand-edited.toml",
    ]
    with pytest.raises(NotFound):
        protocol_service.get_protocol("zz-hand-edited")
    assert protocol_service.get_protocol("flashback").id == "flashback"
