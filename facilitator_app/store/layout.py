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

# The wipe policy's number, in plain text beside keys.json: it must be read before
# unlocking (services/wipe.py). No names, no passphrase: a number and a device id.
WIPE_POLICY_NAME = "wipe-policy.json"
# Written first when a store is being wiped: a folder holding it is a wiped store,
# whatever else is still in it (store/secure_wipe.py).
WIPING_NAME = "wiping"
# Beside the store folder once a store was wiped: device id, time and number, carried
# to the coordinator when this laptop joins the organisation again.
WIPED_MARKER_PREFIX = "wiped-"
WIPED_MARKER_SUFFIX = ".json"
