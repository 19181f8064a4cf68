"""The name the app goes by: its own, or a neutral one a charity built it with.

A charity may not want the window title, the task bar, the program's file name or the
folders it keeps on disk to say what the app is for (DESIGN.md). The installers are
built with a name of the charity's choosing (`packaging/README.md`); the build writes
it to `resources/product.json`, which a checkout does not have, so a checkout and an
ordinary build use the app's own name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from facilitator_app.resource_files import resource_path

PRODUCT_FILE = "product.json"
_FILE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")


@dataclass(frozen=True)
class Product:
    name: str  # what a person sees: window title, task bar, menus
    program: str  # the program's file name and its desktop entry
    folder: str  # the per-user data and log folders


# The folder keeps its first spelling: stores already live under it.
OWN_NAME = Product(name="Facilitator App", program="facilitator-app", folder="facilitator_app")


def file_name_for(name: str) -> str:
    """A folder- and program-safe form of a shown name: "Group planner" → "group-planner"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # é → e
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:63]


def neutral_product(name: str) -> Product:
    """The product a build with a charity's chosen name is; ValueError if it cannot be."""
    file_name = file_name_for(name)
    return _checked({"name": name, "program": file_name, "folder": file_name})


def product_json(product: Product) -> str:
    return json.dumps(
        {"name": product.name, "program": product.program, "folder": product.folder}, indent=2
    )


def parse_product(text: str) -> Product:
    """The product a build describes, or a ValueError naming what is wrong with it."""
    try:
        found = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{PRODUCT_FILE} is not JSON: {error.msg}") from error
    if not isinstance(found, dict):
        raise ValueError(f"{PRODUCT_FILE} must hold an object with name, program and folder")
    return _checked(found)


def checked_name(name: object) -> str:
    """A name fit to be the app's shown name, trimmed; ValueError saying what is wrong.

    The same rules serve a name chosen at build time and one a charity sets in the app,
    so either can stand in for the other.
    """
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 60:
        raise ValueError("The name must be 1 to 60 characters.")
    if not re.search(r"[A-Za-z0-9]", name):
        # The program's file name is made of these, so a name needs one.
        raise ValueError("The name needs at least one letter A to Z or digit 0 to 9.")
    if not name.isprintable():  # it goes into desktop files, plists and installer scripts
        raise ValueError("The name must be on one line, without control characters.")
    # Quotes and markup would break the desktop entry, plist and installer script; the
    # rest cannot be in a Windows file name, and / would make a macOS app a sub-folder.
    if any(mark in name for mark in '"<>&\\/:*?|'):
        raise ValueError('The name must not contain any of " < > & \\ / : * ? |.')
    return name.strip()


def _checked(found: dict[str, object]) -> Product:
    name = checked_name(found.get("name"))
    for key in ("program", "folder"):
        value = found.get(key)
        if not isinstance(value, str) or not _FILE_NAME.fullmatch(value):
            raise ValueError(f"The {key} name must be lower-case letters, digits, '.', '_' or '-'.")
    return Product(name=name, program=str(found["program"]), folder=str(found["folder"]))


def current_product() -> Product:
    """The product this copy of the app was built as."""
    try:
        path = resource_path(PRODUCT_FILE)
    except FileNotFoundError:
        return OWN_NAME  # the resources' own absence is reported where they are needed
    if not path.is_file():
        return OWN_NAME
    # A broken file is a packaging mistake; starting under the wrong name would be worse.
    return parse_product(path.read_text("utf-8"))


def is_neutral_build(product: Product) -> bool:
    """Whether this copy was built under a charity's chosen name rather than the app's own."""
    return product != OWN_NAME
