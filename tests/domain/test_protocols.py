"""Protocols as data and a run of one: every transition, the round trip, and bad files."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.domain.protocols import (
    GUIDANCE_MAX,
    STEP_TEXT_MAX,
    STEPS_MAX,
    Protocol,
    ProtocolFileError,
    ProtocolRun,
    RecordField,
    RunClosed,
    RunStatus,
    Step,
    StepAction,
    StepEvent,
    abandon,
    back,
    finish,
    mark_done,
    parse_protocol,
    run_from_data,
    run_to_data,
    skip,
    start_run,
)

START = dt.datetime(2025, 3, 18, 18, 40, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    """A moment `minutes` after the run started."""
    return START + dt.timedelta(minutes=minutes)


def make_protocol(count: int = 4, **overrides: object) -> Protocol:
    values: dict[str, object] = {
        "id": "flashback",
        "version": 1,
        "title": "Flashback in the group",
        "when": "Someone seems far away or frozen.",
        "order": 10,
        "steps": tuple(Step(f"Step {n} text", f"Step {n} guidance") for n in range(1, count + 1)),
    }
    values.update(overrides)
    return Protocol(**values)


def answered(run: ProtocolRun) -> list[tuple[int, StepAction | None, dt.datetime | None]]:
    """Each step's latest answer as (index, action, time)."""
    return [(i, o.action, o.at) for i, o in enumerate(run.outcomes())]


# --- starting and answering -------------------------------------------------------------


def test_start_shows_the_first_step_and_records_nothing_yet() -> None:
    protocol = make_protocol(3)
    run = start_run(protocol, START)
    assert run.protocol is protocol
    assert run.started_at == START
    assert (run.position, run.events, run.status, run.ended_at) == (
        0,
        (),
        RunStatus.RUNNING,
        None,
    )
    assert run.current == protocol.steps[0]
    assert run.next_step == protocol.steps[1]
    assert not run.at_end
    assert answered(run) == [(0, None, None), (1, None, None), (2, None, None)]


def test_done_and_skip_move_on_and_record_step_action_and_time() -> None:
    protocol = make_protocol(3)
    run = mark_done(start_run(protocol, START), at(1))
    assert run.position == 1
    assert run.events == (StepEvent(0, StepAction.DONE, at(1)),)
    assert run.current == protocol.steps[1]
    run = skip(run, at(2.5))
    assert run.position == 2
    assert run.events[-1] == StepEvent(1, StepAction.SKIPPED, at(2.5))
    assert answered(run) == [
        (0, StepAction.DONE, at(1)),
        (1, StepAction.SKIPPED, at(2.5)),
        (2, None, None),
    ]
    assert run.status is RunStatus.RUNNING


def test_actions_return_new_runs_and_leave_the_old_one_alone() -> None:
    run = start_run(make_protocol(3), START)
    after = mark_done(run, at(1))
    assert after is not run
    assert (run.position, run.events) == (0, ())


def test_back_shows_the_previous_step_and_keeps_its_earlier_answer() -> None:
    protocol = make_protocol(4)
    run = skip(mark_done(start_run(protocol, START), at(1)), at(2))
    stepped_back = back(run)
    assert stepped_back.position == 1
    assert stepped_back.current == protocol.steps[1]
    assert stepped_back.events == run.events  # nothing erased
    assert answered(stepped_back)[1] == (1, StepAction.SKIPPED, at(2))


def test_answering_again_after_back_replaces_the_shown_outcome() -> None:
    run = skip(mark_done(start_run(make_protocol(4), START), at(1)), at(2))
    run = mark_done(back(run), at(3))
    assert run.position == 2
    assert answered(run)[:3] == [
        (0, StepAction.DONE, at(1)),
        (1, StepAction.DONE, at(3)),
        (2, None, None),
    ]
    # The history keeps both answers, in order; outcomes() shows the latest.
    assert [(e.step, e.action) for e in run.events] == [
        (0, StepAction.DONE),
        (1, StepAction.SKIPPED),
        (1, StepAction.DONE),
    ]


