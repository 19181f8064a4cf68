"""Incident protocols as data, checked when loaded, and a run of one as a pure state machine.

Nothing here reads files or clocks: text comes in from the caller, and every action
takes the time it happened, so a run can be replayed and tested exactly.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

STEP_TEXT_MAX = 160
GUIDANCE_MAX = 400
STEPS_MIN = 2
STEPS_MAX = 20


class RecordField(StrEnum):
    """What a "record this" step asks the facilitator to write down."""

    OBSERVED = "observed"
    DONE = "done"
    OUTCOME = "outcome"
    FOLLOW_UP = "follow_up"
    THEIR_WORDS = "their_words"

    @property
    def label(self) -> str:
        return {
            RecordField.OBSERVED: "What you saw or heard",
            RecordField.DONE: "What you did",
            RecordField.OUTCOME: "How things were at the end",
            RecordField.FOLLOW_UP: "Follow-up wanted",
            RecordField.THEIR_WORDS: "Their own words, as they said them",
        }[self]


@dataclass(frozen=True)
class Step:
    text: str
    guidance: str = ""
    record: tuple[RecordField, ...] = ()


@dataclass(frozen=True)
class Protocol:
    id: str
    version: int
    title: str
    when: str
    order: int
    steps: tuple[Step, ...]

    @property
    def record_fields(self) -> tuple[RecordField, ...]:
        """Every field any of its steps asks for, in first-asked order."""
        seen: dict[RecordField, None] = {}
        for step in self.steps:
            seen.update(dict.fromkeys(step.record))
        return tuple(seen)


class ProtocolFileError(ValueError):
    """A protocol file that cannot be used; the message names the file and the line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}, line {line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


def _line_of(text: str, needle: str) -> int:
    """The first line holding `needle`, so an error points near the mistake."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and needle in line:
            return number
    return 1


def _toml_error_line(error: tomllib.TOMLDecodeError) -> int:
    """The line TOML reports: an attribute from Python 3.14, before that only in the message."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int) and line > 0:
        return line
    found = re.search(r"at line (\d+)", str(error))
    return int(found.group(1)) if found else 1


def _string(data: dict[str, Any], key: str, source: str, text: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProtocolFileError(source, _line_of(text, key), f"'{key}' must be some text.")
    value = value.strip()
    if len(value) > limit:
        raise ProtocolFileError(
            source, _line_of(text, value[:30]), f"'{key}' is longer than {limit} characters."
        )
    return value


def _step(data: Any, number: int, source: str, text: str) -> Step:
    if not isinstance(data, dict):
        raise ProtocolFileError(
            source, _line_of(text, "[[steps]]"), f"step {number} is not a table."
        )
    step_text = _string(data, "text", source, text, STEP_TEXT_MAX)
    guidance = data.get("guidance", "")
    if not isinstance(guidance, str) or len(guidance.strip()) > GUIDANCE_MAX:
        raise ProtocolFileError(
            source,
            _line_of(text, step_text[:30]),
            f"step {number}'s guidance must be text of at most {GUIDANCE_MAX} characters.",
        )
    record_names = data.get("record", [])
    if not isinstance(record_names, list):
        record_names = [record_names]
    known = {field.value for field in RecordField}
    unknown = [name for name in record_names if name not in known]
    if unknown:
        raise ProtocolFileError(
            source,
            _line_of(text, str(unknown[0])),
            f"step {number} asks to record '{unknown[0]}'; use any of {', '.join(sorted(known))}.",
        )
    extra = set(data) - {"text", "guidance", "record"}
    if extra:
        name = sorted(extra)[0]
        raise ProtocolFileError(
            source, _line_of(text, name), f"step {number} has an unknown key '{name}'."
        )
    return Step(step_text, guidance.strip(), tuple(RecordField(name) for name in record_names))


def parse_protocol(protocol_id: str, text: str, source: str) -> Protocol:
    """Read one protocol file's text, or raise ProtocolFileError naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolFileError(
            source, _toml_error_line(error), f"this is not valid TOML ({error})."
        ) from None
    version = data.get("version", 1)
    order = data.get("order", 0)
    if not isinstance(version, int) or version < 1:
        raise ProtocolFileError(source, _line_of(text, "version"), "'version' must be 1 or more.")
    if not isinstance(order, int):
        raise ProtocolFileError(source, _line_of(text, "order"), "'order' must be a whole number.")
    steps_data = data.get("steps")
    if not isinstance(steps_data, list) or not STEPS_MIN <= len(steps_data) <= STEPS_MAX:
        raise ProtocolFileError(
            source,
            _line_of(text, "[[steps]]") if "[[steps]]" in text else _line_of(text, "steps"),
            f"a protocol needs between {STEPS_MIN} and {STEPS_MAX} steps.",
        )
    return Protocol(
        id=protocol_id,
        version=version,
        title=_string(data, "title", source, text, 120),
        when=_string(data, "when", source, text, 200),
        order=order,
        steps=tuple(_step(step, n, source, text) for n, step in enumerate(steps_data, 1)),
    )


# --- a run ------------------------------------------------------------------------


class StepAction(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class StepEvent:
    step: int
    action: StepAction
    at: datetime


@dataclass(frozen=True)
class StepOutcome:
    """How a step ended up: done or skipped (and when), or not reached."""

    step: Step
    action: StepAction | None
    at: datetime | None


class RunStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class RunClosed(ValueError):
    """An action on a run that has already finished or been abandoned."""


@dataclass(frozen=True)
class ProtocolRun:
    """One use of a protocol: where it is, and every tick and skip with its time."""

    protocol: Protocol
    started_at: datetime
    position: int = 0
    events: tuple[StepEvent, ...] = ()
    status: RunStatus = RunStatus.RUNNING
    ended_at: datetime | None = None

    @property
    def current(self) -> Step | None:
        """The step shown now, or None once every step has been answered."""
        steps = self.protocol.steps
        return steps[self.position] if self.position < len(steps) else None

    @property
    def next_step(self) -> Step | None:
        steps = self.protocol.steps
        return steps[self.position + 1] if self.position + 1 < len(steps) else None

    @property
    def at_end(self) -> bool:
        return self.position >= len(self.protocol.steps)

    def outcomes(self) -> list[StepOutcome]:
        """Each step's latest action; a step stepped back over keeps its earlier tick."""
        latest: dict[int, StepEvent] = {}
        for event in self.events:
            latest[event.step] = event
        return [
            StepOutcome(step, latest[i].action, latest[i].at)
            if i in latest
            else StepOutcome(step, None, None)
            for i, step in enumerate(self.protocol.steps)
        ]


def start_run(protocol: Protocol, at: datetime) -> ProtocolRun:
    return ProtocolRun(protocol=protocol, started_at=at)


def _require_running(run: ProtocolRun) -> None:
    if run.status is not RunStatus.RUNNING:
        raise RunClosed("This protocol run has already ended.")


def _answer(run: ProtocolRun, action: StepAction, at: datetime) -> ProtocolRun:
    _require_running(run)
    if run.at_end:
        return run  # nothing left to tick; finishing is a separate choice
    event = StepEvent(run.position, action, at)
    return replace(run, position=run.position + 1, events=(*run.events, event))


def mark_done(run: ProtocolRun, at: datetime) -> ProtocolRun:
    return _answer(run, StepAction.DONE, at)


def skip(run: ProtocolRun, at: datetime) -> ProtocolRun:
    return _answer(run, StepAction.SKIPPED, at)


def back(run: ProtocolRun) -> ProtocolRun:
    """Show the previous step again; what was recorded for it stays until answered anew."""
    _require_running(run)
    return replace(run, position=max(0, run.position - 1))


def finish(run: ProtocolRun, at: datetime) -> ProtocolRun:
    """End the run (at any step): the incident record is drafted from it."""
    _require_running(run)
    return replace(run, status=RunStatus.FINISHED, ended_at=at)


def abandon(run: ProtocolRun, at: datetime) -> ProtocolRun:
    """Stop without finishing (started by mistake); the run is still kept."""
    _require_running(run)
    return replace(run, status=RunStatus.ABANDONED, ended_at=at)


# --- plain data for drafts and records ---------------------------------------------
# A record keeps the whole protocol as it was run (version pinning): later edits to the
# protocol never change what a past record says was done.


def protocol_to_data(protocol: Protocol) -> dict[str, Any]:
    return {
        "id": protocol.id,
        "version": protocol.version,
        "title": protocol.title,
        "when": protocol.when,
        "order": protocol.order,
        "steps": [
            {"text": s.text, "guidance": s.guidance, "record": [f.value for f in s.record]}
            for s in protocol.steps
        ],
    }


def protocol_from_data(data: dict[str, Any]) -> Protocol:
    return Protocol(
        id=str(data["id"]),
        version=int(data["version"]),
        title=str(data["title"]),
        when=str(data["when"]),
        order=int(data["order"]),
        steps=tuple(
            Step(str(s["text"]), str(s["guidance"]), tuple(RecordField(f) for f in s["record"]))
            for s in data["steps"]
        ),
    )


def run_to_data(run: ProtocolRun) -> dict[str, Any]:
    return {
        "protocol": protocol_to_data(run.protocol),
        "started_at": run.started_at.isoformat(),
        "position": run.position,
        "events": [
            {"step": e.step, "action": e.action.value, "at": e.at.isoformat()} for e in run.events
        ],
        "status": run.status.value,
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
    }


def run_from_data(data: dict[str, Any]) -> ProtocolRun:
    ended = data.get("ended_at")
    return ProtocolRun(
        protocol=protocol_from_data(data["protocol"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        position=int(data["position"]),
        events=tuple(
            StepEvent(int(e["step"]), StepAction(e["action"]), datetime.fromisoformat(e["at"]))
            for e in data["events"]
        ),
        status=RunStatus(data["status"]),
        ended_at=datetime.fromisoformat(ended) if ended else None,
    )


# --- protocols edited in the app ---------------------------------------------------


def check_protocol(protocol: Protocol) -> Protocol:
    """The same rules as a protocol file, for one edited in the app (ValidationError)."""
    title = clean_name(protocol.title, "title", "The protocol's title")
    when = clean_note(protocol.when, "when", "When to use it", limit=200)
    if not when:
        raise ValidationError("when", "Say in a line when to use this protocol.")
    if not STEPS_MIN <= len(protocol.steps) <= STEPS_MAX:
        raise ValidationError(
            "steps", f"A protocol needs between {STEPS_MIN} and {STEPS_MAX} steps."
        )
    steps = []
    for number, step in enumerate(protocol.steps, start=1):
        text = clean_note(step.text, "steps", f"Step {number}", limit=STEP_TEXT_MAX)
        if not text:
            raise ValidationError("steps", f"Step {number} has no text.")
        guidance = clean_note(
            step.guidance, "steps", f"Step {number}'s guidance", limit=GUIDANCE_MAX
        )
        steps.append(Step(" ".join(text.split()), guidance, tuple(dict.fromkeys(step.record))))
    return replace(protocol, title=title, when=" ".join(when.split()), steps=tuple(steps))
