"""The name a store goes by on the start screen of a computer that several people share."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator_app.domain.errors import ValidationError
from facilitator_app.domain.text import clean_name

STORE_NAME_MAX = 40


def clean_store_name(value: str) -> str:
    """A one-line name of 1 to 40 characters, such as "Sam's groups"."""
    name = clean_name(value, "store_name", "The store's name")
    if len(name) > STORE_NAME_MAX:
        raise ValidationError(
            "store_name", f"The store's name can be at most {STORE_NAME_MAX} characters."
        )
    return name


def shown_name(typed: str, hidden: bool) -> str | None:
    """The name to list a store by, or None when the person chose not to show one.

    A hidden store keeps no name at all: the list is a plain file anyone using the
    computer could read.
    """
    return None if hidden else clean_store_name(typed)


def same_name(first: str, second: str) -> bool:
    """Names a person could not tell apart in a list: "Sam's groups" and "sam's GROUPS"."""
    return first.casefold() == second.casefold()


HIDDEN_LABEL = "A store (name hidden)"


def list_labels(names: Sequence[str | None]) -> list[str]:
    """What the start screen calls each store, in order; None is a hidden name.

    Named stores go by their names (which are kept apart, see `same_name`). Hidden ones
    are numbered when there are several, so the list still tells them apart.
    """
    hidden = sum(1 for name in names if name is None)
    labels: list[str] = []
    number = 0
    for name in names:
        if name is not None:
            labels.append(name)
        elif hidden == 1:
            labels.append(HIDDEN_LABEL)
        else:
            number += 1
            labels.append(f"Store {number} (name hidden)")
    return labels