def test_back_twice_then_forward_keeps_every_other_answer() -> None:
    run = start_run(make_protocol(4), START)
    for minute in (1, 2, 3):
        run = mark_done(run, at(minute))
    run = back(back(run))
    assert run.position == 1
    run = skip(run, at(4))
    assert answered(run) == [
        (0, StepAction.DONE, at(1)),
        (1, StepAction.SKIPPED, at(4)),
        (2, StepAction.DONE, at(3)),
        (3, None, None),
    ]
    assert run.position == 2


def test_back_at_the_first_step_stays_there() -> None:
    run = start_run(make_protocol(3), START)
    assert back(run).position == 0
    assert back(back(mark_done(run, at(1)))).position == 0
    assert back(run).events == ()


def test_done_or_skip_after_the_last_step_does_nothing() -> None:
    run = start_run(make_protocol(2), START)
    run = mark_done(mark_done(run, at(1)), at(2))
    assert run.at_end
    assert run.current is None
    assert run.next_step is None
    assert mark_done(run, at(3)) == run
    assert skip(run, at(3)) == run
    assert run.status is RunStatus.RUNNING  # finishing is a separate choice


def test_back_from_the_end_shows_the_last_step_again() -> None:
    protocol = make_protocol(2)
    run = mark_done(mark_done(start_run(protocol, START), at(1)), at(2))
    run = back(run)
    assert not run.at_end
    assert run.current == protocol.steps[1]
    assert answered(run)[1] == (1, StepAction.DONE, at(2))


def test_current_next_and_at_end_along_the_way() -> None:
    protocol = make_protocol(3)
    run = start_run(protocol, START)
    seen = []
    for minute in (1, 2, 3):
        seen.append((run.position, run.current, run.next_step, run.at_end))
        run = mark_done(run, at(minute))
    seen.append((run.position, run.current, run.next_step, run.at_end))
    steps = protocol.steps
    assert seen == [
        (0, steps[0], steps[1], False),
        (1, steps[1], steps[2], False),
        (2, steps[2], None, False),
        (3, None, None, True),
    ]


# --- ending ------------------------------------------------------------------------------


@pytest.mark.parametrize("answers", [0, 1, 3, 4])
def test_finish_at_any_step_sets_the_end_time_and_status(answers: int) -> None:
    run = start_run(make_protocol(4), START)
    for minute in range(1, answers + 1):
        run = mark_done(run, at(minute))
    finished = finish(run, at(10))
    assert finished.status is RunStatus.FINISHED
    assert finished.ended_at == at(10)
    assert finished.position == run.position
    assert finished.events == run.events


def test_abandon_keeps_the_run_and_marks_it_abandoned() -> None:
    run = mark_done(start_run(make_protocol(3), START), at(1))
    abandoned = abandon(run, at(2))
    assert abandoned.status is RunStatus.ABANDONED
    assert abandoned.ended_at == at(2)
    assert abandoned.events == run.events


CLOSING = {"finish": finish, "abandon": abandon}
ACTIONS = {
    "done": lambda run: mark_done(run, at(20)),
    "skip": lambda run: skip(run, at(20)),
    "back": back,
    "finish": lambda run: finish(run, at(20)),
    "abandon": lambda run: abandon(run, at(20)),
}


@pytest.mark.parametrize("closing", sorted(CLOSING))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_on_a_closed_run_is_refused(closing: str, action: str) -> None:
    run = mark_done(start_run(make_protocol(3), START), at(1))
    closed = CLOSING[closing](run, at(2))
    with pytest.raises(RunClosed, match="already ended"):
        ACTIONS[action](closed)


def test_a_closed_run_at_the_end_still_refuses_done() -> None:
    run = mark_done(mark_done(start_run(make_protocol(2), START), at(1)), at(2))
    with pytest.raises(RunClosed):
        mark_done(finish(run, at(3)), at(4))


