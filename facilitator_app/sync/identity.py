"""Keys and signatures: device and organisation identities, certificates, fingerprints.

Every store has a device identity (an Ed25519 signing key and an X25519 age
identity). A coordinator store also holds the organisation identity, which signs
invitations and certifies coordinator devices, and whose age identity opens
bundles sent to the organisation. Private keys live only in the encrypted store.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pyrage
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that signatures and hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class KeyPair:
    """A signing seed and an age identity, as stored (hex and age's own text)."""

    sign_seed: str
    age_identity: str

    @staticmethod
    def generate() -> KeyPair:
        return KeyPair(SigningKey.generate().encode().hex(), str(pyrage.x25519.Identity.generate()))

    @property
    def sign_public(self) -> str:
        return SigningKey(bytes.fromhex(self.sign_seed)).verify_key.encode().hex()

    @property
    def age_recipient(self) -> str:
        return str(pyrage.x25519.Identity.from_str(self.age_identity).to_public())

    def sign(self, data: bytes) -> bytes:
        return bytes(SigningKey(bytes.fromhex(self.sign_seed)).sign(data).signature)

    def age(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.age_identity)


def signature_ok(sign_public: str, data: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(bytes.fromhex(sign_public)).verify(data, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def fingerprint(device_id: str, sign_public: str, age_recipient: str) -> str:
    """A short code both screens show, so people can see they paired the right laptop."""
    digest = hashlib.sha256(canonical([device_id, sign_public, age_recipient])).digest()
    text = base64.b32encode(digest[:10]).decode()
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def signed(payload: dict[str, Any], keys: KeyPair) -> dict[str, Any]:
    return {**payload, "signature": keys.sign(canonical(payload)).hex()}


def verified(document: Any, sign_public: str) -> dict[str, Any] | None:
    """The payload of a signed document, or None if it is not one or the signature fails."""
    if not isinstance(document, dict) or not isinstance(document.get("signature"), str):
        return None
    payload = {k: v for k, v in document.items() if k != "signature"}
    try:
        signature = bytes.fromhex(document["signature"])
    except ValueError:
        return None
    return payload if signature_ok(sign_public, canonical(payload), signature) else None
