"""Secrets of destinations (passwords, private keys, tokens), encrypted at rest with Fernet.

The key comes from ``settings.PIM_SECRETS_KEY`` (one or more comma-separated passphrases or Fernet keys: the first
encrypts, every one decrypts, so a key can be rotated) and, as the last key tried for decryption and the one used
when PIM_SECRETS_KEY is unset, from ``SECRET_KEY``. Deriving from SECRET_KEY needs no extra setting, but then
rotating SECRET_KEY makes the stored secrets unreadable (deliveries fail asking for them again) and a leaked
SECRET_KEY plus a database dump reveals them; a separate PIM_SECRETS_KEY avoids both.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored value was encrypted with a key this process does not have."""


def _fernet_key(material: str) -> bytes:
    try:
        if len(base64.urlsafe_b64decode(material.encode())) == 32:
            return material.encode()  # already a Fernet key (Fernet.generate_key())
    except ValueError:
        pass
    # A passphrase: the same text always gives the same key; the label keeps it apart from other uses of the text.
    return base64.urlsafe_b64encode(hashlib.sha256(b"pim destination secrets\0" + material.encode()).digest())


def _box() -> MultiFernet:
    configured = [key.strip() for key in (settings.PIM_SECRETS_KEY or "").split(",") if key.strip()]
    return MultiFernet([Fernet(_fernet_key(material)) for material in [*configured, settings.SECRET_KEY]])


def secret_encrypt(plain: str) -> str:
    """The ciphertext to store; blank stays blank (no secret set)."""
    if not plain:
        return ""
    return _box().encrypt(plain.encode()).decode()


def secret_decrypt(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _box().decrypt(stored.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable() from None