# --- what a protocol asks to record ------------------------------------------------------


def test_record_fields_in_first_asked_order_without_duplicates() -> None:
    protocol = make_protocol(
        steps=(
            Step("Stay with them."),
            Step("Note what you saw.", record=(RecordField.OBSERVED, RecordField.THEIR_WORDS)),
            Step("Tell the lead."),
            Step(
                "Write the rest.",
                record=(RecordField.DONE, RecordField.OBSERVED, RecordField.FOLLOW_UP),
            ),
            Step("Check in.", record=(RecordField.THEIR_WORDS, RecordField.OUTCOME)),
        )
    )
    assert protocol.record_fields == (
        RecordField.OBSERVED,
        RecordField.THEIR_WORDS,
        RecordField.DONE,
        RecordField.FOLLOW_UP,
        RecordField.OUTCOME,
    )


def test_a_protocol_with_no_record_steps_asks_for_nothing() -> None:
    assert make_protocol(3).record_fields == ()


def test_every_record_field_has_a_plain_label() -> None:
    labels = [field.label for field in RecordField]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


# --- plain data round trip ---------------------------------------------------------------


def test_a_finished_run_round_trips_through_json() -> None:
    protocol = make_protocol(
        steps=(Step("Go to them.", "Quietly."), Step("Write it down.", "", (RecordField.DONE,)))
    )
    run = finish(back(skip(mark_done(start_run(protocol, START), at(1)), at(2))), at(3))
    data = json.loads(json.dumps(run_to_data(run)))
    assert run_from_data(data) == run
    assert data["protocol"]["version"] == 1
    assert data["events"][1] == {"step": 1, "action": "skipped", "at": at(2).isoformat()}


def test_a_run_keeps_the_protocol_version_it_started_with() -> None:
    """Version pinning: a newer protocol never changes what a past run says was done."""
    old = make_protocol(
        steps=(Step("Sit with them."), Step("Write what happened.", record=(RecordField.DONE,)))
    )
    new = make_protocol(
        version=2,
        steps=(
            Step("Go to them and use their name."),
            Step("Offer water."),
            Step("Write what happened.", record=(RecordField.OBSERVED,)),
        ),
    )
    run = finish(mark_done(mark_done(start_run(old, START), at(1)), at(2)), at(3))
    restored = run_from_data(json.loads(json.dumps(run_to_data(run))))
    assert restored.protocol == old
    assert restored.protocol != new
    assert restored.protocol.version == 1
    assert [o.step.text for o in restored.outcomes()] == ["Sit with them.", "Write what happened."]
    assert restored.protocol.record_fields == (RecordField.DONE,)
    # A run started on the new version is separate and keeps that one.
    newer_run = start_run(new, at(5))
    assert run_from_data(run_to_data(newer_run)).protocol.version == 2
    assert run_from_data(run_to_data(run)).protocol.version == 1


texts = st.text(min_size=1, max_size=40)
steps = st.builds(
    Step,
    text=texts,
    guidance=st.text(max_size=60),
    record=st.lists(st.sampled_from(RecordField), unique=True, max_size=5).map(tuple),
)
protocols = st.builds(
    Protocol,
    id=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    version=st.integers(1, 1000),
    title=texts,
    when=texts,
    order=st.integers(-1000, 1000),
    steps=st.lists(steps, min_size=2, max_size=STEPS_MAX).map(tuple),
)
times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1))]),
)
moves = st.lists(st.tuples(st.sampled_from(["done", "skip", "back"]), times), max_size=40)
endings = st.sampled_from([None, "finish", "abandon"])


