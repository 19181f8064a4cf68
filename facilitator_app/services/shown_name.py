"""The name the app shows: a neutral one the charity chose, or the build's own.

Kept apart from `app_name` (which reads and writes it in a store) so the first
window can be titled without loading the store code.
"""

from __future__ import annotations

from facilitator_app.domain.errors import ValidationError
from facilitator_app.product import checked_name, current_product, is_neutral_build


def clean_app_name(typed: str) -> str | None:
    """The name as it will be shown, None for "use the app's own name" (left empty).

    The rules are the ones a name given at build time follows (`product.checked_name`),
    so a name that works here would also work for an installer.
    """
    if not typed.strip():
        return None
    try:
        return checked_name(typed)
    except ValueError as error:
        raise ValidationError("app_name", str(error)) from None


def shown_app_name(chosen: str | None) -> str:
    """What the window and task bar say: the charity's name, else the build's own."""
    return chosen or current_product().name


def is_neutral(chosen: str | None) -> bool:
    """Whether the app goes by a neutral name (chosen in the app or at build time).

    Then the start screens leave out words that say what the app is for.
    """
    return chosen is not None or is_neutral_build(current_product())
