"""The name that marks a folder as a store, apart from the code that reads the store.

Asking whether a folder holds a store (to open the app on its unlock page) then loads
no SQLCipher or Argon2id, which the first window must not wait for.
"""

from __future__ import annotations

KEYS_NAME = "keys.json"

# A replacement of store.db and keys.json in progress (store/replacement.py): the new
# pair is staged in this folder, and the marker says it is complete and must go in.
STAGING_NAME = "replacing"
READY_NAME = "ready"