@given(protocols, times, moves, endings, times)
def test_any_run_round_trips_equal(
    protocol: Protocol,
    started: dt.datetime,
    steps_taken: list[tuple[str, dt.datetime]],
    ending: str | None,
    ended: dt.datetime,
) -> None:
    run = start_run(protocol, started)
    for move, moment in steps_taken:
        if move == "done":
            run = mark_done(run, moment)
        elif move == "skip":
            run = skip(run, moment)
        else:
            run = back(run)
    if ending is not None:
        run = CLOSING[ending](run, ended)
    data = run_to_data(run)
    assert run_from_data(data) == run
    assert run_from_data(json.loads(json.dumps(data))) == run
    assert 0 <= run.position <= len(protocol.steps)


# --- protocol files ----------------------------------------------------------------------

GOOD = textwrap.dedent(
    """\
    title = "Flashback, dissociation or panic in the group"
    when = "Someone seems far away, frozen, panicky, or back in a bad memory."
    order = 10
    version = 1

    [[steps]]
    text = "Go to the person. Your co-facilitator keeps the group going."
    guidance = "Use your agreed signal, or just a few words."

    [[steps]]
    text = "Speak quietly and slowly, and use their name."
    guidance = "Keep your voice low, gentle and steady."

    [[steps]]
    text = "Write down the time, what you saw and what you did."
    record = ["observed", "done"]
    """
)


