"""The full export leaves the app only encrypted with age (https://age-encryption.org) to keys an admin gives.

The export holds not-named prisoners, private notes and organisers' contacts: a copy left in a
downloads folder, a mail attachment or a seized laptop must be unreadable without the admin's
identity file. The app is given public keys only, so it can write an export but never read one back
on its own; `flask backup import --identity FILE` decrypts with the admin's key.
"""

import json

import pyrage
from pyrage import x25519

from tracker.backup.serializers import BackupError

__all__ = ["decrypt_document", "encrypt_document", "is_encrypted", "parse_identities", "parse_recipients"]

# Every age file starts with this line.
AGE_HEADER = b"age-encryption.org/v1\n"


def parse_recipients(keys: list[str] | tuple[str, ...]) -> list[x25519.Recipient]:
    """Age public keys (``age1…``) from text, one per item; refuses none or a malformed one."""
    keys = [key.strip() for key in keys if key.strip()]
    if not keys:
        raise BackupError("An export is written only encrypted: give an age public key (age1…) to encrypt it to.")
    recipients = []
    for key in keys:
        try:
            recipients.append(x25519.Recipient.from_str(key))
        except pyrage.RecipientError:
            raise BackupError(f"{key[:12]}… is not a valid age public key (age1…).") from None
    return recipients


def parse_identities(text: str) -> list[x25519.Identity]:
    """The secret keys of an age identity file (as `age-keygen` writes it: comments and AGE-SECRET-KEY-1… lines)."""
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise BackupError("The identity file holds a line that is not an age secret key.") from None
    if not identities:
        raise BackupError("The identity file holds no age secret key (AGE-SECRET-KEY-1…).")
    return identities


def encrypt_document(document: dict, recipients: list[x25519.Recipient]) -> bytes:
    """The export as JSON, encrypted to every recipient; the plain text never reaches a file."""
    if not recipients:
        raise BackupError("An export is written only encrypted: give an age public key to encrypt it to.")
    plain = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    return pyrage.encrypt(plain, recipients)


def is_encrypted(data: bytes) -> bool:
    """Whether a file is an age file rather than a plain export written before exports were encrypted."""
    return data.startswith(AGE_HEADER)


def decrypt_document(data: bytes, identities: list[x25519.Identity]) -> dict:
    """The export inside an age file; refuses a damaged file and a key it was not encrypted to."""
    try:
        plain = pyrage.decrypt(data, identities)
    except pyrage.DecryptError:
        raise BackupError("The export could not be decrypted with this identity file.") from None
    try:
        return json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError("The decrypted export is not a JSON document.") from None
