import hashlib
import hmac
import os

import bcrypt

ITERATIONS = 600_000


def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))


def verify_password(password: str, hashed: bytes) -> bool:
    return bcrypt.checkpw(password.encode(), hashed)


def derive_key(passphrase: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = salt or os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", passphrase.encode(), salt, ITERATIONS)
    return key, salt


def same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)
