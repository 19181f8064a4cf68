"""Handouts as data: a title, who it is for, and a body in a small Markdown subset.

The body is parsed into blocks here, with no knowledge of PDFs, so it can be
validated when a charity edits it and rendered by documents/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name, clean_note

BODY_MAX = 20_000
WRITE_LINES_MAX = 30


class Audience(StrEnum):
    MEMBERS = "members"
    FACILITATORS = "facilitators"

    @property
    def label(self) -> str:
        return {Audience.MEMBERS: "For members", Audience.FACILITATORS: "For facilitators"}[self]


@dataclass(frozen=True)
class Handout:
    name: str
    title: str
    audience: Audience
    summary: str
    order: int
    version: int
    body: str
    edited: bool = False


class BlockKind(StrEnum):
    HEADING = "heading"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    TICK_BOX = "tick-box"
    SERVICES = "services"
    URGENT_SERVICES = "urgent-services"
    ORGANISATION_CONTACT = "organisation-contact"
    WRITE_LINES = "write-lines"


@dataclass(frozen=True)
class Run:
    """A stretch of text, bold or not."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    runs: tuple[Run, ...] = ()
    count: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


_PLACEHOLDER = re.compile(r"^\{\{\s*([a-z_]+)(?::(\d+))?\s*\}\}$")
_INLINE_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{(.*?)\}\}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINE_BLOCKS = {
    "services": BlockKind.SERVICES,
    "urgent_services": BlockKind.URGENT_SERVICES,
    "organisation_contact": BlockKind.ORGANISATION_CONTACT,
}
_INLINE_NAMES = frozenset({"organisation"})


def runs_of(text: str) -> tuple[Run, ...]:
    """Split `**bold**` stretches out of a line; everything else is plain text."""
    runs: list[Run] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return tuple(runs)


def _placeholder_block(line: str, number: int) -> Block | None:
    match = _PLACEHOLDER.match(line)
    if match is None:
        return None
    name, count = match.group(1), match.group(2)
    if name == "write_lines":
        lines = int(count or "0")
        if not 1 <= lines <= WRITE_LINES_MAX:
            raise ValidationError(
                "body",
                f"Line {number}: write_lines needs a number from 1 to {WRITE_LINES_MAX}, "
                "for example {{write_lines:4}}.",
            )
        return Block(BlockKind.WRITE_LINES, count=lines)
    kind = _LINE_BLOCKS.get(name)
    if kind is None or count is not None:
        raise ValidationError(
            "body", f"Line {number}: {{{{{name}}}}} is not a placeholder the app knows."
        )
    return Block(kind)


def _check_inline(line: str, number: int) -> None:
    # Anything in double braces that is not a known placeholder is a typo to report,
    # not text to print: "{{Organisation}}" on a handout helps nobody.
    for match in _ANY_BRACES.finditer(line):
        if match.group(1).strip() not in _INLINE_NAMES:
            raise ValidationError(
                "body",
                f"Line {number}: {{{{{match.group(1)}}}}} is not a placeholder the app knows.",
            )


def parse_body(body: str) -> list[Block]:
    """Blocks in reading order. Raises ValidationError for an unknown placeholder."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block(BlockKind.PARAGRAPH, runs_of(" ".join(paragraph))))
            paragraph.clear()

    for number, raw in enumerate(body.splitlines(), start=1):
        line = raw.strip()
        if not line:
            end_paragraph()
            continue
        placeholder = _placeholder_block(line, number)
        if placeholder is not None:
            end_paragraph()
            blocks.append(placeholder)
            continue
        _check_inline(line, number)
        for prefix, kind in (
            ("### ", BlockKind.SUBHEADING),
            ("## ", BlockKind.HEADING),
            ("- ", BlockKind.BULLET),
            ("[ ] ", BlockKind.TICK_BOX),
        ):
            if line.startswith(prefix):
                end_paragraph()
                blocks.append(Block(kind, runs_of(line[len(prefix) :].strip())))
                break
        else:
            paragraph.append(line)
    end_paragraph()
    return blocks


def fill_inline(text: str, organisation: str) -> str:
    return _INLINE_PLACEHOLDER.sub(
        lambda m: organisation if m.group(1) == "organisation" else m.group(0), text
    )


def bullet_items(body: str) -> list[str]:
    """The bullet lines of a body, as plain text (a group agreement's default items)."""
    return [block.text for block in parse_body(body) if block.kind is BlockKind.BULLET]


def validate_handout_text(title: str, body: str) -> tuple[str, str]:
    clean_title = clean_name(title, "title", "The title")
    clean_body = clean_note(body, "body", "The handout text", limit=BODY_MAX)
    if not clean_body:
        raise ValidationError("body", "The handout text can't be empty.")
    parse_body(clean_body)
    return clean_title, clean_body
