"""Handout bodies: the small Markdown subset, placeholders, and the checks on edits."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.handouts import (
    BODY_MAX,
    WRITE_LINES_MAX,
    Audience,
    Block,
    BlockKind,
    Run,
    bullet_items,
    fill_inline,
    parse_body,
    runs_of,
    validate_handout_text,
)

# --- blocks ------------------------------------------------------------------------------


def test_headings_bullets_tick_boxes_and_paragraphs_in_reading_order() -> None:
    body = "\n".join(
        [
            "Welcome to the group.",
            "",
            "## What this group is",
            "### A smaller heading",
            "- a bullet",
            "[ ] a tick box",
            "After the list.",
        ]
    )
    assert parse_body(body) == [
        Block(BlockKind.PARAGRAPH, (Run("Welcome to the group."),)),
        Block(BlockKind.HEADING, (Run("What this group is"),)),
        Block(BlockKind.SUBHEADING, (Run("A smaller heading"),)),
        Block(BlockKind.BULLET, (Run("a bullet"),)),
        Block(BlockKind.TICK_BOX, (Run("a tick box"),)),
        Block(BlockKind.PARAGRAPH, (Run("After the list."),)),
    ]


def test_lines_of_a_paragraph_are_joined_with_one_space() -> None:
    body = "  First line of it,\nsecond line\t\n   and the third.\n\nA new paragraph."
    assert [block.text for block in parse_body(body)] == [
        "First line of it, second line and the third.",
        "A new paragraph.",
    ]


def test_a_heading_or_list_ends_the_paragraph_before_it() -> None:
    blocks = parse_body("Some words\n## Heading\nmore words\n- item\nlast words")
    assert [(block.kind, block.text) for block in blocks] == [
        (BlockKind.PARAGRAPH, "Some words"),
        (BlockKind.HEADING, "Heading"),
        (BlockKind.PARAGRAPH, "more words"),
        (BlockKind.BULLET, "item"),
        (BlockKind.PARAGRAPH, "last words"),
    ]


def test_markers_without_their_space_are_plain_text() -> None:
    blocks = parse_body("##Not a heading\n-5 degrees outside\n[x] not a tick box\n#hashtag")
    assert [block.kind for block in blocks] == [BlockKind.PARAGRAPH]
    assert blocks[0].text == "##Not a heading -5 degrees outside [x] not a tick box #hashtag"


def test_an_empty_body_has_no_blocks() -> None:
    assert parse_body("") == []
    assert parse_body("\n  \n\t\n") == []


def test_bold_runs() -> None:
    assert runs_of("Call **999** or **NHS 111** now") == (
        Run("Call "),
        Run("999", bold=True),
        Run(" or "),
        Run("NHS 111", bold=True),
        Run(" now"),
    )
    assert runs_of("**all bold**") == (Run("all bold", bold=True),)
    assert runs_of("") == ()


def test_stars_that_do_not_pair_print_as_typed() -> None:
    assert runs_of("5 * 3 = 15") == (Run("5 * 3 = 15"),)
    assert runs_of("an **open star") == (Run("an **open star"),)
    assert runs_of("****") == (Run("****"),)


def test_bold_inside_headings_and_bullets() -> None:
    heading, bullet = parse_body("## Call **999**\n- Text **SHOUT** to 85258")
    assert heading.runs == (Run("Call "), Run("999", bold=True))
    assert bullet.runs == (Run("Text "), Run("SHOUT", bold=True), Run(" to 85258"))
    assert bullet.text == "Text SHOUT to 85258"


# --- placeholders ------------------------------------------------------------------------


def test_placeholders_on_lines_of_their_own() -> None:
    body = (
        "Before.\n{{services}}\n{{ urgent_services }}\n{{organisation_contact}}\n"
        "{{write_lines:4}}\nAfter."
    )
    assert parse_body(body) == [
        Block(BlockKind.PARAGRAPH, (Run("Before."),)),
        Block(BlockKind.SERVICES),
        Block(BlockKind.URGENT_SERVICES),
        Block(BlockKind.ORGANISATION_CONTACT),
        Block(BlockKind.WRITE_LINES, count=4),
        Block(BlockKind.PARAGRAPH, (Run("After."),)),
    ]


@pytest.mark.parametrize("count", [1, WRITE_LINES_MAX])
def test_write_lines_limits(count: int) -> None:
    assert parse_body(f"{{{{write_lines:{count}}}}}") == [Block(BlockKind.WRITE_LINES, count=count)]


@pytest.mark.parametrize(
    "line", ["{{write_lines:0}}", f"{{{{write_lines:{WRITE_LINES_MAX + 1}}}}}", "{{write_lines}}"]
)
def test_write_lines_out_of_range_names_the_line(line: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_body(f"First line.\n\n{line}")
    assert refused.value.field == "body"
    assert refused.value.message.startswith("Line 3: write_lines needs a number from 1 to 30")


@pytest.mark.parametrize(
    ("body", "line", "name"),
    [
        ("{{nope}}", 1, "nope"),
        ("Text\n\n  {{ nope }}  ", 3, "nope"),
        ("{{services:3}}", 1, "services"),
        ("A line with {{nope}} inside it.", 1, "nope"),
        ("Para\n- See {{services}} below", 2, "services"),
        ("## Hello {{member_name}}", 1, "member_name"),
    ],
)
def test_an_unknown_placeholder_is_refused_naming_the_line(body: str, line: int, name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_body(body)
    assert refused.value.message == (
        f"Line {line}: {{{{{name}}}}} is not a placeholder the app knows."
    )


def test_organisation_is_filled_in_within_a_line() -> None:
    (block,) = parse_body("{{organisation}} supports the facilitators.")
    assert block.kind is BlockKind.PARAGRAPH
    assert fill_inline(block.text, "Riverside Peer Support") == (
        "Riverside Peer Support supports the facilitators."
    )
    assert fill_inline("{{ organisation }} and {{organisation}}", "R&B") == "R&B and R&B"


def test_fill_inline_leaves_other_text_alone() -> None:
    assert fill_inline("No placeholders {here}", "Org") == "No placeholders {here}"
    assert fill_inline("{{other}}", "Org") == "{{other}}"


def test_bullet_items_are_the_bullets_as_plain_text() -> None:
    body = "Intro.\n\n- one **bold** thing\n- two\n\n## Heading\n[ ] not a bullet\n- three"
    assert bullet_items(body) == ["one bold thing", "two", "three"]
    assert bullet_items("No bullets here.") == []


# --- any plain text parses into its own words -------------------------------------------

_word = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="*{"
    ),
    min_size=1,
    max_size=12,
).filter(lambda word: not any(char.isspace() for char in word))
_line = st.lists(_word, min_size=1, max_size=8).map(" ".join)
_paragraph = st.lists(_line, min_size=1, max_size=4)


def _is_plain(line: str) -> bool:
    return not line.startswith(("## ", "### ", "- ", "[ ] "))


@given(
    paragraphs=st.lists(_paragraph, min_size=1, max_size=5),
    indent=st.sampled_from(["", " ", "\t", "   "]),
    gap=st.sampled_from(["\n\n", "\n\n\n", "\n  \n"]),
)
def test_plain_lines_parse_into_paragraphs_of_the_same_words(
    paragraphs: list[list[str]], indent: str, gap: str
) -> None:
    assume(all(_is_plain(line) for lines in paragraphs for line in lines))
    body = gap.join("\n".join(indent + line + indent for line in lines) for lines in paragraphs)

    blocks = parse_body(body)

    assert all(block.kind is BlockKind.PARAGRAPH for block in blocks)
    assert all(not run.bold for block in blocks for run in block.runs)
    assert [block.text for block in blocks] == [" ".join(lines) for lines in paragraphs]
    assert " ".join(block.text for block in blocks).split() == body.split()


# --- checking an edit --------------------------------------------------------------------


def test_validate_trims_and_keeps_the_text() -> None:
    title, body = validate_handout_text("  Grounding toolkit ", "\n\nSome words.\r\nMore.\n\n")
    assert (title, body) == ("Grounding toolkit", "Some words.\nMore.")


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t\n"])
def test_an_empty_body_is_refused(body: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_handout_text("Title", body)
    assert refused.value.field == "body"
    assert refused.value.message == "The handout text can't be empty."


def test_an_empty_title_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_handout_text("  ", "Body")
    assert refused.value.field == "title"


def test_a_body_over_the_limit_is_refused() -> None:
    validate_handout_text("Title", "x" * BODY_MAX)
    with pytest.raises(ValidationError) as refused:
        validate_handout_text("Title", "x" * (BODY_MAX + 1))
    assert "at most 20,000 characters" in refused.value.message


def test_control_characters_in_the_body_are_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_handout_text("Title", "Hello\x07 there")
    assert refused.value.field == "body"


def test_a_body_with_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"^Line 2: \{\{nope\}\}"):
        validate_handout_text("Title", "Fine line\n{{nope}}")


def test_audience_labels() -> None:
    assert Audience.MEMBERS.label == "For members"
    assert Audience.FACILITATORS.label == "For facilitators"
    assert Audience("facilitators") is Audience.FACILITATORS