def line_number(text: str, needle: str) -> int:
    """The 1-based line of `text` holding `needle` (which must be there once)."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def test_a_good_file_parses_whole() -> None:
    protocol = parse_protocol("flashback", GOOD, "flashback.toml")
    assert protocol.id == "flashback"
    assert (protocol.version, protocol.order) == (1, 10)
    assert protocol.title == "Flashback, dissociation or panic in the group"
    assert protocol.when.startswith("Someone seems far away")
    assert [s.text[:8] for s in protocol.steps] == ["Go to th", "Speak qu", "Write do"]
    assert protocol.steps[0].guidance == "Use your agreed signal, or just a few words."
    assert protocol.steps[2].guidance == ""
    assert protocol.steps[2].record == (RecordField.OBSERVED, RecordField.DONE)
    assert protocol.record_fields == (RecordField.OBSERVED, RecordField.DONE)


def test_version_and_order_have_defaults() -> None:
    text = GOOD.replace("order = 10\n", "").replace("version = 1\n", "")
    protocol = parse_protocol("flashback", text, "flashback.toml")
    assert (protocol.version, protocol.order) == (1, 0)


def test_a_single_record_name_is_read_as_a_list() -> None:
    text = GOOD.replace('record = ["observed", "done"]', 'record = "observed"')
    protocol = parse_protocol("flashback", text, "flashback.toml")
    assert protocol.steps[2].record == (RecordField.OBSERVED,)


def test_text_and_guidance_at_their_limits_are_fine() -> None:
    text = GOOD.replace(
        "Speak quietly and slowly, and use their name.", "s" * STEP_TEXT_MAX
    ).replace("Keep your voice low, gentle and steady.", "g" * GUIDANCE_MAX)
    protocol = parse_protocol("flashback", text, "flashback.toml")
    assert len(protocol.steps[1].text) == STEP_TEXT_MAX
    assert len(protocol.steps[1].guidance) == GUIDANCE_MAX


def steps_file(count: int) -> str:
    head = GOOD.split("[[steps]]")[0]
    body = "".join(f'[[steps]]\ntext = "Step number {n}."\n\n' for n in range(1, count + 1))
    return head + body


def test_twenty_steps_are_fine() -> None:
    assert len(parse_protocol("long", steps_file(STEPS_MAX), "long.toml").steps) == STEPS_MAX


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _drop_line(text: str, starts: str) -> str:
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith(starts)]
    assert len(lines) == len(text.splitlines()) - 1, starts
    return "".join(lines)


LONG_TEXT = "Sit beside them " + "and keep sitting " * 10
LONG_GUIDANCE = "Breathe along with them " + "slowly " * 60

# Each case: the broken file, the line the mistake is on, and words from the message.
BAD_FILES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "invalid TOML": (
        _replace_once(GOOD, "order = 10", "order = = 10"),
        "order = = 10",
        ("not valid TOML",),
    ),
    "unclosed string": (
        _replace_once(GOOD, 'use their name."', "use their name."),
        "use their name.",
        ("not valid TOML",),
    ),
    "missing title": (_drop_line(GOOD, "title ="), "", ("'title' must be some text",)),
    "empty title": (
        _replace_once(GOOD, '"Flashback, dissociation or panic in the group"', '"  "'),
        'title = "  "',
        ("'title' must be some text",),
    ),
    "empty steps": (
        GOOD.split("[[steps]]")[0] + "steps = []\n",
        "steps = []",
        ("between 2 and 20 steps",),
    ),
    "one step": (steps_file(1), "[[steps]]", ("between 2 and 20 steps",)),
    "21 steps": (steps_file(STEPS_MAX + 1), "Step number 1.", ("between 2 and 20 steps",)),
    "text over 160": (
        _replace_once(GOOD, "Speak quietly and slowly, and use their name.", LONG_TEXT),
        LONG_TEXT,
        ("'text' is longer than 160 characters",),
    ),
    "guidance over 400": (
        _replace_once(GOOD, "Keep your voice low, gentle and steady.", LONG_GUIDANCE),
        LONG_GUIDANCE,
        ("step 2's guidance", "400 characters"),
    ),
    "unknown record kind": (
        _replace_once(GOOD, '["observed", "done"]', '["observed", "feelings"]'),
        '"feelings"',
        (
            "step 3 asks to record 'feelings'",
            "done, follow_up, observed, outcome, their_words",
        ),
    ),
    "unknown key in a step": (
        _replace_once(
            GOOD,
            'guidance = "Keep your voice low',
            'guidence = "Keep your voice low',
        ),
        "guidence =",
        ("step 2 has an unknown key 'guidence'",),
    ),
    "version 0": (
        _replace_once(GOOD, "version = 1", "version = 0"),
        "version = 0",
        ("'version' must be 1 or more",),
    ),
    "version as text": (
        _replace_once(GOOD, "version = 1", 'version = "2"'),
        'version = "2"',
        ("'version' must be 1 or more",),
    ),
    "order not an int": (
        _replace_once(GOOD, "order = 10", 'order = "first"'),
        'order = "first"',
        ("'order' must be a whole number",),
    ),
    "order a float": (
        _replace_once(GOOD, "order = 10", "order = 10.5"),
        "order = 10.5",
        ("'order' must be a whole number",),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_naming_the_file_and_the_line(case: str) -> None:
    text, offending, words = BAD_FILES[case]
    with pytest.raises(ProtocolFileError) as caught:
        parse_protocol("flashback", text, "flashback.toml")
    error = caught.value
    expected = line_number(text, offending) if offending else 1
    # "Near": guidance is reported at its step's text, one line above.
    assert expected - 1 <= error.line <= expected, (error.line, expected, str(error))
    assert error.source == "flashback.toml"
    assert str(error).startswith(f"flashback.toml, line {error.line}: ")
    for phrase in words:
        assert phrase in str(error)


def test_invalid_toml_reports_the_line_toml_found() -> None:
    text = _replace_once(GOOD, "order = 10", "order = = 10")
    with pytest.raises(ProtocolFileError, match=r"^flashback\.toml, line 3: ") as caught:
        parse_protocol("flashback", text, "flashback.toml")
    assert caught.value.line == 3
    assert "(at line 3" in caught.value.problem


def test_a_protocol_file_error_is_a_value_error() -> None:
    error = ProtocolFileError("x.toml", 7, "something is wrong.")
    assert isinstance(error, ValueError)
    assert str(error) == "x.toml, line 7: something is wrong."
    assert (error.source, error.line, error.problem) == ("x.toml", 7, "something is wrong.")
