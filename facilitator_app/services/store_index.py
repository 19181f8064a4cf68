"""The stores on this computer, for a start screen that several volunteers share.

Each volunteer has a separate encrypted store with its own passphrase. The list of
them is a small plain JSON file in the per-user data folder, outside every store, so
it can be read before anything is unlocked. It holds only what the start screen shows:
each store's folder and the name its owner chose for it (or that they chose to show
none), and the neutral name the app last learned (`services.app_name`). Never a role,
an organisation, a count or anything from inside a store.

The file is only a list: removing a store from it leaves the store itself alone, and
losing or damaging it loses no records. Without a readable list the app still finds
the first store (`default_store_folder`) and any in the `stores` folder beside it.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator_app.domain.errors import AppError, ValidationError
from facilitator_app.domain.store_names import list_labels, same_name, shown_name
from facilitator_app.product import checked_name
from facilitator_app.services import store_folder
from facilitator_app.store.files import make_private_dir, write_atomically

_log = logging.getLogger(__name__)

INDEX_NAME = "stores.json"
STORES_FOLDER = "stores"  # where the second and later stores on this computer go
_VERSION = 1

UNREADABLE = (
    "The list of stores on this computer could not be read, so their names are not "
    "shown. The stores themselves are not affected."
)


class StoreListUnsaved(AppError):
    """The list of stores could not be written; the stores themselves are unchanged."""


@dataclass(frozen=True)
class ListedStore:
    folder: Path
    name: str | None  # None: its owner chose not to show a name
    label: str  # what the start screen calls it
    found: bool  # False: the folder is gone, or holds no store any more


@dataclass(frozen=True)
class StoreList:
    stores: tuple[ListedStore, ...]
    app_name: str | None  # the neutral name last learned from a store, if any
    problem: str | None = None  # a calm sentence when the file could not be read

    def listed(self, folder: Path) -> ListedStore | None:
        wanted = _key(folder)
        return next((s for s in self.stores if _key(s.folder) == wanted), None)


@dataclass(frozen=True)
class _Entry:
    folder: Path
    name: str | None


def _key(folder: Path) -> str:
    return str(folder.expanduser().absolute())


class StoreIndex:
    """The list kept in `data_folder` (normally the platform's per-user data folder)."""

    def __init__(self, data_folder: Path) -> None:
        self.data_folder = data_folder
        self.path = data_folder / INDEX_NAME

    @classmethod
    def for_this_user(cls) -> StoreIndex:
        return cls(store_folder.user_data_folder())

    @property
    def default_folder(self) -> Path:
        return self.data_folder / store_folder.DEFAULT_STORE_NAME

    # --- reading ------------------------------------------------------------------

    def read(self) -> StoreList:
        entries, app_name, problem = self._load()
        labels = list_labels([entry.name for entry in entries])
        stores = tuple(
            ListedStore(entry.folder, entry.name, label, store_folder.is_store_folder(entry.folder))
            for entry, label in zip(entries, labels, strict=True)
        )
        return StoreList(stores, app_name, problem)

    def _load(self) -> tuple[list[_Entry], str | None, str | None]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return self._found_on_disk(), None, None
        except (OSError, UnicodeDecodeError):
            _log.warning("the list of stores could not be read")
            return self._found_on_disk(), None, UNREADABLE
        try:
            return (*_parsed(text), None)
        except ValueError:
            _log.warning("the list of stores is damaged")
            return self._found_on_disk(), None, UNREADABLE

    def _found_on_disk(self) -> list[_Entry]:
        """Stores in the usual places, names unknown: before there was a list (an older
        version made only the first store), or when the list cannot be read."""
        candidates = [self.default_folder]
        more = self.data_folder / STORES_FOLDER
        if more.is_dir():
            candidates += sorted(path for path in more.iterdir() if path.is_dir())
        return [_Entry(path, None) for path in candidates if store_folder.is_store_folder(path)]

    # --- where a new store goes -----------------------------------------------------

    def new_store_folder(self) -> Path:
        """The first store keeps the usual folder; later ones get a random name each,
        which says nothing about whose they are."""
        listed = self.read()
        if not listed.stores and not _has_anything(self.default_folder):
            return self.default_folder
        return self.data_folder / STORES_FOLDER / secrets.token_hex(8)

    # --- changing the list ------------------------------------------------------------

    def check_new(self, typed: str, hidden: bool) -> str | None:
        """The name a new store would be listed by; ValidationError if it cannot be."""
        name = shown_name(typed, hidden)
        self._refuse_taken(self._load()[0], name, None)
        return name

    def add(self, folder: Path, typed: str, hidden: bool) -> StoreList:
        """List a store just made (or joined) in `folder`, at the end of the list."""
        entries, app_name, _ = self._load()
        name = shown_name(typed, hidden)
        others = [entry for entry in entries if _key(entry.folder) != _key(folder)]
        self._refuse_taken(others, name, None)
        self._save([*others, _Entry(folder, name)], app_name)
        return self.read()

    def rename(self, folder: Path, typed: str) -> StoreList:
        """Show the store under `typed` (also a hidden one: it is shown again)."""
        entries, app_name, _ = self._load()
        name = shown_name(typed, hidden=False)
        self._refuse_taken(entries, name, folder)
        self._save([_renamed(entry, folder, name) for entry in entries], app_name, folder)
        return self.read()

    def hide_name(self, folder: Path) -> StoreList:
        """List the store without a name; the name is forgotten, not kept aside."""
        entries, app_name, _ = self._load()
        self._save([_renamed(entry, folder, None) for entry in entries], app_name, folder)
        return self.read()

    def remove(self, folder: Path) -> StoreList:
        """Take a store off the list. Its folder and records stay as they are."""
        entries, app_name, _ = self._load()
        kept = [entry for entry in entries if _key(entry.folder) != _key(folder)]
        if len(kept) == len(entries):
            raise ValidationError("store", "That store is no longer on the list.")
        self._save(kept, app_name)
        return self.read()

    def learn_app_name(self, name: str | None) -> None:
        """Keep the neutral name a store gave (None: none), for the next start."""
        entries, app_name, problem = self._load()
        if name == app_name and problem is None:
            return
        self._save(entries, name)

    # --- helpers ----------------------------------------------------------------------

    @staticmethod
    def _refuse_taken(entries: list[_Entry], name: str | None, renaming: Path | None) -> None:
        if name is None:
            return
        for entry in entries:
            if renaming is not None and _key(entry.folder) == _key(renaming):
                continue
            if entry.name is not None and same_name(entry.name, name):
                raise ValidationError(
                    "store_name",
                    f"Another store on this computer is already called “{entry.name}”. "
                    "Please choose a name that tells them apart.",
                )

    def _save(
        self, entries: list[_Entry], app_name: str | None, changing: Path | None = None
    ) -> None:
        if changing is not None and all(_key(e.folder) != _key(changing) for e in entries):
            raise ValidationError("store", "That store is no longer on the list.")
        listed: list[dict[str, object]] = []
        for entry in entries:
            item: dict[str, object] = {"folder": str(entry.folder)}
            if entry.name is None:
                item["hidden"] = True
            else:
                item["name"] = entry.name
            listed.append(item)
        document: dict[str, object] = {"version": _VERSION, "stores": listed}
        if app_name is not None:
            document["app_name"] = app_name
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            make_private_dir(self.data_folder)
            write_atomically(self.path, data)
        except OSError as error:
            _log.warning("the list of stores could not be saved (%s)", type(error).__name__)
            raise StoreListUnsaved(
                "The list of stores on this computer could not be saved. Nothing else was changed."
            ) from None


def _renamed(entry: _Entry, folder: Path, name: str | None) -> _Entry:
    return _Entry(entry.folder, name) if _key(entry.folder) == _key(folder) else entry


def _has_anything(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def _parsed(text: str) -> tuple[list[_Entry], str | None]:
    """The entries and learned name, or ValueError if the file is not what we write.

    A name that breaks the rules (edited by hand) is shown as hidden rather than
    making the whole list unreadable.
    """
    try:
        found: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError("not JSON") from error
    if not isinstance(found, dict) or not isinstance(found.get("stores"), list):
        raise ValueError("no list of stores")
    entries: list[_Entry] = []
    seen: set[str] = set()
    for item in found["stores"]:
        if not isinstance(item, dict) or not isinstance(item.get("folder"), str):
            raise ValueError("a store without a folder")
        folder = Path(item["folder"])
        if not folder.is_absolute() or _key(folder) in seen:
            continue
        seen.add(_key(folder))
        entries.append(_Entry(folder, _listed_name(item.get("name"))))
    return entries, _learned_name(found.get("app_name"))


def _listed_name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return shown_name(value, hidden=False)
    except ValidationError:
        return None


def _learned_name(value: object) -> str | None:
    if value is None:
        return None
    try:
        return checked_name(value)
    except ValueError:
        return None
