import pytest
from pyrage import x25519


class AgeKey:
    """An admin's age key pair, with the identity file `age-keygen` would write."""

    def __init__(self, folder):
        self.identity = x25519.Identity.generate()
        self.public = str(self.identity.to_public())
        self.identity_file = folder / "key.txt"
        self.identity_file.write_text(
            f"# created: 2026-12-07T00:00:00Z\n# public key: {self.public}\n{self.identity}\n", encoding="utf-8"
        )


@pytest.fixture
def age_key(tmp_path) -> AgeKey:
    """A fresh age key pair for encrypting and decrypting a full export."""
    return AgeKey(tmp_path)
