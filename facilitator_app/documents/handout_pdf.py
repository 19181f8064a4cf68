"""A handout as a PDF, and a group's own agreement printed in the agreement handout's frame."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph

from facilitator_app.documents.blocks import HandoutContext, block_flowables, markup
from facilitator_app.documents.page import PageOptions, Styles, build_pdf, styles_for
from facilitator_app.domain.handouts import Block, BlockKind, Handout, parse_body, runs_of

FOOTER = "Printed copy: keep it somewhere private if it matters to you."


def logo_size(data: bytes) -> tuple[int, int]:
    """Width and height of a logo image; raises ValueError if it cannot be read."""
    try:
        image = ImageReader(io.BytesIO(data))
        width, height = image.getSize()
        # The size is in the header; only decoding every pixel finds a file cut short,
        # which would otherwise be saved and then break every PDF made with it.
        image.getRGBData()  # type: ignore[no-untyped-call]  # untyped in types-reportlab
    except Exception as error:  # reportlab and Pillow raise many kinds for a bad image
        raise ValueError("unreadable image") from error
    if width <= 0 or height <= 0:
        raise ValueError("empty image")
    return int(width), int(height)


def _logo(context: HandoutContext) -> list[Flowable]:
    logo = context.organisation.logo
    if not logo:
        return []
    width, height = logo_size(logo)
    target_height = 16 * mm
    image = Image(io.BytesIO(logo), width=width * target_height / height, height=target_height)
    image.hAlign = "RIGHT"
    return [image]


def _page(
    title: str,
    intro: Sequence[Flowable],
    blocks: Sequence[Block],
    context: HandoutContext,
    styles: Styles,
) -> list[Flowable]:
    return [
        *_logo(context),
        Paragraph(markup(title), styles.title),
        *intro,
        *block_flowables(blocks, context, styles),
    ]


def render_handout(handout: Handout, context: HandoutContext, options: PageOptions) -> bytes:
    styles = styles_for(options)
    story = _page(handout.title, [], parse_body(handout.body), context, styles)
    return build_pdf(
        title=handout.title,
        header=context.organisation.name,
        footer=FOOTER,
        story=story,
        options=options,
    )


def render_group_agreement(
    agreement_handout: Handout,
    group_name: str,
    items: Sequence[str],
    context: HandoutContext,
    options: PageOptions,
) -> bytes:
    """The agreement handout's words around this group's own items (in place of the defaults)."""
    styles = styles_for(options)
    blocks: list[Block] = []
    placed = False
    group_items = [Block(BlockKind.BULLET, runs_of(item)) for item in items]
    for block in parse_body(agreement_handout.body):
        if block.kind is BlockKind.BULLET:
            if not placed:
                blocks.extend(group_items)
                placed = True
            continue
        blocks.append(block)
    if not placed:
        blocks.extend(group_items)
    intro = [Paragraph(markup(group_name), styles.subheading)]
    story = _page(agreement_handout.title, intro, blocks, context, styles)
    return build_pdf(
        title=agreement_handout.title,
        header=context.organisation.name,
        footer=FOOTER,
        story=story,
        options=options,
    )
